"""Split text into tokens with their character offsets and hashes, for two matching channels.

- ``WORDS``: words and CJK characters, case and accents folded, punctuation and spacing
  dropped. Two texts that differ only in case, spacing, line breaks or punctuation give
  the same token hashes.
- ``CODE``: identifiers, keywords, numbers and each symbol character; every identifier that is
  not a keyword hashes to one placeholder, so renamed variables and reformatted code give the
  same hashes, while ``names`` keeps each identifier's own hash to check the renaming is
  consistent.

Offsets are character offsets into the original ``str`` (end-exclusive), so every token maps
back exactly to the text it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from clearance.text.hashing import segment_hashes, string_hash
from clearance.text.keywords import KEYWORDS
from clearance.text.unicode_tables import SINGLE, SYMBOL, WORD, lookup

#: Texts longer than this are tokenized piecewise, to bound the memory of the numpy passes.
PIECE_CHARS = 1 << 22


@dataclass(frozen=True, slots=True)
class Channel:
    """A way of tokenizing, with the n-gram size and winnowing window its index uses."""

    name: str
    ngram: int
    window: int

    @property
    def guaranteed_tokens(self) -> int:
        """Shared runs of at least this many tokens are always found by the index."""
        return self.ngram + self.window - 1


WORDS = Channel("words", ngram=5, window=6)
CODE = Channel("code", ngram=10, window=8)
CHANNELS = {c.name: c for c in (WORDS, CODE)}

_ID_HASH = np.uint64(string_hash("\x00identifier"))
_KEYWORD_HASHES = np.array(sorted(string_hash(k) for k in KEYWORDS), dtype=np.uint64)


@dataclass(slots=True)
class TokenStream:
    """Tokens of one text (or of several texts joined): offsets, hashes, and for code the names."""

    starts: np.ndarray  # int64 char offsets
    ends: np.ndarray  # int64, end-exclusive
    hashes: np.ndarray  # uint64, what matching compares
    names: np.ndarray | None = None  # uint64, code channel: each identifier's own hash

    def __len__(self) -> int:
        return len(self.starts)

    def slice(self, lo: int, hi: int) -> "TokenStream":
        names = None if self.names is None else self.names[lo:hi]
        return TokenStream(self.starts[lo:hi], self.ends[lo:hi], self.hashes[lo:hi], names)

    def shifted(self, offset: int) -> "TokenStream":
        names = self.names
        return TokenStream(self.starts + offset, self.ends + offset, self.hashes, names)


def code_points(text: str) -> np.ndarray:
    """The text's code points as uint32, one per Python character (so indices are offsets)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def tokenize_points(cps: np.ndarray, channel: Channel) -> TokenStream:
    """Tokens of a text given as its code points (see ``code_points``)."""
    fold, klass = lookup(cps)
    if channel.name == CODE.name:
        word = (klass == WORD) | (klass == SINGLE) | (cps == ord("_")) | (cps == ord("$"))
        single = klass == SYMBOL
        single &= ~word
    else:
        word = klass == WORD
        single = klass == SINGLE
    # A token starts at a single char or at a word char not preceded by one, and ends likewise:
    # both masks are in text order, so the offsets come out sorted and aligned with no sort.
    before = np.concatenate(([False], word[:-1]))
    after = np.concatenate((word[1:], [False]))
    starts = np.flatnonzero(single | (word & ~before)).astype(np.int64)
    ends = np.flatnonzero(single | (word & ~after)).astype(np.int64) + 1
    lengths = ends - starts
    token_chars = fold[word | single]
    first = (np.cumsum(lengths) - lengths).astype(np.int64)
    hashes = segment_hashes(token_chars, first, lengths)
    if channel.name != CODE.name:
        return TokenStream(starts, ends, hashes)
    names = hashes
    first_chars = token_chars[first] if len(first) else np.zeros(0, np.uint32)
    digit = (first_chars >= ord("0")) & (first_chars <= ord("9"))
    slot = np.minimum(np.searchsorted(_KEYWORD_HASHES, hashes), len(_KEYWORD_HASHES) - 1)
    keyword = _KEYWORD_HASHES[slot] == hashes
    identifier = ~digit & ~keyword & word[starts]
    abstracted = np.where(identifier, _ID_HASH, hashes)
    return TokenStream(starts, ends, abstracted, np.where(identifier, names, np.uint64(0)))


def cut_points(text: str) -> list[int]:
    """Piece boundaries at whitespace near every PIECE_CHARS characters."""
    cuts = [0]
    while len(text) - cuts[-1] > PIECE_CHARS:
        target = cuts[-1] + PIECE_CHARS
        space = max(text.rfind(" ", cuts[-1] + 1, target), text.rfind("\n", cuts[-1] + 1, target))
        cuts.append(space if space > cuts[-1] else target)
    cuts.append(len(text))
    return cuts


def concat(streams: list[TokenStream]) -> TokenStream:
    """Join token streams whose offsets already refer to one text."""
    if len(streams) == 1:
        return streams[0]
    names = None
    if streams and streams[0].names is not None:
        names = np.concatenate([s.names for s in streams])
    return TokenStream(
        np.concatenate([s.starts for s in streams]),
        np.concatenate([s.ends for s in streams]),
        np.concatenate([s.hashes for s in streams]),
        names,
    )


def tokenize(text: str, channel: Channel = WORDS) -> TokenStream:
    """Tokens of ``text`` in ``channel``, offsets into ``text``."""
    if len(text) <= PIECE_CHARS:
        return tokenize_points(code_points(text), channel)
    cuts = cut_points(text)
    pieces = [
        tokenize_points(code_points(text[a:b]), channel).shifted(a) for a, b in zip(cuts, cuts[1:])
    ]
    return concat(pieces)
