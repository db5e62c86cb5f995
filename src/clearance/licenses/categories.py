"""License categories: what a license lets a model builder or a model's user do with the work.

The eight categories are ordered from the least to the most restrictive. ``AND`` of two licenses
takes the more restrictive category; ``unknown`` ranks above everything, so a work whose terms are
not known is never treated as if its terms were known to be lenient.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Category(StrEnum):
    PUBLIC_DOMAIN = "public-domain"
    PERMISSIVE = "permissive"
    WEAK_COPYLEFT = "weak-copyleft"
    STRONG_COPYLEFT = "strong-copyleft"
    NON_COMMERCIAL = "non-commercial"
    NO_DERIVATIVES = "no-derivatives"
    PROPRIETARY = "proprietary"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """0 for public domain up to 7 for unknown: higher means more restrictive."""
        return _ORDER.index(self)

    @classmethod
    def parse(cls, value: str) -> Category:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown license category {value!r}; choose one of "
                             f"{', '.join(c.value for c in cls)}") from None


_ORDER = list(Category)

#: From the least to the most restrictive: the default preference when an ``OR`` offers a choice.
LEAST_RESTRICTIVE_FIRST: tuple[Category, ...] = tuple(_ORDER)


def most_restrictive(categories: list[Category]) -> Category:
    """The category of licenses that all apply at once (an ``AND``)."""
    return max(categories, key=lambda c: c.rank) if categories else Category.UNKNOWN


#: ScanCode's license categories (shipped with license-expression) mapped to ours. "Free Restricted"
#: licenses forbid some fields of use (military, nuclear, commercial redistribution): they share the
#: non-commercial tier, the tier of use restrictions. A CLA grants nothing to the work's users.
SCANCODE_CATEGORIES: dict[str, Category] = {
    "Public Domain": Category.PUBLIC_DOMAIN,
    "Permissive": Category.PERMISSIVE,
    "Copyleft Limited": Category.WEAK_COPYLEFT,
    "Copyleft": Category.STRONG_COPYLEFT,
    "Free Restricted": Category.NON_COMMERCIAL,
    "Source-available": Category.PROPRIETARY,
    "Proprietary Free": Category.PROPRIETARY,
    "Commercial": Category.PROPRIETARY,
    "Patent License": Category.PROPRIETARY,
    "CLA": Category.UNKNOWN,
    "Unstated License": Category.UNKNOWN,
}

#: Creative Commons, by the license elements in the id (any version or port: CC-BY-NC-SA-2.0-FR ...).
#: ShareAlike binds the whole adapted work, not one file, hence strong copyleft.
_CC = re.compile(r"^CC-(?P<elements>(?:BY|NC|ND|SA)(?:-(?:BY|NC|ND|SA))*)-\d", re.IGNORECASE)
_CC_PUBLIC_DOMAIN = {"cc0-1.0", "cc-pddc", "cc-pdm-1.0"}


def creative_commons_category(spdx_id: str) -> tuple[Category, str] | None:
    """The category of a Creative Commons id, with the rule that gave it; None if not CC."""
    if spdx_id.lower() in _CC_PUBLIC_DOMAIN:
        return Category.PUBLIC_DOMAIN, "Creative Commons public-domain tool"
    match = _CC.match(spdx_id)
    if match is None:
        return None
    elements = set(match["elements"].upper().split("-"))
    if "ND" in elements:
        return Category.NO_DERIVATIVES, "Creative Commons NoDerivatives"
    if "NC" in elements:
        return Category.NON_COMMERCIAL, "Creative Commons NonCommercial"
    if "SA" in elements:
        return Category.STRONG_COPYLEFT, "Creative Commons ShareAlike (binds the whole adaptation)"
    return Category.PERMISSIVE, "Creative Commons Attribution"


#: Exceptions that let code be linked, or a tool's output be used, without the copyleft applying to
#: the rest: a strong-copyleft license WITH one of them is weak copyleft. Other exceptions (for
#: example permission to link OpenSSL) leave the category as it is.
RELAXING_EXCEPTIONS = frozenset(name.lower() for name in (
    "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Autoconf-exception-generic",
    "Autoconf-exception-generic-3.0", "Autoconf-exception-macro", "Bison-exception-1.24",
    "Bison-exception-2.2", "Bootloader-exception", "CGAL-linking-exception", "Classpath-exception-2.0",
    "Classpath-exception-2.0-short", "CLISP-exception-2.0", "DigiRule-FOSS-exception", "eCos-exception-2.0",
    "erlang-otp-linking-exception", "Fawkes-Runtime-exception", "FLTK-exception", "fmt-exception",
    "Font-exception-2.0", "freertos-exception-2.0", "GCC-exception-2.0", "GCC-exception-2.0-note",
    "GCC-exception-3.1", "Gmsh-exception", "GNAT-exception", "GNOME-examples-exception",
    "GNU-compiler-exception", "gnu-javamail-exception", "GPL-3.0-interface-exception",
    "GPL-3.0-linking-exception", "GPL-3.0-linking-source-exception", "GStreamer-exception-2005",
    "GStreamer-exception-2008", "harbour-exception", "i2p-gpl-java-exception",
    "Independent-modules-exception", "KiCad-libraries-exception", "LGPL-3.0-linking-exception",
    "Libtool-exception", "LLVM-exception", "LZMA-exception", "mif-exception", "mxml-exception",
    "OCaml-LGPL-linking-exception", "OCCT-exception-1.0", "OpenJDK-assembly-exception-1.0",
    "polyparse-exception", "PS-or-PDF-font-exception-20170817", "Qt-GPL-exception-1.0",
    "Qt-LGPL-exception-1.1", "Qwt-exception-1.0", "romic-exception", "rsync-linking-exception",
    "Simple-Library-Usage-exception", "SWI-exception", "Swift-exception", "Texinfo-exception",
    "u-boot-exception-2.0", "UBDL-exception", "Universal-FOSS-exception-1.0", "WxWindows-exception-3.1",
))
