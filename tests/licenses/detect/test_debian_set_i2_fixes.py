"""Clearance errors the rest of set I's draw (held-out set I2, docs/bench/license-detection.md) showed
at its first run, each fixed for the general case it belongs to."""

from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.normalize import license_words
from clearance.licenses.detect.texts import identify_license_text

from . import debian_copyright
from .test_debian_lookalikes_and_grants import UNICODE_GRANT, UNICODE_REST

ids, indent = debian_copyright.ids, debian_copyright.indent

UNICODE_2015_CONDITIONS = """(a) this copyright and permission notice appear with all copies
of the Data Files or Software,

(b) this copyright and permission notice appear in associated
documentation, and

(c) there is clear notice in each modified Data File or in the Software
as well as in the documentation associated with the Data File(s) or
Software that the data or software has been modified."""
UNICODE_2015_NOTICE = ("Distributed under the Terms of Use in <http://www.unicode.org/copyright.html>.\n\n" + UNICODE_GRANT
                       + "\n\n" + UNICODE_2015_CONDITIONS + "\n\n" + UNICODE_REST)


def test_a_clause_lettered_c_is_license_text_not_a_copyright_line():
    assert license_words("(c) there is clear notice in each modified Data File") == \
        ["there", "is", "clear", "notice", "in", "each", "modified", "data", "file"]
    for statement in ("(c) 2018 Jane Doe", "(C) Copyright 1999 ACME", "(c) by Jane Doe", " (c) Jane Doe"):
        assert license_words(statement) == [], statement


def test_unicodes_2015_notice_without_the_agreement_preamble_is_dfs_2015_not_the_older_notice():
    # python3-idna: "License: Unicode" over DFS-2015's clauses (a) to (c), which the older notice words as
    # "the above copyright notice(s) and this permission notice"
    assert identify_license_text(UNICODE_2015_NOTICE, "x").spdx == "Unicode-DFS-2015"
    assert ids("Files: *\nCopyright: X\nLicense: Unicode\n" + indent(UNICODE_2015_NOTICE)) == {"Unicode-DFS-2015"}


def test_the_free_documentation_license_with_no_version_is_any_version():
    # octave-vrml: "License: GFDL-NIV" over "... the GNU Free Documentation License as published by the Free
    # Software Foundation, with no version specified"
    notice = ("This document is free documentation; you can redistribute it and/or modify it under the terms of the "
              "GNU Free Documentation License as published by the Free Software Foundation, with no version specified "
              "and no cover texts, invariant sections and whatever else.")
    assert ids("Files: *\nCopyright: X\nLicense: GFDL-NIV\n" + indent(notice)) == {"GFDL-1.1-or-later"}
    versioned = notice.replace("Foundation, with no version specified", "Foundation; version 1.3")
    assert ids("Files: *\nCopyright: X\nLicense: GFDL-1.3\n" + indent(versioned)) == {"GFDL-1.3-only"}


def test_the_artistic_license_that_comes_with_perl_is_perls_under_any_label():
    # pod2pdf: "License: Artistic-2.0" over "the terms of the Artistic License, which comes with Perl"
    notice = ("This program is free software; you can redistribute it and/or modify it under the terms of the "
              "Artistic License, which comes with Perl.")
    assert [m.spdx for m in find_mentions(notice, "x")] == ["Artistic-1.0-Perl"]
    assert ids("Files: *\nCopyright: X\nLicense: Artistic-2.0\n\nLicense: Artistic-2.0\n" + indent(notice)) == \
        {"Artistic-1.0-Perl"}


def test_a_notice_applying_no_restriction_is_a_custom_grant():
    # libcommuni-doc: "License: free"
    text = ("This example is free, and not covered by the BSD license. There is no restriction applied to their "
            "modification, redistribution, using and so on. You can study them, modify them, use them in your own "
            "program - either completely or partially.")
    assert ids("Files: *\nCopyright: X\nLicense: free\n" + indent(text)) == {"LicenseRef-custom-permissive"}


def test_code_that_can_be_freely_used_with_credit_is_a_custom_grant():
    # macaulay2-common: "License: freely-used-if-properly-acknowledged"
    body = "License: freely-used-if-properly-acknowledged\n This code can be freely used, provided use is properly acknowledged\n"
    assert ids("Files: *\nCopyright: X\n" + body) == {"LicenseRef-custom-permissive"}
    restricted = body.replace("freely used,", "freely used for non-commercial purposes,")
    assert "LicenseRef-custom-permissive" not in ids("Files: *\nCopyright: X\n" + restricted)


def test_a_license_grant_field_is_the_notice_under_a_bare_short_name():
    # r-cran-tm, libghc-git-lfs-dev: the packager quotes the upstream grant in "License-Grant:" beside the short
    # name, whose stand-alone paragraph holds the license text or a pointer
    grant = ("License-Grant:\n This program is free software; you can redistribute it and/or modify it under the "
             "terms of the GNU Affero General Public License as published by the Free Software Foundation, either "
             "version 3 of the License, or (at your option) any later version.\n")
    assert ids("Files: *\nCopyright: X\n" + grant + "License: AGPL-3\n") == {"AGPL-3.0-or-later"}
    assert ids("Files: *\nCopyright: X\nLicense: AGPL-3\n" + grant) == {"AGPL-3.0-or-later"}
    higher = "License-Grant: Licensed under the GNU AGPL version 3 or higher.\n"
    assert ids("Files: *\nCopyright: X\nLicense: AGPL-3\n" + higher) == {"AGPL-3.0-or-later"}
