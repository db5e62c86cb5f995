"""Check one output: search the index, then decide and gather the attribution."""

from __future__ import annotations

from typing import Any

from clearance.guard.result import Attribution, CheckResult
from clearance.index import Index, SearchOptions
from clearance.matches import Match


def decide(matches: list[Match]) -> str:
    """Until license policies exist, any reproduced span means the work must be credited."""
    return "attribute" if matches else "allow"


def attribution_for(matches: list[Match]) -> list[Attribution]:
    """One entry per cited work, in the order the output first reproduces it."""
    works: dict[str, Attribution] = {}
    for m in sorted(matches, key=lambda m: m.start):
        entry = works.get(m.doc_id)
        if entry is None:
            entry = works[m.doc_id] = Attribution(m.doc_id, m.title, m.author, m.license, m.source, m.url)
        entry.spans.append((m.start, m.end))
        entry.characters += m.length
    return list(works.values())


def check(index: Index, text: str, options: SearchOptions | None = None, id: Any = None) -> CheckResult:
    matches = index.search(text, options)
    return CheckResult(decide(matches), matches, attribution_for(matches), id=id, text_length=len(text))
