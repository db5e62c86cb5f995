"""The notice a license requires when its work is reproduced, written out for one work.

Creative Commons asks for title, author, source and license (TASL) and a note of changes; MIT,
BSD, ISC and Apache-2.0 ask for the copyright line and the license notice; copyleft licenses ask
for that and for the same terms on the whole; public-domain works need nothing (credit is still
given as a courtesy). Notice texts for the short permissive licenses ship in ``texts/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from clearance.licenses.categories import Category
from clearance.licenses.expression import LicenseInfo, LicenseTerm

#: Licenses whose permission notice must travel with every copy, shipped verbatim in texts/.
_SHIPPED_TEXTS = {"MIT": "MIT", "X11": "MIT", "BSD-2-Clause": "BSD-2-Clause", "BSD-3-Clause": "BSD-3-Clause",
                  "ISC": "ISC", "Apache-2.0": "Apache-2.0"}

_COPYRIGHT = re.compile(r"^[\s#/*;!'\"-]*((?:copyright\b|\(c\)\s*\d|©).*?)[\s*/]*$", re.IGNORECASE | re.MULTILINE)


@dataclass(slots=True)
class Work:
    """What is known of a reproduced work, from its index entry."""

    doc_id: str
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    copyright: str | None = None  # the copyright line, as the work states it


@dataclass(slots=True)
class Notice:
    """The attribution a license requires for one work, ready to paste."""

    required: bool  # False: public domain, credit given only as a courtesy
    elements: list[str]  # what the license asks for, e.g. ["title", "author", "source", "license"]
    text: str
    license_text: str | None = None  # the permission notice to reproduce, when shipped
    caveats: list[str] = field(default_factory=list)  # what could not be filled in

    def to_json(self) -> dict[str, Any]:
        return {"required": self.required, "elements": self.elements, "text": self.text,
                "license_text": self.license_text, "caveats": self.caveats}


def copyright_lines(text: str, limit: int = 5, head: int = 65536) -> list[str]:
    """Copyright statements near the top of a work (comment markers stripped), in order."""
    found: list[str] = []
    for match in _COPYRIGHT.finditer(text[:head]):
        line = " ".join(match.group(1).split())
        if line not in found and len(line) <= 300:
            found.append(line)
        if len(found) >= limit:
            break
    return found


@cache
def shipped_text(spdx_id: str) -> str | None:
    name = _SHIPPED_TEXTS.get(spdx_id)
    if name is None:
        return None
    return resources.files("clearance.licenses").joinpath("texts", f"{name}.txt").read_text("utf-8").strip()


def _is_creative_commons(term: LicenseTerm) -> bool:
    return term.key.upper().startswith("CC-BY") or term.key.upper().startswith("CC-SA")


def _credit(work: Work) -> str:
    title = f"“{work.title}”" if work.title else f"document {work.doc_id}"
    by = f" by {work.author}" if work.author else ""
    where = work.url or work.source
    return f"{title}{by}" + (f" ({where})" if where else "")


def _license_phrase(term: LicenseTerm) -> str:
    return f"{term.name} ({term.spdx}" + (f", {term.url})" if term.url else ")")


def notice_for(work: Work, license: LicenseInfo, chosen: tuple[LicenseTerm, ...] | None = None,
               document_text: str | None = None) -> Notice:
    """The notice for ``work`` under the alternative ``chosen`` of its license (default: the least
    restrictive one). ``document_text`` lets the copyright line be found in the work itself."""
    terms = chosen if chosen is not None else license.choose()
    caveats: list[str] = []
    holder = work.copyright
    if holder is None and document_text:
        lines = copyright_lines(document_text)
        holder = "\n".join(lines) if lines else None
    if not terms:
        reason = license.problem or "no license stated"
        text = (f"{_credit(work)}. No license is known for this work ({reason}); reproducing it needs the "
                f"rights holder's permission.")
        return Notice(True, ["permission"], text, caveats=[reason])
    paragraphs: list[str] = []
    elements: list[str] = []
    texts: list[str] = []
    required = False
    for term in terms:
        if term.category is Category.PUBLIC_DOMAIN:
            paragraphs.append(f"{_credit(work)}. Public domain ({_license_phrase(term)}); no notice is "
                              "required, credit is given as a courtesy.")
            continue
        required = True
        if _is_creative_commons(term):
            elements += ["title", "author", "source", "license", "changes"]
            line = f"{_credit(work)}, licensed under {_license_phrase(term)}. Changes, if any, must be indicated."
            if term.category is Category.STRONG_COPYLEFT:
                line += " Adaptations must be shared under the same license."
            elif term.category is Category.NON_COMMERCIAL:
                line += " Non-commercial use only."
            elif term.category is Category.NO_DERIVATIVES:
                line += " Adapted material may not be shared."
            paragraphs.append(line)
            continue
        if term.category is Category.UNKNOWN or not term.known:
            paragraphs.append(f"{_credit(work)}, under terms not recognized ({term.spdx}); "
                              "reproducing it needs the rights holder's permission.")
            elements.append("permission")
            continue
        elements += ["copyright", "license notice"]
        if holder is None:
            caveats.append("copyright line not found in the index or the work; fill it in from the source")
        lines = [holder or f"Copyright (c) {work.author or 'the authors of ' + (work.title or work.doc_id)}"]
        lines.append(f"{_credit(work)}, licensed under {_license_phrase(term)}.")
        if term.category in (Category.STRONG_COPYLEFT, Category.WEAK_COPYLEFT):
            elements.append("same license")
            scope = "the whole work that includes it" if term.category is Category.STRONG_COPYLEFT else "this part"
            lines.append(f"Copyleft: {scope} must be distributed under {term.spdx}, with its source.")
        if term.category in (Category.NON_COMMERCIAL, Category.PROPRIETARY, Category.NO_DERIVATIVES):
            lines.append(f"Its terms restrict use ({term.category.value}); check them before any reuse.")
        body = shipped_text(term.key)
        if body is not None:
            texts.append(body)
        elif term.url:
            lines.append(f"Include the full license text: {term.url}")
            caveats.append(f"full text of {term.spdx} not shipped; include it from {term.url}")
        paragraphs.append("\n".join(lines))
    return Notice(required, list(dict.fromkeys(elements)), "\n\n".join(paragraphs),
                  "\n\n".join(texts) or None, caveats)
