"""A license policy for training data: which licenses a dataset accepts, in which tier, and what
happens to documents whose license is unknown.

A document is judged on the alternative of its license the policy prefers (an ``OR`` offers a
choice); the first tier it fits keeps it; a denied license drops it whatever its category; an
unknown license (none found, unparseable, or found with too little confidence) goes to the
policy's explicit ``unknown`` rule, never silently to a tier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from clearance.licenses import LEAST_RESTRICTIVE_FIRST, Category, LicenseInfo

UnknownRule = Literal["drop", "keep", "review"]
UNKNOWN_RULES: tuple[str, ...] = ("drop", "keep", "review")
Verdict = Literal["keep", "drop", "review"]

#: Evidence of a license stated with the document itself, as opposed to inherited from its repository.
DOCUMENT_EVIDENCE = ("stated", "spdx-header", "meta-tag", "json-ld", "link-rel", "footer", "body-text", "url")
REPOSITORY_EVIDENCE = ("license-file", "package-metadata")
EVIDENCE_KINDS = DOCUMENT_EVIDENCE + REPOSITORY_EVIDENCE


@dataclass(frozen=True, slots=True)
class Tier:
    """One level of a policy: a document fits it when its category (or its SPDX ids) is listed and,
    where the tier says so, its evidence kind and its URL's host match."""

    name: str
    categories: frozenset[Category] = frozenset()
    licenses: frozenset[str] = frozenset()  # SPDX ids accepted whatever their category (lower-case)
    evidence: frozenset[str] | None = None  # evidence kinds that qualify; None: any
    hosts: tuple[str, ...] | None = None  # host suffixes ("gov" matches www.nasa.gov); None: any
    reason: str = ""

    def fits(self, category: Category, ids: frozenset[str], evidence: str, host: str | None) -> bool:
        listed = category in self.categories or (bool(ids) and ids <= self.licenses)
        if not listed:
            return False
        if self.evidence is not None and evidence not in self.evidence:
            return False
        if self.hosts is not None:
            return host is not None and any(host == h or host.endswith("." + h) for h in self.hosts)
        return True


@dataclass(frozen=True, slots=True)
class PolicyVerdict:
    decision: Verdict
    tier: str | None
    reason: str
    category: Category


@dataclass(frozen=True, slots=True)
class LicensePolicy:
    name: str
    description: str
    sources: tuple[str, ...]
    tiers: tuple[Tier, ...]
    unknown: UnknownRule = "drop"
    min_confidence: float = 0.0
    deny: frozenset[str] = frozenset()  # SPDX ids dropped whatever their category (lower-case)
    prefer: tuple[Category, ...] = LEAST_RESTRICTIVE_FIRST
    path: str = field(default="", compare=False)

    def with_unknown(self, rule: UnknownRule) -> LicensePolicy:
        return LicensePolicy(self.name, self.description, self.sources, self.tiers, rule, self.min_confidence,
                             self.deny, self.prefer, self.path)

    def judge(self, license: LicenseInfo, url: str | None = None) -> PolicyVerdict:
        """Keep (in which tier), drop or send to review, with the reason the manifest records."""
        chosen = license.choose(self.prefer)
        ids = frozenset(term.key.lower() for term in chosen)
        denied = sorted(ids & self.deny)
        category = license.category_for(self.prefer)
        if denied:
            return PolicyVerdict("drop", None, f"license {', '.join(denied)} denied by profile {self.name}", category)
        unknown_why = None
        if category is Category.UNKNOWN:
            unknown_why = license.problem or "no license found"
        elif license.confidence < self.min_confidence:
            unknown_why = (f"license {license.spdx} found with confidence {license.confidence:.2f}, below the "
                           f"profile's {self.min_confidence:.2f}")
            category = Category.UNKNOWN
        evidence = license.evidence[0].kind if license.evidence else "stated"
        host = _host(url)
        for tier in self.tiers:
            if tier.fits(category, ids if unknown_why is None else frozenset(), evidence, host):
                return PolicyVerdict("keep", tier.name, tier.reason or f"tier {tier.name}", category)
        if unknown_why is not None:
            reason = f"unknown license ({unknown_why})"
            if self.unknown == "keep":
                return PolicyVerdict("keep", "unknown", f"{reason}; kept by the profile's unknown = \"keep\"", category)
            return PolicyVerdict(self.unknown, None, reason, category)
        spdx = license.spdx or "?"
        return PolicyVerdict("drop", None, f"license {spdx} ({category.value}) not accepted by profile {self.name}",
                             category)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None
