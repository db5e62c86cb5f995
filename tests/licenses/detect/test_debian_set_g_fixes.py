"""Clearance errors the blind random sample of Debian copyright files (held-out set G, docs/bench/
license-detection.md) showed after set F's fixes, each fixed for the general case it belongs to."""

import pytest

from clearance.licenses.detect.debian import short_name
from clearance.licenses.detect.exception_texts import find_exception_texts
from clearance.licenses.detect.mentions import find_mentions

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent


def _said(sentence: str) -> list[str]:
    return [m.spdx for m in find_mentions(sentence, "x")]


@pytest.mark.parametrize("grant", [
    # python3-mpv: a full stop left before the comma
    "the Free Software Foundation; either version 2 of the License., or (at your\noption) any later version.",
    # python3-overpy: a stray letter on a line of its own
    "the Free Software Foundation; either version 2 of the License, or\nB\n(at your option) any later version.",
])
def test_an_or_later_grant_with_a_typo_is_still_or_later(grant):
    notice = "This package is free software; you can redistribute it and/or modify\nit under the terms of the " \
             "GNU General Public License as published by\n" + grant
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + indent(notice)) == {"GPL-2.0-or-later"}


def test_a_full_stop_ends_the_version_where_no_comma_follows():
    assert _said("It is licensed under the GNU General Public License version 2. Or later ones, ask us.") == \
        ["GPL-2.0-only"]


def test_kdes_proxy_clause_is_no_or_later():
    # kipi-plugins: "LGPL version 2.1 or version 3 or later versions approved by the membership of KDE e.V."
    sentence = ("This file is distributed under the license LGPL version 2.1 or\nversion 3 or later versions "
                "approved by the membership of KDE e.V.")
    assert _said(sentence) == ["LGPL-2.1-only OR LGPL-3.0-only"]
    body = "Files: *\nCopyright: X\nLicense: LGPL-2.1+3+KDEeV\n" + indent(sentence)
    assert ids(body) == {"LGPL-2.1-only OR LGPL-3.0-only"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("This file is distributed under the LGPL version 2.1.", "LGPL-2.1-only"),
    ("It is released under the GPL, version 2 or later.", "GPL-2.0-or-later"),
    ("Licensed under the GPL v. 3", "GPL-3.0-only"),
    ("distributed under the license GPL version 3", "GPL-3.0-only"),
])
def test_a_version_written_after_a_gnu_short_name_is_read(sentence, expected):
    assert _said(sentence) == [expected]


def test_the_license_as_a_noun_before_no_name_is_no_mention():
    assert _said("Software distributed under the License is distributed on an \"AS IS\" BASIS.") == []


@pytest.mark.parametrize(("name", "expected"), [
    ("Apache2", "Apache-2.0"),  # python3-python-socks
    ("MPL2", "MPL-2.0"),
    ("LGPL3+", "LGPL-3.0-or-later"),
    ("Artistic2", "Artistic-2.0"),
    ("libpng2", "libpng-2.0"),
])
def test_a_version_run_into_a_short_name_is_read(name, expected):
    assert short_name(name) == expected


def test_an_apache2_pointer_grants_apache_2():
    body = ("Files: *\nCopyright: X\nLicense: Apache2\n On Debian systems, the full text of the Apache License "
            "version 2.0\n can be found in /usr/share/common-licenses/Apache-2.0.\n")
    assert ids(body) == {"Apache-2.0"}


def test_an_exception_copied_under_a_notice_whose_address_moved_is_found_by_its_other_anchor():
    # libdbusada: GNAT's exception ("if other files instantiate generics from this unit") under a GPL notice
    # with the FSF's Franklin Street address, where the database's text has Temple Place
    notice = ("This library is free software; you can redistribute it and/or modify it under the terms of the GNU "
              "General Public License as published by the Free Software Foundation; either version 2 of the "
              "License, or (at your option) any later version.\n\nThis library is distributed in the hope that it "
              "will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or "
              "FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License for more details.\n\nYou "
              "should have received a copy of the GNU General Public License along with this program; if not, "
              "write to the Free Software Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA "
              "02110-1301, USA.\n\nAs a special exception, if other files instantiate generics from this unit, or "
              "you link this unit with other files to produce an executable, this unit does not by itself cause "
              "the resulting executable to be covered by the GNU General Public License. This exception does not "
              "however invalidate any other reasons why the executable file might be covered by the GNU General "
              "Public License.")
    assert [exc.spdx for exc in find_exception_texts(notice)] == ["GNAT-exception"]
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+ with exception\n" + indent(notice)) == {
        "GPL-2.0-or-later WITH GNAT-exception"}
