"""License statements inside a text: ``SPDX-License-Identifier`` lines, Creative Commons badges and
names ("CC BY-SA 4.0", "Creative Commons Attribution 4.0 International"), license URLs, and prose such
as "licensed under the Apache License, Version 2.0" or the GNU notice "either version 2 of the
License, or (at your option) any later version".

Prose needs a trigger ("licensed under", "released under the terms of" ...) before the license name,
so that an essay that merely names the GPL is not taken for a GPL'd text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from clearance.licenses.catalog import LicenseEntry, lookup
from clearance.licenses.detect.finding import ALL_RIGHTS_RESERVED, Finding, clip
from clearance.licenses.detect.ids import UNVERSIONED, current_ids
from clearance.licenses.detect.urls import license_from_url
from clearance.licenses.expression import parse_license

#: Most URLs examined per text: a link farm should not cost more than a page.
MAX_URLS = 256

#: An SPDX line, in a comment, a Markdown table row ("| SPDX-License-Identifier: | BSD-3-Clause WITH ... |")
#: or inline code (`` `SPDX-License-Identifier: Apache-2.0 OR BSD-3-Clause` ``).
_SPDX_LINE = re.compile(r"SPDX-License-Identifier\s*:\s*\|?\s*`?(?P<expr>[^\n\r|`]*?)\s*(?:\*/|-->|\*\)|-\}|\||`|$)",
                        re.IGNORECASE | re.MULTILINE)
#: Hosts of license pages; a URL is read from where its host starts (``str.find`` is far faster
#: than one regex trying every host at every position of a long text).
_LICENSE_HOSTS = ("creativecommons.", "opensource.org", "gnu.org", "apache.org", "spdx.org", "mozilla.org",
                  "eclipse.org", "opendatacommons.org", "nationalarchives.gov.uk", "unlicense.org", "choosealicense.com",
                  "scripts.sil.org", "openfontlicense.org")
_URL_TAIL = re.compile(r"[A-Za-z0-9.-]+/[^\s\"'<>)\]]*")
_CC_SHORT = re.compile(r"(?<![\w-])CC[ -](?P<el>BY(?:[ -](?:NC|SA|ND))*)(?:[ -]v?(?P<ver>[1-4]\.[05]))?(?![\w-])",
                       re.IGNORECASE)
_CC_LONG = re.compile(
    r"Creative\s+Commons\s+(?P<el>Attribution(?:[-\s]+(?:Non-?\s?Commercial|Share-?\s?Alike|No-?\s?Deriv(?:ative)?s|"
    r"No\s+Derivative\s+Works))*)(?:\s+(?:License\s+)?(?:v(?:ersion)?\s*)?(?P<ver>[1-4]\.[05]))?",
    re.IGNORECASE)
_CC_ZERO = re.compile(r"(?<![\w-])(?:CC0|CC[- ]Zero|Creative\s+Commons\s+Zero)(?![\w-])", re.IGNORECASE)
_PD_MARK = re.compile(r"Public\s+Domain\s+Mark(?:\s+1\.0)?", re.IGNORECASE)
#: "released into the public domain", "committed to the public domain", "is public domain", "can be considered
#: to be in the "Public Domain"" (not "cannot be in the public domain").
_PUBLIC_DOMAIN = re.compile(r"(?:released|dedicated|placed|put|committed)\b(?:\s+[\w-]+){0,3}?\s+(?:in(?:to)?|to)\s+the\s+"
                            r"[\"“']?public\s+domain|\b(?:is|are)\s+(?:in\s+(?:the\s+)?)?public\s+domain\b"
                            r"|(?<!not\s)\bbe\s+in\s+the\s+[\"“']?public\s+domain\b", re.IGNORECASE)
_PUBLIC_DOMAIN_WORDS = re.compile(r"public\s+domain")
#: Versionless names, and the id prefix of the versions that make them specific.
_VAGUE_FAMILIES = {"LicenseRef-BSD-unversioned": "bsd-", "LicenseRef-Apache-unversioned": "apache-",
                   "LicenseRef-GPL-unversioned": "gpl-", "LicenseRef-LGPL-unversioned": "lgpl-",
                   "LicenseRef-GFDL-unversioned": "gfdl-"}
#: The same names as findings carry them: a GNU license named without a version is "any version"
#: (``ids.UNVERSIONED``); it is vague only where its words hold no number ("covered by the GNU GPL").
VAGUE_NAMES = {UNVERSIONED.get(name, name): prefix for name, prefix in _VAGUE_FAMILIES.items()}
#: Creative Commons' note under its legal code, to the end of its paragraph.
_NOT_A_PARTY = re.compile(r"Creative\s+Commons\s+is\s+not\s+a\s+party\s+to\b(?:[^\n]|\n(?![ \t]*\n))*",
                          re.IGNORECASE)
#: Perl's own terms, which are a choice of its Artistic License and the GPL version 1 or later: "you can
#: redistribute it and/or modify it under the same terms as Perl itself".
_SAME_AS_PERL = re.compile(r"\bunder\s+the\s+same\s+terms\s+as\s+Perl\b(?:\s+itself)?", re.IGNORECASE)
_ALL_RIGHTS = re.compile(r"\ball\s+rights\s+reserved\b", re.IGNORECASE)
_TRIGGER = re.compile(
    r"\b(?:licen[cs]ed|relicen[cs]ing|released|distributed|available|provided|published|offered|governed|covered|permitted|"
    r"redistribute\b"
    r"[^.]{0,60}?|modify\b[^.]{0,40}?|used(?=\s+under)|(?:is|are)(?=\s+under\b)|free\s+software,?(?=\s+under\b))\s+(?:it\s+)?"
    r"(?:to\s+you\s+)?(?:under|by)\s+(?:either\s+)?"
    r"(?:the\s+|an?\s+)?(?:licen[cs]e\s+)?"  # "distributed under the license LGPL version 2.1"
    r"(?:(?:terms\s+(?:and\s+)?)?(?:conditions\s+)?(?:of\s+|(?<=terms\s)(?=the\s))(?:the\s+(?=either\b))?(?:either\b\s*(?:of\s+(?:two|these|the\s+following)\s+licen[cs]es)?\s*"
    r"[,:]?\s*(?:\(?[a-e1-5][).]\s+)?)?(?:the\s+)?)?"
    r"|\blicen[cs]ed\s+with\s+the\s+(?:ability|option)\s+to\s+choose\s+(?:from|between|among)\s+(?:the\s+)?",
    re.IGNORECASE)
#: A license name used as an adjective: "the BSD licensed music21 software", "an MIT-licensed library".
_ADJECTIVE = re.compile(r"\b(?P<name>BSD|MIT|Apache(?:[- ]2(?:\.0)?)?|(?:A|L)?GPL(?:[- ]?v?[1-3](?:\.[01])?\+?)?|"
                        r"MPL(?:[- ]?2(?:\.0)?)?)[- ]licen[cs]ed\b", re.IGNORECASE)
_ADJECTIVE_UNVERSIONED = {"bsd": "LicenseRef-BSD-unversioned", "apache": "LicenseRef-Apache-unversioned"}
#: "Alternatively" earlier in the same sentence.
_ALTERNATIVELY_BEFORE = re.compile(r"\balternatively\b[^.]*$")
#: Words before a trigger that make it no grant: a negated verb ("is not licensed under", "must never be
#: distributed under") and other works' licenses in a compatibility remark ("makes it possible to
#: combine Celery with other software that is released under the GPL").
_NOT_A_GRANT_BEFORE = re.compile(r"(?:\b(?:not|never)|n't)\s+(?:be\s+|been\s+)?$|\bwith\s+other\s+(?:software|code|"
                                 r"programs?|works?|libraries|projects?|packages?)\b[^.;:!?]*$")
#: "License: X", and a sentence saying what a license is: "the AppStream license is CC0-1.0".
_LICENSE_COLON = re.compile(r"licen[cs]e\s*:\s*|licen[cs]e\s+is\s+(?!not\b)")
#: A name defined as the document's license: "... the SGI Free Software License B, Version 1.1 (the
#: "License")", "... the Mozilla Public License Version 1.1 (the "License")".
_DEFINED_LICENSE = re.compile(r"\(\s*the\s*[\"'“`]{0,2}\s*licen[cs]e\s*[\"'”`]{0,2}\s*\)", re.IGNORECASE)
#: How far before a ``(the "License")`` its name may start.
_DEFINED_REACH = 120
#: How far before "under"/"by" a trigger may start ("redistribute it and/or modify it under").
_TRIGGER_REACH = 120
_LICENSE_LINE = re.compile(r"^[\s#/*;%-]*Licen[cs]e\s*:[*_]*\s*(?P<value>[^\n\r]{1,120}?)\s*$", re.IGNORECASE | re.MULTILINE)
#: Where a ``License:`` line's value may end before a remark ("BSD-3-Clause — full text in LICENSE").
_VALUE_END = re.compile(r"\s+[—–-]\s+|\s*[(;]")
#: A sentence that is a license's name alone, in a list of bundled parts: "tree.h (from FreeBSD),
#: copyright Niels Provos. Two clause BSD license." Its name must be all of it (``_one_name``).
#: Matched on the text just before each "license." (``_name_sentences``), not over the whole text.
_NAME_SENTENCE = re.compile(r"(?:[.:][ \t]*\n?[ \t]*|(?:^|\n)[ \t]*(?:[-*\u2022][ \t]+)?)"
                            r"(?P<name>(?:[\w-]+(?:\.\d+)*\s+){1,4}licen[cs]e)\.\Z", re.IGNORECASE)
_NAME_SENTENCE_REACH = 80
#: "files in the lib directory use a BSD 2-Clause license": a name after it counts when the word
#: "license" ends it (so "uses the GPL-compatible API" is nothing).
_USES_A = re.compile(r"\b(?:uses?|using)\s+(?:a|an|the)\s+", re.IGNORECASE)
_LICENSE_WORD = re.compile(r"\s+licen[cs]e\b", re.IGNORECASE)
#: A grant's words right before a name ("licensed under the CC-BY license"): a versionless Creative
#: Commons name with none is a reference back to a versioned one the text names.
_GRANTED_BEFORE = re.compile(r"\b(?:licen[cs]ed|released|distributed|available|provided|published|under)"
                             r"(?:\s+under)?\s+(?:the\s+|a\s+|an\s+)?$")
_PARENTHESIS = re.compile(r"\s*\((?P<inner>[^()\n]{2,30})\)")
#: A parenthesized list of what a license covers, in a ``License:`` value: "(libgcc, libstdc++)".
_COMPONENTS = re.compile(r"\([^()\n]{1,80}\)")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_GNU = re.compile(r"GNU\s+(?P<which>Affero\s+|Lesser\s+|Library\s+|Free\s+Documentation\s+)?(?:General\s+Public\s+)?"
                  r"Licen[cs]e|(?:GNU[\s-]+)?(?P<affero>Affero\s+)?(?P<short>\b(?:A|L)?GPL)(?![\w.-]*-with-)(?:[- ]?v?(?P<sver>[1-3](?:\.[01])?)(?P<plus>\+|-or-later)?)?(?:(?<=\+)|\b)",
                  re.IGNORECASE)
#: A second version offered beside the first: "version 2.1 or version 3", "version 2 or 3", KDE's "version
#: 2.1 of the License, or (at your option) version 3".
_OR_VERSION = re.compile(r"(?:\s+of\s+the\s+licen[cs]e)?\s*,?\s*or\s+(?:\(\s*at\s+your\s+option\s*\)\s+)?(?:version\s+|v\.?\s*)?(?P<ver>[1-3](?:\.[0-3])?)\b(?!\.\d)", re.IGNORECASE)
#: The version written out right after a GNU license's short name: "LGPL version 2.1", "GPL, v. 2".
_SHORT_VERSION = re.compile(r"^,?\s+(?:version|v\.?)\s*(?P<ver>[1-3](?:\.[0-3])?)\b(?!\.\d)", re.IGNORECASE)
#: The version after a GNU license's long name; the GFDL has 1.1, 1.2 and 1.3.
_GNU_VERSION = re.compile(r"^[^.]{0,160}?\b(?:version|v)\.?\s*(?P<ver>[1-3](?:\.[0-3])?)\b", re.IGNORECASE)
#: "Or later" after a GNU license's version, typos of it included ("version 2 of the License., or (at your
#: option)", a stray letter before "(at your option)"), "(or, at your option, any later version)"; KDE's
#: "or later versions approved by the membership of KDE e.V." is a proxy clause, not "or later".
_LATER = re.compile(r"^\+|^(?:[^.]|\.(?=,)){0,80}?(?:or,?\s+(?:(?:\w\s+)?\(?at\s+your\s+option\)?,?\s+)?(?:any\s+)?later"
                    r"(?!\s+versions?\s+(?:approved|accepted)\s+by\b)|or\s+(?:newer|higher)\b)", re.IGNORECASE)
#: KDE's proxy clause after "version 2 or (at your option) version 3": "or any later version accepted by the
#: membership of KDE e.V. (or its successor ...), which shall act as a proxy defined in Section 14 of version 3",
#: ScanCode's kde-accepted-gpl/-lgpl; after one version ("version 3 of the License or any later version
#: accepted by ...") it is a choice of that version and the proxy's. The shorter "or later versions approved
#: by the membership of KDE e.V." names no proxy and is read as the versions alone.
_KDE_PROXY = re.compile(r"(?:\s+of\s+the\s+licen[cs]e)?\s*,?\s*or\s+(?:\(at\s+your\s+option\)\s+)?any\s+later\s+versions?\s+"
                        r"(?:approved|accepted)\s+by\s+the\s+membership\s+of\s+"
                        r"KDE\s+e\.\s?V\.?\s*(?:\([^()]{0,120}\))?\s*,?\s*which\s+shall\s+act\s+as\s+a\s+proxy\b"
                        # KArchive's wording: "or, at the discretion of KDE e.V. (which shall act as a proxy as in
                        # section 14 of the GPLv3), any later version"
                        r"|\s*,?\s*or,?\s+at\s+the\s+discretion\s+of\s+KDE\s+e\.\s?V\.?\s*\(\s*which\s+shall\s+act\s+as\s+a\s+proxy\b",
                        re.IGNORECASE)
_KDE_ACCEPTED = {"GPL": "LicenseRef-scancode-kde-accepted-gpl", "LGPL": "LicenseRef-scancode-kde-accepted-lgpl"}

#: License names after a trigger, checked in order (longest first where one is a prefix of another).
_NAMES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.IGNORECASE), key) for p, key in [
    ((r"(?:the\s+)?Apache\s+(?:Software\s+)?Licen[cs]e,?\s+(?:(?:v(?:ersion)?\s*)?2(?:\.0)?|\((?:v(?:ersion)?\s*)?2(?:\.0)?"
      r"(?:\s+or\s+later)?\))|Apache[- ]2(?:\.0)?"),
     "Apache-2.0"),
    (r"(?:the\s+)?Apache\s+(?:Software\s+)?Licen[cs]e,?\s+(?:v(?:ersion)?\s*)?1\.1", "Apache-1.1"),
    (r"(?:the\s+)?(?:Expat|MIT)(?:\s*/\s*X11)?(?:\s+(?:open\s+source\s+)?licen[cs]e|\b)", "MIT"),
    (r"(?:the\s+)?OpenSSL(?:\s+licen[cs]e)?\b(?!\s+exception)", "OpenSSL"),
    (r"(?:the\s+)?(?:CC0|Creative\s+Commons\s+Zero)(?:[- ]1\.0)?(?:\s+Universal)?\b", "CC0-1.0"),
    (r"(?:the\s+)?(?:BSD,?[- ]3[- ]Clause|(?:3[- ]|three[-\s]+)Clause\s+BSD|New\s+BSD|Revised\s+BSD|Modified\s+BSD)",
     "BSD-3-Clause"),
    (r"(?:the\s+)?(?:BSD,?[- ]2[- ]Clause|(?:2[- ]|two[-\s]+)Clause\s+BSDL?\b|Simplified\s+BSD|FreeBSD)", "BSD-2-Clause"),
    (r"(?:the\s+)?University\s+of\s+Illinois(?:\s*/\s*NCSA)?\s+Open\s+Source(?:\s+Licen[cs]e)?", "NCSA"),
    (r"(?:the\s+)?(?:[A-Z][\w.&-]*\s+){0,3}(?:End[- ]User\s+Licen[cs]e\s+Agreement|EULA)\b", "LicenseRef-proprietary"),
    (r"(?:the\s+)?BSD(?:[- ]style)?\s+licen[cs]e", "LicenseRef-BSD-unversioned"),
    (r"(?:the\s+)?ISC\s+licen[cs]e|ISC\b", "ISC"),
    (r"(?:the\s+)?Mozilla\s+Public\s+Licen[cs]e,?\s+(?:v(?:ersion)?\s*)?2\.0|MPL[- ]?(?:v(?:ersion)?\s*)?2(?:\.0)?\b", "MPL-2.0"),
    (r"(?:the\s+)?Mozilla\s+Public\s+Licen[cs]e,?\s+(?:v(?:ersion)?\s*)?1\.1|MPL[- ]?(?:v(?:ersion)?\s*)?1\.1", "MPL-1.1"),
    # SPDX: "the Eclipse Distribution License 1.0 is a match to BSD-3-Clause"
    (r"(?:the\s+)?Eclipse\s+Distribution\s+Licen[cs]e(?:,?\s+(?:v(?:ersion)?\s*)?1\.0)?|EDL[- ]?(?:v\s*)?1\.0",
     "BSD-3-Clause"),
    (r"(?:the\s+)?Eclipse\s+Public\s+Licen[cs]e,?\s+(?:v(?:ersion)?\s*)?2\.0|EPL[- ]2\.0", "EPL-2.0"),
    (r"(?:the\s+)?Eclipse\s+Public\s+Licen[cs]e,?\s+(?:v(?:ersion)?\s*)?1\.0|EPL[- ]1\.0", "EPL-1.0"),
    (r"(?:the\s+)?Boost\s+Software\s+Licen[cs]e", "BSL-1.0"),
    (r"(?:the\s+)?(?:Python\s+Software\s+Foundation|PSF)\s+Licen[cs]e", "PSF-2.0"),
    (r"(?:the\s+)?Unlicen[cs]e", "Unlicense"),
    (r"(?:the\s+)?Do\s+What\s+The\s+Fuck\s+You\s+Want\s+To\s+Public\s+Licen[cs]e|WTFPL\b", "WTFPL"),
    (r"(?:the\s+)?zlib(?:/libpng)?\s+licen[cs]e", "Zlib"),
    (r"(?:the\s+)?Artistic\s+Licen[cs]e\s+2\.0", "Artistic-2.0"),
    # Perl's Artistic License, named by where it comes from
    ((r"(?:the\s+)?Artistic\s+Licen[cs]e[\"”']?,?\s+(?:which|that)\s+(?:comes|is\s+(?:distributed|included|shipped))\s+"
      r"with\s+Perl\b"), "Artistic-1.0-Perl"),
    (r"(?:the\s+)?(?:SIL\s+)?Open\s+Font\s+Licen[cs]e,?\s+(?:v(?:ersion)?\s*)?1\.1|OFL[- ]1\.1", "OFL-1.1"),
    (r"(?:the\s+)?Open\s+Data\s+Commons\s+Open\s+Database\s+Licen[cs]e|ODbL", "ODbL-1.0"),
    (r"(?:the\s+)?Open\s+Government\s+Licen[cs]e\s+v(?:ersion\s*)?3(?:\.0)?", "OGL-UK-3.0"),
    *((r"(?:the\s+)?SGI\s+Free\s+Software\s+Licen[cs]e\s+B,?\s+\(?(?:v(?:ersion)?\.?\s*)?" + re.escape(v), f"SGI-B-{v}")
      for v in ("2.0", "1.1", "1.0")),
]]
_CC_ELEMENT_WORDS = (("noncommercial", "NC"), ("non-commercial", "NC"), ("sharealike", "SA"), ("share-alike", "SA"),
                     ("noderiv", "ND"), ("no-deriv", "ND"), ("noderivative", "ND"))


class _Lines:
    """Line numbers of offsets, from newline positions found once per text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines: list[int] | None = None

    def __call__(self, pos: int) -> int:
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self.newlines, pos) + 1


