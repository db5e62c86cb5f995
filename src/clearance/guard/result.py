"""``CheckResult``: the decision on one output, its matches and the works to credit.

The JSON form (``to_json``) is the stable contract; every other format renders from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clearance.matches import Match


@dataclass(slots=True)
class Attribution:
    """One indexed work that the output reproduces, with the spans that reproduce it."""

    doc_id: str
    title: str | None
    author: str | None
    license: str | None
    source: str | None
    url: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    characters: int = 0  # characters of the output reproduced from this work

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "author": self.author,
            "license": self.license,
            "source": self.source,
            "url": self.url,
            "spans": [list(s) for s in self.spans],
            "characters": self.characters,
        }


@dataclass(slots=True)
class CheckResult:
    decision: str
    matches: list[Match]
    attribution: list[Attribution]
    id: Any = None
    text_length: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.id is not None:
            data["id"] = self.id
        data["decision"] = self.decision
        data["matches"] = [m.to_json() for m in self.matches]
        data["attribution"] = [a.to_json() for a in self.attribution]
        return data

    @property
    def copied_characters(self) -> int:
        """Characters of the output inside at least one match (overlaps counted once)."""
        covered = 0
        reach = 0
        for m in sorted(self.matches, key=lambda m: m.start):
            start = max(m.start, reach)
            if m.end > start:
                covered += m.end - start
            reach = max(reach, m.end)
        return covered
