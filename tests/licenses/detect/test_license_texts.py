"""Full license texts identified against the SPDX references: exact copies, filled-in templates,
missing appendices, extra preambles, two licenses in one file, and texts that are no license."""

from __future__ import annotations

import pytest

from clearance.licenses.detect import identify_license_text
from clearance.licenses.detect.reference import reference_index, reference_text
from clearance.licenses.detect.texts import match_license_text

MIT = reference_text("MIT")
APACHE = reference_text("Apache-2.0")
BSD3 = reference_text("BSD-3-Clause")
assert MIT and APACHE and BSD3


def test_reference_index_covers_the_spdx_list():
    index = reference_index()
    assert index.version == "3.29.0"
    assert {"MIT", "Apache-2.0", "GPL-3.0-only", "CC-BY-SA-4.0", "MPL-2.0", "Unlicense"} <= set(index.ids)
    assert len(set(index.ids)) > 650


def test_verbatim_reference_takes_the_exact_path():
    finding = identify_license_text(APACHE, "LICENSE")
    assert finding.spdx == "Apache-2.0" and finding.confidence == 1.0 and finding.kind == "license-file"
    assert "exact copy" in finding.snippet


def test_copyright_lines_and_layout_do_not_matter():
    text = MIT.replace("Copyright (c) <year> <copyright holders>", "Copyright (c) 2019-2024 Jane Doe <jane@x.org>")
    text = text.replace(" ", "  ").upper()
    finding = identify_license_text(text, "LICENSE")
    assert finding.spdx == "MIT" and finding.confidence == 1.0


def test_filled_in_template_fields_match_by_similarity():
    text = BSD3.replace("the copyright holder", "Acme Widgets, Inc.").replace("<year> <owner>", "2021 Acme")
    finding = identify_license_text(text, "COPYING")
    assert finding.spdx == "BSD-3-Clause" and 0.85 < finding.confidence < 1.0


def test_apache_without_its_appendix_is_still_apache():
    text = APACHE[: APACHE.index("END OF TERMS AND CONDITIONS") + len("END OF TERMS AND CONDITIONS")]
    assert identify_license_text(text, "LICENSE").spdx == "Apache-2.0"


@pytest.mark.parametrize("spdx", ["BSD-2-Clause", "BSD-3-Clause", "ISC", "MIT", "MIT-0", "0BSD", "X11",
                                  "GPL-2.0-only", "LGPL-2.1-only", "MPL-2.0", "CC-BY-4.0", "CC-BY-SA-4.0",
                                  "Unlicense", "Zlib", "BSL-1.0"])
def test_close_relatives_are_told_apart(spdx):
    assert identify_license_text(reference_text(spdx), "LICENSE").spdx == spdx


# Mesa's MLAA terms (from Debian's copyright file of libegl-mesa0): BSD-2-Clause with its second
# clause rewritten. By Dice it is a hair closer to BSD-1-Clause; the common license wins the near tie.
MLAA = """Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice,
this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the following statement:

"Uses Jimenez's MLAA. Copyright (C) 2010 by Jorge Jimenez, Belen Masia,
Jose I. Echevarria, Fernando Navarro and Diego Gutierrez."

Only for use in the Mesa project, this point 2 is filled by naming the
technique Jimenez's MLAA in the Mesa config options.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS ``AS
IS'' AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL COPYRIGHT HOLDERS OR CONTRIBUTORS
BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.
"""


def test_a_common_license_wins_a_near_tie_with_a_rare_look_alike(monkeypatch):
    assert identify_license_text(MLAA, "copyright").spdx == "BSD-2-Clause"
    monkeypatch.setattr("clearance.licenses.detect.texts.NEAR_TIE", 0.0)
    assert identify_license_text(MLAA, "copyright").spdx == "BSD-1-Clause"  # what Dice alone says


def test_preamble_and_trailer_lower_the_confidence():
    preamble = ("This package bundles code from many places. The parser came from an old project of the\n"
                "university lab, the fonts from a foundry in Lyon, and the test data was collected by volunteers\n"
                "over three summers. Unless a file says otherwise, the terms below apply to it.\n")
    finding = identify_license_text(preamble + MIT + "\nThe logo is a trademark of Foo and is not covered.\n", "L")
    assert finding.spdx == "MIT" and finding.confidence < 0.95


def test_two_licenses_in_one_file_are_both_found():
    finding = identify_license_text(MIT + "\n\n---- bundled ----\n\n" + APACHE, "LICENSE")
    assert finding.spdx in ("Apache-2.0 AND MIT", "MIT AND Apache-2.0")
    matches, explained = match_license_text(MIT + "\n" + APACHE)
    assert {m.spdx for m in matches} == {"MIT", "Apache-2.0"} and explained > 0.95


def test_a_second_license_is_the_one_that_explains_the_most_new_text():
    # NCSA and BSD-3-Clause share most of their words; BSD-2-Clause is a subset of BSD-3-Clause.
    finding = identify_license_text(reference_text("NCSA") + "\n\n" + BSD3, "LICENSE.md")
    assert set(finding.spdx.split(" AND ")) == {"NCSA", "BSD-3-Clause"}


def test_a_partial_quote_is_not_the_license():
    half = MIT[: len(MIT) // 3]
    assert identify_license_text(half, "README") is None


@pytest.mark.parametrize("text", ["", "   \n", "Hello world. " * 50, "def main():\n    return 42\n" * 20])
def test_non_license_text_gives_nothing(text):
    assert identify_license_text(text, "x") is None
