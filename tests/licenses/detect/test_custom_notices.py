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