def _cc_id(elements: list[str], version: str | None) -> str | None:
    """An SPDX id for CC elements in canonical order; None when there is no such license."""
    order = [e for e in ("BY", "NC", "ND", "SA") if e in elements]
    if "ND" in order and "SA" in order:
        return None
    el = "-".join(order)
    if version is None:
        return "LicenseRef-CC-BY-SA-unversioned" if el == "BY-SA" else f"LicenseRef-CC-{el}-unversioned"
    entry = lookup(f"CC-{el}-{version}")
    return entry.key if entry is not None else None


def _cc_long_elements(phrase: str) -> list[str]:
    low = re.sub(r"\s+", "", phrase.lower())
    found = ["BY"]
    for word, code in _CC_ELEMENT_WORDS:
        if word.replace("-", "") in low.replace("-", "") and code not in found:
            found.append(code)
    return found


def _gnu_id(match: re.Match[str], text: str) -> str | None:
    """The SPDX id of a GNU license mention, reading the version and "or later" that follow it."""
    start = match.end()
    after = text[start: start + 200]
    if match["short"]:
        family = "AGPL" if match["affero"] else match["short"].upper()  # "GNU Affero GPL 3.0"
        version, later = match["sver"], bool(match["plus"])
        spelled = _SHORT_VERSION.match(after) if version is None else None  # "the LGPL version 2.1"
    else:
        which = (match["which"] or "").strip().lower()
        family = {"affero": "AGPL", "lesser": "LGPL", "library": "LGPL", "free documentation": "GFDL"}.get(
            " ".join(which.split()), "GPL")
        version, later = None, False
        spelled = _GNU_VERSION.match(after)
    if spelled:  # the version written out after the name: read past it for "or later"
        version, after, start = spelled["ver"], after[spelled.end():], start + spelled.end()
    if version is None:
        unversioned = f"LicenseRef-{family}-unversioned"  # the GNU licenses "any version" is defined for
        return unversioned if unversioned in UNVERSIONED else None
    later = later or bool(_LATER.match(after))
    entry = _gnu_entry(family, version, later)
    other = _OR_VERSION.match(after) if entry is not None and not later else None
    if other:  # "the GNU Lesser General Public License version 2.1 or version 3": a choice of the two
        second = _gnu_entry(family, other["ver"], bool(_LATER.match(after, other.end())))
        if second is not None and second.key != entry.key:
            proxy = _KDE_PROXY.match(text, start + other.end())
            proxied = _KDE_ACCEPTED.get(family) if proxy else None
            return f"{entry.key} OR {second.key}" + (f" OR {proxied}" if proxied else "")
    if entry is not None and not later and family in _KDE_ACCEPTED and _KDE_PROXY.match(text, start):
        return f"{entry.key} OR {_KDE_ACCEPTED[family]}"  # "version 3 or any later version accepted by ... KDE"
    return entry.key if entry is not None else None


