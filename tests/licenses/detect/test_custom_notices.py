"""A Debian ``License:`` paragraph whose text is no license clearance has a reference for is still
read: a ScanCode short notice, a public-domain statement or a custom permissive grant, and nothing
for a custom text that restricts more than that (``detect/custom_notices.py``)."""

import pytest

from clearance.licenses.catalog import Category, lookup
from clearance.licenses.detect.custom_notices import (
    CUSTOM_PERMISSIVE,
    is_custom_permissive,
    short_notice,
    states_public_domain,
)
from clearance.licenses.detect.debian import short_name
from clearance.licenses.detect.files import detect_license_file

from . import debian_copyright

OOURA = """You may use, copy, modify and distribute this code for any
purpose (include commercial use) and without fee.  Please
refer to this package when you modify this code.
http://www.kurims.kyoto-u.ac.jp/~ooura/fft.html"""


def paragraph(name: str, text: str) -> str:
    return f"Files: src/{name}.c\nCopyright: 2001 Someone\nLicense: {name}\n" + debian_copyright.indent(text)


def test_a_scancode_short_notice_is_named_by_its_scancode_id():
    # libsoxr's "permissive1" is Takuya Ooura's FFT notice word for word, plus its URL
    assert debian_copyright.ids(paragraph("permissive1", OOURA)) == {"LicenseRef-scancode-takuya-ooura"}
    assert short_notice("You may use, copy, modify this code for any purpose and without fee.") is None


@pytest.mark.parametrize("text", [
    ("Permission is granted to everyone to use and distribute this work,\nwithout limitation, modified or "
     "unmodified, in any way, for any purpose."),
    "You may use, copy, modify this code for any purpose and\nwithout fee.",
    ("This specific file has no license\nrestrictions at all.  You may freely include this in your applications, "
     "and\nmodify it at will."),
    "No licensing restrictions apply to this file or to the config\ndirectory.",
    ("Rights are granted to use this software in any way so long as this notice is\nnot removed.  The author is "
     "not responsible for loss or damages that may\nresult from its use."),
    "This code may freely be used, modified and/or redistributed for any purpose.",
])
def test_a_custom_permissive_grant_is_reported_not_dropped(text):
    body = "Files: *\nCopyright: X\nLicense: MIT\n\n" + paragraph("custom-notice", text)
    assert debian_copyright.ids(body) == {"MIT", CUSTOM_PERMISSIVE}


@pytest.mark.parametrize("text", [
    # restrictions beyond keeping a notice
    "You may use and copy this code for non-commercial purposes only.",
    ("Everyone is permitted to copy and distribute verbatim copies\nof this license document, but changing it is "
     "not allowed."),
    "You may use this font, but it may not be sold on its own.",
    # another license's terms, by reference
    "This software may be used under the same terms as OpenLDAP itself.",
    "You may redistribute it under the terms of the GNU General Public License as published by the FSF.",
    # no grant at all
    "This manual page was written for the Debian system.",
])
def test_a_custom_text_that_is_not_a_plain_permissive_grant_is_not_called_permissive(text):
    assert not is_custom_permissive(text)
    assert CUSTOM_PERMISSIVE not in debian_copyright.ids(paragraph("custom-notice", text))


def test_a_long_custom_license_needs_a_reader_not_a_guess():
    grant = "Permission is granted to use, copy and distribute this software for any purpose. "
    assert is_custom_permissive(grant)
    assert not is_custom_permissive(grant + "The licensee shall report every deployment to the author. " * 12)


def test_a_paragraph_stating_public_domain_is_public_domain_unless_it_denies_it():
    for text in ("Original author: Noah Friedman\nCreated: 1993-05-16\nPublic domain.",
                 "I, Mathias P., place this file hereby into the public domain.\nUse it at your own risk."):
        assert debian_copyright.ids(paragraph("public-domain-1", text)) == {"LicenseRef-public-domain"}
    denied = "This program is freely distributable without licensing fees.\nThis program is -not- in the public domain."
    assert not states_public_domain(denied)
    assert "LicenseRef-public-domain" not in debian_copyright.ids(paragraph("freely", denied))


def test_a_paragraph_whose_text_is_a_known_license_keeps_that_license():
    # the fallback is for texts no reference names: FSF's all-permissive notice stays FSFAP
    fsfap = ("Copying and distribution of this file, with or without modification, are\npermitted in any medium "
             "without royalty provided the copyright notice\nand this notice are preserved.  This file is offered "
             "as-is, without any\nwarranty.")
    assert debian_copyright.ids(paragraph("permissive", fsfap)) == {"FSFAP"}


def test_custom_permissive_is_a_permissive_catalog_id():
    entry = lookup(CUSTOM_PERMISSIVE)
    assert entry is not None and entry.category is Category.PERMISSIVE


@pytest.mark.parametrize(("name", "spdx"), [
    ("MPL-2", "MPL-2.0"), ("Apache-2", "Apache-2.0"), ("CC-BY-SA-3", "CC-BY-SA-3.0"), ("EPL-2", "EPL-2.0"),
    ("Artistic-1", "Artistic-1.0-Perl"), ("Artistic-2", "Artistic-2.0"), ("GPL-1+ or Artistic-1",
                                                                          "GPL-1.0-or-later OR Artistic-1.0-Perl"),
    ("GPL-2", "GPL-2.0-only"), ("MIT", "MIT"),
])
def test_a_short_name_with_its_major_version_alone_is_that_version(name, spdx):
    assert short_name(name) == spdx


GO_PATENTS = """Additional IP Rights Grant (Patents)

"This implementation" means the copyrightable works distributed by
Google as part of the Go project.

Google hereby grants to You a perpetual, worldwide, non-exclusive,
no-charge, royalty-free, irrevocable (except as stated in this section)
patent license to make, have made, use, offer to sell, sell, import,
transfer and otherwise run, modify and propagate the contents of this
implementation of Go."""


def test_googles_patent_grant_is_found_with_or_without_its_heading():
    # WebRTC and libvpx put it under "Additional IP Rights Grant (Patents)"; Go's Debian paragraph
    # follows the BSD text with the grant alone, its line breaks elsewhere
    without_heading = GO_PATENTS.split("\n\n", 2)[2].replace("Google hereby grants to You", "Google hereby\ngrants to You")
    for text in (GO_PATENTS, without_heading):
        assert {f.spdx for f in detect_license_file("PATENTS", text)} == {"LicenseRef-Google-Patent-Grant"}
