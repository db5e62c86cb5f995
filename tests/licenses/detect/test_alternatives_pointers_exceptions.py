"""License files that offer alternatives (Mozilla's "Alternatively ..." notice), point at other
license files by name, or carry an exception without the license it modifies."""

from __future__ import annotations

from clearance.licenses.detect import detect_license_file, find_mentions
from clearance.licenses.detect.alternatives import offered_alternatives
from clearance.licenses.detect.pointers import pointed_licenses
from clearance.licenses.detect.reference import reference_text

TRI_LICENSE_HEADER = """ * Alternatively, the contents of this file may be used under the terms of
 * either the GNU General Public License Version 2 or later (the "GPL"), or
 * the GNU Lesser General Public License Version 2.1 or later (the "LGPL"),
 * in which case the provisions of the GPL or the LGPL are applicable instead
 * of those above."""


def _mpl_with_exhibit(alternative: str) -> str:
    text = reference_text("MPL-1.1")
    blank = "under the terms of the _____ license"
    assert blank in text
    return text.replace(blank, f"under the terms of {alternative}")


def test_a_filled_in_mpl_exhibit_makes_the_alternatives_a_choice():
    text = _mpl_with_exhibit("the GPL 2.0 license or LGPL 2.1 license")
    assert [f.spdx for f in detect_license_file("LICENSE_MPL_1.1.txt", text)] == [
        "MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-only"]


def test_the_blank_mpl_exhibit_offers_no_alternative():
    assert offered_alternatives(reference_text("MPL-1.1")) is None
    assert [f.spdx for f in detect_license_file("LICENSE", reference_text("MPL-1.1"))] == ["MPL-1.1"]


def test_the_tri_license_header_across_comment_lines():
    assert offered_alternatives(TRI_LICENSE_HEADER) == "GPL-2.0-or-later OR LGPL-2.1-or-later"


def test_a_tri_license_notice_bundled_with_other_texts_is_a_choice():
    """The App Engine SDK's LICENSE: an Apache notice, a BSD text, then the Mozilla notice of the
    bundled cacerts. The notice is found as a statement, not a full text, and still offers the others."""
    mozilla = ('The contents of this file are subject to the Mozilla Public License Version\n1.1 (the "License"); '
               "you may not use this file except in compliance with\nthe License.\n\n" + TRI_LICENSE_HEADER
               .replace(" * ", ""))
    text = (reference_text("BSD-3-Clause") + "\n\ncacerts\n=======\n" + mozilla)
    found = [f.spdx for f in detect_license_file("LICENSE", text)]
    assert "MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later" in found
    assert "BSD-3-Clause" in found
    # two Mozilla notices: which one the sentence belongs to is not known, neither gets it
    two = text + "\n\nThe contents of this file are subject to the Mozilla Public License Version 2.0 (the \"License\")."
    assert not any(" OR " in f.spdx for f in detect_license_file("LICENSE", two))


def test_chains_read_past_license_words_and_slashes():
    found = find_mentions("This file is distributed under the GPL 2.0 license or LGPL 2.1 license.", "x")
    assert [f.spdx for f in found] == ["GPL-2.0-only OR LGPL-2.1-only"]
    found = find_mentions("It is released under the terms of the GPL 2.0/LGPL 2.1 License.", "x")
    assert [f.spdx for f in found] == ["GPL-2.0-only OR LGPL-2.1-only"]


def test_a_file_pointing_at_two_license_files_is_a_choice():
    text = ("This software is made available under the terms of *either* of the licenses\n"
            "found in LICENSE.APACHE or LICENSE.BSD. Contributions to this software is made\n"
            "under the terms of *both* these licenses.\n")
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == [
        "LicenseRef-Apache-unversioned OR LicenseRef-BSD-unversioned"]
    assert pointed_licenses("Licensed under the licenses in LICENSE-MIT and LICENSE-APACHE.txt") == (
        "MIT AND LicenseRef-Apache-unversioned")
    assert pointed_licenses("See the licenses in LICENSE.foo or LICENSE.bar.") is None


