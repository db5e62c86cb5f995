"""Replace the spans a policy redacts or blocks with a marker naming the work they came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clearance.matches import Match
from clearance.policy import Action, Verdict

REMOVE = (Action.REDACT, Action.BLOCK)


@dataclass(slots=True)
class Redaction:
    text: str
    spans: list[tuple[int, int, list[str]]]  # start, end, the works named in the marker
    share: float  # share of the output's characters removed


def marker(works: Sequence[str]) -> str:
    return f"[removed: reproduces {'; '.join(works)}]"


def _work(match: Match, verdict: Verdict) -> str:
    name = f"“{match.title}”" if match.title else match.doc_id
    by = f" by {match.author}" if match.author else ""
    return f"{name}{by} ({match.doc_id}, {verdict.license.spdx or 'no license'})"


def redact(text: str, matches: Sequence[Match], verdicts: Sequence[Verdict]) -> Redaction:
    """Overlapping spans merge into one marker listing every work they reproduce."""
    spans: list[tuple[int, int, list[str]]] = []
    for match, verdict in sorted(zip(matches, verdicts), key=lambda mv: mv[0].start):
        if verdict.action not in REMOVE:
            continue
        work = _work(match, verdict)
        if spans and match.start <= spans[-1][1]:
            start, end, works = spans[-1]
            spans[-1] = (start, max(end, match.end), works if work in works else works + [work])
        else:
            spans.append((match.start, match.end, [work]))
    out, at, removed = [], 0, 0
    for start, end, works in spans:
        out.append(text[at:start])
        out.append(marker(works))
        removed += end - start
        at = end
    out.append(text[at:])
    return Redaction("".join(out), spans, removed / len(text) if text else 0.0)
