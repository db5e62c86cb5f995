"""What a license paragraph grants when its text is no license clearance has a reference text for.

Debian copyright files give every custom notice a ``License:`` paragraph of its own ("permissive1",
"Svnwrap", "Custom-pg_dump"). Such a paragraph is known to be a license, so saying nothing about it
would let a policy clear a package on the licenses it does recognize. Four readings, in order:

0. a license ``unlisted.py`` knows by a sentence of its own (the IETF's document license);
1. a short notice from ScanCode's database (Takuya Ooura's FFT notice, LCS-Telegraphics' "may be
   freely used, copied, or distributed without compensation"), held nearly word for word;
2. a public-domain statement ("Public domain.", "I ... place this file hereby into the public
   domain"), unless it says the work is *not* in the public domain;
3. a custom permissive grant: the text grants use, copying, modification or distribution ("You may
   use, copy, modify this code for any purpose", "No licensing restrictions apply") and attaches no
   condition beyond keeping the notice or marking changes. Named ``LicenseRef-custom-permissive``
   (ScanCode's ``other-permissive``). A text that also restricts commercial use or changes, points to
   another license's terms, or runs longer than a short notice is left unnamed: it needs a reader.
"""

from __future__ import annotations

import re
from functools import cache

from clearance.licenses.detect.finding import Finding, clip
from clearance.licenses.detect.normalize import license_words, word_pairs
from clearance.licenses.detect.scancode_data import scancode_payload
from clearance.licenses.detect.unlisted import find_unlisted

CUSTOM_PERMISSIVE = "LicenseRef-custom-permissive"
PUBLIC_DOMAIN = "LicenseRef-public-domain"
#: A short notice must be held this much (its word pairs found in the text) ...
NOTICE_HELD = 0.9
#: ... and explain this much of the text's word pairs (the rest: a URL, an author line).
NOTICE_EXPLAINS = 0.6
#: ScanCode's short notices that are a warranty disclaimer and nothing else: a text holding one beside a
#: grant of its own (cruft's "You can use this file without restriction.") is that grant.
DISCLAIMER_NOTICES = frozenset({"LicenseRef-scancode-philippe-de-muyter"})
#: A custom grant longer than this is a license of its own with terms to read, not a notice.
MAX_GRANT_WORDS = 120
_GRANT = re.compile(
    # "to the maximum extent permitted by applicable law" and "including, without limitation" are a
    # disclaimer's words, not a grant's (NVIDIA's disclaimer paragraph in vkbasalt)
    r"\bpermi(?:ssion|ts?|tted)\b(?!\s+by\s+(?:the\s+)?(?:applicable\s+)?law)"
    r"|\brights?\b[^.]{0,80}\b(?:granted|to\s+(?:use|copy|modify|distribute))\b"
    r"|\bgrants?\b[^.]{0,60}\b(?:right|permission|license)\b"
    r"|\b(?:you|anyone|everyone|user)\s+(?:may|can|are\s+free\s+to|is\s+free\s+to)\s+(?:freely\s+)?"
    r"(?:use|copy|modify|distribute|redistribute|include|sell|alter)\b"
    r"|\b(?:may|can)\s+(?:freely\s+)?be\s+(?:freely\s+)?(?:used|copied|modified|distributed|redistributed|included|sold)\b"
    r"|\bfreely\s+(?:re)?distribut|\b(?:use|distribute|modify)\b[^.]{0,30}\bfreely\b"
    # "Source and binary redistribution of this code, with or without changes, ... is allowed" (targa.c)
    r"|\b(?:use|(?:re)?distribution|copying|modification)\s+of\s+this\b[^.]{0,80}\b(?:is|are)\s+(?:hereby\s+)?"
    r"(?:allowed|permitted)\b"
    r"|\bno\s+(?:license|licensing)\s+restrictions\b|\bno\s+restrictions?\s+(?:is\s+|are\s+)?(?:applied|imposed|placed)\b"
    r"|(?<!including,\s)(?<!including\s)\bwithout\s+(?:any\s+)?(?:restrictions?|limitation)\b"
    r"|\bunlimited\s+permission\b|\bfree\s+for\s+any\s+use\b|\bin\s+any\s+way\s+you\b"
    r"|\bdo\s+(?:virtually\s+|pretty\s+much\s+|just\s+about\s+|almost\s+)?(?:anything|whatever)\s+you\s+(?:like|want|wish)\b",
    re.IGNORECASE)