def _gnu_entry(family: str, version: str, later: bool) -> LicenseEntry | None:
    version = version if "." in version else version + ".0"
    return lookup(f"{family}-{version}-{'or-later' if later else 'only'}")


_MARKUP = re.compile(r"<[^<>\n]{0,120}>`_+|[`*_]+(?=\w)|(?<=\w)[`*_]+|\[|\]\([^)\n]{0,120}\)")
#: Comment leaders that continue a sentence on the next line of a source file (" * ", "# ", "// ").
COMMENT_LEADS = re.compile(r"\n[ \t]*(?:[*#;!]|//|--)+(?=[ \t])")
_PAREN_NAME = re.compile(r"\((?P<name>[^()\n]{2,60})\)")
_DISTINCT = re.compile(r"\d|licen[cs]e|clause", re.IGNORECASE)  # "(Apache 2.0)" is a license; "(MIT)" may be a school
#: "The MIT (X11) License": the parenthesis is the MIT license's other name, not a second license.
_MIT_BEFORE = re.compile(r"\bMIT\s*$")
_CREDIT = re.compile(r"\b(?:software|code|project|library|licen[cs]ed?|includes?|derived|based)\b", re.IGNORECASE)
#: What joins two names of a chain: "X (the "GPL"), or Y", "X license or Y", "X/Y".
#: What links two names in a list: "X or Y", "X and Y", "X/Y", and a comma, which takes the conjunction
#: of the list ("CC0 1.0 Universal, OpenSSL or Apache 2.0": a choice among three).
_CHAIN = re.compile(r"(?:\s+licen[cs]e)?(?:\s*\([^()\n]{1,20}\))?\s*(?:,\s*(?:(?P<op>or|and)\s+)?|(?P<op2>or|and)\s+|/\s*)"
                    r"(?:\(?[a-e1-5][).]\s+)?(?:the\s+|either\s+|an?\s+)?[\"“']?",
                    re.IGNORECASE)
