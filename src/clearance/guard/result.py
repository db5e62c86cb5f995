"""``CheckResult``: the decision on one output, its matches, the rules that fired and the works to credit.

The JSON form (``to_json``) is the stable contract; every other format renders from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clearance.licenses.notices import Notice
from clearance.matches import Match
from clearance.policy import Verdict


@dataclass(slots=True)
class Attribution:
    """One indexed work that the output reproduces: who made it, under which terms, the passages
    reproduced and the notice its license requires."""

    doc_id: str
    title: str | None
    author: str | None
    license: str | None  # as the index states it
    source: str | None
    url: str | None
    copyright: str | None = None
    spdx: str | None = None  # normalized expression
    license_name: str | None = None
    license_url: str | None = None
    category: str = "unknown"
    action: str = "attribute"  # the most severe action among this work's matches
    spans: list[tuple[int, int]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)
    characters: int = 0  # characters of the output reproduced from this work
    notice: Notice | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "title": self.title, "author": self.author, "license": self.license,
            "spdx": self.spdx, "license_name": self.license_name, "license_url": self.license_url,
            "category": self.category, "action": self.action, "source": self.source, "url": self.url,
            "copyright": self.copyright, "spans": [list(s) for s in self.spans], "passages": self.passages,
            "characters": self.characters, "notice": self.notice.to_json() if self.notice else None,
        }


@dataclass(slots=True)
class CheckResult:
    decision: str
    matches: list[Match]
    attribution: list[Attribution]
    id: Any = None
    text_length: int = 0
    verdicts: list[Verdict] = field(default_factory=list)  # one per match, same order
    policy: str | None = None
    redacted: str | None = None  # the output with redacted and blocked spans replaced (--redact)
    after_redaction: str | None = None  # the decision on the redacted output

    def rules_fired(self) -> list[dict[str, Any]]:
        """Each rule that decided at least one match, most severe first, with how many it decided."""
        fired: dict[str, dict[str, Any]] = {}
        for verdict in self.verdicts:
            entry = fired.setdefault(verdict.rule, {"rule": verdict.rule, "action": verdict.action.value,
                                                    "reason": verdict.reason, "matches": 0})
            entry["matches"] += 1
        order = ("block", "redact", "attribute", "allow")
        return sorted(fired.values(), key=lambda e: order.index(e["action"]))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.id is not None:
            data["id"] = self.id
        data["decision"] = self.decision
        if self.policy is not None:
            data["policy"] = self.policy
        data["rules_fired"] = self.rules_fired()
        matches = []
        for i, m in enumerate(self.matches):
            entry = m.to_json()
            if i < len(self.verdicts):
                entry["verdict"] = self.verdicts[i].to_json()
            matches.append(entry)
        data["matches"] = matches
        data["attribution"] = [a.to_json() for a in self.attribution]
        if self.redacted is not None:
            data["redacted"] = self.redacted
            data["after_redaction"] = self.after_redaction
        return data

    @property
    def copied_characters(self) -> int:
        """Characters of the output inside at least one match (overlaps counted once)."""
        return covered_characters([(m.start, m.end) for m in self.matches])


def covered_characters(spans: list[tuple[int, int]]) -> int:
    covered = 0
    reach = 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            covered += end - start
        reach = max(reach, end)
    return covered
