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


def _gather(pos: np.ndarray, lo: np.ndarray, take: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``take[i]`` positions from ``lo[i]`` on, each labelled i."""
    take = np.asarray(take, dtype=np.int64)
    which = np.repeat(np.arange(len(take)), take).astype(np.int64)
    if not len(which):
        return which, np.zeros(0, dtype=np.int64)
    step = np.arange(len(which)) - np.repeat(np.cumsum(take) - take, take)
    return which, np.asarray(pos[np.repeat(lo, take) + step], dtype=np.int64)


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
        which, positions = _gather(arrays.pos, lo, take)
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
        if not requests:
            return []
        arrays = self.channels[channel.name]
        docs, los, his = (np.array(column, dtype=np.int64) for column in zip(*requests))
        byte_lo, byte_hi, los, his, char_lo, skip, doc_tokens = self._plan(arrays, docs, los, his)
        raw = self._text
        texts = [
            raw[a:b].tobytes().decode("utf-8", "surrogatepass") for a, b in zip(byte_lo.tolist(), byte_hi.tolist())
        ]
        offsets = np.cumsum([0] + [len(t) + 1 for t in texts])
        stream = tokenize("\n".join(texts), channel)
        firsts = np.searchsorted(stream.starts, offsets[:-1]) + skip
        shifts = char_lo - offsets[:-1]
        return [
            Window(doc, lo, stream.slice(first, first + hi - lo).shifted(shift), text, start, count)
            for doc, lo, hi, first, shift, text, start, count in zip(
                docs.tolist(), los.tolist(), his.tolist(), firsts.tolist(), shifts.tolist(), texts,
                char_lo.tolist(), doc_tokens.tolist(),
            )
        ]

    def _plan(self, arrays: "_ChannelArrays", docs: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, ...]:
        """For each window (tokens lo..hi of doc, clipped to it): the byte range to decode,
        starting at a checkpoint, the char offset it starts at, and how many tokens to skip."""
        first = np.asarray(arrays.doc_tokens[docs], dtype=np.int64)
        last = np.asarray(arrays.doc_tokens[docs + 1], dtype=np.int64)
        lo = np.maximum(lo, 0)
        hi = np.maximum(lo, np.minimum(last - first, hi))
        doc_bytes = np.asarray(self.doc_bytes[docs], dtype=np.int64)
        checkpoints = len(arrays.ck_byte)
        ck_lo = (first + lo) // CHECKPOINT_EVERY
        inside = ck_lo * CHECKPOINT_EVERY >= first
        ck_lo_safe = np.minimum(ck_lo, max(checkpoints - 1, 0))
        byte_lo = np.where(inside, np.asarray(arrays.ck_byte[ck_lo_safe], dtype=np.int64), doc_bytes[:, 0])
        char_lo = np.where(inside, np.asarray(arrays.ck_char[ck_lo_safe], dtype=np.int64), 0)
        skip = np.where(inside, first + lo - ck_lo * CHECKPOINT_EVERY, lo)
        ck_hi = -(-(first + hi) // CHECKPOINT_EVERY)
        within = (ck_hi * CHECKPOINT_EVERY < last) & (ck_hi < checkpoints)
        ck_hi_safe = np.minimum(ck_hi, max(checkpoints - 1, 0))
        byte_hi = np.where(within, np.asarray(arrays.ck_byte[ck_hi_safe], dtype=np.int64), doc_bytes[:, 1])
        return byte_lo, byte_hi, lo, hi, char_lo, skip, last - first

    def document_text(self, doc: int) -> str:
        start, end = (int(x) for x in self.doc_bytes[doc])
        return self._text[start:end].tobytes().decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self.store.close()
