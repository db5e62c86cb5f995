"""Files that license by pointing at other license files by name: "available under the terms of
*either* of the licenses found in LICENSE.APACHE or LICENSE.BSD" (packaging, cryptography).

The license is read from each file name's suffix (``LICENSE.APACHE``, ``LICENSE-MIT``,
``COPYING.LGPL``); "either" makes a choice (OR), otherwise every named file applies (AND). A suffix
gives no version, so "APACHE" is the unversioned Apache license: the files pointed to, read by the
repository reader, say which one.
"""

from __future__ import annotations

import re

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
