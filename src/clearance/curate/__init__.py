"""Curate: turn a raw corpus into a training set plus a record of why each document is in or out."""
