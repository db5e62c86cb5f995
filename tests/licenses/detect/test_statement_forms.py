"""Statement forms read from real license files of the second held-out set (wheels), and the rule that a
license named without its version gives way to the version the same file states."""

from __future__ import annotations

import pytest

from clearance.licenses.detect.files import detect_license_file
from clearance.licenses.detect.ids import license_keys
from clearance.licenses.detect.mentions import find_mentions, without_notes_outside_licenses
from clearance.licenses.detect.quoted import quoted_by
from clearance.licenses.detect.reference import reference_text
from clearance.licenses.detect.urls import license_from_url

BSD3 = reference_text("BSD-3-Clause")
assert BSD3


@pytest.mark.parametrize(("text", "expected"), [
    ("- **License:** BSD-3-Clause — full text in `LICENSE` in this directory", "BSD-3-Clause"),
    ("This product bundles decorator 4.0.10 which is available under a \"2-clause BSD\"\nlicense.", "BSD-2-Clause"),
    ("Most files are\nlicensed under the MPL v2.0. However,", "MPL-2.0"),
    ("Two fixture files are licensed under GNU GPL as part of the git source repository.", "GPL-1.0-or-later"),
    ("Portions written in 2005 by Peter Pearson and placed in the public domain.", "LicenseRef-public-domain"),
    ("The first three have expired copyrights and are in the public\n   domain.", "LicenseRef-public-domain"),
])
def test_statement_forms(text, expected):
    assert [f.spdx for f in find_mentions(text, "LICENSE")] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # CMake's libarchive COPYING: a comma list takes the conjunction after it
    (("* The following source files are triple-licensed with the ability to choose\n  from CC0 1.0 Universal, "
     "OpenSSL or Apache 2.0 licenses:"), "CC0-1.0 OR OpenSSL OR Apache-2.0"),
    ("The getopt_long code is under\n        GNU LGPLv2.1+.", "LGPL-2.1-or-later"),
    ("files that\n        are under GNU GPLv2+ or GNU GPLv3+. None of these", "GPL-2.0-or-later OR GPL-3.0-or-later"),
    ("Licensed under MIT, BSD-3-Clause, and Apache-2.0.", "MIT AND BSD-3-Clause AND Apache-2.0"),
    ("The BSD licensed music21 software is distributed with a corpus", "LicenseRef-BSD-unversioned"),
    ("an MIT-licensed library", "MIT"),
])
def test_lists_and_adjectives(text, expected):
    found = [f.spdx for f in find_mentions(text, "LICENSE")]
    assert found[0] == expected
    assert all(license_keys(spdx) <= license_keys(expected) for spdx in found)  # CC0's own pattern: no more


def test_under_without_a_license_name_is_nothing():
    assert find_mentions("This project is under development and under review.", "README") == []


def test_a_debian_comment_restating_a_field_adds_no_vague_license():
    text = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: xxhash\n"
            "Comment: The library files are BSD licensed.\n         The utility `xxhsum` is GPL licensed.\n\n"
            "Files: *\nCopyright: 2012 Yann Collet\nLicense: BSD-2-clause\n\nFiles: cli/*\nCopyright: 2013 Yann "
            "Collet\nLicense: GPL-2+\n")
    assert {f.spdx for f in detect_license_file("copyright", text)} == {"BSD-2-Clause", "GPL-2.0-or-later"}


def test_the_eclipse_distribution_license_is_bsd_3_clause():
    text = ("This program and the accompanying materials are dual licensed under the Eclipse Public License 2.0 "
            "and the\nEclipse Distribution License 1.0 as described in the epl-v20 and edl-v10 files.")
    assert [f.spdx for f in find_mentions(text, "LICENSE")] == ["EPL-2.0 OR BSD-3-Clause"]


def test_a_public_domain_sentence_broken_across_lines_inside_a_reference_is_quoted_by_it():
    # bcrypt-Solar-Designer's text says "placed in the public\ndomain": beside that text it is no second license
    assert "licenseref-public-domain" in quoted_by("bcrypt-Solar-Designer")


