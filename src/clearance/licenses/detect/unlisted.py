"""Licenses the SPDX list does not have, recognized by a sentence of their own text (as exceptions
are) and named with stable ``LicenseRef-`` ids, so that a file stating one of them is not read as
stating nothing: the IETF's document license (RFC text quoted in a package), the Alliance for Open
Media and Google patent grants that ship beside BSD code (often in a Debian ``Comment:`` field), Gary
S. Brown's one-sentence CRC-32 permission, the Indiana University Extreme! Lab license (a BSD-style
text with its own title; SPDX's ``xpp`` is the Lab's PullParser license, another text) and gettext's
permissive notice for its ``po/Makefile.in.in``.

A grant found here is reported beside whatever else the file states; the ids are clearance's own,
listed in ``UNLISTED`` with the sentence that identifies each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearance.licenses.detect.finding import Finding, clip


@dataclass(frozen=True, slots=True)
class UnlistedLicense:
    spdx: str  # a LicenseRef- id
    pattern: re.Pattern[str]
    #: Lower-case keys of the licenses its text speaks of without granting them (as an exception's do).
    names: frozenset[str] = frozenset()


def _unlisted(spdx: str, phrase: str, names: frozenset[str] = frozenset()) -> UnlistedLicense:
    return UnlistedLicense(spdx, re.compile(r"\s+".join(phrase.split()), re.IGNORECASE), names)


UNLISTED = (
    # the ISOC/IETF copyright notice of RFCs and Internet-Drafts
    _unlisted("LicenseRef-IETF-Document", r"This document and translations of it may be copied and furnished to "
              r"others, and derivative works that comment on or otherwise explain it"),
    _unlisted("LicenseRef-AOM-Patent-1.0", r"Alliance for Open Media Patent License 1\.0"),
    # Google's patent grant shipped with WebRTC, libvpx, libyuv (under "Additional IP Rights Grant
    # (Patents)") and Go (after its BSD text, without that heading): one grant, naming its project
    _unlisted("LicenseRef-Google-Patent-Grant", r"Google hereby grants to you a perpetual, worldwide, "
              r"non-exclusive, no-charge, (?:royalty-free, )?irrevocable \(except as stated in this section\) "
              r"patent license"),
    # the permission notice of Gary S. Brown's CRC-32 code, copied into many C libraries
    _unlisted("LicenseRef-Gary-S-Brown", r"You may use this program, or code or tables extracted from it, as desired "
              r"without restriction"),
    _unlisted("LicenseRef-Indiana-Extreme-1.1.1", r"Indiana University Extreme! Lab Software License"),
    # gettext's notice on the po/Makefile.in.in it ships to every package using it: a custom permissive
    # grant, whose GPL ("not available under the GNU General Public License", "the actual code of GNU
    # gettext is covered by the GNU General Public License") is gettext's own, not the file's
    _unlisted("LicenseRef-custom-permissive", r"This file can be copied and used freely without restrictions\. "
              r"It can be used in projects which are not available under the GNU General Public License",
              frozenset({"gpl-1.0-or-later"})),
)
#: A word every phrase above holds, checked before any regex runs.
_CHEAP = ("translations of it", "alliance for open media", "google", "tables extracted", "extreme! lab",
          "used freely without")


def _held(text: str) -> list[tuple[UnlistedLicense, re.Match[str]]]:
    low = text.lower()
    if not any(word in low for word in _CHEAP):
        return []
    return [(lic, m) for lic in UNLISTED if (m := lic.pattern.search(text))]


def names_spoken_of(text: str) -> frozenset[str]:
    """The licenses the unlisted licenses ``text`` holds speak of without granting them."""
    return frozenset().union(*(lic.names for lic, _ in _held(text)))


def find_unlisted(text: str, where: str) -> list[Finding]:
    """One ``license-file`` finding per unlisted license whose sentence ``text`` holds, in list order."""
    found = []
    for lic, m in _held(text):
        line = text.count("\n", 0, m.start()) + 1
        found.append(Finding(lic.spdx, "license-file", f"{where} line {line}", clip(m[0]), 0.9))
    return found
