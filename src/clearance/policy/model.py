"""Policies: declarative rules that turn a match into an action, and the reasons they give.

A match is judged in a fixed order, so a user can always say why: the allowlist (their own code, a
licensed partner) first, then the denylist, then the rules top to bottom, the first that fits
deciding; a match no rule fits gets the default action. An output's decision is the most severe
action among its matches.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from clearance.licenses import LEAST_RESTRICTIVE_FIRST, Category, LicenseInfo, parse_license
from clearance.matches import KINDS, Match


class Action(StrEnum):
    """From the mildest to the most severe."""

    ALLOW = "allow"
    ATTRIBUTE = "attribute"
    REDACT = "redact"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        return list(Action).index(self)


#: How a span held by several indexed documents is judged: by the cited one, or by the most
#: permissive or the most restrictive of the holders' licenses.
HOLDER_MODES = ("most-restrictive", "most-permissive", "cited")


@dataclass(frozen=True, slots=True)
class Listing:
    """An allowlist or denylist: document ids, source/URL globs and license ids."""

    documents: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    licenses: frozenset[str] = frozenset()  # normalized SPDX ids, e.g. LicenseRef-partner

    def reason(self, match: Match, license: LicenseInfo) -> str | None:
        """Why the match is listed, or None."""
        if match.doc_id in self.documents:
            return f"document {match.doc_id} is listed"
        for pattern in self.sources:
            for value in (match.source, match.url):
                if value and fnmatch.fnmatchcase(value, pattern):
                    return f"source {value} matches {pattern}"
        for term in license.terms:
            if term.key.lower() in self.licenses or term.spdx.lower() in self.licenses:
                return f"license {term.spdx} is listed"
        return None


@dataclass(frozen=True, slots=True)
class Rule:
    """Conditions (all must hold; an absent one always holds) and the action they lead to."""

    name: str
    action: Action
    reason: str = ""
    categories: frozenset[Category] | None = None
    spdx: tuple[str, ...] | None = None  # globs over the ids of the license's chosen alternative
    kinds: frozenset[str] | None = None
    sources: tuple[str, ...] | None = None
    min_chars: int = 0
    min_tokens: int = 0
    max_chars: int | None = None
    max_tokens: int | None = None

    def check(self, match: Match, license: LicenseInfo, category: Category,
              prefer: Sequence[Category]) -> tuple[bool, list[str]]:
        """Whether the rule fits, and each condition with what the match had (for ``explain``)."""
        seen: list[str] = []
        ok = True

        def cond(holds: bool, text: str) -> None:
            nonlocal ok
            ok = ok and holds
            seen.append(("✓ " if holds else "✗ ") + text)

        if self.categories is not None:
            cond(category in self.categories,
                 f"category {category.value} in [{', '.join(sorted(c.value for c in self.categories))}]")
        if self.spdx is not None:
            ids = [t.spdx for t in license.choose(prefer)] or ["(none)"]
            hit = any(fnmatch.fnmatch(i.lower(), p.lower()) for i in ids for p in self.spdx)
            cond(hit, f"license {' AND '.join(ids)} matches one of [{', '.join(self.spdx)}]")
        if self.kinds is not None:
            cond(match.kind in self.kinds, f"kind {match.kind} in [{', '.join(sorted(self.kinds))}]")
        if self.sources is not None:
            values = [v for v in (match.source, match.url) if v]
            hit = any(fnmatch.fnmatchcase(v, p) for v in values for p in self.sources)
            cond(hit, f"source {values[0] if values else '(none)'} matches one of [{', '.join(self.sources)}]")
        if self.min_chars:
            cond(match.length >= self.min_chars, f"{match.length} characters >= {self.min_chars}")
        if self.min_tokens:
            cond(match.tokens >= self.min_tokens, f"{match.tokens} tokens >= {self.min_tokens}")
        if self.max_chars is not None:
            cond(match.length <= self.max_chars, f"{match.length} characters <= {self.max_chars}")
        if self.max_tokens is not None:
            cond(match.tokens <= self.max_tokens, f"{match.tokens} tokens <= {self.max_tokens}")
        return ok, seen


@dataclass(frozen=True, slots=True)
class Verdict:
    """The action for one match, the rule that chose it and the trail of conditions checked."""

    action: Action
    rule: str
    reason: str
    category: Category
    license: LicenseInfo
    trail: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action.value, "rule": self.rule, "reason": self.reason,
                "category": self.category.value, "license": self.license.spdx}


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    description: str = ""
    standard: str = ""  # the published practice the thresholds follow
    rules: tuple[Rule, ...] = ()
    default: Action = Action.ALLOW
    prefer: tuple[Category, ...] = LEAST_RESTRICTIVE_FIRST
    holders: str = "most-restrictive"
    allow: Listing = field(default_factory=Listing)
    deny: Listing = field(default_factory=Listing)
    stricter_than: tuple[str, ...] = ()  # profiles this one never allows what they block
    max_redacted_share: float = 0.5  # past this share of an output, redaction gives way to block
    path: str | None = None

    def license_of(self, match: Match) -> LicenseInfo:
        """The license a match is judged under, given how several holders are combined."""
        cited = parse_license(match.license)
        if self.holders == "cited" or len(match.licenses) <= 1:
            return cited
        infos = [parse_license(None if raw == "unknown" else raw) for raw in match.licenses]
        key = (lambda i: i.category_for(self.prefer).rank)
        return max(infos, key=key) if self.holders == "most-restrictive" else min(infos, key=key)

    def judge(self, match: Match, explain: bool = False) -> Verdict:
        license = self.license_of(match)
        category = license.category_for(self.prefer)
        trail: list[str] = []
        for label, listing, action in (("allowlist", self.allow, Action.ALLOW), ("denylist", self.deny, Action.BLOCK)):
            why = listing.reason(match, license)
            if why is not None:
                return Verdict(action, label, why, category, license, (f"{label}: {why}",))
            if explain:
                trail.append(f"{label}: not listed")
        for rule in self.rules:
            fits, seen = rule.check(match, license, category, self.prefer)
            if explain:
                trail.append(f"rule {rule.name!r} ({'fires' if fits else 'does not fit'}): " + "; ".join(seen))
            if fits:
                return Verdict(rule.action, rule.name, rule.reason, category, license, tuple(trail))
        return Verdict(self.default, "default", "no rule fits", category, license, tuple(trail))


def listing(documents: Sequence[str] = (), sources: Sequence[str] = (), licenses: Sequence[str] = ()) -> Listing:
    return Listing(frozenset(documents), tuple(sources), frozenset(x.lower() for x in licenses))


def decision_of(verdicts: Sequence[Verdict]) -> Action:
    """The most severe action among an output's matches; allow when nothing matched."""
    return max((v.action for v in verdicts), key=lambda a: a.severity, default=Action.ALLOW)


__all__ = ["HOLDER_MODES", "KINDS", "Action", "Listing", "Policy", "Rule", "Verdict", "decision_of", "listing"]
