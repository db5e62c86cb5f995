"""License exceptions named in license files ("LLVM Exceptions to the Apache 2.0 License", the GCC
Runtime Library Exception ...): found by their distinctive titles or opening sentences, then attached
to the license they modify as ``<license> WITH <exception>``.

The SPDX reference texts shipped here hold licenses only, so exceptions are recognized by phrase.
Each lists the licenses its text names (the LLVM exception speaks of the GPLv2), so that those names
are not taken for further licenses of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnownException:
    spdx: str
    pattern: re.Pattern[str]
    applies_to: tuple[str, ...]  # id prefixes of the licenses it can modify
    names: frozenset[str]  # license keys (lower case) its own text mentions
    #: The license the exception's own text says it modifies, for a file that carries the exception
    #: without that license's text (a bundle listing "GCC runtime library" with only the exception; the GCC
    #: and Autoconf exceptions were written for GPL-3.0-or-later code, GCC's and Autoconf's own);
    #: None where the text does not say which version.
    governs: str | None = None


def _exception(spdx: str, phrase: str, applies_to: tuple[str, ...], names: set[str],
               governs: str | None = None) -> KnownException:
    pattern = re.compile(r"\s+".join(phrase.split()), re.IGNORECASE)
    return KnownException(spdx, pattern, applies_to, frozenset(names), governs)


EXCEPTIONS = (
    _exception("LLVM-exception", r"LLVM Exceptions? to the Apache 2\.0 License", ("Apache-2.0",), {"gpl-2.0-only"},
               "Apache-2.0"),
    _exception("GCC-exception-3.1", r"GCC RUNTIME LIBRARY EXCEPTION", ("GPL-3.0",),
               {"gpl-3.0-only", "gpl-3.0-or-later", "gpl-1.0-or-later"}, "GPL-3.0-or-later"),
    _exception("Classpath-exception-2.0", r"Linking this library statically or dynamically with other modules is "
               r"making a combined work", ("GPL-2.0",),
               {"gpl-2.0-only", "gpl-2.0-or-later", "gpl-1.0-or-later"}),
    _exception("fmt-exception", r"Optional exception to the license", ("MIT",), set()),
    _exception("Bison-exception-2.2", r"you may create a larger work that contains part or all of the Bison "
               r"parser skeleton", ("GPL-2.0", "GPL-3.0"), {"gpl-1.0-or-later"}),
    _exception("Autoconf-exception-3.0", r"AUTOCONF CONFIGURE SCRIPT EXCEPTION", ("GPL-3.0",),
               {"gpl-3.0-only", "gpl-3.0-or-later", "gpl-1.0-or-later"}, "GPL-3.0-or-later"),
)


def find_exceptions(text: str) -> list[KnownException]:
    """The known exceptions whose phrase appears in ``text``."""
    return [exc for exc in EXCEPTIONS if exc.pattern.search(text)]