def test_opensource_orgs_old_bsd_page_does_not_say_which_bsd():
    assert license_from_url("http://www.opensource.org/licenses/bsd-license.php") == "LicenseRef-BSD-unversioned"


def test_a_bsd_name_gives_way_to_the_bsd_text_of_the_same_file():
    text = ("py-amqp is licensed under The BSD License (3 Clause, also known as the new BSD license).\n"
            "See http://www.opensource.org/licenses/bsd-license.php\n\n" + BSD3)
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == ["BSD-3-Clause"]


def test_a_notices_bsd_style_component_is_kept_beside_another_components_bsd_statement():
    notice = ("This product includes code from Apache Kudu, licensed under the BSD-3-Clause license.\n\n"
              "This product includes code from Google's Abseil, which is governed by a BSD-style license.\n")
    found = {f.spdx for f in detect_license_file("NOTICE.txt", notice)}
    assert found == {"BSD-3-Clause", "LicenseRef-BSD-unversioned"}


def test_an_unversioned_gnu_gpl_gives_way_to_the_versioned_grant_beside_it():
    text = ("The keys in the keyrings don't fall under any copyright.  Everything\nelse in the package is covered by "
            "the GNU GPL.\n\nDebian support files for debian-archive-keyring are free software; you\ncan "
            "redistribute them and/or modify them under the terms of the GNU\nGeneral Public License as published "
            "by the Free Software Foundation;\neither version 2, or (at your option) any later version.\n")
    assert [f.spdx for f in detect_license_file("copyright", text)] == ["GPL-2.0-or-later"]
    alone = "Everything in the package is covered by the GNU GPL.\n"
    assert [f.spdx for f in detect_license_file("copyright", alone)] == ["GPL-1.0-or-later"]


GPL3 = reference_text("GPL-3.0-only")
GRANT = ("This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU General "
         "Public License as published by\nthe Free Software Foundation; either version 3 of the License, or\n(at your "
         "option) any later version.\n\nA copy of the GNU General Public License is included below.\n")


def test_a_gnu_text_under_an_or_later_notice_is_or_later():
    assert [f.spdx for f in detect_license_file("LICENSE", "CVXOPT\n\n" + GRANT + "\n----\n\n" + GPL3)] == [
        "GPL-3.0-or-later"]


def test_a_bare_gnu_text_is_only_though_its_appendix_holds_the_or_later_notice():
    assert [f.spdx for f in detect_license_file("COPYING", GPL3)] == ["GPL-3.0-only"]


def test_a_bundled_runtime_notice_decides_the_appended_gpl_text_and_its_links():
    text = ("Name: GCC runtime library\nLicense: GPL-3.0-with-GCC-exception\n  " + GRANT.replace("\n", "\n  ")
            + "\nName: libquadmath\nLicense: LGPL-2.1-or-later\n    This library is free software; you can "
            "redistribute it and/or\n    modify it under the terms of the GNU Library General Public\n    License as "
            "published by the Free Software Foundation; either\n    version 2.1 of the License, or (at your option) "
            "any later version.\n    https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html\n\n----\n\nFull text of "
            "license texts referred to above follows.\n\n" + GPL3)
    found = {f.spdx for f in detect_license_file("LICENSE.txt", text)}
    assert any(spdx.startswith("GPL-3.0-or-later") for spdx in found), found
    assert not any("-only" in spdx for spdx in found), found
    # the deprecated label alone, as a statement: the current form
    assert [f.spdx for f in find_mentions("License: GPL-3.0-with-GCC-exception", "x")] == [
        "GPL-3.0-or-later WITH GCC-exception-3.1"]


@pytest.mark.parametrize("text", [
    "This code is not licensed under the GPL.",
    "It must never be distributed under the GPL-2.0 license.",
    ("A GPL-compatible license makes it possible to combine Celery with other software that is released "
     "under the GPL, it does not mean that we're distributing Celery under the GPL license."),
])
def test_a_denied_grant_or_other_works_license_is_no_statement(text):
    assert find_mentions(text, "LICENSE") == []


