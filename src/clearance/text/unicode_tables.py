"""Per-code-point lookup tables, so that folding and classifying text is one numpy gather.

Python's per-character string methods are far too slow for corpora of billions of characters;
instead every code point of the Basic Multilingual Plane gets its folded form and its class
once per process, and code points beyond it (rare: emoji, historic scripts, CJK extensions)
are looked up one distinct value at a time.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Character classes. SEPARATOR chars end tokens and are dropped; WORD chars form runs;
#: SINGLE chars (ideographs, kana, hangul) are one token each, since those scripts
#: do not separate words with spaces; SYMBOL chars are tokens of their own in code.
SEPARATOR, WORD, SINGLE, SYMBOL = 0, 1, 2, 3

BMP = 0x10000
QUOTES = "'\"`\u2018\u2019\u201c\u201d\u00ab\u00bb"

_SINGLE_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3130, 0x318F),  # hangul compatibility jamo
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def _is_single(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _SINGLE_RANGES)


def fold_char(cp: int) -> int:
    """Lowercase, then drop diacritics where the result is still one code point."""
    ch = chr(cp)
    lower = ch.lower()
    if len(lower) != 1:
        lower = ch
    decomposed = unicodedata.normalize("NFKD", lower)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1:
        return ord(base)
    return ord(lower)


def classify_char(cp: int) -> int:
    """WORD for letters, digits and marks, SINGLE for CJK, SEPARATOR for space, else SYMBOL."""
    if _is_single(cp):
        return SINGLE
    category = unicodedata.category(chr(cp))
    if category[0] in "LNM":
        return WORD
    if category[0] in "ZC":
        return SEPARATOR
    return SYMBOL


TABLES_VERSION = 2  # bump when the tables' rules change


def _cache_path() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "clearance" / f"unicode-tables-v{TABLES_VERSION}-{unicodedata.unidata_version}.npz"


@lru_cache(maxsize=1)
def bmp_tables() -> tuple[np.ndarray, np.ndarray]:
    """(fold, klass) for every BMP code point: computed once (0.3 s), then read from a cache file
    keyed by the Unicode version (a few ms). An unwritable cache only costs the recomputation."""
    path = _cache_path()
    try:
        with np.load(path) as cached:
            fold, klass = cached["fold"], cached["klass"]
        if fold.shape == (BMP,) and klass.shape == (BMP,):
            return fold, klass
    except (OSError, ValueError, KeyError):
        pass
    fold, klass = _compute_bmp_tables()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.npz")
        np.savez(tmp, fold=fold, klass=klass)
        os.replace(tmp, path)
    except OSError:
        pass
    return fold, klass


def _compute_bmp_tables() -> tuple[np.ndarray, np.ndarray]:
    fold = np.arange(BMP, dtype=np.uint32)
    klass = np.zeros(BMP, dtype=np.uint8)
    # ASCII by hand: the common case, and independent of the Unicode database.
    for cp in range(128):
        ch = chr(cp)
        if ch.isalnum():
            klass[cp] = WORD
            fold[cp] = ord(ch.lower())
        elif ch.isspace() or cp < 32 or cp == 127:
            klass[cp] = SEPARATOR
        else:
            klass[cp] = SYMBOL
    for cp in range(128, BMP):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # surrogates cannot occur in a decoded str
        klass[cp] = classify_char(cp)
        if klass[cp] in (WORD, SINGLE):
            fold[cp] = fold_char(cp)
    # Code formatters and models swap quote styles freely: in code they are one symbol.
    # (Words drop symbols, so this changes nothing there.)
    fold[[ord(q) for q in QUOTES]] = ord('"')
    return fold, klass


def lookup(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Folded code points and classes for an array of code points (any plane)."""
    fold_table, class_table = bmp_tables()
    if cps.size == 0 or int(cps.max()) < BMP:
        return fold_table[cps], class_table[cps]
    astral = cps >= BMP
    clipped = np.where(astral, 0, cps)
    fold = fold_table[clipped]
    klass = class_table[clipped]
    values, inverse = np.unique(cps[astral], return_inverse=True)
    fold[astral] = np.array([fold_char(int(v)) for v in values], dtype=np.uint32)[inverse]
    klass[astral] = np.array([classify_char(int(v)) for v in values], dtype=np.uint8)[inverse]
    return fold, klass
