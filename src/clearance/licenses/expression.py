"""Parse a license statement into what it permits: SPDX expressions, aliases and ``OR`` choices.

``AND`` means every license applies, so the most restrictive one decides; ``OR`` offers a choice,
so the category is that of the alternative the caller prefers (a policy's ``prefer`` list; by
default the least restrictive). An expression is kept in disjunctive normal form, one tuple of
terms per alternative, which makes both rules one line each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import license_expression as lx

from clearance.licenses.catalog import ALIASES, alias_target, catalog, lookup
from clearance.licenses.categories import (
    LEAST_RESTRICTIVE_FIRST,
    RELAXING_EXCEPTIONS,
    Category,
    most_restrictive,
)

#: Alternatives kept before an expression is judged too tangled to expand (then every term counts).
MAX_ALTERNATIVES = 256
#: An exception of one of these categories restricts the license it is attached to.
RESTRICTING = frozenset({Category.NON_COMMERCIAL, Category.NO_DERIVATIVES, Category.PROPRIETARY})


@dataclass(frozen=True, slots=True)
class LicenseTerm:
    """One license of an expression, possibly ``WITH`` an exception."""

    key: str  # canonical id, or the token as written when it is not recognized
    name: str
    category: Category
    rule: str  # why this category
    url: str | None
    exception: str | None = None
    known: bool = True

    @property
    def spdx(self) -> str:
        return f"{self.key} WITH {self.exception}" if self.exception else self.key

    def to_json(self) -> dict[str, Any]:
        return {"spdx": self.spdx, "name": self.name, "category": self.category.value, "rule": self.rule,
                "url": self.url, "known": self.known}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a license statement was found (a file, a header, a meta tag ...) and the snippet."""

    kind: str
    where: str
    snippet: str = ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where, "snippet": self.snippet}


@dataclass(frozen=True, slots=True)
class LicenseInfo:
    """What is known of a work's license. ``category`` assumes the least restrictive choice of an
    ``OR``; use ``category_for(prefer)`` to apply a policy's preference."""

    raw: str | None
    spdx: str | None  # normalized expression; None when missing or unparseable
    category: Category
    alternatives: tuple[tuple[LicenseTerm, ...], ...] = ()
    problem: str | None = None  # why the license is (partly) unknown
    evidence: tuple[Evidence, ...] = field(default=())
    confidence: float = 1.0

    @property
    def terms(self) -> tuple[LicenseTerm, ...]:
        """Every distinct term, in order of appearance."""
        seen: dict[str, LicenseTerm] = {}
        for clause in self.alternatives:
            for term in clause:
                seen.setdefault(term.spdx, term)
        return tuple(seen.values())

    def choose(self, prefer: Sequence[Category] = LEAST_RESTRICTIVE_FIRST) -> tuple[LicenseTerm, ...]:
        """The alternative a policy would take: the best-placed category in ``prefer`` (categories
        not listed come after, least restrictive first)."""
        if not self.alternatives:
            return ()
        return min(self.alternatives, key=lambda clause: _preference(_clause_category(clause), prefer))

    def category_for(self, prefer: Sequence[Category] = LEAST_RESTRICTIVE_FIRST) -> Category:
        if not self.alternatives:
            return Category.UNKNOWN
        return _clause_category(self.choose(prefer))

    def to_json(self) -> dict[str, Any]:
        return {
            "raw": self.raw, "spdx": self.spdx, "category": self.category.value, "problem": self.problem,
            "terms": [t.to_json() for t in self.terms],
            "evidence": [e.to_json() for e in self.evidence], "confidence": self.confidence,
        }


def _clause_category(clause: tuple[LicenseTerm, ...]) -> Category:
    return most_restrictive([t.category for t in clause])


def _preference(category: Category, prefer: Sequence[Category]) -> tuple[int, int]:
    position = prefer.index(category) if category in prefer else len(prefer)
    return position, category.rank


UNKNOWN_LICENSE = LicenseInfo(None, None, Category.UNKNOWN, problem="no license stated")


@cache
def _licensing() -> lx.Licensing:
    """A parser that knows every catalog id and every alias that is not itself an id."""
    by_key: dict[str, list[str]] = {}
    keys = catalog()
    for alias, target in ALIASES.items():
        if alias.lower() not in keys and target.lower() in keys and " " not in alias:
            by_key.setdefault(target.lower(), []).append(alias)
    symbols = [lx.LicenseSymbol(entry.key, aliases=tuple(by_key.get(low, ())), is_exception=entry.is_exception)
               for low, entry in keys.items()]
    return lx.Licensing(symbols)