def test_an_exception_without_its_license_is_attached_to_the_license_it_names():
    text = (reference_text("BSD-3-Clause") + "\n\n----\nThis distribution also bundles:\n\nName: GCC runtime library\n\n"
            "GCC RUNTIME LIBRARY EXCEPTION\n\nVersion 3.1, 31 March 2009\n\nThis GCC Runtime Library Exception "
            "(\"Exception\") is an additional permission under section 7 of the GNU General Public License, "
            "version 3 (\"GPLv3\").\n")
    spdx = sorted(f.spdx for f in detect_license_file("COPYING", text))
    assert spdx == ["BSD-3-Clause", "GPL-3.0-or-later WITH GCC-exception-3.1"]


def test_an_exception_beside_its_license_is_not_added_twice():
    text = reference_text("GPL-3.0-only") + "\n\nGCC RUNTIME LIBRARY EXCEPTION\n\nVersion 3.1, 31 March 2009\n"
    spdx = [f.spdx for f in detect_license_file("COPYING", text)]
    assert spdx == ["GPL-3.0-only WITH GCC-exception-3.1"]


def test_a_reworded_gcc_linking_exception_is_found():
    """libgit2's COPYING: GPL-2.0 with GCC's old linking exception, "the authors" and "this library"."""
    text = (" In addition to the permissions in the GNU General Public License,\n the authors give you unlimited "
            "permission to link the compiled\n version of this library into combinations with other programs,\n"
            " and to distribute those combinations without any restriction\n coming from the use of this file.\n\n"
            "----------------------------------------------------------------------\n\n"
            + reference_text("GPL-2.0-only"))
    assert [f.spdx for f in detect_license_file("COPYING", text)] == ["GPL-2.0-only WITH GCC-exception-2.0"]


WXWINDOWS = """              wxWindows Library Licence, Version 3.1
              ======================================

This library is free software; you can redistribute it and/or modify it
under the terms of the GNU Library General Public Licence as published by
the Free Software Foundation; either version 2 of the Licence, or (at your
option) any later version.

EXCEPTION NOTICE

1. As a special exception, the copyright holders of this library give
permission for additional uses of the text contained in this release of the
library as licenced under the wxWindows Library Licence, applying either
version 3.1 of the Licence, or (at your option) any later version of the
Licence as published by the copyright holders of version 3.1 of the Licence
document.

3. If you copy code from files distributed under the terms of the GNU
General Public Licence or the GNU Library General Public Licence into a
copy of this library, as this licence permits, the exception does not apply
to the code that you add in this way.
"""


def test_the_wxwindows_library_licence_is_the_lgpl_with_its_exception():
    """Frida's COPYING. The exception's own mention of the GPL is no second license."""
    assert [f.spdx for f in detect_license_file("COPYING", WXWINDOWS)] == [
        "LGPL-2.0-or-later WITH WxWindows-exception-3.1"]


def test_gmsh_exception_is_attached_to_the_gpl_it_modifies():
    text = ("Gmsh is provided under the terms of the GNU General Public License\n(GPL), Version 2 or later, with "
            "the following exception:\n\n  The copyright holders of Gmsh give you permission to combine Gmsh\n"
            "  with code included in the standard release of Netgen under their respective licenses.\n\n"
            "End of exception.\n\n" + reference_text("GPL-2.0-only"))
    assert [f.spdx for f in detect_license_file("LICENSE.txt", text)] == ["GPL-2.0-or-later WITH Gmsh-exception"]


def test_texinfo_exception_in_a_gpl_notice():
    text = ("This program is free software; you can redistribute it and/or modify it under the terms of the GNU\n"
            "General Public License as published by the Free Software Foundation; either version 3 of the License,\n"
            "or (at your option) any later version.\n\nAs a special exception, when this file is read by TeX when "
            "processing\na Texinfo source document, you may use the result without\nrestriction. This Exception is "
            "an additional permission under section 7\nof the GNU General Public License, version 3 (\"GPLv3\").\n")
    assert [f.spdx for f in detect_license_file("texinfo.tex", text)] == ["GPL-3.0-or-later WITH Texinfo-exception"]


def test_every_exception_is_looked_for_by_a_word_its_phrase_holds():
    """The anchor is checked with ``in`` before the regex: a word the phrase lacks would hide it."""
    from clearance.licenses.detect.exceptions import EXCEPTIONS

    for exc in EXCEPTIONS:
        assert " " not in exc.anchor and exc.anchor in exc.pattern.pattern.lower(), exc.spdx
