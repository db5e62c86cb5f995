"""Hugging Face datasets saved with ``save_to_disk``, read with pyarrow alone (no ``datasets`` needed).

``save_to_disk`` writes either a Dataset (``state.json``, ``dataset_info.json`` and Arrow IPC
stream files named in ``state.json``) or a DatasetDict (``dataset_dict.json`` listing splits, one
Dataset directory per split). The Arrow files are read batch by batch from a memory map, so a
dataset larger than RAM streams. Ids come from the id column when there is one, else
``split/index`` (0-based, as ``ds[split][index]`` counts), so a document can be found again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from clearance.documents import Document
from clearance.io.errors import InputError
from clearance.io.fields import FieldMap, RecordError, RecordMapper
from clearance.io.parquet import records_within

_BATCH_ROWS = 1024


@dataclass(frozen=True, slots=True)
class _Split:
    name: str
    directory: Path
    files: list[Path]


def is_hf_dataset(path: str | Path) -> bool:
    """A ``save_to_disk`` directory: a Dataset (``state.json``) or a DatasetDict (``dataset_dict.json``)."""
    root = Path(path)
    return (root / "dataset_dict.json").is_file() or (
        (root / "state.json").is_file() and (root / "dataset_info.json").is_file()
    )


def read_hf_dataset(
    path: str | Path,
    fields: FieldMap | None = None,
    license: str | None = None,
    splits: Sequence[str] | None = None,
    max_bytes: int | None = None,
) -> Iterator[Document | InputError]:
    """Yield a Document per row of every split (or of ``splits``), an InputError per bad row or file.
    With ``max_bytes``, a row whose text is longer is an InputError, its text never made a Python
    string (measured from the Arrow offsets, as for Parquet)."""
    root = Path(path)
    try:
        plan = _splits(root, splits)
    except InputError as exc:
        yield exc
        return
    mapper = RecordMapper(fields or FieldMap(), license)
    source = os.fspath(path)
    for split in plan:
        index = 0
        for file in split.files:
            for item in _read_arrow(file, split.name, index, mapper, source, max_bytes):
                if isinstance(item, int):
                    index = item
                else:
                    yield item


def _splits(root: Path, wanted: Sequence[str] | None) -> list[_Split]:
    """Every split to read, in the order the dataset lists them; missing pieces are errors now, before any row."""
    if not root.is_dir():
        raise InputError(os.fspath(root), None, "not a directory (a save_to_disk dataset is one)")
    listing = root / "dataset_dict.json"
    if listing.is_file():
        names = _json(listing).get("splits")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(os.fspath(listing), None, "'splits' must be a list of split names")
        if wanted is not None:
            unknown = [w for w in wanted if w not in names]
            if unknown:
                raise InputError(os.fspath(listing), None,
                                 f"no split {', '.join(map(repr, unknown))} (splits: {', '.join(names) or 'none'})")
            names = [n for n in names if n in wanted]
        return [_dataset_split(root / name, name) for name in names]
    split = _dataset_split(root, None)
    if wanted is not None and split.name not in wanted:
        raise InputError(os.fspath(root / "state.json"), None,
                         f"the dataset holds split {split.name!r} only, not {', '.join(map(repr, wanted))}")
    return [split]


def _dataset_split(directory: Path, name: str | None) -> _Split:
    state_path = directory / "state.json"
    if not state_path.is_file():
        raise InputError(os.fspath(directory), None, "no state.json: not a dataset saved with save_to_disk")
    state = _json(state_path)
    entries = state.get("_data_files")
    if not isinstance(entries, list) or not entries:
        raise InputError(os.fspath(state_path), None, "'_data_files' must be a non-empty list of Arrow files")
    files: list[Path] = []
    for entry in entries:
        filename = entry.get("filename") if isinstance(entry, dict) else None
        if not isinstance(filename, str) or "/" in filename or "\\" in filename or filename.startswith("."):
            raise InputError(os.fspath(state_path), None, f"bad '_data_files' entry {entry!r}")
        file = directory / filename
        if not file.is_file():
            raise InputError(os.fspath(file), None, "Arrow file named in state.json is missing")
        files.append(file)
    split_name = name or state.get("_split")
    return _Split(split_name if isinstance(split_name, str) and split_name else "train", directory, files)


def _json(path: Path) -> dict[str, Any]:
    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(os.fspath(path), None, f"cannot read: {exc.strerror or exc}") from exc
    except orjson.JSONDecodeError as exc:
        raise InputError(os.fspath(path), None, f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(os.fspath(path), None, "expected a JSON object")
    return data


def _read_arrow(
    file: Path, split: str, start: int, mapper: RecordMapper, source: str, max_bytes: int | None = None
) -> Iterator[Document | InputError | int]:
    """Rows of one Arrow stream file; the last item is the split's next index (an int) for the next file."""
    display = os.fspath(file)
    row = 0
    try:
        with pa.memory_map(display, "r") as mapped:
            reader = _open_ipc(mapped)
            columns = _wanted_columns(reader.schema, mapper)
            if mapper.fields.text not in reader.schema.names:
                yield InputError(display, None, f"no text column {mapper.fields.text!r} "
                                                f"(columns: {', '.join(reader.schema.names) or 'none'})")
                yield start
                return
            for batch in reader:
                chosen = batch.select(columns)
                if max_bytes is None:
                    records, too_long = chosen.to_pylist(), {}
                else:
                    records, too_long = records_within(chosen, mapper.fields.text, max_bytes)
                for offset, record in enumerate(records):
                    row += 1
                    index = start + row - 1
                    if offset in too_long:
                        reason = f"{split}/{index}: text is {too_long[offset]} bytes, over the {max_bytes}-byte limit; skipped"
                        yield InputError(display, row, reason, unit="row")
                        continue
                    try:
                        doc = mapper.document(record, split, index, source)
                    except RecordError as exc:
                        yield InputError(display, row, f"{split}/{index}: {exc.reason}", unit="row")
                        continue
                    if record.get(mapper.fields.id) in (None, ""):
                        doc.id = f"{split}/{index}"
                    doc.meta["format"] = "hf"
                    doc.meta["split"] = split
                    yield doc
    except (OSError, pa.ArrowException) as exc:
        yield InputError(display, row + 1 if row else None, f"cannot read Arrow data: {exc}", unit="row")
    yield start + row


def _open_ipc(mapped: pa.MemoryMappedFile) -> pa.ipc.RecordBatchStreamReader:
    """``save_to_disk`` writes the IPC stream format; the file format (with footer) is accepted too."""
    try:
        return pa.ipc.open_stream(mapped)
    except pa.ArrowInvalid:
        mapped.seek(0)
        file_reader = pa.ipc.open_file(mapped)
        return pa.RecordBatchReader.from_batches(
            file_reader.schema, (file_reader.get_batch(i) for i in range(file_reader.num_record_batches)))


def _wanted_columns(schema: pa.Schema, mapper: RecordMapper) -> list[str]:
    """Mapped columns plus scalar extras; nested extras (embeddings, messages) would be decoded only to be dropped."""
    return [f.name for f in schema if f.name in mapper.mapped or not pa.types.is_nested(f.type)]