_SLASH = re.compile(r"(?<=[\w.+])\s*/\s*(?=[\w])")  # Cargo's old "MIT/Apache-2.0" means OR


def _term(key: str, exception: str | None = None) -> LicenseTerm:
    entry = lookup(key)
    if entry is None or entry.is_exception:
        reason = "an exception used as a license" if entry else "unrecognized license id"
        return LicenseTerm(key, key, Category.UNKNOWN, reason, None, exception, known=False)
    category, rule = entry.category, entry.rule
    if exception is not None:
        exc = lookup(exception)
        exception = exc.key if exc else exception
        if category is Category.STRONG_COPYLEFT and exception.lower() in RELAXING_EXCEPTIONS:
            category, rule = Category.WEAK_COPYLEFT, f"{rule}; {exception} lets other code link or use it"
        elif exc is None:
            rule = f"{rule}; exception {exception} not recognized"
        elif exc.category in RESTRICTING and exc.category.rank > category.rank:
            # ScanCode files the Commons Clause as an exception, but it takes rights away (no selling)
            category, rule = exc.category, f"{rule}; {exception} restricts it ({exc.rule})"
    return LicenseTerm(entry.key, entry.name, category, rule, entry.url, exception)


def _dnf(node: Any) -> list[tuple[LicenseTerm, ...]]:
    if isinstance(node, lx.LicenseWithExceptionSymbol):
        return [(_term(node.license_symbol.key, node.exception_symbol.key),)]
    if isinstance(node, lx.LicenseSymbol):
        return [(_term(node.key),)]
    parts = [_dnf(arg) for arg in node.args]
    if isinstance(node, lx.OR):
        return [clause for part in parts for clause in part]
    clauses: list[tuple[LicenseTerm, ...]] = [()]
    for part in parts:  # AND: every combination of one alternative from each side
        clauses = [left + right for left in clauses for right in part]
        if len(clauses) > MAX_ALTERNATIVES:
            raise OverflowError
    return clauses


@lru_cache(maxsize=65536)
def parse_license(raw: str | None) -> LicenseInfo:
    """A license statement as found in data ("MIT", "GPL-2+ or Expat", "cc-by-nc-4.0", "Public
    Domain") to its normalized SPDX expression and category. Never raises: what cannot be
    understood is ``unknown`` with ``problem`` saying why."""
    if raw is None or not raw.strip():
        return UNKNOWN_LICENSE
    text = alias_target(raw) or _SLASH.sub(" OR ", raw.strip())
    try:
        tree = _licensing().parse(text, validate=False, strict=True)
    except lx.ExpressionError as exc:
        return LicenseInfo(raw, None, Category.UNKNOWN, problem=f"cannot parse license expression: {exc}")
    except IndexError:  # boolean.py's parser fails this way on empty parentheses: "()", "MIT AND ()"
        return LicenseInfo(raw, None, Category.UNKNOWN, problem="cannot parse license expression: empty parentheses")
    if tree is None:
        return LicenseInfo(raw, None, Category.UNKNOWN, problem="empty license expression")
    spdx = tree.render()
    try:
        alternatives = tuple(dict.fromkeys(tuple(dict.fromkeys(c)) for c in _dnf(tree)))
    except OverflowError:
        terms = tuple(dict.fromkeys(t for s in tree.symbols for t in _dnf(s)[0]))
        return LicenseInfo(raw, spdx, most_restrictive([t.category for t in terms]), (terms,),
                           problem=f"more than {MAX_ALTERNATIVES} alternatives: every term counts")
    unknown = [t.key for clause in alternatives for t in clause if not t.known]
    problem = f"unrecognized: {', '.join(dict.fromkeys(unknown))}" if unknown else None
    info = LicenseInfo(raw, spdx, Category.UNKNOWN, alternatives, problem)
    return LicenseInfo(raw, spdx, info.category_for(), alternatives, problem)


def validate_license(raw: str) -> str:
    """The normalized expression of a license a user typed, or ValueError saying what is wrong."""
    info = parse_license(raw)
    if info.problem is not None:
        raise ValueError(f"license {raw!r}: {info.problem}")
    assert info.spdx is not None
    return info.spdx
