"""Clearance errors the random sample of Debian copyright files (held-out set E, docs/bench/
license-detection.md) showed, each fixed for the general case it belongs to."""

import pytest

from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.reference import reference_text
from clearance.licenses.detect.scancode_data import scancode_payload

from . import debian_copyright
from .test_templates import SELL_VARIANT_SHORT

ids, indent = debian_copyright.ids, debian_copyright.indent

CC_CLOSING_NOTE = """Creative Commons is not a party to its public licenses.
Notwithstanding, Creative Commons may elect to apply one of its
public licenses to material it publishes and in those instances
will be considered the "Licensor." The text of the Creative
Commons public licenses is dedicated to the public domain under
the CC0 Public Domain Dedication. Except for the limited purpose
of indicating that material is shared under a Creative Commons
public license or as otherwise permitted by the Creative Commons
policies published at creativecommons.org/policies, Creative Commons
does not authorize the use of the trademark "Creative Commons".

Creative Commons may be contacted at creativecommons.org."""


@pytest.mark.parametrize(("name", "text_id", "granted"), [
    ("AGPL-3+", "AGPL-3.0-only", "AGPL-3.0-or-later"),
    ("GPL-2+", "GPL-2.0-only", "GPL-2.0-or-later"),
    ("LGPL-2.1+", "LGPL-2.1-only", "LGPL-2.1-or-later"),
    ("GFDL-1.3+", "GFDL-1.3-only", "GFDL-1.3-or-later"),
    ("GPL-2", "GPL-2.0-only", "GPL-2.0-only"),
])
def test_a_gnu_text_under_a_short_name_with_plus_is_that_version_or_later(name, text_id, granted):
    # jbig2dec, skesa: "Files: *" under "License: AGPL-3+", whose paragraph is the AGPL's full text; the text
    # of a GNU license never says which versions may be chosen, the short name does
    body = f"Files: *\nCopyright: X\nLicense: {name}\n\nLicense: {name}\n" + indent(reference_text(text_id),
                                                                                    keep_layout=True)
    assert ids(body) == {granted}


