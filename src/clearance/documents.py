"""The document record shared by every stage: readers produce it, the index stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Metadata fields the index keeps per document, besides id and text.
META_FIELDS = ("source", "license", "title", "author", "url", "copyright")


@dataclass(slots=True)
class Document:
    """One work: its text and what is known of where it came from and under which terms.

    ``license`` is an SPDX expression (or ``LicenseRef-...``) exactly as the input stated it;
    ``None`` means no license was stated, which later stages treat as unknown, never permissive.
    """

    id: str
    text: str
    source: str | None = None
    license: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    copyright: str | None = None  # the work's copyright line, which permissive licenses require be kept
    meta: dict[str, Any] = field(default_factory=dict)

    def metadata(self) -> dict[str, str | None]:
        """The per-document fields the index's document store keeps."""
        return {name: getattr(self, name) for name in META_FIELDS}
