"""Clearance errors the blind random sample of Debian copyright files (held-out set H, docs/bench/
license-detection.md) showed at its one run, each fixed for the general case it belongs to."""

import pytest

from clearance.licenses.detect.debian import short_name
from clearance.licenses.detect.ids import current_ids
from clearance.licenses.detect.mentions import find_mentions

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent


@pytest.mark.parametrize(("name", "expected"), [
    ("Apache-License-Version-2.0", "Apache-2.0"),  # vonsh
    ("Apache License, Version 2.0", "Apache-2.0"),
    ("Artistic-License-2.0", "Artistic-2.0"),
    ("GPL-2+", "GPL-2.0-or-later"),
])
def test_a_short_name_spelled_as_a_title_is_read(name, expected):
    assert short_name(name) == expected


def test_the_deprecated_wxwindows_id_is_the_library_gpl_with_its_exception():
    # libwx-perl: "License: wxWindows"
    assert current_ids("wxWindows") == "LGPL-2.0-or-later WITH WxWindows-exception-3.1"
    assert current_ids("wxWindows AND MIT") == "LGPL-2.0-or-later WITH WxWindows-exception-3.1 AND MIT"
    assert current_ids("LGPL-2.0-or-later WITH WxWindows-exception-3.1") == \
        "LGPL-2.0-or-later WITH WxWindows-exception-3.1"


def test_kdes_version_3_at_your_option_is_a_second_version():
    # kirigami-gallery: "either version 2.1 of the License, or (at your option) version 3, or any later
    # version accepted by the membership of KDE e.V."
    notice = ("This library is free software; you can redistribute it and/or modify it under the terms of the GNU "
              "Lesser General Public License as published by the Free Software Foundation; either version 2.1 of "
              "the License, or (at your option) version 3, or any later version accepted by the membership of KDE "
              "e.V. (or its successor approved by the membership of KDE e.V.), which shall act as a proxy defined "
              "in Section 6 of version 3 of the license.")
    assert [m.spdx for m in find_mentions(notice, "x")] == \
        ["LGPL-2.1-only OR LGPL-3.0-only OR LicenseRef-scancode-kde-accepted-lgpl"]
    shorter = notice.replace(", or any later version accepted", " or later versions approved").split(" (or its")[0]
    assert [m.spdx for m in find_mentions(shorter + ".", "x")] == ["LGPL-2.1-only OR LGPL-3.0-only"]


def test_an_or_later_grant_is_still_no_second_version():
    notice = ("you can redistribute it and/or modify it under the terms of the GNU General Public License as "
              "published by the Free Software Foundation; either version 2 of the License, or (at your option) "
              "any later version.")
    assert [m.spdx for m in find_mentions(notice, "x")] == ["GPL-2.0-or-later"]


def test_an_unknown_name_over_a_grant_and_the_classpath_exception():
    # davmail: "License: GPL-2+-CE", a GPL-2+ notice, then the Classpath exception whose own words name the GPL
    text = ("This program is free software; you can redistribute it and/or modify it under the terms of the GNU "
            "General Public License as published by the Free Software Foundation; either version 2 of the "
            "License, or (at your option) any later version.\n\nLinking this library statically or dynamically "
            "with other modules is making a combined work based on this library. Thus, the terms and conditions "
            "of the GNU General Public License cover the whole combination.\n\nAs a special exception, the "
            "copyright holders of this library give you permission to link this library with independent "
            "modules to produce an executable.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+-CE\n" + indent(text)) == \
        {"GPL-2.0-or-later WITH Classpath-exception-2.0"}
