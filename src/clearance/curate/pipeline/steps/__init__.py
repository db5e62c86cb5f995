"""The per-document steps of a curate run, in order: license, opt-out, policy, PII."""
