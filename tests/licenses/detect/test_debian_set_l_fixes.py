"""Clearance errors the blind set L (docs/bench/license-detection.md) showed at its one run, each fixed
for the general case it belongs to."""

from clearance.licenses.detect.custom_notices import is_custom_permissive
from clearance.licenses.detect.texts import identify_license_text

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent

_BSD2 = (debian_copyright.BSD_HEAD + "\nTHIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" "
         "AND ANY " + debian_copyright.BSD_DISCLAIMER.format(holder="THE COPYRIGHT HOLDER OR CONTRIBUTORS"))
_VIEWS = ("The views and conclusions contained in the software and documentation are those of the authors and "
          "should not be interpreted as representing official policies, either expressed or implied, of the "
          "FreeBSD Project.")


def test_gettexts_notice_naming_the_gnu_public_license_is_still_a_grant():
    # spotlighter: "projects which are not available under a GNU Public License" (no "General")
    notice = ("This file may be copied and used freely without restrictions.  It may\nbe used in projects which are "
              "not available under a GNU Public License,\nbut which still want to provide support for the GNU "
              "gettext functionality.")
    assert is_custom_permissive(notice)
    assert ids("Files: po/Makefile.in.in\nCopyright: X\nLicense:\n" + indent(notice)) == \
        {"LicenseRef-custom-permissive"}


def test_a_variant_asking_for_more_words_beats_the_name_when_both_templates_hold():
    # libvinnie-java: "License: BSD-2-Clause" over BSD-2-Clause plus its "views and conclusions" paragraph,
    # after an ASF header that keeps the text match below trust
    asf = ("Licensed to the Apache Software Foundation (ASF) under one or more contributor license agreements.  See "
           "the NOTICE file distributed with this work for additional information regarding copyright ownership. "
           "The ASF licenses this file to You under the Apache License, Version 2.0 (the \"License\"); you may not "
           "use this file except in compliance with the License.  You may obtain a copy of the License at\n\n"
           "http://www.apache.org/licenses/LICENSE-2.0\n\nUnless required by applicable law or agreed to in "
           "writing, software distributed under the License is distributed on an \"AS IS\" BASIS, WITHOUT "
           "WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the specific "
           "language governing permissions and limitations under the License.")
    text = asf + "\n\n" + _BSD2 + "\n\n" + _VIEWS
    assert "BSD-2-Clause-Views" in ids("Files: *\nCopyright: X\nLicense: BSD-2-Clause\n" + indent(text))
    # the plain text under the same name stays BSD-2-Clause
    assert ids("Files: *\nCopyright: X\nLicense: BSD-2-Clause\n" + indent(_BSD2)) == {"BSD-2-Clause"}


def test_hpnd_sell_variant_without_its_optional_paragraph_is_found_among_spdx_texts():
    # xsel: the HPND-sell-variant text with "No representations are made" (SPDX's template holds it; the
    # reference, with its optional DISCLAIMS paragraph, is barely a third present), not ScanCode's
    # mit-old-style copy of the same words
    text = ("Permission to use, copy, modify, distribute, and sell this software and\nits documentation for any "
            "purpose is hereby granted without fee,\nprovided that the above copyright notice appear in all "
            "copies and that\nboth that copyright notice and this permission notice appear in\nsupporting "
            "documentation. No representations are made about the\nsuitability of this software for any purpose. "
            "It is provided \"as is\"\nwithout express or implied warranty.")
    assert identify_license_text(text, "x").spdx == "HPND-sell-variant"
    assert ids("Files: *\nCopyright: X\nLicense: X11\n\nLicense: X11\n" + indent(text)) == {"HPND-sell-variant"}


def test_redistribution_of_this_code_is_allowed_is_a_grant():
    # libgmerlin-avdec2's targa.c
    notice = ("Source and binary redistribution of this code, with or without changes,\nfor free or for profit, is "
              "allowed as long as this copyright notice is\nkept intact.  Modified versions must be clearly marked "
              "as modified.\n\nThis code is provided without any warranty.  The copyright holder is\nnot liable for "
              "anything bad that might happen as a result of the code.")
    assert is_custom_permissive(notice)
    assert ids("Files: lib/targa.*\nCopyright: X\nLicense: targa\n" + indent(notice)) == \
        {"LicenseRef-custom-permissive"}


def test_a_notice_granting_two_versions_refines_a_plus_name_to_those_two():
    # wngerman: "License: GPL-2+" over "the GNU General Public License version 2 or 3"
    notice = ("This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU "
              "General Public License version 2 or 3 as\npublished by the Free Software Foundation.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + indent(notice)) == {"GPL-2.0-only OR GPL-3.0-only"}
    # "or later" anywhere keeps the plus
    later = notice.replace("Foundation.", "Foundation, or (at your option) any later version.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + indent(later)) == {"GPL-2.0-or-later"}

