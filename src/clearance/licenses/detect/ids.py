"""Current SPDX ids for what detection finds.

Deprecated GNU ids ("GPL-2.0+", "LGPL-2.1", "GFDL-1.3", "GPL-3.0-with-GCC-exception", and "wxWindows",
the Library GPL with an exception) become their ``-or-later``/``-only`` forms.
A GNU license named without a version becomes "any version ever published", which is what the
licenses themselves say of that case (GPL-2.0 section 9, GPL-3.0 section 14, LGPL-2.0 section 13):
GPL-1.0-or-later, LGPL-2.0-or-later (the first Library GPL), GFDL-1.1-or-later (GFDL section 10).
"""

from __future__ import annotations

import re

_VERSION_TAIL = re.compile(r"-\d.*$")
_PLUS = re.compile(r"\b((?:A|L)?GPL-[123]\.[01]|GFDL-1\.[123])\+")
_BARE = re.compile(r"\b((?:A|L)?GPL-[123]\.[01]|GFDL-1\.[123])(?![\w.+-])")
#: A GNU license named without a version: its own terms say any version ever published may be chosen.
UNVERSIONED = {"LicenseRef-GPL-unversioned": "GPL-1.0-or-later", "LicenseRef-LGPL-unversioned": "LGPL-2.0-or-later",
               "LicenseRef-GFDL-unversioned": "GFDL-1.1-or-later"}
_UNVERSIONED = re.compile("|".join(UNVERSIONED))
#: Deprecated "license with exception" ids, as the projects that use each exception license their code:
#: GCC's runtime, Autoconf and Bison are "version N or later"; the Classpath and font exceptions
#: come with GPL-2.0 as a text (the rule for a bare GPL-2.0: ``-only``).
WITH_EXCEPTION = {
    "GPL-3.0-with-GCC-exception": "GPL-3.0-or-later WITH GCC-exception-3.1",
    "GPL-2.0-with-GCC-exception": "GPL-2.0-or-later WITH GCC-exception-2.0",
    "GPL-3.0-with-autoconf-exception": "GPL-3.0-or-later WITH Autoconf-exception-3.0",
    "GPL-2.0-with-autoconf-exception": "GPL-2.0-or-later WITH Autoconf-exception-2.0",
    "GPL-2.0-with-bison-exception": "GPL-2.0-or-later WITH Bison-exception-2.2",
    "GPL-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
    "GPL-2.0-with-font-exception": "GPL-2.0-only WITH Font-exception-2.0",
    # the wxWindows Library Licence is the Library GPL, version 2 or later, with the wxWindows exception
    "wxWindows": "LGPL-2.0-or-later WITH WxWindows-exception-3.1",
}
_WITH_EXCEPTION = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(k) for k in WITH_EXCEPTION) + r")(?![\w.-])",
                             re.IGNORECASE)
_WITH_EXCEPTION_KEYS = {k.lower(): v for k, v in WITH_EXCEPTION.items()}
_OPERATORS = re.compile(r"\s+(?:AND|OR|WITH)\s+|[()]", re.IGNORECASE)


def license_keys(spdx: str) -> frozenset[str]:
    """The ids (licenses and exceptions, lower case) an expression names, whatever joins them."""
    return frozenset(k.strip().lower() for k in _OPERATORS.split(spdx) if k.strip())


def spdx_terms(spdx: str) -> list[str]:
    """The ids of an expression in order, case kept, operators and brackets dropped."""
    return [t for t in spdx.replace("(", " ").replace(")", " ").split() if t not in ("AND", "OR", "WITH")]


def current_ids(spdx: str) -> str:
    """``spdx`` with deprecated GNU ids (``WITH_EXCEPTION`` too) and unversioned GNU licenses replaced by
    current ids."""
    if "GPL" not in spdx and "GFDL" not in spdx and "wxwindows" not in spdx.lower():
        return spdx
    spdx = _UNVERSIONED.sub(lambda m: UNVERSIONED[m[0]], spdx)
    spdx = _WITH_EXCEPTION.sub(lambda m: _WITH_EXCEPTION_KEYS[m[0].lower()], spdx)
    return _BARE.sub(r"\1-only", _PLUS.sub(r"\1-or-later", spdx))


def without_version(key: str) -> str:
    """A license key without its version and ``-only``/``-or-later``: ``gpl-3.0-or-later`` -> ``gpl``."""
    return _VERSION_TAIL.sub("", key)
