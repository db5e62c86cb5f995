"""The content hash that user opt-out lists and the curate manifest share."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_HEX64 = re.compile(r"[0-9a-f]{64}")


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the text in Unicode NFC with every run of whitespace made one space and the
    ends stripped: re-wrapping, CRLF line ends or a different Unicode composition of the same
    characters do not change it, so a rightsholder can compute it from their own copy::

        hashlib.sha256(" ".join(unicodedata.normalize("NFC", text).split()).encode()).hexdigest()
    """
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8", "surrogatepass")).hexdigest()


def parse_hash(value: str) -> str | None:
    """A 64-digit hex SHA-256, optionally written ``sha256:...``, lower-cased; None if it is not one."""
    value = value.strip().lower()
    if value.startswith("sha256:"):
        value = value[len("sha256:"):].strip()
    return value if _HEX64.fullmatch(value) else None