def test_a_negation_elsewhere_in_the_sentence_keeps_the_grant():
    text = "Most *.c files (but not all) have their own notices and are licensed under the MPL v2.0."
    assert [f.spdx for f in find_mentions(text, "COPYRIGHTS")] == ["MPL-2.0"]


def test_a_link_in_a_license_texts_own_wording_is_no_second_license():
    """ale-py's LICENSE.md: the GPL-2.0 in Markdown, whose last sentence links the LGPL."""
    text = "Converted to Markdown for the documentation site, tables of contents and anchors removed.\n\n### " \
        + reference_text("GPL-2.0-only").replace("\nPreamble\n", "\n### Preamble\n") + """
This General Public License does not permit incorporating your program
into proprietary programs. If your program is a subroutine library,
you may consider it more useful to permit linking proprietary
applications with the library. If this is what you want to do, use the
[GNU Lesser General Public
License](https://www.gnu.org/licenses/lgpl.html) instead of this
License.
"""
    assert [f.spdx for f in detect_license_file("LICENSE.md", text)] == ["GPL-2.0-only"]


def test_an_spdx_line_in_a_markdown_table_keeps_its_exception():
    text = "| | |\n|---|---|\n| SPDX-License-Identifier: | BSD-3-Clause WITH PCRE2-exception |\n"
    assert [f.spdx for f in find_mentions(text, "LICENCE.md")] == ["BSD-3-Clause WITH PCRE2-exception"]


CC_NOTE = """
=======================================================================

Creative Commons is not a party to its public
licenses. Notwithstanding, Creative Commons may elect to apply one of
its public licenses to material it publishes and in those instances
will be considered the "Licensor." The text of the Creative Commons
public licenses is dedicated to the public domain under the CC0 Public
Domain Dedication. For the avoidance of doubt, this paragraph does not
form part of the public licenses.

Creative Commons may be contacted at creativecommons.org.
"""


def test_creative_commons_note_under_its_legal_code_states_no_cc0():
    """caniuse-lite's LICENSE: CC BY 4.0's legal code with Creative Commons' closing note."""
    preface = ("The browser support tables in this package come from the Can I Use project's data files, which\n"
               "its maintainers and contributors keep up to date as new browser releases appear.\n\n")
    found = detect_license_file("LICENSE", preface + reference_text("CC-BY-4.0") + CC_NOTE)
    assert [f.spdx for f in found] == ["CC-BY-4.0"]


def test_only_the_note_paragraph_is_blanked():
    text = CC_NOTE + "\nThe code samples are licensed under the MIT license.\n"
    blanked = without_notes_outside_licenses(text)
    assert blanked.count("\n") == text.count("\n") and "CC0" not in blanked
    assert [f.spdx for f in find_mentions(blanked, "LICENSE")] == ["MIT"]


def test_a_list_goes_on_after_an_article():
    text = "Most is under an MIT license, but a\nfew pieces are under GPL or a BSD 2-clause licence."
    assert [f.spdx for f in find_mentions(text, "LICENSE")] == ["MIT", "GPL-1.0-or-later OR BSD-2-Clause"]


def test_a_versionless_apache_name_gives_way_to_the_versioned_grant_beside_it():
    text = ("Parts of this package are licensed under the Apache License, Version 2.0 (the \"License\").\n\n"
            "If you use Apache-licensed parts, be aware that these may be incompatible\n"
            "with software licensed exclusively under GPL2.\n")
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == ["Apache-2.0"]


@pytest.mark.parametrize(("line", "expected"), [
    ("License: GPL-3.0-with-GCC-exception (libgcc, libstdc++), MIT and BSD (libwinpthread)",
     "GPL-3.0-or-later WITH GCC-exception-3.1 AND MIT AND LicenseRef-BSD-unversioned"),
    ("License: MIT (see LICENSE)", "MIT"),
    ("License: MIT (mostly) and some other stuff", "MIT"),
])
def test_a_license_line_listing_components_in_parentheses(line, expected):
    assert find_mentions(line, "LICENSES_bundled.txt")[0].spdx == expected


