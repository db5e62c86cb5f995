"""SPDX matching templates: a license's variable regions (a holder's name, "THE AUTHOR") no longer make a
look-alike win by word overlap, and a template found inside a longer text does not swallow the rest."""

from __future__ import annotations

import re
import textwrap

import pytest

from clearance.licenses.detect import identify_license_text
from clearance.licenses.detect.files import detect_license_file
from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.reference import _payload, reference_text
from clearance.licenses.detect.templates import holds_template, template, template_tokens
from clearance.licenses.detect.texts import match_license_text


def _reworded(text: str, *pairs: tuple[str, str]) -> str:
    """``text`` with each phrase replaced, whatever the line breaks inside it."""
    for old, new in pairs:
        text, count = re.subn(r"\s+".join(map(re.escape, old.split())), new, text)
        assert count, old
    return text


#: BSD-3-Clause as many old packages word it: clause 3 and the disclaimer name "the author" (SPDX's
#: BSD-3-Clause template allows both); BSD-3-Clause-HP also says "THE AUTHOR", and was nearer by Dice.
BSD3_AUTHOR = _reworded(
    reference_text("BSD-3-Clause"), ("<year> <owner>", "2003 Jane Author"),
    ("Neither the name of the copyright holder nor the names of its contributors may be used",
     "The name of the author may not be used"),
    ("BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS", "BY THE AUTHOR"),
    ("SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE", "SHALL THE AUTHOR BE LIABLE"))

#: MIT followed by a paragraph of the X Window System family that SPDX's X11 template words
#: differently ("the names of the authors or their institutions"): MIT's template is found in it, but
#: that must not drop the closing paragraph, which X11 explains.
MIT_WITH_NAMES_CLAUSE = reference_text("MIT").replace("Copyright (c) <year> <copyright holders>", "") + """
Except as contained in this notice, the names of the authors or their
institutions shall not be used in advertising or otherwise to promote the
sale, use or other dealings in this Software without prior written
authorization from the authors.
"""

#: dulwich's LICENSE opens with this choice above the Apache-2.0 text.
DULWICH = ("Dulwich may be used under the conditions of either of two licenses,\nthe Apache License (version 2.0 or "
           "later) or the GNU General Public License,\nversion 2.0 or later.")


def _self_holding() -> list[str]:
    return [lic["id"] for lic in _payload()["licenses"]
            if template(lic["id"]) is not None and not holds_template(lic["id"], lic["text"])]


def test_every_shipped_reference_text_holds_its_own_template():
    # RSCPL's reference names "RSV's" liability where the template's region allows three words
    assert _self_holding() == ["RSCPL"]


def test_templates_cover_most_of_the_list_and_skip_the_unspecific():
    with_template = [lic["id"] for lic in _payload()["licenses"] if template(lic["id"]) is not None]
    assert len(with_template) > 600
    assert template("LicenseRef-Khronos") is None  # texts SPDX does not list have none
    bsd3 = template("BSD-3-Clause")
    assert bsd3 is not None and bsd3.literal_words > 100


def test_numbers_are_not_template_words():
    # a year range is one word in a template and many in a file
    assert template_tokens("Copyright (c) 2001, 2002, 2003 PSF; see section 10.") == ["copyright", "psf", "see",
                                                                                    "section"]


def test_bsd3_naming_the_author_is_bsd3_not_its_hp_look_alike():
    finding = identify_license_text(BSD3_AUTHOR, "LICENSE")
    assert finding is not None and finding.spdx == "BSD-3-Clause"


def test_a_changed_holder_in_a_template_region_still_matches():
    text = BSD3_AUTHOR.replace("The name of the author", "Neither the name of Acme Widgets nor the names of its "
                               "contributors").replace("THE AUTHOR", "ACME WIDGETS AND CONTRIBUTORS")
    assert holds_template("BSD-3-Clause", text)
    assert identify_license_text(text, "LICENSE").spdx == "BSD-3-Clause"


def test_a_template_is_not_held_across_another_licenses_clauses():
    # Apache-1.1's clauses 3 to 5 sit where BSD-3-Clause has a holder's name: no name is that long
    assert not holds_template("BSD-3-Clause", reference_text("Apache-1.1"))
    assert identify_license_text(reference_text("Apache-1.1"), "LICENSE").spdx == "Apache-1.1"


def test_a_template_inside_a_longer_text_does_not_drop_the_rest():
    assert holds_template("MIT", MIT_WITH_NAMES_CLAUSE)
    matches, _ = match_license_text(MIT_WITH_NAMES_CLAUSE)
    assert matches[0].spdx == "X11"


