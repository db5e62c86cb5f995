"""Clearance errors the blind random sample of Debian copyright files (held-out set J, docs/bench/
license-detection.md) showed at its one run, each fixed for the general case it belongs to."""

from clearance.licenses.detect.exceptions import GENERIC_EXCEPTION
from clearance.licenses.detect.mentions import find_mentions

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent


def test_the_wtfpl_by_its_title_and_by_debians_short_name():
    # r-cran-lintr: "License: WTFPL-2" over "the terms of the Do What The Fuck You Want To Public License, Version 2"
    notice = ("This program is free software. It comes without any warranty, to the extent permitted by applicable "
              "law. You can redistribute it and/or modify it under the terms of the Do What The Fuck You Want To "
              "Public License, Version 2, as published by Sam Hocevar.")
    assert [m.spdx for m in find_mentions(notice, "x")] == ["WTFPL"]
    assert ids("Files: *\nCopyright: X\nLicense: WTFPL-2\n" + indent(notice)) == {"WTFPL"}
    assert ids("Files: *\nCopyright: X\nLicense: WTFPL-2\n") == {"WTFPL"}


def test_the_openssl_exception_granted_by_several_holders():
    # orthanc-wsi: "the copyright holders of this program give permission to link the code of its release with
    # the OpenSSL project's "OpenSSL" library" is x11vnc's exception with the plural verb
    notice = ("This program is free software: you can redistribute it and/or modify it under the terms of the GNU "
              "General Public License as published by the Free Software Foundation, either version 3 of the "
              "License, or (at your option) any later version.\n\nIn addition, as a special exception, the copyright "
              "holders of this program give permission to link the code of its release with the OpenSSL project's "
              "\"OpenSSL\" library (or with modified versions of it that use the same license as the \"OpenSSL\" "
              "library), and distribute the linked executables.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-3+ with OpenSSL exception\n" + indent(notice)) == \
        {"GPL-3.0-or-later WITH x11vnc-openssl-exception"}


def test_an_additional_exemption_is_a_projects_own_exception():
    # glasscoder: "released under the GNU General Public License version 2 with the additional exemption that
    # compiling, linking, and/or using OpenSSL is allowed"
    notice = ("This program is released under the GNU General Public License version 2 with the additional "
              "exemption that compiling, linking, and/or using OpenSSL is allowed.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2\n" + indent(notice)) == {f"GPL-2.0-only WITH {GENERIC_EXCEPTION}"}


def test_a_choice_introduced_by_either_after_the_trigger():
    # omnidb-server's msdropdown: "under the terms of the either the MIT License or the Gnu General Public License
    # (GPL) Version 2"
    for text in (("you can redistribute it and/or modify it under the terms of the either the MIT License or the Gnu "
                 "General Public License (GPL) Version 2"),
                 ("This plugin is dual licensed under either the MIT License or the GNU General Public License (GPL) "
                 "Version 2.")):
        assert [m.spdx for m in find_mentions(text, "x")] == ["MIT OR GPL-2.0-only"], text
    assert [m.spdx for m in find_mentions("licensed under either the terms of the GPL-2 or the MIT license", "x")] \
        == ["GPL-2.0-only OR MIT"]
