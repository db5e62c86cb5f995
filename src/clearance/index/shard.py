"""Read access to one shard: postings look-ups and re-tokenized windows of its documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from clearance.index.errors import IndexFormatError
from clearance.index.manifest import CHECKPOINT_EVERY
from clearance.index.store import STORE, DocumentStore
from clearance.text.tokens import Channel, TokenStream, tokenize


@dataclass(slots=True)
class Window:
    """Tokens ``first`` .. ``first + len(tokens)`` of one document, offsets relative to the document."""

    doc: int
    first: int  # document-relative number of the first token
    tokens: TokenStream
    text: str  # the document's text from ``text_start`` on, covering every token
    text_start: int  # char offset of ``text`` in the document
    doc_tokens: int  # how many tokens the whole document has

    def chars(self, start: int, end: int) -> str:
        return self.text[start - self.text_start : end - self.text_start]


class _ChannelArrays:
    def __init__(self, directory: Path, name: str) -> None:
        load = _loader(directory)
        self.keys = load(f"{name}.keys.npy")
        self.pos = load(f"{name}.pos.npy")
        self.doc_tokens = load(f"{name}.doc_tokens.npy")
        self.ck_byte = load(f"{name}.ck_byte.npy")
        self.ck_char = load(f"{name}.ck_char.npy")
        buckets = directory / f"{name}.buckets.npy"
        self.buckets = load(buckets.name) if buckets.exists() else None
        self.bucket_shift = 32 - (len(self.buckets) - 1).bit_length() + 1 if self.buckets is not None else 0

    def bounds(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """First and one-past-last posting of each key."""
        if self.buckets is None or not len(self.keys):
            return np.searchsorted(self.keys, keys, "left"), np.searchsorted(self.keys, keys, "right")
        bucket = (keys >> np.uint32(self.bucket_shift)).astype(np.int64)
        lo = np.asarray(self.buckets[bucket], dtype=np.int64)
        hi = np.asarray(self.buckets[bucket + 1], dtype=np.int64)
        return _bisect(self.keys, keys, lo, hi, strict=False), _bisect(self.keys, keys, lo, hi, strict=True)


def _bisect(array: np.ndarray, keys: np.ndarray, lo: np.ndarray, hi: np.ndarray, strict: bool) -> np.ndarray:
    """Vectorized binary search of each key within its own range [lo, hi): the first index whose
    value is >= key (> key if ``strict``). Buckets are small, so this is a few gathers."""
    lo, hi = lo.copy(), hi.copy()
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        values = np.asarray(array[np.where(active, mid, 0)])
        right = (values <= keys) if strict else (values < keys)
        lo = np.where(active & right, mid + 1, lo)
        hi = np.where(active & ~right, mid, hi)


def _loader(directory: Path):
    def load(name: str) -> np.ndarray:
        path = directory / name
        try:
            return np.load(path, mmap_mode="r")
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"{path}: missing or unreadable shard file ({exc})") from exc

    return load


class Shard:
    """One immutable shard, memory-mapped: opening costs no reading of its data."""

    def __init__(self, directory: Path, channels: tuple[Channel, ...], base: int) -> None:
        self.directory = directory
        self.name = directory.name
        self.base = base  # index-wide number of this shard's first document
        self.channels = {c.name: _ChannelArrays(directory, c.name) for c in channels}
        self.doc_bytes = _loader(directory)("doc_bytes.npy")
        self.documents = len(self.doc_bytes)
        try:
            self._text = np.memmap(directory / "text.bin", dtype=np.uint8, mode="r")
        except ValueError:  # an empty file cannot be mapped
            self._text = np.zeros(0, dtype=np.uint8)
        self.store = DocumentStore(directory / STORE)
        self.hidden = np.zeros(self.documents, dtype=bool)

    def postings(
        self, channel: str, keys: np.ndarray, cap: int, drop_common: bool = False, usable: np.ndarray | None = None
    ) -> tuple[np.ndarray, ...]:
        """For each key, up to ``cap`` positions (none if ``drop_common`` and it has more, none
        where ``usable`` is False): (key index, token position, key frequency)."""
        arrays = self.channels[channel]
        lo, hi = arrays.bounds(keys)
        freq = hi - lo
        take = np.where(freq > cap, 0, freq) if drop_common else np.minimum(freq, cap)
        if usable is not None:
            take = np.where(usable, take, 0)
        which = np.repeat(np.arange(len(keys)), take)
        if not len(which):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, freq
        step = np.arange(len(which)) - np.repeat(np.cumsum(take) - take, take)
        positions = np.asarray(arrays.pos[np.repeat(lo, take) + step], dtype=np.int64)
        return which, positions, freq

    def doc_of(self, channel: str, positions: np.ndarray) -> np.ndarray:
        firsts = self.channels[channel].doc_tokens
        return np.searchsorted(firsts, positions, side="right").astype(np.int64) - 1

    def doc_token_range(self, channel: str, doc: int) -> tuple[int, int]:
        firsts = self.channels[channel].doc_tokens
        return int(firsts[doc]), int(firsts[doc + 1])

    def window(self, channel: Channel, doc: int, lo: int, hi: int) -> Window:
        """Re-tokenize tokens ``lo`` .. ``hi`` (document-relative) of ``doc``, clipped to it."""
        return self.windows(channel, [(doc, lo, hi)])[0]

    def windows(self, channel: Channel, requests: list[tuple[int, int, int]]) -> list[Window]:
        """Several windows with one decode-and-tokenize pass (per-call numpy overhead would
        otherwise dominate: a query verifies up to hundreds of windows)."""
        arrays = self.channels[channel.name]
        plans = [self._plan(arrays, doc, lo, hi) for doc, lo, hi in requests]
        texts = [self._text[p[0] : p[1]].tobytes().decode("utf-8", "surrogatepass") for p in plans]
        offsets = np.cumsum([0] + [len(t) + 1 for t in texts])
        stream = tokenize("\n".join(texts), channel)
        cuts = np.searchsorted(stream.starts, offsets)
        found = []
        for i, ((doc, _, _), (_, _, lo, hi, char_lo, skip, doc_tokens)) in enumerate(zip(requests, plans)):
            first_token = int(cuts[i]) + skip
            piece = stream.slice(first_token, first_token + (hi - lo)).shifted(char_lo - int(offsets[i]))
            found.append(Window(doc, lo, piece, texts[i], char_lo, doc_tokens))
        return found

    def _plan(self, arrays: "_ChannelArrays", doc: int, lo: int, hi: int) -> tuple[int, ...]:
        """Byte range to decode for tokens lo..hi of doc, starting at a checkpoint."""
        first, last = int(arrays.doc_tokens[doc]), int(arrays.doc_tokens[doc + 1])
        lo = max(0, lo)
        hi = max(lo, min(last - first, hi))
        doc_start, doc_end = (int(x) for x in self.doc_bytes[doc])
        ck_lo = (first + lo) // CHECKPOINT_EVERY
        if ck_lo * CHECKPOINT_EVERY >= first:
            byte_lo, char_lo = int(arrays.ck_byte[ck_lo]), int(arrays.ck_char[ck_lo])
            skip = first + lo - ck_lo * CHECKPOINT_EVERY
        else:
            byte_lo, char_lo, skip = doc_start, 0, lo
        ck_hi = -(-(first + hi) // CHECKPOINT_EVERY)
        if ck_hi * CHECKPOINT_EVERY < last and ck_hi < len(arrays.ck_byte):
            byte_hi = int(arrays.ck_byte[ck_hi])
        else:
            byte_hi = doc_end
        return byte_lo, byte_hi, lo, hi, char_lo, skip, last - first

    def document_text(self, doc: int) -> str:
        start, end = (int(x) for x in self.doc_bytes[doc])
        return self._text[start:end].tobytes().decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self.store.close()
