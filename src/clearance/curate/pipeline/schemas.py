"""Column layouts of the files between stages and of the manifest users read."""

from __future__ import annotations

import pyarrow as pa

_S = pa.string()

#: Documents as read (work/input): bad input is a row with ``error`` set and no text.
RAW = pa.schema([
    ("id", _S), ("text", pa.large_string()), ("source", _S), ("license", _S), ("title", _S), ("author", _S),
    ("url", _S), ("copyright", _S), ("meta", _S), ("error", _S), ("location", _S), ("bytes", pa.int64()),
])

#: What every manifest row says about a document (no text).
_DECIDED = [
    ("id", _S), ("source", _S), ("url", _S), ("title", _S), ("author", _S), ("bytes", pa.int64()),
    ("decision", _S), ("drop_code", _S), ("reasons", pa.list_(_S)),
    ("license", _S), ("license_raw", _S), ("category", _S), ("license_problem", _S), ("evidence", _S),
    ("confidence", pa.float32()), ("tier", _S), ("opted_out", pa.bool_()), ("optout_signals", _S),
    ("pii_counts", _S), ("content_hash", _S), ("copyright", _S), ("http_headers", _S), ("html_meta", _S),
]

#: After the per-document steps (work/mapped): the manifest columns, the text to write and its metadata.
MAPPED = pa.schema([*_DECIDED, ("text", pa.large_string()), ("meta", _S)])

#: manifest.parquet: one row per input document.
MANIFEST = pa.schema([
    *_DECIDED, ("duplicate_of", _S), ("duplicate_kind", _S), ("similarity", pa.float32()),
    ("duplicate_against", _S), ("shard", pa.int32()),
])

#: Kept data (data/part-NNNNN.parquet).
DATA = pa.schema([
    ("id", _S), ("text", pa.large_string()), ("source", _S), ("url", _S), ("title", _S), ("author", _S),
    ("license", _S), ("category", _S), ("tier", _S), ("meta", _S),
])

#: Dedup decisions of one shard (work/dedup), only the dropped documents.
DEDUP = pa.schema([("id", _S), ("duplicate_of", _S), ("kind", _S), ("similarity", pa.float32()),
                   ("against", _S), ("reason", _S)])
