"""Files that license by pointing at other license files by name: "available under the terms of
*either* of the licenses found in LICENSE.APACHE or LICENSE.BSD" (packaging, cryptography).

The license is read from each file name's suffix (``LICENSE.APACHE``, ``LICENSE-MIT``,
``COPYING.LGPL``); "either" makes a choice (OR), otherwise every named file applies (AND). A suffix
gives no version, so "APACHE" is the unversioned Apache license: the files pointed to, when the file
is read from disk (``clearance.licenses.detect.siblings``), say which one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearance.licenses.expression import parse_license

_FILE = r"(?:LICEN[CS]E|COPYING)[._-](?P<{0}>[A-Za-z0-9.+-]+?)(?:\.(?:txt|md|rst))?"
_POINTER = re.compile(
    r"(?P<either>\beither\b[^.]{0,40}?)?\blicen[cs]es?\s+(?:found\s+|contained\s+|given\s+)?in\s+(?:the\s+files?\s+)?"
    + _FILE.format("a") + r"\s*,?\s*(?P<op>or|and)\s+" + _FILE.format("b") + r"(?![\w-])",
    re.IGNORECASE)


def pointed_licenses(text: str) -> str | None:
    """The expression a pointer sentence gives, or None when the text has none."""
    m = _POINTER.search(text)
    if not m:
        return None
    names = [parse_license(m[k].replace("_", "-")) for k in ("a", "b")]
    if any(n.spdx is None or n.problem is not None for n in names):
        return None
    op = " OR " if m["either"] or m["op"].lower() == "or" and "both" not in m[0].lower() else " AND "
    info = parse_license(op.join(n.spdx for n in names))
    return info.spdx if info.spdx and info.problem is None else None


#: A license file's name as a text mentions it: not preceded by a path separator or a dot, so
#: "../LICENSE.APACHE" or "/usr/share/common-licenses/GPL-3" never names a file beside this one.
_NAMED = re.compile(r"(?<![\w/\\.-])((?:LICEN[CS]E|COPYING|NOTICE|UNLICEN[CS]E)(?:[._-][A-Za-z0-9+-]+)*)(?![\w/\\-])",
                    re.IGNORECASE)
#: Words that make a name a pointer ("see COPYING.LIB", "the full text is in LICENSE-MIT").
_LEAD = re.compile(r"\b(?:see|in|found|contained|given|at|refer|under)\b[^.\n]{0,40}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Pointer:
    """License files a text points at, and how their licenses combine (`` OR `` or `` AND ``)."""

    names: tuple[str, ...]
    operator: str


def pointed_files(text: str) -> Pointer | None:
    """The license file names a short text points at ("either of the licenses found in
    LICENSE.APACHE or LICENSE.BSD", "see COPYING.LIB"), or None. Only names with a suffix count: a
    bare "LICENSE" is the file itself or its generic name."""
    names: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _NAMED.finditer(text):
        name = m[1].rstrip(".")
        if name.upper() in ("LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE", "UNLICENCE"):
            continue
        if not (names and m.start() - spans[-1][1] < 40) and not _LEAD.search(text[max(0, m.start() - 60): m.start()]):
            continue
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
            spans.append(m.span(1))
    if not names:
        return None
    between = text[spans[0][1]: spans[-1][0]].lower() if len(spans) > 1 else ""
    sentence = text[max(0, spans[0][0] - 80): spans[0][0]].lower()
    choice = re.search(r"\bor\b", between) is not None or re.search(r"\beither\b", sentence) is not None
    return Pointer(tuple(names), " OR " if choice else " AND ")