#: The version (and "or later") right after a GNU license's long name, so that a chain can go on after
#: it: "the GNU General Public License Version 2 or later (the "GPL"), or the GNU Lesser ...".
_GNU_TAIL = re.compile(r"(?:\s+as\s+published\s+by\s+the\s+Free\s+Software\s+Foundation\s*[;,]?(?:\s+either)?"
                       r"(?=\s+v(?:ersion)?\.?\s*[1-3]))?"  # "... as published by the FSF; either version 1, or ..."
                       r",?\s+(?:v(?:ersion)?\.?\s*)?[1-3](?:\.[0-3])?\b(?:\s+of\s+the\s+licen[cs]e)?"
                       r"(?:\s*,?\s*or\s+(?:\(at\s+your\s+option\)\s+)?(?:any\s+)?later(?:\s+version)?)?", re.IGNORECASE)


def _one_name(window: str) -> tuple[str, int] | None:
    """The license named at the start of ``window``: (spdx, length) or None."""
    for pattern, key in _NAMES:
        m = pattern.match(window)
        if m:
            return key, m.end()
    gnu = _GNU.match(window)
    if gnu:
        key = _gnu_id(gnu, window)
        if key:
            tail = _GNU_TAIL.match(window, gnu.end()) if not gnu["short"] else None
            return key, tail.end() if tail else gnu.end()
    token = re.match(r"[A-Za-z0-9.+-]{2,40}", window)
    if token and re.search(r"\d|-", token[0]):  # a bare SPDX id such as "Apache-2.0" or "MPL-2.0"
        info = parse_license(token[0].rstrip("."))
        if info.spdx and info.problem is None:
            return info.spdx, token.end()
    return None


