"""Bytes of a web page to text: the declared charset when it fits, a detected one when it does not.

Web pages lie about their encoding often enough that trusting the declaration blindly garbles text,
and ignoring it misreads the short pages detectors guess badly on. The order follows WHATWG (byte
order mark, then the HTTP header, then ``<meta charset>``), each tried strictly; when none decodes
cleanly, UTF-8, then a detector's guess; the last resort replaces bad bytes and says so in a note,
so a page is never lost to its encoding and never silently altered either.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from resiliparse.parse.encoding import detect_encoding, map_encoding_to_html5

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

#: WHATWG's prescan looks at the first 1024 bytes; pages with long inline heads declare later, so look further.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?(?:charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+))""", re.IGNORECASE
)

#: How much of the page the detector samples (both ends); enough for uchardet, bounded for 100 MB pages.
_DETECT_BYTES = 65536


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def charset_from_content_type(value: str | None) -> str | None:
    """``text/html; charset="ISO-8859-1"`` -> ``ISO-8859-1``."""
    if not value:
        return None
    for part in value.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            return val.strip().strip("\"'") or None
    return None


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in its head (``<meta charset>`` or the http-equiv form)."""
    found = _META_CHARSET.search(raw, 0, _PRESCAN_BYTES)
    return found.group(1).decode("ascii") if found else None


def _codec(label: str | None) -> str | None:
    """A Python codec for a web label (``latin1`` means windows-1252 on the web), or None if unknown."""
    if not label:
        return None
    name = map_encoding_to_html5(label.strip())
    if name == "utf-8" and label.strip().lower().replace("_", "-") not in ("utf-8", "utf8", "unicode-1-1-utf-8"):
        return None  # resiliparse maps labels it does not know to utf-8; an unknown label is no declaration
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode ``raw``; ``declared`` is the charset from the HTTP header, if any. Never raises."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = raw[len(bom):].decode(codec, errors="replace")
            notes = [] if "\ufffd" not in text else [f"undecodable bytes replaced after a {codec} byte order mark"]
            return Decoded(text, codec, notes)
    notes: list[str] = []
    tried: list[str] = []
    for origin, label in (("HTTP header", declared), ("<meta charset>", meta_charset(raw))):
        if not label:
            continue
        codec = _codec(label)
        if codec is None:
            notes.append(f"unknown charset {label!r} declared in the {origin}; ignored")
            continue
        if codec in tried:
            continue
        text = _strict(raw, codec)
        if text is not None:
            return Decoded(text, codec, notes)
        tried.append(codec)
        notes.append(f"page is not valid {codec} as declared in the {origin}")
    if "utf-8" not in tried:
        text = _strict(raw, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", notes)
    guess = _codec(detect_encoding(raw, max_len=_DETECT_BYTES)) or "utf-8"
    text = _strict(raw, guess) if guess not in tried else None
    if text is not None:
        notes.append(f"decoded as detected {guess}")
        return Decoded(text, guess, notes)
    codec = tried[0] if tried else guess
    text = raw.decode(codec, errors="replace")
    notes.append(f"{text.count(chr(0xFFFD))} undecodable byte sequence(s) replaced with U+FFFD (decoded as {codec})")
    return Decoded(text, codec, notes)
