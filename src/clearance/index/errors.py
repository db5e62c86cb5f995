"""Errors an index raises, each naming the index directory and what is wrong with it."""


class IndexError_(Exception):
    """Base of index errors (named with a trailing underscore so it never shadows IndexError)."""


class IndexFormatError(IndexError_):
    """The directory is not an index this version of clearance can read."""


class IndexBusyError(IndexError_):
    """Another process is writing to the index."""
