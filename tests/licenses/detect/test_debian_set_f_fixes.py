"""Clearance errors the second random sample of Debian copyright files (held-out set F, docs/bench/
license-detection.md) showed, each fixed for the general case it belongs to."""

import pytest

from clearance.licenses.detect import identify_license_text
from clearance.licenses.detect.custom_notices import custom_notice
from clearance.licenses.detect.debian import short_name
from clearance.licenses.detect.reference import reference_text
from clearance.licenses.detect.scancode_data import scancode_payload

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent


def _scancode_text(key: str) -> str:
    return next(lic["text"] for lic in scancode_payload()["licenses"] if lic["id"] == key)


@pytest.mark.parametrize(("name", "expected"), [
    ("GPLv-2", "GPL-2.0-only"),  # discosnp
    ("GPL-v2", "GPL-2.0-only"),
    ("LGPL-v2.1+", "LGPL-2.1-or-later"),
    ("LGPLv2.1+", "LGPL-2.1-or-later"),
    ("MPLv2", "MPL-2.0"),
    ("CC-BY-SA-v3", "CC-BY-SA-3.0"),
    ("BSDv3", "BSD-3-Clause"),
    ("GPLv3+", "GPL-3.0-or-later"),
])
def test_a_short_name_writing_its_version_with_a_v_is_that_version(name, expected):
    assert short_name(name) == expected


def test_a_v_that_belongs_to_a_name_is_not_read_as_a_version():
    assert short_name("Zeev-1") is None


def test_a_gpl_pointer_under_gplv_dash_2_is_gpl_2_only():
    body = ("Files: debian/*\nCopyright: X\nLicense: GPLv-2\n The Debian packaging is licensed under the GPL which "
            "is available at\n `/usr/share/common-licenses/GPL-2'.\n")
    assert ids(body) == {"GPL-2.0-only"}


@pytest.mark.parametrize("name", ["OFL-1.1-RFN", "OFL-1.1-no-RFN"])
def test_a_short_name_naming_a_variant_with_the_same_text_keeps_it(name):
    # fonts-sil-abyssinica: "License: OFL-1.1-RFN" over the OFL-1.1 text, reserved font names declared
    body = f"Files: *\nCopyright: X\nLicense: {name}\n" + indent(reference_text("OFL-1.1"), keep_layout=True)
    assert ids(body) == {name}


def test_the_ofl_text_under_its_own_name_stays_ofl():
    body = "Files: *\nCopyright: X\nLicense: OFL-1.1\n" + indent(reference_text("OFL-1.1"), keep_layout=True)
    assert ids(body) == {"OFL-1.1"}


def test_do_anything_you_like_with_it_is_a_custom_permissive_grant():
    # tk-html1's "License: Free"
    text = ("This package is a freely available open source package.  You can do\nvirtually anything you like "
            "with it, such as modifying it, redistributing\nit, and selling it either in whole or in part.")
    assert custom_notice(text, "x").spdx == "LicenseRef-custom-permissive"
    assert ids("Files: *\nCopyright: X\nLicense: Free\n" + indent(text)) == {"LicenseRef-custom-permissive"}
    assert custom_notice("You can do anything you like with it, except selling it; commercial use is prohibited.",
                         "x") is None


#: OCaml's LGPL linking exception as OCaml libraries word it: their own name for "the Library"
#: (camlp-streams: "the OCaml Core System"; ocamlbuild: "OCamlbuild", without "the").
OCAML_CORE = """The OCaml Core System is distributed under the terms of the
GNU Lesser General Public License (LGPL) version 2.1 (found in
/usr/share/common-licenses/LGPL-2.1 on Debian systems).

As a special exception to the GNU Lesser General Public License, you
may link, statically or dynamically, a "work that uses the OCaml Core
System" with a publicly distributed version of the OCaml Core System
to produce an executable file containing portions of the OCaml Core
System, and distribute that executable file under terms of your
choice, without any of the additional requirements listed in clause 6
of the GNU Lesser General Public License."""


def test_ocamls_lgpl_linking_exception_with_the_librarys_own_name():
    body = "Files: *\nCopyright: 1996 Inria\nLicense: LGPL-2.1-OCaml\n\nLicense: LGPL-2.1-OCaml\n" + indent(OCAML_CORE)
    assert ids(body) == {"LGPL-2.1-only WITH OCaml-LGPL-linking-exception"}
    ocamlbuild = OCAML_CORE.replace('"work that uses the OCaml Core\nSystem"', '"work that uses OCamlbuild"')
    body = "Files: *\nCopyright: X\nLicense: LGPL-2.1\n" + indent(ocamlbuild)
    assert ids(body) == {"LGPL-2.1-only WITH OCaml-LGPL-linking-exception"}


def test_cryptsetups_openssl_exception_cut_after_its_first_sentence():
    # srain: "... permission to link the code of portions of this program with the OpenSSL library." and no
    # "under certain conditions as described in each individual source file"
    notice = ("This program is free software: you can redistribute it and/or modify\nit under the terms of the GNU "
              "General Public License as published by\nthe Free Software Foundation, either version 3 of the "
              "License, or\n(at your option) any later version.\n\nIn addition, as a special exception, the "
              "copyright holders give\npermission to link the code of portions of this program with the OpenSSL\n"
              "library.")
    body = "Files: *\nCopyright: X\nLicense: GPL-3+ with OpenSSL exception\n" + indent(notice)
    assert ids(body) == {"GPL-3.0-or-later WITH cryptsetup-OpenSSL-exception"}


def test_a_license_held_whole_beside_much_more_text_is_matched_against_scancodes_texts_too():
    # srain's "ISC-IBM-1": the ISC text, whose template is held, then IBM's DHCP grant (ScanCode's ibm-dhcp),
    # which says as much again
    text = reference_text("ISC") + "\n\n" + _scancode_text("LicenseRef-scancode-ibm-dhcp")
    finding = identify_license_text(text, "x")
    assert "LicenseRef-scancode-ibm-dhcp" in finding.spdx.split(" AND ")


def test_a_text_scancode_lists_after_an_spdx_text_is_reported_beside_it():
    # tss2: a BSD-3-Clause text followed by the TCG specification license in one paragraph
    text = reference_text("BSD-3-Clause") + "\n\n" + _scancode_text("LicenseRef-scancode-tcg-spec-license-v1")
    finding = identify_license_text(text, "x")
    assert set(finding.spdx.split(" AND ")) == {"BSD-3-Clause", "LicenseRef-scancode-tcg-spec-license-v1"}


def test_an_spdx_text_explaining_most_of_a_text_needs_no_second_look():
    finding = identify_license_text(reference_text("BSD-3-Clause") + "\n\nSee the AUTHORS file.", "x")
    assert finding.spdx == "BSD-3-Clause"


def test_the_bsd_license_named_in_a_bsd_text_adds_no_unversioned_bsd():
    # js8call's CMake module: "Distributed under the OSI-approved BSD License" above CMake's BSD-3-Clause text
    text = ('Distributed under the OSI-approved BSD License (the "License");\nsee accompanying file Copyright.txt '
            "for details.\n\nThis software is distributed WITHOUT ANY WARRANTY; without even the\nimplied warranty of "
            "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\nSee the License for more information.\n\n"
            "CMake - Cross Platform Makefile Generator\n" + reference_text("BSD-3-Clause"))
    assert ids("Files: *\nCopyright: X\nLicense: BSD-3-clause\n" + indent(text, keep_layout=True)) == {"BSD-3-Clause"}
