"""Check one output: search the index, judge each match by policy, gather the attribution."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any
from weakref import WeakKeyDictionary

from clearance.guard.redact import redact
from clearance.guard.result import Attribution, CheckResult
from clearance.index import Index, SearchOptions
from clearance.licenses.notices import Work, copyright_lines, notice_for
from clearance.matches import Match
from clearance.policy import Action, Policy, Verdict, decision_of, load_policy

#: Actions whose works are listed on the attribution page: allowed matches need no credit.
CREDITED = (Action.ATTRIBUTE, Action.REDACT, Action.BLOCK)


@cache
def default_policy() -> Policy:
    return load_policy("default")


def attribution_for(matches: Sequence[Match], verdicts: Sequence[Verdict],
                    copyright_of: Callable[[str], str | None] | None = None) -> list[Attribution]:
    """One entry per credited work, in the order the output first reproduces it. ``copyright_of``
    finds a work's copyright lines in its text when the index holds none."""
    works: dict[str, Attribution] = {}
    deciding: dict[str, Verdict] = {}  # the verdict of each work's first credited match
    for m, v in sorted(zip(matches, verdicts), key=lambda mv: mv[0].start):
        if v.action not in CREDITED:
            continue
        entry = works.get(m.doc_id)
        if entry is None:
            deciding[m.doc_id] = v
            chosen = v.license.choose()
            entry = works[m.doc_id] = Attribution(
                m.doc_id, m.title, m.author, m.license, m.source, m.url, copyright=m.copyright,
                spdx=v.license.spdx, license_name=" AND ".join(t.name for t in chosen) or None,
                license_url=chosen[0].url if len(chosen) == 1 else None, category=v.category.value,
                action=v.action.value)
        elif v.action.severity > Action(entry.action).severity:
            entry.action = v.action.value
        entry.spans.append((m.start, m.end))
        entry.passages.append({"start": m.start, "end": m.end, "doc_start": m.doc_start, "doc_end": m.doc_end,
                               "kind": m.kind, "action": v.action.value, "text": m.text})
        entry.characters += m.length
    for entry in works.values():
        verdict = deciding[entry.doc_id]
        holder = entry.copyright
        if holder is None and copyright_of and verdict.category.value not in ("public-domain", "unknown"):
            holder = copyright_of(entry.doc_id)
        work = Work(entry.doc_id, entry.title, entry.author, entry.source, entry.url, holder)
        entry.notice = notice_for(work, verdict.license)
    return list(works.values())


def judge(text: str, matches: list[Match], policy: Policy, id: Any = None, do_redact: bool = False,
          copyright_of: Callable[[str], str | None] | None = None) -> CheckResult:
    """Apply a policy to the matches of one output (the search is done by the caller)."""
    verdicts = [policy.judge(m) for m in matches]
    decision = decision_of(verdicts)
    result = CheckResult(decision.value, matches, attribution_for(matches, verdicts, copyright_of), id=id,
                         text_length=len(text), verdicts=verdicts, policy=policy.name)
    if do_redact:
        redaction = redact(text, matches, verdicts)
        result.redacted = redaction.text
        left = decision_of([v for v in verdicts if v.action not in (Action.REDACT, Action.BLOCK)])
        too_much = redaction.share > policy.max_redacted_share
        result.after_redaction = Action.BLOCK.value if too_much else left.value
    return result


#: Copyright lines found in indexed works, per open index: a work's text is read once, not per check.
_COPYRIGHTS: WeakKeyDictionary[Index, dict[str, str | None]] = WeakKeyDictionary()


def _copyright_in_text(index: Index, doc_id: str) -> str | None:
    found = _COPYRIGHTS.setdefault(index, {})
    if doc_id not in found:
        if len(found) >= 100_000:  # a long-lived service over a huge index: stay bounded
            found.clear()
        row = index.document(doc_id)
        lines = copyright_lines(row["text"]) if row else []
        found[doc_id] = "\n".join(lines) or None
    return found[doc_id]


def check(index: Index, text: str, options: SearchOptions | None = None, id: Any = None,
          policy: Policy | None = None, do_redact: bool = False) -> CheckResult:
    matches = index.search(text, options)
    return judge(text, matches, policy or default_policy(), id, do_redact, partial(_copyright_in_text, index))