def test_bsd4_uc_template_leaves_room_for_the_regents_copyright_line():
    text = reference_text("BSD-4-Clause-UC").replace("The Regents of the University of California", "The Regents")
    assert holds_template("BSD-4-Clause-UC", text)
    body = text[text.index("Redistribution"):]
    assert holds_template("BSD-4-Clause-UC", body)  # no copyright line at all
    assert identify_license_text(body, "COPYING").spdx == "BSD-4-Clause-UC"


def test_a_bundled_bsd3_naming_the_author_is_found_after_apache():
    text = reference_text("Apache-2.0") + "\n\n" + BSD3_AUTHOR
    finding = identify_license_text(text, "LICENSE")
    assert finding.spdx == "Apache-2.0 AND BSD-3-Clause"


#: MIT's X Consortium notice as install-sh carries it: HPND-sell-variant without its optional DISCLAIMS
#: paragraph, half of SPDX's reference text and the whole of what its template requires.
SELL_VARIANT_SHORT = """Copyright 1991 by the Massachusetts Institute of Technology

Permission to use, copy, modify, distribute, and sell this software and its
documentation for any purpose is hereby granted without fee, provided that
the above copyright notice appear in all copies and that both that
copyright notice and this permission notice appear in supporting
documentation, and that the name of M.I.T. not be used in advertising or
publicity pertaining to distribution of the software without specific,
written prior permission.  M.I.T. makes no representations about the
suitability of this software for any purpose.  It is provided "as is"
without express or implied warranty.
"""


def test_a_template_held_without_its_optional_closing_paragraph_names_the_text():
    assert holds_template("HPND-sell-variant", SELL_VARIANT_SHORT)
    finding = identify_license_text(SELL_VARIANT_SHORT, "COPYING")
    assert finding.spdx == "HPND-sell-variant"
    assert finding.confidence >= 0.9  # the template is held whole, however little of the reference is present


def test_a_template_trailing_region_accounts_for_the_words_after_its_last_run():
    sell = template("HPND-sell-variant")
    assert sell.trail > 0 and template("BSD-3-Clause").trail == 0
    words = " " + " ".join(template_tokens(SELL_VARIANT_SHORT))
    span = sell.search(words)
    assert span is not None and words.count(" ", *span) < sell.covered(words, span) <= words.count(" ")


def test_a_partly_held_template_does_not_name_a_text_missing_its_fixed_words():
    # drop a fixed word of the template ("sell"): the text is no longer HPND-sell-variant
    text = SELL_VARIANT_SHORT.replace("distribute, and sell", "distribute")
    assert not holds_template("HPND-sell-variant", text)
    finding = identify_license_text(text, "COPYING")
    assert finding is None or finding.spdx != "HPND-sell-variant"


@pytest.mark.parametrize(("sentence", "expected"), [
    (DULWICH, "Apache-2.0 OR GPL-2.0-or-later"),
    ("This library may be used under the terms of the Apache License, Version 2.0.", "Apache-2.0"),
])
def test_used_under_the_conditions_of_is_a_grant(sentence, expected):
    assert [f.spdx for f in find_mentions(sentence, "LICENSE")] == [expected]


def test_used_by_is_no_grant():
    assert find_mentions("This module is used by the GPL tools of the GNU project.", "README") == []


def test_a_choice_stated_above_a_full_text_is_reported_with_it():
    text = DULWICH + "\n\n" + reference_text("Apache-2.0")
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == ["Apache-2.0", "Apache-2.0 OR GPL-2.0-or-later"]


#: A history section above CPython's license stack, in the shape CPython's LICENSE has (written here, in
#: words license texts use, so that it counts against a whole-file match as the real one does).
HISTORY = ("A. HISTORY OF THE SOFTWARE\n==========================\n\n" + "\n".join(
    f"In year {n} the software was distributed by {who} under a license agreement that permits use, and the "
    f"copyright in each release of the work passed to {who} with all rights for {what}."
    for n, who, what in [(1991, "the institute", "research"), (1995, "the corporation", "commercial products"),
                         (2000, "the company", "derivative works"), (2001, "the foundation", "any purpose"),
                         (2002, "the members of the foundation", "distribution"),
                         (2003, "the author and contributors", "modification")])
    + "\n\nB. TERMS AND CONDITIONS FOR ACCESSING OR OTHERWISE USING PYTHON\n\n")