def _name_sentences(text: str, low: str) -> Iterator[tuple[int, str, str]]:
    """Sentences that are a license's name alone (``_NAME_SENTENCE``): (offset, spdx, words)."""
    for ending in ("license.", "licence."):
        at = low.find(ending)
        while at != -1:
            end = at + len(ending)
            if end == len(low) or low[end].isspace():
                lo = max(0, at - _NAME_SENTENCE_REACH)
                m = _NAME_SENTENCE.search(text, lo, end)
                named = _one_name(m["name"]) if m else None
                rest = m["name"][named[1]:].strip().lower() if named else "-"
                if rest in ("", "license", "licence") and not named[0].startswith("LicenseRef-"):
                    yield m.start("name"), named[0], m["name"]
            at = low.find(ending, end)


def _use_statements(text: str, low: str) -> Iterator[tuple[int, str, str]]:
    """Files that "use a BSD 2-Clause license" (``_USES_A``): (offset, spdx, words), when the word
    "license" ends or is part of the name."""
    if "use" not in low and "using" not in low:
        return
    for m in _USES_A.finditer(text):
        named = names_after(text, m.end())
        if named and ("licen" in named[1].lower() or _LICENSE_WORD.match(text, m.end() + len(named[1]))):
            yield m.start(), named[0], m[0] + named[1]


