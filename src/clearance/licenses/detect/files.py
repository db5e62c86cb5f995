"""All the license evidence in one license-bearing file: a LICENSE/COPYING/NOTICE file, a Debian
copyright file, or a README section.

Order of trust: a full license text identified against the references; a Debian copyright file's
``License:`` fields; then statements in the text (notices such as "Licensed under the Apache
License, Version 2.0", SPDX lines, license URLs), which also catch files that only point to a license;
and licenses SPDX does not list, by their own sentences (``unlisted``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from clearance.licenses.detect.alternatives import offered_alternatives
from clearance.licenses.detect.debian import is_debian_copyright, outside_license_fields
from clearance.licenses.detect.debian_paragraphs import debian_findings
from clearance.licenses.detect.exceptions import KnownException, find_exceptions, without_exceptions
from clearance.licenses.detect.finding import Finding, clip, without_bare_reservation
from clearance.licenses.detect.ids import license_keys, spdx_terms, without_version
from clearance.licenses.detect.mentions import (
    find_mentions,
    is_vague,
    names_after,
    without_notes_outside_licenses,
    without_vague,
)
from clearance.licenses.detect.or_later import is_text_finding, links_a_granted_text, with_or_later_grants
from clearance.licenses.detect.pointers import pointed_licenses
from clearance.licenses.detect.quoted import quoted_by
from clearance.licenses.detect.siblings import SIBLING_MAX_BYTES, resolve_pointer
from clearance.licenses.detect.texts import identify_license_text, reference_span
from clearance.licenses.detect.unlisted import find_unlisted
from clearance.licenses.expression import parse_license

#: A file this well matched by full license texts needs no search for notices ...
MATCHED_ENOUGH = 0.99
#: ... but for a statement in its first characters that offers more than the text ("may be used under
#: the conditions of either of two licenses, the Apache License ... or the GNU General Public License")
#: or says which versions a GNU text stands for ("either version 3 of the License, or ... any later").
HEAD_REACH = 600
#: A label a resource's comment lines start with ("%%Copyright:"); stripped when every line has it.
_LINE_LABEL = re.compile(r"[^\w\s]{1,4}[A-Za-z]{1,20}:")
MIN_LABELLED_LINES = 5
_TEXT_FILE_SUFFIX = re.compile(r"\.(?:txt|md|rst)$", re.IGNORECASE)
#: A word every exception text uses (``_outside_exceptions``).
_EXCEPTION_WORD = re.compile(r"exception|exemption|permission", re.IGNORECASE)
_LINK = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/", re.IGNORECASE)
#: A file longer than this is a license or notice of its own, not a pointer to other files.
POINTER_MAX_CHARS = 2000


def _with_exceptions(path: str, findings: list[Finding], exceptions: Sequence[KnownException]) -> list[Finding]:
    """Each exception attached to the first license it can modify (a term of an AND expression too).
    An exception with no such license in the file (a bundle that lists the GCC runtime with only its
    exception) is attached to the license its own text names: the exception is a permission added to
    that license and means nothing alone."""
    findings = list(findings)
    for exc in exceptions:
        for i, f in enumerate(findings):
            terms = f.spdx.split(" AND ")
            hit = next((j for j, t in enumerate(terms) if " " not in t and t.startswith(exc.applies_to)), None)
            if hit is not None and " OR " not in f.spdx and "(" not in f.spdx:
                terms[hit] = f"{terms[hit]} WITH {exc.spdx}"
                findings[i] = dataclasses.replace(f, spdx=" AND ".join(terms))
                break
        else:
            if exc.governs and not any(k.startswith(exc.applies_to) for f in findings for k in spdx_terms(f.spdx)):
                findings.append(Finding(f"{exc.governs} WITH {exc.spdx}", "license-file", path,
                                        clip(f"{exc.spdx} text; it adds to {exc.governs}"), 0.7))
    return findings


def _without_line_labels(text: str) -> str:
    """``text`` without a label every line of it starts with, as PostScript resources carry their
    license in ``%%Copyright:`` comment lines: read as they are, every line is a copyright line, which
    normalization drops (pdf.js's Adobe CMaps)."""
    label = _LINE_LABEL.match(text.lstrip("\ufeff\n"))
    if label is None:
        return text
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if len(filled) < MIN_LABELLED_LINES or not all(line.startswith(label[0]) for line in filled):
        return text
    return "\n".join(line[len(label[0]):] for line in lines)


def _license_name_only(path: str, text: str) -> Finding | None:
    """A file that holds nothing but a license's name ("Apache 2.0", "MIT", "GNU AFFERO GPL 3.0"), or
    the name of the file of its text ("GNU-AGPL-3.0.txt")."""
    name = text.strip()
    if not name or len(name) > 80 or "\n" in name:
        return None
    bare = _TEXT_FILE_SUFFIX.sub("", name)
    info = parse_license(bare)
    if info.spdx and info.problem is None:
        return Finding(info.spdx, "license-file", path, clip(name), 0.8)
    named = names_after(bare, 0)
    if named and not bare[len(named[1]):].strip(" .-_"):
        return Finding(named[0], "license-file", path, clip(name), 0.7)
    return None


def _pointer(path: str, text: str, folder: Path | None) -> Finding | None:
    """A short file that points at other license files by name ("either of the licenses found in
    LICENSE.APACHE or LICENSE.BSD", "see COPYING.LIB"): the named files in ``folder`` say which
    licenses, or else the names' suffixes do. A file that also names its license in words ("LGPL 2.1
    or later, see COPYING.LIB") is left to those words, which can say "or later" and a text cannot."""
    if len(text) >= POINTER_MAX_CHARS:
        return None
    spdx = pointed_licenses(text)
    if folder is not None and (spdx or not find_mentions(text, path, kind="license-file")):
        resolved = resolve_pointer(path, text, folder)
        if resolved is not None:
            return resolved
    return Finding(spdx, "license-file", path, clip(text.strip()), 0.8) if spdx else None


#: The licenses whose notices offer the others by an "Alternatively, ..." sentence (the Mozilla tri-license).
_MOZILLA = ("MPL-", "NPL-")
_MOZILLA_NAME = re.compile(r"\b(?:Mozilla|Netscape)\s+Public\s+License", re.IGNORECASE)


def _mozilla_alternatives(text: str, findings: list[Finding]) -> list[Finding]:
    """A Mozilla notice found as a statement ("The contents of this file are subject to the Mozilla
    Public License Version 1.1") in a file that bundles it with other licenses, offered with the
    licenses its "Alternatively, ..." sentence names: MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later."""
    mozilla = [i for i, f in enumerate(findings) if f.spdx.startswith(_MOZILLA) and " " not in f.spdx]
    if len(mozilla) != 1:
        return findings
    alternatives = offered_alternatives(text)
    found = findings[mozilla[0]]
    if not alternatives or license_keys(alternatives) <= license_keys(found.spdx):
        return findings
    offered = dataclasses.replace(found, spdx=f"{found.spdx} OR {alternatives}",
                                  snippet=clip(f"{found.snippet}; alternatively {alternatives}"))
    return [offered if i == mozilla[0] else f for i, f in enumerate(findings)]


def read_license_file(path: Path, where: str | None = None, max_bytes: int = SIBLING_MAX_BYTES) -> list[Finding]:
    """``detect_license_file`` on a file on disk, so that a pointer file is resolved against the files
    it names beside it. ``where`` names the file in findings (its path by default)."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise ValueError(f"{path}: {size} bytes, over the {max_bytes}-byte limit for a license file")
    return detect_license_file(where or str(path), path.read_bytes().decode("utf-8", "replace"), folder=path.parent)


#: Families whose versioned grant elsewhere in a file says what a versionless name of theirs meant.
_VERSIONED_GRANT = re.compile(r"gpl|apache", re.IGNORECASE)


def _without_vague_names(findings: list[Finding], statements: list[Finding], stated: set[str]) -> list[Finding]:
    """Findings less a statement naming a license without its version ("licensed under the BSD
    license", a link to opensource.org's old BSD page, "covered by the GNU GPL") when the file also
    holds a text of that family (``stated``: the keys of a BSD-3-Clause text, of a Debian file's
    ``License:`` fields) or, for a GNU or Apache license, a grant naming its version ("version 2, or
    any later version", "Licensed under the Apache License, Version 2.0"): that says which license the
    name meant ("is GPL licensed" in a Debian Comment field, "If you use Apache-licensed parts").
    Only ``statements`` (found in the text's prose) can be vague: a Debian "License: GPL" field is
    its own paragraph's license. A NOTICE's
    "BSD-style license" for one component beside another's "BSD-3-Clause" statement is kept."""
    vague = [f for f in statements if is_vague(f)]
    if not vague:
        return findings
    named = stated | {k for f in findings if f not in vague and _VERSIONED_GRANT.search(f.spdx)
                      for k in license_keys(f.spdx)}
    return without_vague(findings, vague, named)


def _links_inside_texts(text: str, findings: list[Finding]) -> Callable[[Finding], bool]:
    """Whether a statement is a link within the lines of a single license text the file holds: part
    of its wording. The GPL-2.0's last sentence in Markdown links "[GNU Lesser General Public
    License](https://www.gnu.org/licenses/lgpl.html)", no LGPL of the file's. (Other statements there
    stay: a GPL notice between two copies of an X11 text is the file's own.) Spans are found only
    when a link needs one."""
    spans: list[tuple[int, int]] | None = None

    def inside(mention: Finding) -> bool:
        nonlocal spans
        if mention.line is None or not _LINK.match(mention.snippet):
            return False
        if spans is None:
            found = (reference_span(text, f.spdx) for f in findings if is_text_finding(f) and " " not in f.spdx)
            spans = [span for span in found if span is not None]
        return any(first <= mention.line <= last for first, last in spans)

    return inside


def _choice_above(head: list[Finding], full: Finding) -> list[Finding]:
    """Statements at the head of a well-matched license file that offer a choice beyond its text."""
    covered = license_keys(full.spdx)
    return [m for m in head if " OR " in m.spdx and not license_keys(m.spdx) <= covered]


def _outside_exceptions(text: str) -> str:
    """A Debian file's text outside its license fields less the blocks that quote an exception: a comment
    quoting an exception's text ("... governed by GPLv3") states no license of the file's. Every exception
    text speaks of an exception, an exemption or a permission, so most files skip the search."""
    return without_exceptions(text) if _EXCEPTION_WORD.search(text) else text


def detect_license_file(path: str, text: str, folder: Path | None = None) -> list[Finding]:
    """Every license ``text`` states, one finding per license, most certain first. ``folder``, when
    the text was read from disk, is where the files a pointer names are looked up."""
    text = _without_line_labels(text)
    findings: list[Finding] = []
    debian = is_debian_copyright(text)
    if debian:
        findings = debian_findings(path, text)
    else:
        full = identify_license_text(text, path)
        if full is not None:
            alternatives = offered_alternatives(text)
            # beside another text, a Mozilla notice's sentence belongs to that notice (``_mozilla_alternatives``)
            if alternatives and " " not in full.spdx and not license_keys(alternatives) <= license_keys(full.spdx) \
                    and (full.spdx.startswith(_MOZILLA) or _MOZILLA_NAME.search(text) is None):
                full = dataclasses.replace(full, spdx=f"{full.spdx} OR {alternatives}",
                                           snippet=clip(f"{full.snippet}; alternatively {alternatives}"))
            findings.append(full)
            if full.confidence >= MATCHED_ENOUGH:
                head = find_mentions(text[:HEAD_REACH], path, kind="license-file")
                findings = with_or_later_grants(text, findings, head) + _choice_above(head, full)
                return _with_exceptions(path, findings, find_exceptions(text))
        else:
            named = _license_name_only(path, text) or _pointer(path, text, folder)
            if named is not None:
                return [named]
    stated = {k for f in findings if debian or is_text_finding(f) for k in license_keys(f.spdx)}
    exceptions = find_exceptions(text)
    mentions = find_mentions(_outside_exceptions(outside_license_fields(text)) if debian
                             else without_notes_outside_licenses(text), path, kind="license-file")
    if not debian:
        findings = with_or_later_grants(text, findings, mentions)
    covered = set().union(*(license_keys(f.spdx) for f in findings))
    quoted = set().union(*(quoted_by(k) for f in findings if f.kind == "license-file" for k in license_keys(f.spdx)),
                         *(exc.names for exc in exceptions))
    if debian:  # a Debian file states each version it grants: "GPL-3 or later" in a Comment beside "License: GPL-3"
        granted = {without_version(k) for k in covered}
        quoted -= {k for k in quoted if without_version(k) in granted}
    statements: list[Finding] = []
    inside_a_text = _links_inside_texts(text, findings) if not debian else lambda _: False
    for mention in mentions:
        keys = license_keys(mention.spdx)
        if links_a_granted_text(mention, covered) or inside_a_text(mention):
            continue
        if not keys <= covered and not (findings and keys <= quoted):
            covered |= keys
            findings.append(mention)
            statements.append(mention)
    if not debian and not any(" OR " in f.spdx for f in findings):
        findings = _mozilla_alternatives(text, findings)
    findings.extend(find_unlisted(text, path))  # License: texts and Comment: fields alike
    findings = _without_vague_names(without_bare_reservation(findings), statements, stated)
    # a Debian file's exceptions were attached paragraph by paragraph; the reservation goes before (an
    # exception for any license would attach to it) and after (the license an exception governs may come now)
    findings = without_bare_reservation(_with_exceptions(path, findings, () if debian else exceptions))
    best: dict[str, Finding] = {}
    for f in findings:
        if f.spdx not in best or f.confidence > best[f.spdx].confidence:
            best[f.spdx] = f
    return sorted(best.values(), key=lambda f: -f.confidence)
