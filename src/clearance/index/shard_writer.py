"""Writes one immutable shard: document text, token checkpoints and winnowed n-gram postings.

Layout of a shard directory (all arrays are ``.npy``, memory-mapped when read):
- ``text.bin``: documents' UTF-8, each followed by a newline.
- ``doc_bytes.npy``: (n, 2) uint64 start and end byte of each document in ``text.bin``.
- ``<channel>.doc_tokens.npy``: n+1 uint64, first token of each document (shard numbering).
- ``<channel>.ck_byte.npy`` / ``.ck_char.npy``: byte offset in ``text.bin`` and char offset in its
  document of every CHECKPOINT_EVERY-th token, so a window can be re-tokenized from there.
- ``<channel>.keys.npy`` (uint32, sorted) and ``<channel>.pos.npy`` (uint32 token number):
  the postings of the n-grams chosen by winnowing.
- ``documents.sqlite``: id, provenance and license per document.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from clearance.documents import Document
from clearance.index.manifest import CHECKPOINT_EVERY, file_checksum
from clearance.index.store import STORE, DocumentStoreWriter
from clearance.text.hashing import ngram_hashes, winnow
from clearance.text.kinds import looks_like_code
from clearance.text.tokens import CODE, Channel, code_points, cut_points, tokenize_points

#: A shard numbers its tokens with uint32; stay well clear of the limit.
MAX_SHARD_TOKENS = 3_500_000_000


def utf8_offsets(text: str, chars: np.ndarray) -> np.ndarray:
    """UTF-8 byte offsets of the given char offsets of ``text``.

    Works piece by piece, so a huge non-ASCII text never needs one code point array in memory."""
    chars = np.asarray(chars, dtype=np.int64)
    if text.isascii():
        return chars.astype(np.uint64)
    out = np.empty(len(chars), dtype=np.uint64)
    order = np.argsort(chars, kind="stable")
    ordered = chars[order]
    carried = 0  # bytes beyond one per char, before the current piece
    cuts = cut_points(text)
    for a, b in zip(cuts, cuts[1:]):
        last = b == len(text)
        lo = np.searchsorted(ordered, a, side="left")
        hi = np.searchsorted(ordered, b, side="right" if last else "left")
        before = _bytes_before(code_points(text[a:b]))
        if before is None:
            out[order[lo:hi]] = (ordered[lo:hi] + carried).astype(np.uint64)
            continue
        out[order[lo:hi]] = (ordered[lo:hi] + carried + before[ordered[lo:hi] - a]).astype(np.uint64)
        carried += int(before[-1])
    return out


def _piece_byte_offsets(chars: np.ndarray, before: np.ndarray | None, piece_bytes: int) -> np.ndarray:
    """Byte offsets, in the joined text, of char offsets within a piece starting at ``piece_bytes``."""
    local = chars if before is None else chars + before[chars]
    return local.astype(np.uint64) + np.uint64(piece_bytes)


def _bytes_before(cps: np.ndarray) -> np.ndarray | None:
    """UTF-8 bytes beyond one per char before each char offset (n+1 entries); None for ASCII."""
    if not len(cps) or int(cps.max()) < 0x80:
        return None
    extra = (cps >= 0x80).view(np.uint8) + (cps >= 0x800).view(np.uint8) + (cps >= 0x10000).view(np.uint8)
    before = np.empty(len(cps) + 1, dtype=np.int64)
    before[0] = 0
    np.cumsum(extra, dtype=np.int64, out=before[1:])
    return before


@dataclass
class _ChannelParts:
    doc_tokens: list[np.ndarray] = field(default_factory=list)
    ck_byte: list[np.ndarray] = field(default_factory=list)
    ck_char: list[np.ndarray] = field(default_factory=list)
    keys: list[np.ndarray] = field(default_factory=list)
    pos: list[np.ndarray] = field(default_factory=list)
    tokens: int = 0


class ShardWriter:
    """Accumulates batches of documents, then writes the shard's arrays in ``finish``."""

    def __init__(self, directory: Path, channels: tuple[Channel, ...]) -> None:
        self.directory = directory
        directory.mkdir(parents=True)
        self.channels = channels
        self._text = open(directory / "text.bin", "wb")
        self._text_crc = 0
        self._store = DocumentStoreWriter(directory / STORE)
        self._parts = {c.name: _ChannelParts() for c in channels}
        self._doc_bytes: list[np.ndarray] = []
        self.documents = 0
        self.characters = 0
        self.bytes = 0

    @property
    def tokens(self) -> int:
        return max((p.tokens for p in self._parts.values()), default=0)

    def add_batch(self, docs: list[Document]) -> None:
        if not docs:
            return
        texts = [d.text for d in docs]
        is_code = np.array([looks_like_code(d.id or d.source, d.text) for d in docs])
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        char_starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
        joined = "\n".join(texts) + "\n"
        encoded = joined.encode("utf-8", "surrogatepass")
        bounds = utf8_offsets(joined, np.concatenate((char_starts, char_starts + lengths)))
        byte_starts = bounds[: len(docs)] + np.uint64(self.bytes)
        byte_ends = bounds[len(docs) :] + np.uint64(self.bytes)
        self._doc_bytes.append(np.stack([byte_starts, byte_ends], axis=1))
        for channel in self.channels:
            selected = is_code if channel.name == CODE.name else np.ones(len(docs), dtype=bool)
            self._add_channel(channel, docs, selected, byte_starts)
        self._store.add(
            (self.documents + i, d.id, *d.metadata().values(), len(d.text), int(is_code[i]))
            for i, d in enumerate(docs)
        )
        self._text.write(encoded)
        self._text_crc = zlib.crc32(encoded, self._text_crc)
        self.documents += len(docs)
        self.characters += int(lengths.sum())
        self.bytes += len(encoded)

    def _add_channel(
        self, channel: Channel, docs: list[Document], selected: np.ndarray, byte_starts: np.ndarray
    ) -> None:
        """Tokenize and winnow the selected documents piece by piece (pieces of at most
        PIECE_CHARS, cut at whitespace), carrying the last tokens of each piece into the next so
        that n-grams and winnowing windows across a cut are the same as without cuts."""
        parts = self._parts[channel.name]
        counts = np.zeros(len(docs), dtype=np.int64)
        picked = np.flatnonzero(selected)
        if len(picked):
            texts = [docs[i].text for i in picked]
            lengths = np.array([len(t) for t in texts], dtype=np.int64)
            starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
            joined = "\n".join(texts)
            doc_bytes_joined = np.zeros(len(starts), dtype=np.uint64)  # filled piece by piece
            overlap = channel.ngram + channel.window - 2
            carry_hashes = np.zeros(0, dtype=np.uint64)
            carry_owner = np.zeros(0, dtype=np.int64)
            done, piece_bytes = 0, 0
            cuts = cut_points(joined)
            for a, b in zip(cuts, cuts[1:]):
                piece = joined[a:b]
                cps = code_points(piece)
                stream = tokenize_points(cps, channel)
                owner = np.searchsorted(starts, stream.starts + a, side="right") - 1
                counts[picked] += np.bincount(owner, minlength=len(picked))
                hashes = np.concatenate((carry_hashes, stream.hashes))
                owners = np.concatenate((carry_owner, owner))
                self._add_postings(channel, parts, hashes, owners, parts.tokens + done - len(carry_hashes))
                before = _bytes_before(cps)
                piece_offsets = _piece_byte_offsets(stream.starts, before, piece_bytes)
                # documents that start in this piece (the last piece also owns its end)
                lo = np.searchsorted(starts, a, side="left")
                hi = np.searchsorted(starts, b, side="right" if b == len(joined) else "left")
                doc_bytes_joined[lo:hi] = _piece_byte_offsets(starts[lo:hi] - a, before, piece_bytes)
                self._add_checkpoints(
                    parts, parts.tokens + done, stream.starts + a, piece_offsets, owner,
                    starts, doc_bytes_joined, byte_starts[picked],
                )
                carry_hashes, carry_owner = hashes[-overlap:], owners[-overlap:]
                done += len(stream)
                piece_bytes += len(cps) + (0 if before is None else int(before[-1]))
        parts.doc_tokens.append(counts)
        parts.tokens += int(counts.sum())

    def _add_postings(
        self, channel: Channel, parts: _ChannelParts, hashes: np.ndarray, owner: np.ndarray, base: int
    ) -> None:
        grams = ngram_hashes(hashes, channel.ngram)
        if not len(grams):
            return
        valid = owner[: len(grams)] == owner[channel.ngram - 1 :]
        chosen = winnow(grams, channel.window, valid)
        parts.keys.append((grams[chosen] >> np.uint64(32)).astype(np.uint32))
        parts.pos.append((chosen + base).astype(np.uint32))

    def _add_checkpoints(
        self,
        parts: _ChannelParts,
        base: int,
        token_chars: np.ndarray,
        token_bytes: np.ndarray,
        owner: np.ndarray,
        doc_char_starts: np.ndarray,
        doc_bytes_joined: np.ndarray,
        doc_byte_starts: np.ndarray,
    ) -> None:
        """Byte offset (in text.bin) and char offset (in its document) of every
        CHECKPOINT_EVERY-th token; offsets here are into the joined text of the batch."""
        at = np.arange((-base) % CHECKPOINT_EVERY, len(token_chars), CHECKPOINT_EVERY)
        docs = owner[at]
        parts.ck_char.append((token_chars[at] - doc_char_starts[docs]).astype(np.uint64))
        parts.ck_byte.append(doc_byte_starts[docs] + (token_bytes[at] - doc_bytes_joined[docs]))

    def finish(self) -> dict[str, Any]:
        """Write the arrays and return the shard's manifest entry (counts and checksums)."""
        self._text.close()
        self._store.close()
        doc_bytes = np.concatenate(self._doc_bytes) if self._doc_bytes else np.zeros((0, 2), np.uint64)
        np.save(self.directory / "doc_bytes.npy", doc_bytes.astype(np.uint64))
        postings: dict[str, int] = {}
        for name, parts in self._parts.items():
            counts = np.concatenate(parts.doc_tokens) if parts.doc_tokens else np.zeros(0, np.int64)
            firsts = np.concatenate(([0], np.cumsum(counts))).astype(np.uint64)
            np.save(self.directory / f"{name}.doc_tokens.npy", firsts)
            np.save(self.directory / f"{name}.ck_byte.npy", _cat(parts.ck_byte, np.uint64))
            np.save(self.directory / f"{name}.ck_char.npy", _cat(parts.ck_char, np.uint64))
            keys, pos = _sorted_postings(parts.keys, parts.pos)
            np.save(self.directory / f"{name}.keys.npy", keys)
            np.save(self.directory / f"{name}.buckets.npy", key_buckets(keys))
            np.save(self.directory / f"{name}.pos.npy", pos)
            postings[name] = len(keys)
        files = {
            p.name: {"bytes": self.bytes, "crc32": f"{self._text_crc:08x}"} if p.name == "text.bin" else file_checksum(p)
            for p in sorted(self.directory.iterdir())
        }
        return {
            "name": self.directory.name,
            "documents": self.documents,
            "characters": self.characters,
            "bytes": self.bytes,
            "tokens": {name: parts.tokens for name, parts in self._parts.items()},
            "postings": postings,
            "files": files,
        }

    def abort(self) -> None:
        self._text.close()
        self._store.close()


