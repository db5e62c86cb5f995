"""Audit: memorization, membership inference, dataset inference and copyright traps for causal LMs."""
