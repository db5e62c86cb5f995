"""A GNU license text carries no grant: whether a file's GPL-3.0 text means GPL-3.0-only or
GPL-3.0-or-later is said by the notice beside it ("either version 3, or (at your option) any later
version"), as in numpy's and SciPy's bundled-licenses file (libgfortran's notice, then the GPL-3.0
text it refers to) or a COPYING whose first lines grant the version or later. The text's own "How to
apply" appendix holds such a notice too (and shares its words, so word runs cannot tell them apart):
a grant counts only above the text's title line ("GNU GENERAL PUBLIC LICENSE").
"""

from __future__ import annotations

import dataclasses
import re

from clearance.licenses.detect.finding import Finding
from clearance.licenses.detect.ids import license_keys, spdx_terms

#: The title line of each GNU license text, by id prefix.
_TITLES = {"GPL": "GENERAL PUBLIC", "LGPL-2.0": "LIBRARY GENERAL PUBLIC", "LGPL": "LESSER GENERAL PUBLIC",
           "AGPL": "AFFERO GENERAL PUBLIC", "GFDL": "FREE DOCUMENTATION"}
#: A link to a GNU license text ("gnu.org/licenses/old-licenses/lgpl-2.1.html") names a text, not a grant.
_GNU_LINK = re.compile(r"gnu\.org/(?:licenses|copyleft)", re.IGNORECASE)


def is_text_finding(finding: Finding) -> bool:
    """A finding for a license text matched in the file (not a statement on one line of it)."""
    return finding.kind == "license-file" and finding.line is None


def with_or_later_grants(text: str, findings: list[Finding], mentions: list[Finding]) -> list[Finding]:
    """``findings`` with each ``-only`` GNU id of a matched text made ``-or-later`` where a statement
    outside that text's span grants the same version or any later one."""
    grants: dict[str, list[int]] = {}
    for mention in mentions:
        for term in spdx_terms(mention.spdx):
            if mention.line is not None and term.endswith("-or-later"):
                grants.setdefault(term, []).append(mention.line)
    if not grants:
        return findings
    upgraded = []
    for finding in findings:
        spdx = finding.spdx
        for term in spdx_terms(spdx) if is_text_finding(finding) else []:
            later = term.removesuffix("-only") + "-or-later"
            if not term.endswith("-only") or later not in grants:
                continue
            title = _title_line(text, term)
            if title is not None and min(grants[later]) < title:
                spdx = re.sub(rf"(?<![\w.-]){re.escape(term)}(?![\w.-])", later, spdx)
        upgraded.append(finding if spdx == finding.spdx else dataclasses.replace(finding, spdx=spdx))
    return upgraded


def _title_line(text: str, spdx: str) -> int | None:
    """The first line (1-based) that is the title of the GNU text ``spdx`` alone ("GNU GENERAL PUBLIC
    LICENSE"), or None."""
    family = next((words for prefix, words in _TITLES.items() if spdx.startswith(prefix)), None)
    if family is None:
        return None
    words = r"\s+".join(family.split())
    title = re.compile(rf"^[\s#*=-]*GNU\s+{words}\s+LICEN[CS]E[\s#*=-]*$", re.IGNORECASE | re.MULTILINE)
    found = title.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def links_a_granted_text(mention: Finding, covered: set[str]) -> bool:
    """A link to a GNU text whose version the file already grants "or later": the text of that grant."""
    keys = license_keys(mention.spdx)
    return bool(_GNU_LINK.search(mention.snippet)) and all(
        k.endswith("-only") and k.removesuffix("-only") + "-or-later" in covered for k in keys)
