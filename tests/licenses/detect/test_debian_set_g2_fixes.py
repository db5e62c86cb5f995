"""Clearance errors the rest of sets F and G's random draw (held-out set G2, docs/bench/
license-detection.md) showed at its first run, each fixed for the general case it belongs to."""

from clearance.licenses.detect.custom_notices import is_custom_permissive
from clearance.licenses.detect.mentions import find_mentions, is_vague

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent

LESSER_2_PLUS = ("This library is free software; you can redistribute it and/or modify it under the terms of the GNU "
                 "Lesser General Public License as published by the Free Software Foundation; either version 2 of "
                 "the License, or (at your option) any later version.")


def test_a_lesser_gpl_notice_of_version_2_or_later_is_not_vague():
    # gir1.2-urfkill: the version comes after "as published by the Free Software Foundation", out of the
    # name's own words, and the notice was taken for "the LGPL" without a version
    mention, = find_mentions(LESSER_2_PLUS, "x")
    assert mention.spdx == "LGPL-2.0-or-later" and not is_vague(mention)
    assert ids("Files: *\nCopyright: X\nLicense: LGPL-2\n" + indent(LESSER_2_PLUS)) == {"LGPL-2.0-or-later"}


def test_the_lgpl_without_a_version_stays_vague():
    mention, = find_mentions("You can redistribute it under the terms of the GNU Lesser General Public License.", "x")
    assert mention.spdx == "LGPL-2.0-or-later" and is_vague(mention)


GETTEXT = ("This file can be copied and used freely without restrictions.  It can be used in projects which are not "
           "available under the GNU General Public License but which still want to provide support for the GNU "
           "gettext functionality.\nPlease note that the actual code of GNU gettext is covered by the GNU General "
           "Public License and is *not* in the public domain.")


def test_gettexts_makefile_notice_is_permissive_and_grants_no_gpl():
    # rush, warzone2100: po/Makefile.in.in under "License: custom-gettext"
    assert ids("Files: po/Makefile.in.in\nCopyright: X\nLicense: custom-gettext\n" + indent(GETTEXT)) == \
        {"LicenseRef-custom-permissive"}


def test_a_warranty_disclaimer_alone_grants_nothing():
    # vkbasalt's "License: custom-nvidia-disclaimer"
    disclaimer = ("TO THE MAXIMUM EXTENT PERMITTED BY APPLICABLE LAW, THIS SOFTWARE IS PROVIDED *AS IS* AND NVIDIA "
                  "DISCLAIM ALL WARRANTIES. IN NO EVENT SHALL NVIDIA BE LIABLE FOR ANY DAMAGES WHATSOEVER (INCLUDING, "
                  "WITHOUT LIMITATION, DAMAGES FOR LOSS OF BUSINESS PROFITS) ARISING OUT OF THE USE OF THIS SOFTWARE.")
    assert not is_custom_permissive(disclaimer)
    assert is_custom_permissive("You may use it without limitation.")
    assert is_custom_permissive("Permission is granted to use this file for any purpose.")


def test_the_gcc_runtime_exception_beside_the_lgpl_3():
    # python3-getfem: "LGPL ... version 3 ... along with the GCC Runtime Library Exception either version 3.1"
    notice = ("GetFEM is free software; you can redistribute it and/or modify it under the terms of the GNU Lesser "
              "General Public License as published by the Free Software Foundation; either version 3 of the "
              "License, or (at your option) any later version along with the GCC Runtime Library Exception either "
              "version 3.1 or (at your option) any later version.")
    assert ids("Files: *\nCopyright: X\nLicense: LGPL-3+\n" + indent(notice)) == \
        {"LGPL-3.0-or-later WITH GCC-exception-3.1"}
