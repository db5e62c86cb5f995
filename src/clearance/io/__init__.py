"""Reading corpora: JSONL (plain, gzip, zstd), Parquet, and directories of files."""

from clearance.io.errors import ErrorPolicy, InputError
from clearance.io.fields import FieldMap
from clearance.io.readers import read_corpus

__all__ = ["ErrorPolicy", "FieldMap", "InputError", "read_corpus"]
