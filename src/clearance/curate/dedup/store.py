"""Signature shards on disk: what signing produces and deciding reads, so memory stays bounded.

A shard is a directory of append-only column files (raw little-endian arrays, one row per
document) and a ``manifest.json`` written last. It is built under a temporary name and renamed
into place when complete, so a shard directory either exists whole or not at all, and a rerun
can skip every shard already finished.

Per document on disk: ``4 * num_perm`` bytes of signature, ``8 * bands`` of band keys, 42 of
small columns and the id's UTF-8 (with exact verification, also 4 bytes per shingle).
Deciding reads the signatures through memory maps, only for the pairs it verifies.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from clearance.curate.dedup.config import DedupConfig
from clearance.io.atomic import fsync_dir, write_json_atomic

FORMAT = "clearance-dedup-shard"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Bytes of shingle sets kept in memory per shard (a kept copy is compared with each of its duplicates).
SET_CACHE_BYTES = 16 << 20


class ShardFormatError(ValueError):
    """A shard or reference directory that is missing, incomplete, or signed with other settings."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    dtype: np.dtype
    width: int = 1  # values per row; 0 for a ragged column indexed by another column's counts

    @property
    def filename(self) -> str:
        return f"{self.name}.bin"


def columns(config: DedupConfig, keep_shingles: bool | None = None) -> list[Column]:
    """The column files of a shard signed with ``config`` (with shingle lists if ``keep_shingles``,
    which defaults to what the config's verification needs)."""
    cols = [
        Column("tokens", np.dtype("<i4")),
        Column("exact", np.dtype("<u8"), 2),
        Column("rank", np.dtype("<i4")),
        Column("attribution", np.dtype("<i2")),
        Column("id_hash", np.dtype("<u8")),
        Column("id_end", np.dtype("<i8")),
        Column("ids", np.dtype("u1"), 0),
        Column("signatures", np.dtype("<u4"), config.num_perm),
    ]
    cols += [Column(f"band_{b:03d}", np.dtype("<u8")) for b in range(config.bands)]
    if config.keep_shingles if keep_shingles is None else keep_shingles:
        cols += [Column("shingle_count", np.dtype("<i4")), Column("shingles", np.dtype("<u4"), 0)]
    return cols