#: Terms that make a grant more than permissive, or leave it to another license's terms.
_NOT_PERMISSIVE = re.compile(
    r"non-?commercial|\bnot\s+for\s+(?:commercial|profit)|\bcommercial\s+\w+\s+(?:is|are)\s+(?:not|prohibited)"
    r"|\bmay\s+not\s+(?:be\s+)?(?:sold|sell|modif|alter|chang|redistribut|distribut|cop)"
    r"|\bnot\s+(?:be\s+)?(?:allowed|permitted)\b|\bprohibited\b|\bverbatim\b|\bwithout\s+(?:the\s+)?(?:prior\s+)?"
    r"written\s+(?:permission|consent)\b(?![^.]{0,80}\bendorse)|\bfees?\s+(?:must|shall)\b"
    # a GNU license, not a GNU program ("support for the GNU gettext functionality")
    r"|\bGNU\b(?!\s+(?:gettext|project|system|tools?|make|autoconf|automake|libtool)\b)|\bGeneral\s+Public\b"
    r"|\bcopyleft\b|\bshare[\s-]?alike\b|\bcreative\s+commons\b"
    r"|\bsame\s+(?:terms|license|licence|conditions)\b|\bunder\s+the\s+terms\s+of\b|\blicen[cs]e\s+agreement\b"
    r"|\blicen[cs]e\s+terms\s+contained\s+in\b|\bset\s+forth\s+in\b"  # IETF's "the Simplified BSD License set forth in"
    r"|\bsource\s+code\s+(?:must|shall)\s+be\s+(?:made\s+)?available\b|\bconfidential\b|\bevaluation\b",
    re.IGNORECASE)
#: Projects a grant reaches beyond the GNU licenses ("It may be used in projects which are not available under
#: a GNU General Public License": gettext's po/Makefile.in.in notice), which leaves it a plain grant.
_NOT_UNDER_GNU = re.compile(r"\bnot\s+(?:available|released|licen[cs]ed|distributed)\s+under\s+(?:a|the)\s+GNU\s+"
                            r"(?:Lesser\s+|Library\s+)?(?:General\s+)?Public\s+Licen[cs]e\b", re.IGNORECASE)
_PUBLIC_DOMAIN = re.compile(r"\bpublic[\s-]+domain\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: "This program is -not- in the public domain", "is not public domain".
_NOT_PUBLIC_DOMAIN = re.compile(r"\bnot\W{0,2}\s+(?:\w+\s+){0,2}public[\s-]+domain\b", re.IGNORECASE)


@cache
def _short_notices() -> tuple[tuple[str, frozenset[tuple[str, str]]], ...]:
    """ScanCode's short notices (``short_notices`` in its data file), each as its id and word pairs."""
    return tuple((lic["id"], word_pairs(lic["text"], template=True)) for lic in scancode_payload()["short_notices"])


def short_notice(text: str) -> tuple[str, float] | None:
    """The ScanCode short notice ``text`` holds nearly word for word, with the share of it held."""
    pairs = word_pairs(text)
    if not pairs:
        return None
    best = None
    for spdx, notice in _short_notices():
        held = len(notice & pairs)
        share = held / len(notice)
        if share >= NOTICE_HELD and held / len(pairs) >= NOTICE_EXPLAINS and (best is None or share > best[1]):
            best = (spdx, share)
    return best


def states_public_domain(text: str) -> bool:
    """Whether a license paragraph's text puts its work in the public domain (and never says it is not)."""
    return bool(_PUBLIC_DOMAIN.search(text)) and not _NOT_PUBLIC_DOMAIN.search(text)


def is_custom_permissive(text: str) -> bool:
    """Whether ``text``, a short notice no reference text names, grants use, copying, modification or
    distribution with no condition beyond keeping it (see the module's docstring)."""
    if len(license_words(text, keep_copyright=True)) > MAX_GRANT_WORDS:
        return False
    return bool(_GRANT.search(text)) and not _NOT_PERMISSIVE.search(_NOT_UNDER_GNU.sub(" ", text))


def grants_beside_public_domain(text: str) -> bool:
    """Whether a text that states public domain also grants permission in sentences of its own that do
    not: "Redistribution and use ... are permitted without restriction, with NO WARRANTY. You may regard
    this as a work that is placed in the public domain." is both a custom grant and a dedication, while
    "This file is in the public domain; use it without restriction" is the dedication alone."""
    rest = " ".join(s for s in _SENTENCE_END.split(text) if not _PUBLIC_DOMAIN.search(s))
    return len(rest) < len(text) and is_custom_permissive(rest)


def custom_notice(text: str, where: str) -> Finding | None:
    """The license of a paragraph text no reference text names: an unlisted license's sentence, a
    ScanCode short notice, a public-domain statement or a custom permissive grant, else None."""
    unlisted = find_unlisted(text, where)
    if unlisted:
        return unlisted[0]
    found = short_notice(text)
    if found and found[0] in DISCLAIMER_NOTICES and is_custom_permissive(text):
        found = None  # "You can use this file without restriction." above the disclaimer: the grant is read
    if found:
        return Finding(found[0], "license-file", where, clip(text), round(0.9 * found[1], 3))
    if states_public_domain(text):
        return Finding(PUBLIC_DOMAIN, "license-file", where, clip(text), 0.8)
    if is_custom_permissive(text):
        return Finding(CUSTOM_PERMISSIVE, "license-file", where, clip(text), 0.7)
    return None
