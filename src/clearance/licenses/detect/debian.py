"""Debian machine-readable copyright files (copyright-format 1.0): the license of every ``Files``
paragraph and every stand-alone ``License`` paragraph.

A ``License:`` field's first line is a short name or expression ("GPL-2+ or Artistic-1.0",
"BSD-3-clause", "GPL-3+ with autoconf exception"); the lines under it may hold the full text. A short
name ``parse_license`` knows is taken as is; a name of the packager's own ("BSD-3-clause~Kitware",
"other") is identified from its text when the file gives one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearance.licenses.detect.ids import current_ids
from clearance.licenses.expression import parse_license

FORMAT_LINE = re.compile(r"^Format:\s*\S*copyright-format", re.IGNORECASE | re.MULTILINE)
_FILES_FIELD = re.compile(r"^Files:", re.IGNORECASE)
_EXCEPTION = re.compile(r"[\s-]+with[\s-]+(?P<exc>[\w.+ -]+?)[\s-]+exceptions?\s*$", re.IGNORECASE)
#: Packagers' shorthand for the BSD family ("BSD-4", "BSD-3"), not in the SPDX list.
_BSD_SHORT = re.compile(r"\bBSD-([234])(?![\w.-])", re.IGNORECASE)
#: A version written with a "v" ("GPLv-2", "LGPL-v2.1+", "MPLv2", "CC-BY-SA-v3"): read as "GPL-2" and so on ...
_V_VERSION = re.compile(r"(?<![\w.])(?P<name>[A-Za-z](?:[A-Za-z-]*[A-Za-z])?)-?[vV]-?(?P<ver>\d+(?:\.\d+)*\+?)(?![\w.])")
#: ... or run into the name ("Apache2", "MPL2"): read as "Apache-2". Both tried only when the name as
#: written is no known license.
_RUN_IN_VERSION = re.compile(r"(?<![\w.])(?P<name>[A-Za-z]{2,}?)(?P<ver>\d+(?:\.\d+)*\+?)(?![\w.])")
#: ... or spelled with the words of a title ("Apache-License-Version-2.0"): read as "Apache-2.0".
_TITLE_WORDS = re.compile(r"(?<=[A-Za-z])[\s_-]+(?:licen[cs]e[\s,_-]+)?(?:version|v\.?)?[\s_-]*(?=\d)", re.IGNORECASE)
#: A version given as its major number alone ("MPL-2", "CC-BY-SA-3", "Apache-2"), which the SPDX ids
#: spell "N.0"; tried only when the name as written is no known license.
_MAJOR_ONLY = re.compile(r"\b(?P<name>[A-Za-z][A-Za-z-]*?)-(?P<major>\d+)(?P<plus>\+?)(?![\w.])")
#: licensecheck's spellings (``_from_licensecheck``).
_LICENSECHECK_BSD = re.compile(r"\bBSD\s*\(([234])[ -]clause\)", re.IGNORECASE)
_LICENSECHECK_MIT = re.compile(r"\b(?:MIT/X11|Expat)\s*\(BSD[ -]like\)", re.IGNORECASE)
_LICENSECHECK_VERSION = re.compile(r"\b(?P<name>[A-Za-z]+)\s*\(v(?P<ver>\d+(?:\.\d+)?)(?P<later>\s+or\s+later)?\)",
                                   re.IGNORECASE)
#: Debian's spellings of the exceptions most used with ``with ... exception``, each an SPDX exception
#: id. "OpenSSL" is not here: SPDX has only project-specific OpenSSL exceptions (cryptsetup's, x11vnc's
#: ...), so the name alone leaves the bare license and the paragraph's text says which one it is.
_EXCEPTIONS = {"autoconf": "Autoconf-exception-generic",
               "font": "Font-exception-2.0", "gcc": "GCC-exception-3.1", "classpath": "Classpath-exception-2.0",
               "bison": "Bison-exception-2.2", "libtool": "Libtool-exception", "ocaml": "OCaml-LGPL-linking-exception",
               "qt": "Qt-LGPL-exception-1.1", "llvm": "LLVM-exception"}


@dataclass(frozen=True, slots=True)
class DebianLicense:
    name: str  # the short name as written
    spdx: str | None  # the normalized expression, None when the name is not a known license
    text: str  # the license text under the name ("" when the paragraph gives none)
    line: int
    standalone: bool = False  # a stand-alone ``License`` paragraph (no ``Files:`` field beside it)
    comment: str = ""  # the ``Comment:`` field of the same paragraph, where the packager quotes exceptions


def is_debian_copyright(text: str) -> bool:
    return bool(FORMAT_LINE.search(text[:500]))


def short_name(name: str) -> str | None:
    """The SPDX expression of a ``License:`` short name, None when it is the packager's own.
    "X with Y exception" (or "X-with-Y-Exception") is X WITH the exception when Debian's spelling of
    it is known, else X alone: an exception only adds permissions to the license it modifies, so X is
    what at least applies (CUPS's "Apache-2.0-with-GPL2-LGPL2-Exception" is Apache-2.0)."""
    name = _BSD_SHORT.sub(r"BSD-\1-Clause", _from_licensecheck(name))
    exception = _EXCEPTION.search(name)
    if exception:
        base = parse_license(name[: exception.start()])
        exc = _EXCEPTIONS.get(exception["exc"].strip().lower())
        if base.spdx and base.problem is None and " " not in base.spdx:
            return current_ids(f"{base.spdx} WITH {exc}" if exc else base.spdx)
    spdx = _known(name.replace(",", " "))
    for spelled in (_V_VERSION, _RUN_IN_VERSION):
        if spdx is None and spelled.search(name):
            name = _BSD_SHORT.sub(r"BSD-\1-Clause", spelled.sub(r"\g<name>-\g<ver>", name))
            spdx = _known(name.replace(",", " "))
    if spdx is None and _TITLE_WORDS.search(name):
        spdx = _known(_TITLE_WORDS.sub("-", name).replace(",", " "))
    if spdx is None and _MAJOR_ONLY.search(name):
        spdx = _known(_MAJOR_ONLY.sub(r"\g<name>-\g<major>.0\g<plus>", name).replace(",", " "))
    if spdx is None and " " in name.strip():  # licensecheck's list: "MIT LGPL-2+"
        parts = [_known(part) for part in name.split()]
        if all(parts):
            spdx = _known(" AND ".join(parts))
    return current_ids(spdx) if spdx else None


def _known(expression: str) -> str | None:
    """The SPDX expression ``expression`` parses to, None when it is no known license or does not parse."""
    info = parse_license(expression)
    return info.spdx if info.spdx and info.problem is None else None


def _from_licensecheck(name: str) -> str:
    """A name in licensecheck's spelling, which generated copyright files carry, in Debian's:
    "BSD (3 clause)" is BSD-3-Clause, "GPL (v2 or later)" GPL-2+, "MIT/X11 (BSD like)" the Expat
    (MIT) license; several names in a row are all of them."""
    if "(" not in name:
        return name
    name = _LICENSECHECK_BSD.sub(r"BSD-\1-Clause", name)
    name = _LICENSECHECK_MIT.sub("MIT", name)
    return _LICENSECHECK_VERSION.sub(lambda m: f"{m['name']}-{m['ver']}{'+' if m['later'] else ''}", name)


def _fields(text: str, field: str) -> list[tuple[int, str, str]]:
    """Every ``field:`` of the file, in order: (line, value on the field's own line, the text under it
    with "." lines blank and "#" comment lines left out)."""
    found = []
    lines = text.splitlines()
    i = 0
    head = re.compile(rf"^{field}:[ \t]*(.*)$", re.IGNORECASE)
    while i < len(lines):
        m = head.match(lines[i])
        if not m:
            i += 1
            continue
        start, body = i, []
        i += 1
        while i < len(lines) and lines[i][:1] in (" ", "\t", "#"):
            if lines[i][:1] != "#":  # a deb822 comment line inside a field is no part of it
                body.append("" if lines[i].strip() == "." else lines[i].strip())
            i += 1
        found.append((start + 1, m[1].strip(), "\n".join(body)))
    return found


def _paragraphs(text: str) -> list[int]:
    """The paragraph number of every line (0-based lines): paragraphs are separated by blank lines."""
    numbers, current, blank = [], 0, False
    for line in text.splitlines():
        if not line.strip():
            blank = True
        elif blank:
            current, blank = current + 1, False
        numbers.append(current)
    return numbers


def debian_licenses(text: str) -> list[DebianLicense]:
    """Every ``License:`` field of the file, in order. A field with no text under it, in a paragraph
    whose ``License-Grant:`` field quotes the grant (a convention some packagers follow: "either version
    3 of the License, or (at your option) any later version" beside "License: AGPL-3"), takes that
    grant as its text: the notice, not the short name, is what the upstream files say. Each field carries
    its paragraph's ``Comment:``: an exception quoted there modifies the field's license."""
    fields = _fields(text, "License")
    grants = _fields(text, "License-Grant")
    paragraph = _paragraphs(text)
    with_files = {paragraph[i] for i, line in enumerate(text.splitlines()) if _FILES_FIELD.match(line)}
    if grants:
        by_paragraph: dict[int, str] = {}
        for line, first, body in grants:
            if grant := f"{first}\n{body}".strip():
                by_paragraph[paragraph[line - 1]] = grant
        fields = [(line, name, body if body.strip() else by_paragraph.get(paragraph[line - 1], body))
                  for line, name, body in fields]
    comments = {paragraph[line - 1]: f"{first}\n{body}".strip() for line, first, body in _fields(text, "Comment")}
    return [DebianLicense(name, short_name(name) if name else None, body, line, paragraph[line - 1] not in with_files,
                          comments.get(paragraph[line - 1], ""))
            for line, name, body in fields
            if name or body.strip()]  # a field with a text but no short name is read from its text


def debian_comments(text: str) -> list[tuple[int, str]]:
    """Every ``Comment:`` field of the file, in order: (line, its whole text)."""
    return [(line, f"{first}\n{body}".strip()) for line, first, body in _fields(text, "Comment")]


def outside_license_fields(text: str) -> str:
    """``text`` with every ``License:`` field (its short name and the text under it) blanked, line
    numbers kept: what is left (``Comment:`` fields, the header) may still state licenses, but the
    fields themselves were read paragraph by paragraph and a notice quoted in them ("software that is
    licensed under the GPLv2" in CUPS's exception) is not a further grant. ``Files:`` fields are blanked
    too: they list paths, and a directory named "collection - license Creative Commons (CC-BY?4.0)" grants
    nothing (its paragraph's ``License:`` field does). So are deb822's "#" comment lines, which are no
    part of the file's content."""
    lines = text.splitlines()
    inside = False
    for i, line in enumerate(lines):
        if line[:1] == "#":  # a deb822 comment: heimdal's paragraph commented out, "#License: Spencer-94"
            lines[i] = ""
            continue
        if re.match(r"^(?:License|Files):", line, re.IGNORECASE):
            inside = True
        elif line[:1] not in (" ", "\t"):
            inside = False
        if inside:
            lines[i] = ""
    return "\n".join(lines)


#: A ``Copyright:`` value that states public domain instead of a holder: "public-domain", "Public
#: domain", "None (public-domain)", "Dedicated to the Public Domain".
_PUBLIC_DOMAIN_COPYRIGHT = re.compile(
    r"^Copyright:[ \t]*(?:none\s*[(;,:-]?\s*)?(?:(?:dedicated|placed|released|put)\s+(?:in)?to\s+|in\s+)?(?:the\s+)?"
    r"public[\s_-]+domain\b", re.IGNORECASE | re.MULTILINE)


def public_domain_copyrights(text: str) -> list[int]:
    """Lines (1-based) of ``Copyright:`` fields whose value is a public-domain statement: the field says
    nobody holds a copyright, which is itself the grant whatever the ``License:`` field calls it
    (media-types: "Copyright: public-domain" over "License: ad-hoc")."""
    return [text.count("\n", 0, m.start()) + 1 for m in _PUBLIC_DOMAIN_COPYRIGHT.finditer(text)]