def test_a_license_stack_cut_into_parts_is_one_license():
    # the PSF agreement opens Python-2.0.1's text: cut there, it is a piece of that text, not PSF-2.0 beside it
    assert identify_license_text(HISTORY + reference_text("Python-2.0.1"), "LICENSE").spdx == "Python-2.0.1"


def test_an_mit_notice_beside_an_x11_notice_is_two_licenses():
    mit = reference_text("MIT").replace("<year> <copyright holders>", "1998 A")
    x11 = reference_text("X11").replace("<year>", "1996").replace("<copyright holders>", "X Consortium")
    found = identify_license_text(HISTORY + mit + "\n\n" + x11, "LICENSE").spdx
    assert {"MIT", "X11"} <= set(found.split(" AND ")), found


@pytest.mark.parametrize("spdx", ["LicenseRef-Biopython", "LicenseRef-libmng", "LicenseRef-BLAS"])
def test_texts_spdx_lacks_that_wheels_bundle_are_named(spdx):
    text = reference_text(spdx)
    assert text is not None
    framed = f"This directory contains a bundled component.\n\n{text}\n"
    assert identify_license_text(framed, "LICENSE").spdx == spdx


def test_biopython_beside_bsd3_is_both_not_an_hpnd_look_alike():
    text = ("Biopython is currently released under the \"Biopython License Agreement\" (given in full below).\n\n"
            + reference_text("LicenseRef-Biopython") + "\n\nBSD 3-Clause License\n\n" + reference_text("BSD-3-Clause"))
    assert set(identify_license_text(text, "LICENSE.rst").spdx.split(" AND ")) == {"LicenseRef-Biopython",
                                                                                    "BSD-3-Clause"}


#: The LEGAL ISSUES section of the IJG README as releases 9 and later word it (two authors named, no
#: paragraph on ansi2knr), after the README's introduction: SPDX's IJG text is the README of release 6b.
IJG_9_README = """The Independent JPEG Group's JPEG software
==========================================

This distribution contains a release of the Independent JPEG Group's free JPEG
software.  You are welcome to redistribute this software and to use it for any
purpose, subject to the conditions under LEGAL ISSUES, below.

LEGAL ISSUES
============

In plain English:

1. We don't promise that this software works.  (But if you find any bugs,
   please let us know!)
2. You can use this software for whatever you want.  You don't have to pay us.
3. You may not pretend that you wrote this software.  If you use it in a
   program, you must acknowledge somewhere in your documentation that
   you've used the IJG code.

In legalese:

The authors make NO WARRANTY or representation, either express or implied,
with respect to this software, its quality, accuracy, merchantability, or
fitness for a particular purpose.  This software is provided "AS IS", and you,
its user, assume the entire risk as to its quality and accuracy.

This software is copyright (C) 1991-2020, Thomas G. Lane, Guido Vollbeding.
All Rights Reserved except as specified below.

Permission is hereby granted to use, copy, modify, and distribute this
software (or portions thereof) for any purpose, without fee, subject to these
conditions:
(1) If any part of the source code for this software is distributed, then this
README file must be included, with this copyright and no-warranty notice
unaltered; and any additions, deletions, or changes to the original files
must be clearly indicated in accompanying documentation.
(2) If only executable code is distributed, then the accompanying
documentation must state that "this software is based in part on the work of
the Independent JPEG Group".
(3) Permission for use of this software is granted only if the user accepts
full responsibility for any undesirable consequences; the authors accept
NO LIABILITY for damages of any kind.

These conditions apply to any software derived from or based on the IJG code,
not just to the unmodified library.  If you use our work, you ought to
acknowledge us.

Permission is NOT granted for the use of any IJG author's name or company name
in advertising or publicity relating to this software or products derived from
it.  This software may be referred to only as "the Independent JPEG Group's
software".

We specifically permit and encourage the use of this software as the basis of
commercial products, provided that all warranty or liability claims are
assumed by the product vendor.
"""


def test_the_ijg_readme_of_release_9_is_ijg_not_its_short_notice():
    """The text holds IJG-short whole, but that explains half of it; the SPDX IJG text, held in good
    part, explains all IJG-short does and much more (``_longer_form``)."""
    assert [m.spdx for m in match_license_text(IJG_9_README)[0]] == ["IJG"]


