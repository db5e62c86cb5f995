"""The span index: build it from a corpus, add shards, take documents down, search it."""

from clearance.index.builder import BuildOptions, EmptyCorpusError, add_documents, build_index
from clearance.index.errors import IndexBusyError, IndexFormatError
from clearance.index.index import Index
from clearance.index.search import SearchOptions

__all__ = [
    "BuildOptions",
    "EmptyCorpusError",
    "Index",
    "IndexBusyError",
    "IndexFormatError",
    "SearchOptions",
    "add_documents",
    "build_index",
]