def _listed_names(value: str) -> str | None:
    """A ``License:`` value that lists licenses with the components each covers in parentheses
    ("GPL-3.0-with-GCC-exception (libgcc, libstdc++), MIT and BSD (libwinpthread)"): every listed
    name read as a license name or id, joined by the list's conjunction; None unless every one is."""
    if "(" not in value:
        return None
    bare = " ".join(_COMPONENTS.sub(" ", value).split()).strip(" .;")
    names = [n for n in _LIST_SEPARATOR.split(bare) if n]
    if len(names) < 2:
        return None
    infos = [parse_license(name) for name in names]
    if any(not info.spdx or info.problem for info in infos):
        return None
    either = re.search(r"\bor\b", bare, re.IGNORECASE) and not re.search(r"\band\b", bare, re.IGNORECASE)
    terms = [f"({info.spdx})" if " AND " in info.spdx or " OR " in info.spdx else info.spdx for info in infos]
    info = parse_license((" OR " if either else " AND ").join(terms))
    return info.spdx if info.spdx and info.problem is None else None


def _made_specific(window: str, named: tuple[str, int]) -> tuple[str, int]:
    """A versionless name followed by its version in parentheses, "BSD-style license (BSD-3)": the
    version's license, the parenthesis included."""
    family = _VAGUE_FAMILIES.get(named[0])
    note = _PARENTHESIS.match(window, named[1]) if family else None
    inner = _one_name(note["inner"]) if note else None
    if inner and inner[1] == len(note["inner"]) and inner[0].lower().startswith(family):
        return inner[0], note.end()
    return named


def _through_version(text: str, start: int, words: str) -> str:
    """The words naming a GNU license read on to the version written after its long name ("the GNU
    Lesser General Public License as published by the Free Software Foundation; either version 2"):
    the snippet then shows the version, which ``is_vague`` looks for."""
    if re.search(r"\d", words):
        return words
    rest = text[start: start + 400]
    gnu = _GNU.search(rest)
    spelled = _GNU_VERSION.match(rest[gnu.end():]) if gnu and not gnu["short"] else None
    return rest[: gnu.end() + spelled.end()] if spelled else words


def names_after(text: str, start: int) -> tuple[str, str] | None:
    """The license(s) named right after a trigger: (spdx, the words naming them) or None. Markdown and
    reStructuredText link markup is skipped, and "X or (the) Y" chains become OR (``and``: AND)."""
    window = _MARKUP.sub("", COMMENT_LEADS.sub("\n", text[start: start + 400])).lstrip("\"'“‘")
    first = _one_name(window)
    if first is None:
        return None
    first = _made_specific(window, first)
    keys, ops, end = [first[0]], [], first[1]
    while len(keys) < 5:
        link = _CHAIN.match(window, end)
        nxt = _one_name(window[link.end():]) if link else None
        if nxt is None:
            break
        word = (link["op"] or link["op2"] or "").lower()
        ops.append(" AND " if word == "and" else " OR " if word == "or" or "/" in link[0] else None)
        keys.append(nxt[0])
        end = link.end() + nxt[1]
    for i in range(len(ops) - 1, -1, -1):  # a bare comma takes the conjunction after it (AND when none)
        ops[i] = ops[i] or (ops[i + 1] if i + 1 < len(ops) else " AND ")
    expression = keys[0] + "".join(op + k for op, k in zip(ops, keys[1:], strict=True))
    if len(keys) > 1:
        info = parse_license(expression)
        expression = info.spdx if info.spdx and info.problem is None else keys[0]
    return expression, window[:end]