def test_a_notice_cut_short_before_its_version_leaves_the_short_names_version():
    # r-cran-spc: "License: GPL-2+" over "... as published by the Free Software Foundation; either version."
    notice = ("This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU "
              "General Public License as published by\nthe Free Software Foundation; either version.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + indent(notice)) == {"GPL-2.0-or-later"}


def test_a_notice_of_another_version_under_a_short_name_is_that_version():
    # webext-allow-html-temp: "License: MPL-2.0" over the MPL 1.1 notice: the notice is the grant
    notice = ('The contents of this file are subject to the Mozilla Public License Version\n1.1 (the "License"); you '
              "may not use this file except in compliance with\nthe License. You may obtain a copy of the License at\n"
              "http://www.mozilla.org/MPL/")
    assert ids("Files: *\nCopyright: X\nLicense: MPL-2.0\n" + indent(notice)) == {"MPL-1.1"}


def test_a_gpl_notice_under_an_lgpl_name_is_reported_beside_it():
    # libstring-hexconvert-perl: "License: LGPL-3" over a GPL-3+ notice. The LGPL-3.0's text quotes the
    # GPL-3.0, but a notice is not that text: the file contradicts itself, and both licenses are reported
    notice = ("This program is free software: you can redistribute it and/or modify\nit under the terms of the GNU "
              "General Public License as published by\nthe Free Software Foundation, either version 3 of the "
              "License, or\n(at your option) any later version.")
    assert ids("Files: *\nCopyright: X\nLicense: LGPL-3\n" + indent(notice)) == {"LGPL-3.0-only", "GPL-3.0-or-later"}


def test_creative_commons_closing_note_in_a_license_paragraph_grants_nothing():
    # towncrier: the CC BY 4.0 legal code in a License: paragraph (here its first section, as a packager
    # may quote it), with Creative Commons' closing note
    text = reference_text("CC-BY-4.0")[:1500] + "\n\n" + CC_CLOSING_NOTE
    body = "Files: docs/*\nCopyright: X\nLicense: CC-BY-4.0\n\nLicense: CC-BY-4.0\n" + indent(text)
    assert ids(body) == {"CC-BY-4.0"}


def test_a_choice_of_two_gnu_versions_is_an_or():
    # libqt5xdgiconloader3: Qt's "LGPL version 2.1 or version 3" notice
    sentence = ("This file may be used under the terms of the GNU Lesser General Public\nLicense version 2.1 or "
                "version 3 as published by the Free Software\nFoundation.")
    assert [m.spdx for m in find_mentions(sentence, "x")] == ["LGPL-2.1-only OR LGPL-3.0-only"]
    later = sentence.replace("version 2.1 or version 3", "version 2.1 or (at your option) any later version")
    assert [m.spdx for m in find_mentions(later, "x")] == ["LGPL-2.1-or-later"]


OPENSSL_EXCEPTION = """In addition, as a special exception, the author of this
program gives permission to link the code of its
release with the OpenSSL project's "OpenSSL" library (or
with modified versions of it that use the same license as
the "OpenSSL" library), and distribute the linked
executables. You must obey the GNU General Public
License in all respects for all of the code used other
than "OpenSSL".  If you modify this file, you may extend
this exception to your version of the file, but you are
not obligated to do so.  If you do not wish to do so,
delete this exception statement from your version."""


def test_the_openssl_exception_most_gpl_programs_copy_is_x11vncs_with_or_without_its_names():
    # nagios-nrpe-server: x11vnc's exception with "the author of this program" for "Karl J. Runge" and
    # without "of x11vnc"
    notice = ("This program is free software; you can redistribute it and/or modify it under the terms of the GNU\n"
              "General Public License as published by the Free Software Foundation; either\nversion 2 of the "
              "License, or (at your option) any later version.\n\n")
    body = "Files: *\nCopyright: X\nLicense: GPL-2+ with OpenSSL exception\n" + indent(notice + OPENSSL_EXCEPTION)
    assert ids(body) == {"GPL-2.0-or-later WITH x11vnc-openssl-exception"}
    named = OPENSSL_EXCEPTION.replace("the author of this\nprogram", "Karl J. Runge").replace(
        "its\nrelease", "its release of x11vnc")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+ with OpenSSL exception\n" + indent(notice + named)) == {
        "GPL-2.0-or-later WITH x11vnc-openssl-exception"}


def test_a_license_field_with_a_text_and_no_short_name_is_read_from_its_text():
    # librust-onig-sys-dev: "License:" left empty over FSF's all-permissive notice
    fsfap = ("Copying and distribution of this file, with or without modification,\nare permitted in any medium "
             "without royalty provided the copyright\nnotice and this notice are preserved.  This file is offered "
             "as-is,\nwithout warranty of any kind.")
    assert ids("Files: *\nCopyright: X\nLicense: MIT\n\nFiles: INSTALL\nCopyright: FSF\nLicense:\n"
               + indent(fsfap)) == {"MIT", "FSFAP"}


def test_an_exception_in_a_paragraph_offering_a_choice_modifies_each_license_it_can():
    # libqt5xdgiconloader3: "LGPL version 2.1 or version 3" with Digia's Qt LGPL exception under it
    qt = next(exc["text"] for exc in scancode_payload()["exceptions"] if exc["id"] == "Qt-LGPL-exception-1.1")
    notice = ("This file may be used under the terms of the GNU Lesser General Public\nLicense version 2.1 or "
              "version 3 as published by the Free Software\nFoundation.\n\n")
    body = "Files: *\nCopyright: X\nLicense: LGPL-2.1-or-3-with-Digia-1.1-exception\n" + indent(notice + qt)
    assert ids(body) == {"LGPL-2.1-only WITH Qt-LGPL-exception-1.1 OR LGPL-3.0-only WITH Qt-LGPL-exception-1.1"}


def test_an_x_notice_under_the_short_name_mit_is_the_license_its_template_holds():
    # dvipng's install-sh: "License: MIT" over MIT's X Consortium notice, which is HPND-sell-variant without
    # its optional DISCLAIMS paragraph (half of SPDX's reference text); the notice names the license
    body = "Files: install-sh\nCopyright: 1991 MIT\nLicense: MIT\n" + indent(SELL_VARIANT_SHORT, keep_layout=True)
    assert ids(body) == {"HPND-sell-variant"}
