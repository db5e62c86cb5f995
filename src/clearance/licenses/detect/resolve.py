"""One license for a document from everything found about it, with the evidence and a confidence.

Rules, in order:
1. Findings that license only an embedded image (``covers="image"``) never license the text.
2. "All rights reserved" is dropped when any real license is found: it is part of most notices.
3. A license the input stated wins; findings that agree raise confidence, findings that contradict
   it are reported in ``problem`` and lower confidence.
4. Otherwise the most specific tier decides: the file's own SPDX header; then the project's license
   files and package metadata; then a page's structured markup (JSON-LD, ``link rel=license``, meta
   tags); then license URLs and footers; then body text. Within the tier, an expression that covers
   every other one (Cargo's "MIT OR Apache-2.0" beside LICENSE-MIT and LICENSE-APACHE) is taken;
   licenses that do not fit together are all taken to apply (AND, so the most restrictive decides)
   and the conflict is reported in ``problem``.
"""

from __future__ import annotations

import dataclasses
import re

from clearance.licenses.detect.finding import Finding, without_bare_reservation
from clearance.licenses.detect.ids import license_keys
from clearance.licenses.expression import UNKNOWN_LICENSE, Evidence, LicenseInfo, parse_license

TIERS = {"spdx-header": 0, "license-file": 1, "package-metadata": 1, "json-ld": 2, "link-rel": 2, "meta-tag": 2,
         "url": 3, "footer": 3, "body-text": 4, "stated": 0}
#: Findings below this confidence decide only when nothing surer is in their tier.
SURE = 0.5
MAX_EVIDENCE = 12


def _evidence(findings: list[Finding]) -> tuple[Evidence, ...]:
    return tuple(Evidence(f.kind, f.where, f.snippet) for f in findings[:MAX_EVIDENCE])


def _with(info: LicenseInfo, evidence: tuple[Evidence, ...], confidence: float, problems: list[str]) -> LicenseInfo:
    problem = "; ".join(p for p in [info.problem, *problems] if p) or None
    return dataclasses.replace(info, evidence=evidence, confidence=round(max(0.0, min(1.0, confidence)), 3),
                               problem=problem)


def _decide(findings: list[Finding]) -> tuple[str, list[Finding], list[str]]:
    """The expression the findings support, the findings behind it, and any conflict."""
    top = min(TIERS[f.kind] for f in findings)
    tier = [f for f in findings if TIERS[f.kind] == top]
    sure = [f for f in tier if f.confidence >= SURE] or tier
    expressions = list(dict.fromkeys(f.spdx for f in sorted(sure, key=lambda f: -f.confidence)))
    if len(expressions) == 1:
        return expressions[0], [f for f in sure if f.spdx == expressions[0]], []
    union = frozenset().union(*(license_keys(e) for e in expressions))
    covering = [e for e in expressions if license_keys(e) == union]
    if covering:
        return covering[0], [f for f in sure if f.spdx == covering[0]] + [f for f in sure if f.spdx != covering[0]], []
    lesser = _lgpl3_with_its_gpl(expressions, sure)
    if lesser is not None:
        return lesser, [f for f in sure if f.spdx == lesser] + [f for f in sure if f.spdx != lesser], []
    combined = " AND ".join(f"({e})" if re.search(r"\s(?:OR|AND)\s", e) else e for e in expressions)
    listed = ", ".join(f"{f.spdx} ({f.kind}: {f.where})" for f in sure)
    return combined, sure, [f"conflicting license findings, all taken to apply: {listed}"]


def _lgpl3_with_its_gpl(expressions: list[str], sure: list[Finding]) -> str | None:
    """LGPL-3.0 is a set of permissions added to the GPL-3.0 and requires its text to ship alongside
    (COPYING beside COPYING.LESSER), so those two license files together mean the LGPL alone."""
    if not all(f.kind == "license-file" for f in sure):
        return None
    lesser = [e for e in expressions if e in _LGPL3]
    if lesser and all(e in _LGPL3 or e in _GPL3 for e in expressions):
        return lesser[0]
    return None


_LGPL3 = frozenset({"LGPL-3.0-only", "LGPL-3.0-or-later"})
_GPL3 = frozenset({"GPL-3.0-only", "GPL-3.0-or-later"})


def resolve(stated: str | None, findings: list[Finding]) -> LicenseInfo:
    """The document's license from what the input stated and what was found about it."""
    text = [f for f in findings if f.covers != "image"]
    images = [f for f in findings if f.covers == "image"]
    text = without_bare_reservation(text)
    ordered = sorted(text, key=lambda f: (TIERS[f.kind], -f.confidence))
    if stated is not None and stated.strip():
        info = parse_license(stated)
        if info.spdx is not None and info.problem is None:
            evidence = (Evidence("stated", "input", stated), *_evidence(ordered))
            if not ordered:
                return _with(info, evidence, 1.0, [])
            chosen, _, _ = _decide(ordered)
            if license_keys(chosen) & license_keys(info.spdx):
                return _with(info, evidence, 1.0, [])
            return _with(info, evidence, 0.6, [(f"stated {info.spdx}, but found {chosen} ({ordered[0].kind}: "
                                                f"{ordered[0].where})")])
        if not ordered:
            return info
        found = _decide(ordered)
        return _resolved(found, ordered, [f"stated license {stated!r} not understood ({info.problem})"])
    if not ordered:
        if images:
            return dataclasses.replace(
                UNKNOWN_LICENSE, evidence=_evidence(images),
                problem=f"only an embedded image is licensed ({images[0].spdx}); the text's license is not stated")
        return UNKNOWN_LICENSE
    return _resolved(_decide(ordered), ordered, [])


def _resolved(decided: tuple[str, list[Finding], list[str]], ordered: list[Finding], problems: list[str]) -> LicenseInfo:
    expression, behind, conflicts = decided
    info = parse_license(expression)
    confidence = max(f.confidence for f in behind)
    keys = license_keys(expression)
    agreeing = {f.kind for f in ordered if license_keys(f.spdx) <= keys}
    confidence += 0.05 * (len(agreeing) - 1)  # independent kinds of evidence that agree
    if conflicts:
        confidence = min(confidence, 0.6)
    if problems:
        confidence = min(confidence, 0.8)
    rest = [f for f in ordered if f not in behind]
    return _with(info, _evidence(behind + rest), confidence, [*conflicts, *problems])