def test_pixars_modified_apache_license_is_not_taken_for_apache():
    """Apache-2.0 with Pixar's own section 6: Apache-2.0 is common and near by Dice, but the text
    holds Pixar's whole, and Pixar explains more of it."""
    header = """============================================================
OpenUSD - Matrix Implementation - Matrix Operations
============================================================

This software contains code adapted from Pixar's Universal Scene Description (USD).

Source: GfMatrix4f::GetInverse()
From: pxr/base/gf/matrix4f.cpp
Repository: https://github.com/PixarAnimationStudios/OpenUSD

Adapted here as:
- native/mat.h: determinant(), adj_determinant() for 4x4 matrices
- native/mat.h: inverse() for 4x4 matrices

Original USD Copyright Header:
//
// Copyright 2016 Pixar
//
// Licensed under the Apache License, Version 2.0 (the "Apache License")
// with the following modification; you may not use this file except in
// compliance with the Apache License and the following modification to it:
// Section 6. Trademarks. is deleted and replaced with:
//
// 6. Trademarks. This License does not grant permission to use the trade
//    names, trademarks, service marks, or product names of the Licensor
//    and its affiliates, except as required to comply with Section 4(c) of
//    the License and to reproduce the content of the NOTICE file.
//
// You may obtain a copy of the Apache License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the Apache License with the above modification is
// distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied. See the Apache License for the specific
// language governing permissions and limitations under the Apache License.
//

------------------------------------------------------------
Full license text:

"""
    text = header + reference_text("Pixar")
    assert [m.spdx for m in match_license_text(text)[0]] == ["Pixar"]


def test_a_held_template_is_chosen_in_a_part_with_more_text_after_it():
    """libevent's LICENSE: the BSD-3-Clause text naming "the author", then a list of copyright lines and
    an ISC text. Distinct shingles undercount the repetitive list, so the room left outside the
    template is measured in the text's words."""
    listing = "\n".join(f"file{i}.c:\n   Copyright (c) {1990 + i} Contributor Number {i} <c{i}@example.org>\n"
                        for i in range(8))
    text = ("Libevent is available for use under the following license, commonly known\nas the 3-clause (or "
            "\"modified\") BSD license:\n\n==============================\n" + BSD3_AUTHOR
            + "==============================\n\nPortions are based on works by others. Here's a list:\n\n"
            + listing + "\n" + reference_text("ISC").replace("<year> <owner>", "2004 Internet Systems Consortium"))
    assert [m.spdx for m in match_license_text(text)[0]][:2] == ["BSD-3-Clause", "ISC"]


def test_a_held_text_reworded_in_places_is_one_license():
    """matminer's BSD-3-Clause-LBNL: its copyright sentence starts with the project's name, so the
    redistribution sentence SPDX's copy puts on the copyright line is read; BSD-Source-Code-no-disclaimer
    holds those words too, 21 of its 59 shingles, and is no second license."""
    text = reference_text("BSD-3-Clause-LBNL").replace("Copyright (c) 2003,", "matminer Copyright (c) 2015,")
    text = text.replace("All rights reserved. ", "All rights reserved.\n\n")
    assert [m.spdx for m in match_license_text(text)[0]] == ["BSD-3-Clause-LBNL"]


def test_a_bsd_text_allowing_endorsement_is_not_bsd_3_clause():
    """msinttypes' stdint.h notice, copied into many projects: "The name of the author may be used to
    endorse" (no "not"). SPDX's template and the shingles cannot see the missing word."""
    allowed = BSD3_AUTHOR.replace("may not be used to endorse", "may be used to endorse")
    assert identify_license_text(allowed, "stdint.txt").spdx == "LicenseRef-scancode-bsd-endorsement-allowed"
    assert identify_license_text(BSD3_AUTHOR, "LICENSE").spdx == "BSD-3-Clause"
    google = reference_text("BSD-3-Clause").replace("the copyright holder", "Google Inc.")  # "Neither ... nor"
    assert identify_license_text(google, "LICENSE").spdx == "BSD-3-Clause"
    none_of = reference_text("BSD-3-Clause").replace(
        "Neither the name of the copyright holder nor the names of its contributors", "None of the names of the contributors")
    assert identify_license_text(none_of, "LICENSE").spdx == "BSD-3-Clause"


def test_a_double_spaced_bsd_text_still_forbids_endorsement():
    """vowpalwabbit's LICENSE puts a blank line between every line: "Neither the name ... nor the" and
    "names of its contributors may be used to endorse" are one clause."""
    lines = [line for paragraph in reference_text("BSD-3-Clause").split("\n") for line in textwrap.wrap(paragraph, 60)]
    double = "\n\n".join(lines)
    assert any(line.endswith("nor the names of") for line in lines)
    assert identify_license_text(double, "LICENSE").spdx == "BSD-3-Clause"
