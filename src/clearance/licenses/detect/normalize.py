"""License-text normalization shared by the reference index and the texts it is matched against.

Follows the spirit of the SPDX matching guidelines: case, punctuation, bullets and list numbering,
quotes, "licence"/"license", "http"/"https" and copyright lines do not make two license texts differ;
template fields of the reference texts (``<year>``, ``<copyright holders>``, ``[name of copyright
owner]``) are dropped, because real files fill them in.
"""

from __future__ import annotations

import re
from itertools import pairwise

# A copyright *statement* ("Copyright (c) 2018 Jane", "Copyright: 2001 X", "© ACME"), not a license
# sentence that a line wrap happens to start with "copyright notice ..." or "copyright holders", nor a
# clause lettered "(c)" ("(c) there is clear notice in each modified Data File": Unicode's notices).
_COPYRIGHT_LINE = re.compile(
    r"^[\s#*/;%!>|-]*(?:(?:portions\s+)?copyright\b(?!\s+(?:notices?|holders?|owners?|and|or|law|statements?|"
    r"licen[cs]es?|information|protection|claims?|in|of|to|the\s+above|this|that|which|is|are|may|must|shall)\b)"
    r"|\(c\)(?!\s+(?-i:(?!by\b|copyright\b)[a-z]{2,})\b)|©|all\s+rights\s+reserved)"
    # a license sentence after "All rights reserved." on the same line is kept ("All rights reserved. It may
    # be used and modified freely, ...": PDF-Create's notice, wrapped that way)
    r"(?:(?:[^\n]*?\ball\s+rights\s+reserved|(?<=reserved))\.(?=[ \t]+(?-i:[A-Z])[a-z]+\s+(?-i:[a-z]))|[^\n]*$)",
    re.IGNORECASE | re.MULTILINE)
TEMPLATE_FIELD = re.compile(r"<[^<>\n]{1,60}>|\[(?:yyyy|year|name[^\]\n]{0,50}|owner[^\]\n]{0,40}|fullname|"
                       r"copyright holder[^\]\n]{0,30}|project[^\]\n]{0,30})\]", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
#: Spelling variants the SPDX guidelines treat as the same word.
EQUIVALENT = {"licence": "license", "licences": "licenses", "licenced": "licensed", "licencing": "licensing",
              "https": "http", "copyrighted": "copyright", "analyse": "analyze", "organisation": "organization",
              "sublicence": "sublicense", "authorised": "authorized",
              "favour": "favor", "behaviour": "behavior", "offence": "offense", "acknowledgement": "acknowledgment"}


def has_copyright_line(text: str) -> bool:
    """Whether ``strip_copyright_lines`` would remove anything."""
    return _COPYRIGHT_LINE.search(text) is not None


def strip_copyright_lines(text: str) -> str:
    """The text without its copyright (and "All rights reserved") lines: they name an owner, not a license."""
    return _COPYRIGHT_LINE.sub("", text)


def license_words(text: str, template: bool = False, keep_copyright: bool = False) -> list[str]:
    """The words that identify a license text, in order: lower case, copyright lines, single
    characters (bullets, list letters) and, for a reference text, template fields removed.
    ``keep_copyright`` keeps the copyright lines: SPDX templates are matched against every word, since
    whether a license sentence starts a line (and so looks like a copyright line) depends on wrapping."""
    if template:
        text = TEMPLATE_FIELD.sub(" ", text)
    if not keep_copyright:
        text = strip_copyright_lines(text)
    words = _WORD.findall(text.lower().replace("&", " and "))
    return [EQUIVALENT.get(w, w) for w in words if len(w) > 1]


def word_pairs(text: str, template: bool = False) -> frozenset[tuple[str, str]]:
    """The adjacent pairs of ``text``'s license words: what a short notice or an exception is matched on,
    where order matters but a text's length is too short for the reference index's shingles."""
    return frozenset(pairwise(license_words(text, template=template)))