#: Words one of which a license name after a trigger contains (or its sentence: "licensed under
#: MIT"), checked with ``in`` before the trigger regex runs: most prose has none, and the trigger
#: search is the costly part. A bare "released under the MIT" with no "license" word is missed.
_NAME_WORDS = ("licen", "apache", "expat", "zlib", "boost software", "open government", "mozilla", "eclipse",
               "artistic", "python software", "open font", "illinois", "gpl", "bsd", "eula", "odbl", "mpl-", "mpl ",
               "epl-", "epl ")


def _may_name_a_license(low: str) -> bool:
    return any(word in low for word in _NAME_WORDS)


def _anchors(low: str, word: str) -> Iterator[int]:
    """Where ``word`` starts in ``low`` as a word of its own."""
    at = low.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum()):
            yield at
        at = low.find(word, end)


def _lower(text: str) -> str:
    """``text.lower()`` with offsets kept: the few characters whose lower case is longer stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _triggers(text: str, low: str) -> list[re.Match[str]]:
    """Trigger phrases, in order. Found from their anchors ("under", "by", "license:") with ``str.find``
    and confirmed by a regex on a short window: one regex over the whole text costs 5x more."""
    found: dict[int, re.Match[str]] = {}
    for anchor in ("under", "by", "choose"):
        for at in _anchors(low, anchor):
            for m in _TRIGGER.finditer(text, max(0, at - _TRIGGER_REACH), at + len(anchor) + 60):
                if m.start() <= at < m.end():
                    found.setdefault(m.start(), m)
    at = low.find("licen")
    while at != -1:
        m = _LICENSE_COLON.match(low, at)
        if m and (at == 0 or not low[at - 1].isalpha()):
            found.setdefault(at, m)
        at = low.find("licen", at + 5)
    return [found[k] for k in sorted(found)]


def _defined_names(text: str, low: str) -> Iterator[tuple[int, str, str]]:
    """Licenses named right before ``(the "License")``: (offset, spdx, words). The name is found by
    trying each word start before the parenthesis for one that names a license ending there."""
    at = low.find("(the")
    while at != -1:
        m = _DEFINED_LICENSE.match(text, at)
        if m:
            lo = max(0, at - _DEFINED_REACH)
            window = text[lo:at].rstrip(" \t\n,")
            for word in re.finditer(r"(?<![\w-])\w", window):
                named = _one_name(window[word.start():])
                if named and not window[word.start() + named[1]:].strip(" \t\n,.-"):
                    yield lo + word.start(), named[0], window[word.start():] + " " + m[0]
                    break
        at = low.find("(the", at + 4)


def find_mentions(text: str, where: str, kind: str = "body-text") -> list[Finding]:
    """Every license statement in ``text``, one finding per license (its first, most certain
    mention), in order of appearance. SPDX lines are ``spdx-header`` findings; the rest get ``kind``."""
    low = _lower(text)
    line = _Lines(text)
    found: list[tuple[int, Finding]] = []

    def add(pos: int, spdx: str, snippet: str, confidence: float, k: str = kind, at: str | None = None) -> None:
        found.append((pos, Finding(current_ids(spdx), k, at or f"{where} line {line(pos)}", clip(snippet),
                                   confidence)))

    if "spdx-license-identifier" in low:
        for m in _SPDX_LINE.finditer(text):
            info = parse_license(m["expr"])
            if info.spdx:
                add(m.start(), info.spdx, m[0], 1.0 if info.problem is None else 0.6, "spdx-header")
    seen_urls = 0
    for host in _LICENSE_HOSTS:
        at = low.find(host)
        while at != -1 and seen_urls < MAX_URLS:
            url = _URL_TAIL.match(text, at)
            seen_urls += 1
            spdx = license_from_url(url[0]) if url else None
            if spdx:
                add(at, spdx, url[0], 0.9)
            at = low.find(host, at + len(host))
    if "cc by" in low or "cc-by" in low:
        short = list(_CC_SHORT.finditer(text))
        versioned = {m["el"].upper().replace(" ", "-") for m in short if m["ver"]}
        for m in short:
            elements = re.split(r"[ -]", m["el"].upper())
            spdx = _cc_id(elements, m["ver"])
            if not m["ver"] and "-".join(elements) in versioned and not _GRANTED_BEFORE.search(
                    low, max(0, m.start() - 40), m.start()):
                continue  # "Attribution is required by MIT, SIL OFL, and CC BY licenses": the CC BY 4.0 named above
            if spdx:
                add(m.start(), spdx, m[0], 0.9 if m["ver"] else 0.6)
    if "creative" in low:
        for m in _CC_LONG.finditer(text):
            spdx = _cc_id(_cc_long_elements(m["el"]), m["ver"])
            if spdx:
                add(m.start(), spdx, m[0], 0.9 if m["ver"] else 0.6)
    if "cc0" in low or "cc zero" in low or "cc-zero" in low or "commons zero" in low:
        for m in _CC_ZERO.finditer(text):
            add(m.start(), "CC0-1.0", m[0], 0.9)
    if "public" in low and "domain" in low:  # "public\ndomain" too: a line may break between the words
        for m in _PD_MARK.finditer(text):
            add(m.start(), "CC-PDM-1.0", m[0], 0.8)
        for words in _PUBLIC_DOMAIN_WORDS.finditer(low):
            verb = _PUBLIC_DOMAIN.search(text, max(0, words.start() - 80), words.end())
            if verb:
                add(verb.start(), "LicenseRef-public-domain", text[verb.start(): verb.end() + 40], 0.7)
    if _may_name_a_license(low):
        for m in _LICENSE_LINE.finditer(text):
            info = parse_license(m["value"].strip(" .;"))
            listed = _listed_names(m["value"]) if not info.spdx or info.problem else None
            if listed:
                add(m.start(), listed, m[0], 0.8)
                continue
            if (not info.spdx or info.problem) and (cut := _VALUE_END.search(m["value"])):
                info = parse_license(m["value"][:cut.start()].strip(" .;"))
            if info.spdx and info.problem is None:
                add(m.start(), info.spdx, m[0], 0.8)
        if "licensed" in low or "licenced" in low:
            for m in _ADJECTIVE.finditer(text):
                named = _ADJECTIVE_UNVERSIONED.get(m["name"].lower()) or (_one_name(m["name"]) or (None,))[0]
                if named:
                    add(m.start(), named, m[0], 0.7)
        for m in _triggers(text, low):
            if m[0][:4].lower() == "used" and _ALTERNATIVELY_BEFORE.search(low, max(0, m.start() - 200), m.start()):
                continue  # "Alternatively, ... may be used under": a choice beside another license (alternatives.py)
            if _NOT_A_GRANT_BEFORE.search(low, max(0, m.start() - 120), m.start()):
                continue
            named = names_after(text, m.end())
            if named:
                spdx = named[0]
                if " AND " in spdx and "dual" in low[max(0, m.start() - 30): m.end()]:
                    spdx = spdx.replace(" AND ", " OR ")  # "dual-licensed under X and Y": a choice
                words = named[1] if spdx not in VAGUE_NAMES else _through_version(text, m.end(), named[1])
                add(m.start(), spdx, m[0] + words, 0.8)
        for pos, spdx, words in _defined_names(text, low):
            add(pos, spdx, words, 0.8)
        for pos, spdx, words in _name_sentences(text, low):
            add(pos, spdx, words, 0.7)
        for pos, spdx, words in _use_statements(text, low):
            add(pos, spdx, words, 0.7)
    for m in _PAREN_NAME.finditer(text):  # "includes software from the Feather project (Apache 2.0)"
        if not _DISTINCT.search(m["name"]) or _MIT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        named = _one_name(m["name"])
        if named and named[1] == len(m["name"]) and _CREDIT.search(text, max(0, m.start() - 120), m.start()):
            add(m.start(), named[0], m[0], 0.7)
    if "same terms as perl" in low:
        for m in _SAME_AS_PERL.finditer(text):
            add(m.start(), "Artistic-1.0-Perl OR GPL-1.0-or-later", m[0], 0.8)
    if "all rights reserved" in low:
        for m in _ALL_RIGHTS.finditer(text):
            add(m.start(), ALL_RIGHTS_RESERVED, text[max(0, m.start() - 80): m.end()], 0.4)
    found.sort(key=lambda item: (item[0], -item[1].confidence))
    best: dict[str, Finding] = {}
    for _, finding in found:
        kept = best.get(finding.spdx)
        if kept is None or finding.confidence > kept.confidence:
            best[finding.spdx] = finding
    order = {id(f): i for i, (_, f) in enumerate(found)}
    return sorted(best.values(), key=lambda f: order[id(f)])


def is_vague(finding: Finding) -> bool:
    """Whether a statement names a license without saying its version (``VAGUE_NAMES``)."""
    if finding.spdx.endswith("-or-later"):
        return finding.spdx in VAGUE_NAMES and re.search(r"\d", finding.snippet) is None
    return finding.spdx in VAGUE_NAMES


def without_vague(findings: list[Finding], vague: list[Finding], named: set[str]) -> list[Finding]:
    """``findings`` less the ``vague`` statements whose family has a version among the ``named`` keys:
    "the GPL" beside "version 2 or later" meant that version."""
    return [f for f in findings if f not in vague or not any(k.startswith(VAGUE_NAMES[f.spdx]) for k in named)]


def without_notes_outside_licenses(text: str) -> str:
    """``text`` with the paragraphs that say they are no part of a license blanked (line breaks kept):
    Creative Commons' closing note under its legal code ("Creative Commons is not a party to its
    public licenses ... The text of the Creative Commons public licenses is dedicated to the public
    domain under the CC0 Public Domain Dedication ... this paragraph does not form part of the public
    licenses") states no CC0 of the file's, in a license file or a Debian ``License:`` paragraph."""
    if "creative commons is not a party" not in text.lower():
        return text
    return _NOT_A_PARTY.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
