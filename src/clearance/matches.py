"""``Match``: one span of a checked text that reproduces text of an indexed document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: From the most to the least literal. ``code`` survives renamed identifiers, ``fuzzy`` edits.
KINDS = ("exact", "normalized", "code", "fuzzy")


@dataclass(slots=True)
class Match:
    """Offsets are character offsets, end-exclusive: ``text[start:end]`` is the copied span and
    ``document.text[doc_start:doc_end]`` the passage it reproduces."""

    start: int
    end: int
    doc_id: str
    doc_start: int
    doc_end: int
    kind: str
    score: float  # share of the span's tokens that match the document, 1.0 for exact copies
    tokens: int  # matched tokens
    count: int  # indexed documents containing the span (see count_exact)
    count_exact: bool = True  # False: the span is so common that count is an upper estimate
    license: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    copyright: str | None = None
    also_in: list[str] = field(default_factory=list)  # other documents holding the same span
    # Every license under which a verified holder of the span is indexed ("unknown" for none):
    # text held under MIT by one document and GPL by another is held under both.
    licenses: list[str] = field(default_factory=list)
    text: str = ""  # the matched span of the checked text

    @property
    def length(self) -> int:
        return self.end - self.start

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["length"] = self.length
        return data