def test_a_sentence_that_is_a_license_name_alone_states_it():
    """libuv's list of externally maintained libraries."""
    text = ("  - tree.h (from FreeBSD), copyright Niels Provos. Two clause BSD license.\n\n"
            "  - stdint-msvc2008.h (from msinttypes), copyright Alexander Chemeris. Three\n"
            "    clause BSD license.\n")
    assert [f.spdx for f in find_mentions(text, "LICENSE")] == ["BSD-2-Clause", "BSD-3-Clause"]
    for prose in ("This is the MIT license.", "Read the license. The license.", "It is free. Public license."):
        assert find_mentions(prose, "README") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("GNU-AGPL-3.0.txt\n", "AGPL-3.0-only"),  # pm2's LICENSE: a symbolic link stored as text
    ("GNU AFFERO GPL 3.0", "AGPL-3.0-only"),
    ("Apache 2.0", "Apache-2.0"),
])
def test_a_file_holding_only_a_license_name(text, expected):
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == [expected]


def test_a_quoted_public_domain_is_still_a_dedication():
    text = 'This code is released into the "public domain" by its author(s).'
    assert [f.spdx for f in find_mentions(text, "LICENSE.txt")] == ["LicenseRef-public-domain"]


def test_files_that_use_a_license():
    text = ("This repository uses 2 different licenses :\n- all files in the `lib` directory use a BSD 2-Clause "
            "license\n- all other files use a GPLv2 license, unless explicitly stated otherwise\n")
    assert [f.spdx for f in find_mentions(text, "LICENSE")] == ["BSD-2-Clause", "GPL-2.0-only"]
    assert find_mentions("This uses the GPL-compatible API.", "README") == []


def test_a_versionless_name_followed_by_its_version_in_parentheses():
    text = "The pax-utils code is released under a BSD-style license (BSD-3)."
    assert [f.spdx for f in find_mentions(text, "LICENSE")] == ["BSD-3-Clause"]
    assert [f.spdx for f in find_mentions("licensed under the BSD license (see below)", "LICENSE")] == [
        "LicenseRef-BSD-unversioned"]


def test_font_awesome_names_its_three_licenses_once_each():
    text = ("# Icons: CC BY 4.0 License (https://creativecommons.org/licenses/by/4.0/)\n"
            "# Fonts: SIL OFL 1.1 License (https://scripts.sil.org/OFL)\n"
            "# Code: MIT License (https://opensource.org/licenses/MIT)\n"
            "# Attribution\nAttribution is required by MIT, SIL OFL, and CC BY licenses.\n")
    assert {f.spdx for f in find_mentions(text, "LICENSE.txt")} == {"CC-BY-4.0", "OFL-1.1", "MIT"}
    # a versionless grant of its own stays: snappy's test data "licensed under the CC-BY license"
    both = "fireworks.jpeg is licensed under CC-BY-3.0.\npaper-100k.pdf is licensed under the CC-BY license.\n"
    assert {f.spdx for f in find_mentions(both, "LICENSE")} == {"CC-BY-3.0", "LicenseRef-CC-BY-unversioned"}


def test_gfdl_versions_past_one_point_one():
    text = ("Permission is granted to copy, distribute and/or modify this document under the terms of the GNU Free\n"
            "Documentation License, Version 1.3 or any later version published by the Free Software Foundation.")
    assert [f.spdx for f in find_mentions(text, "LICENCE.txt")] == ["GFDL-1.3-or-later"]


def test_permitted_under_and_an_spdx_line_in_inline_code():
    text = "Use of this software is permitted under Apache 2.0, provided that the notice is kept."
    assert [f.spdx for f in find_mentions(text, "NOTICE")] == ["Apache-2.0"]
    code = "This library is dual-licensed: `SPDX-License-Identifier: Apache-2.0 OR BSD-3-Clause`."
    assert find_mentions(code, "LICENSE")[0].spdx == "Apache-2.0 OR BSD-3-Clause"