def move_into_place(tmp: Path, final: Path, force: bool) -> None:
    """Rename a finished directory over ``final`` (the old one, with ``force``, goes only after)."""
    fsync_dir(tmp)
    old = None
    if final.exists():
        if not force:
            raise FileExistsError(f"{final} already exists (use force to replace it)")
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    os.replace(tmp, final)
    fsync_dir(final.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class ShardWriter:
    """Appends batches of signed documents; ``close()`` commits the shard, ``abort()`` drops it."""

    def __init__(self, path: str | Path, config: DedupConfig) -> None:
        self.path = Path(path)
        self.config = config
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_name(f".{self.path.name}.tmp-{uuid.uuid4().hex[:8]}")
        self.tmp.mkdir()
        self.columns = columns(config)
        # Open for the writer's life (closed by close() or abort()), so not in a with block.
        self.files: dict[str, BinaryIO] = {
            c.name: open(self.tmp / c.filename, "wb")  # noqa: SIM115
            for c in self.columns
        }
        self.documents = 0
        self.id_bytes = 0
        self.shingles = 0

    def append(self, ids: list[str], rank: np.ndarray, attribution: np.ndarray, id_hash: np.ndarray,
               tokens: np.ndarray, exact: np.ndarray, sig: np.ndarray, bands: np.ndarray,
               shingle_count: np.ndarray | None = None, shingles: np.ndarray | None = None) -> None:
        encoded = [i.encode("utf-8", "surrogatepass") for i in ids]
        ends = np.cumsum([len(e) for e in encoded], dtype=np.int64) + self.id_bytes
        parts = {
            "tokens": tokens, "exact": exact, "rank": rank, "attribution": attribution, "id_hash": id_hash,
            "id_end": ends, "signatures": sig,
        }
        for b in range(self.config.bands):
            parts[f"band_{b:03d}"] = bands[:, b]
        if self.config.keep_shingles:
            assert shingle_count is not None and shingles is not None
            parts["shingle_count"] = shingle_count
            parts["shingles"] = shingles
            self.shingles += len(shingles)
        for col in self.columns:
            if col.name == "ids":
                self.files["ids"].write(b"".join(encoded))
            else:
                self.files[col.name].write(np.ascontiguousarray(parts[col.name], dtype=col.dtype).tobytes())
        self.documents += len(ids)
        self.id_bytes = int(ends[-1]) if len(ids) else self.id_bytes

    def close(self, force: bool = False) -> Path:
        """Flush every column, write the manifest, and rename the shard into place."""
        for handle in self.files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        write_json_atomic(self.tmp / MANIFEST, {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "documents": self.documents,
            "id_bytes": self.id_bytes,
            "shingles": self.shingles,
            "signing": self.config.signing(),
            "keep_shingles": self.config.keep_shingles,
        })
        move_into_place(self.tmp, self.path, force)
        return self.path

    def abort(self) -> None:
        for handle in self.files.values():
            handle.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def read_manifest(path: Path, kind: str = FORMAT) -> dict[str, Any]:
    manifest = path / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ShardFormatError(f"{path}: not a finished dedup directory (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise ShardFormatError(f"{manifest}: unreadable ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != kind:
        raise ShardFormatError(f"{manifest}: not a {kind} manifest")
    return data


def check_signing(where: Path, recorded: Any, config: DedupConfig) -> None:
    """Signatures are comparable only when signed with the same settings."""
    wanted = config.signing()
    if recorded != wanted:
        diff = sorted(k for k in set(wanted) | set(recorded or {}) if (recorded or {}).get(k) != wanted.get(k))
        raise ShardFormatError(f"{where}: signed with other settings ({', '.join(diff)}): "
                               f"recorded {recorded}, wanted {wanted}")


class Shard:
    """A finished shard, read through memory maps."""

    def __init__(self, path: str | Path, config: DedupConfig) -> None:
        self.path = Path(path)
        self.manifest = read_manifest(self.path)
        if self.manifest.get("format_version") != FORMAT_VERSION:
            raise ShardFormatError(f"{self.path}: shard format version {self.manifest.get('format_version')}, "
                                   f"this clearance reads {FORMAT_VERSION} (sign it again)")
        check_signing(self.path, self.manifest.get("signing"), config)
        if config.keep_shingles and not self.manifest.get("keep_shingles"):
            raise ShardFormatError(f"{self.path}: exact verification needs shingles, which this shard lacks "
                                   "(sign it with verify='exact')")
        self.config = config
        try:
            self.documents = int(self.manifest["documents"])
            int(self.manifest["id_bytes"]), int(self.manifest["shingles"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ShardFormatError(f"{self.path / MANIFEST}: malformed ({exc!r})") from None
        self._columns = {c.name: c for c in columns(config, bool(self.manifest.get("keep_shingles")))}
        self._cache: dict[str, np.ndarray] = {}
        self._shingle_starts: np.ndarray | None = None
        self._shingles_missing = np.zeros(0, dtype=bool)
        self._sets: OrderedDict[int, np.ndarray] = OrderedDict()
        self._set_bytes = 0
        for col in self._columns.values():  # a truncated or missing file fails now, not mid-decision
            self._shape(col)

    def _shape(self, col: Column) -> tuple[int, ...]:
        if col.width == 0:
            shape: tuple[int, ...] = (int(self.manifest["id_bytes"] if col.name == "ids" else self.manifest["shingles"]),)
        else:
            shape = (self.documents,) if col.width == 1 else (self.documents, col.width)
        file = self.path / col.filename
        expected = int(np.prod(shape)) * col.dtype.itemsize
        size = file.stat().st_size if file.exists() else -1
        if size != expected:
            raise ShardFormatError(f"{file}: {size} bytes, expected {expected} (truncated or foreign file)")
        return shape

    def column(self, name: str) -> np.ndarray:
        """A column as a read-only memory map ([rows] or [rows, width])."""
        if name in self._cache:
            return self._cache[name]
        col = self._columns[name]
        shape = self._shape(col)
        if int(np.prod(shape)) == 0:
            array = np.zeros(shape, dtype=col.dtype)
        else:
            # A plain ndarray view of the map: slicing a memmap subclass costs a Python call per slice.
            array = np.memmap(self.path / col.filename, dtype=col.dtype, mode="r", shape=shape).view(np.ndarray)
        self._cache[name] = array
        return array

    def ids(self, rows: np.ndarray | None = None) -> list[str]:
        """Ids of ``rows`` (all rows when None), decoded from the id column."""
        ends = self.column("id_end")
        data = self.column("ids")
        if rows is None:
            rows = np.arange(self.documents)
            blob = data.tobytes()
        else:
            blob = None
        rows = np.asarray(rows, dtype=np.int64)
        starts = np.where(rows > 0, ends[np.maximum(rows - 1, 0)], 0).tolist()
        stops = np.asarray(ends[rows]).tolist()
        if blob is not None:
            return [blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, stops)]
        return [data[a:b].tobytes().decode("utf-8", "surrogatepass") for a, b in zip(starts, stops)]

    def shingle_set(self, row: int) -> np.ndarray | None:
        """The distinct shingles of a document, sorted (recently used ones are cached); None when
        none were kept (a document with more than ``long_text.MAX_KEPT_SHINGLES``)."""
        cached = self._sets.get(row)
        if cached is not None:
            self._sets.move_to_end(row)
            return cached
        if self._shingle_starts is None:
            counts = np.asarray(self.column("shingle_count"), dtype=np.int64)
            self._shingle_starts = np.concatenate(([0], np.cumsum(np.maximum(counts, 0))))
            self._shingles_missing = counts < 0
        if self._shingles_missing[row]:
            return None
        a, b = self._shingle_starts[row], self._shingle_starts[row + 1]
        found = np.sort(self.column("shingles")[a:b])
        if len(found):
            found = found[np.concatenate(([True], found[1:] != found[:-1]))]
        self._sets[row] = found
        self._set_bytes += found.nbytes
        while self._set_bytes > SET_CACHE_BYTES and len(self._sets) > 1:
            self._set_bytes -= self._sets.popitem(last=False)[1].nbytes
        return found


class ShardSet:
    """Several shards read as one corpus: row i of the set is row i - start of its shard."""

    def __init__(self, shards: list[Shard]) -> None:
        self.shards = shards
        sizes = np.array([s.documents for s in shards], dtype=np.int64)
        self.starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        self.documents = int(self.starts[-1])

    def _split(self, rows: np.ndarray) -> list[tuple[Shard, np.ndarray, np.ndarray]]:
        """(shard, positions in ``rows``, shard-local rows) for each shard that ``rows`` touch."""
        which = np.searchsorted(self.starts, rows, side="right") - 1
        out = []
        for s in np.unique(which).tolist():
            where = np.flatnonzero(which == s)
            out.append((self.shards[s], where, rows[where] - self.starts[s]))
        return out

    def concat(self, name: str) -> np.ndarray:
        """A small per-document column of every shard, in memory."""
        parts = [np.asarray(s.column(name)) for s in self.shards]
        return np.concatenate(parts) if parts else np.zeros(0)

    def concat_rows(self, name: str, rows: np.ndarray) -> np.ndarray:
        """A per-document column's values at ``rows`` (any order)."""
        rows = np.asarray(rows, dtype=np.int64)
        first = self.shards[0].column(name) if self.shards else np.zeros(0)
        out = np.empty((len(rows), *first.shape[1:]), dtype=first.dtype)
        for shard, where, local in self._split(rows):
            out[where] = shard.column(name)[local]
        return out

    def signatures(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        width = self.shards[0].config.num_perm if self.shards else 0
        out = np.empty((len(rows), width), dtype=np.uint32)
        for shard, where, local in self._split(rows):
            out[where] = shard.column("signatures")[local]
        return out

    def shingle_set(self, row: int) -> np.ndarray | None:
        s = int(np.searchsorted(self.starts, row, side="right") - 1)
        return self.shards[s].shingle_set(row - int(self.starts[s]))

    def ids(self, rows: np.ndarray) -> list[str]:
        rows = np.asarray(rows, dtype=np.int64)
        out: list[str] = [""] * len(rows)
        for shard, where, local in self._split(rows):
            for position, name in zip(where.tolist(), shard.ids(local)):
                out[position] = name
        return out

    def all_ids(self, chunk: int = 1 << 16) -> Iterator[str]:
        """Every id in row order, ``chunk`` ids in memory at a time."""
        for shard in self.shards:
            for lo in range(0, shard.documents, chunk):
                yield from shard.ids(np.arange(lo, min(lo + chunk, shard.documents)))