def _cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    """Concatenate and empty the list, so the pieces can be freed as soon as possible."""
    joined = np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)
    parts.clear()
    return joined


def key_buckets(keys: np.ndarray) -> np.ndarray:
    """Where each prefix of the sorted 32-bit keys starts (2**bits + 1 offsets), so a look-up
    reads one bucket instead of binary-searching the whole array; about 16 keys per bucket."""
    bits = int(min(24, max(4, np.ceil(np.log2(max(len(keys), 1) / 16)))))
    prefixes = np.arange(2**bits + 1, dtype=np.uint64) << np.uint64(32 - bits)
    return np.searchsorted(keys, prefixes, side="left").astype(np.uint64)


def _sorted_postings(keys: list[np.ndarray], pos: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sort by key, then position, with one in-place sort of packed 64-bit values; the input
    lists are emptied as they are packed, so peak memory is the packed array plus its result."""
    packed_parts = []
    while keys:
        k, p = keys.pop(0), pos.pop(0)
        packed_parts.append((k.astype(np.uint64) << np.uint64(32)) | p.astype(np.uint64))
    packed = np.concatenate(packed_parts) if packed_parts else np.zeros(0, dtype=np.uint64)
    del packed_parts
    packed.sort()
    if len(packed):  # drop positions chosen twice across piece cuts
        packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
    return (packed >> np.uint64(32)).astype(np.uint32), packed.astype(np.uint32)
