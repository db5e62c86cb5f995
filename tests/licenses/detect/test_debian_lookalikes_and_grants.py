"""The last clearance misses on Debian copyright files (docs/bench/license-detection.md, "remaining
misses by cause"), each fixed for the general case: texts SPDX does not list, look-alike texts told
apart by what distinguishes them, statements that belong to a matched license text, public domain in a
``Copyright:`` field, and a notice that states its version against the paragraph's short name."""

import re

from clearance.licenses.detect.files import detect_license_file
from clearance.licenses.detect.reference import reference_text

from . import debian_copyright

_ids = debian_copyright.ids
_indent = debian_copyright.indent


INDIANA = """Indiana University Extreme! Lab Software License
.
Version 1.1.1
.
Copyright (c) 2002 Extreme! Lab, Indiana University. All rights reserved.
.
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:
.
1. Redistributions of source code must retain the above copyright notice,
this list of conditions and the following disclaimer."""


def test_gary_s_brown_permission_is_named_beside_the_public_domain_name():
    # cryptsetup's crc32.c: "License: public-domain" over Gary S. Brown's one-sentence permission
    body = ("Files: lib/crc32.c\nCopyright: Gary S. Brown\nLicense: public-domain\n"
            + _indent("Gary S. Brown's license is as follows:\n.\nYou may use this program, or code or tables "
                      "extracted from it, as\ndesired without restriction."))
    assert "LicenseRef-Gary-S-Brown" in _ids(body)


def test_indiana_extreme_lab_license_gets_its_own_id_not_xpp():
    body = "Files: *\nCopyright: 2002, Extreme! Lab, Indiana University\nLicense: BSD-Indiana\n" + _indent(INDIANA)
    assert _ids(body) == {"LicenseRef-Indiana-Extreme-1.1.1"}


KHRONOS = """Permission is hereby granted, free of charge, to any person obtaining a
copy of this software and/or associated documentation files (the
"Materials"), to deal in the Materials without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Materials, and to
permit persons to whom the Materials are furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be included
in all copies or substantial portions of the Materials.

THE MATERIALS ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
MATERIALS OR THE USE OR OTHER DEALINGS IN THE MATERIALS."""
KHRONOS_STANDARDS = """MODIFICATIONS TO THIS FILE MAY MEAN IT NO LONGER ACCURATELY REFLECTS KHRONOS
STANDARDS. THE UNMODIFIED, NORMATIVE VERSIONS OF KHRONOS SPECIFICATIONS AND
HEADER INFORMATION ARE LOCATED AT https://www.khronos.org/registry/"""


def test_khronos_text_without_its_standards_paragraph_is_not_mit_khronos_old():
    # mesa ("License: Khronos") and libepoxy ("License: Expat") over the same text
    assert _ids("Files: include/GL/*\nCopyright: The Khronos Group Inc.\nLicense: Khronos\n"
                + _indent(KHRONOS)) == {"LicenseRef-Khronos"}
    assert _ids("Files: registry/*\nCopyright: The Khronos Group Inc.\nLicense: Expat\n"
                + _indent(KHRONOS)) == {"LicenseRef-Khronos"}
    # with the paragraph that sets it apart, the text is SPDX's MIT-Khronos-old
    with_paragraph = KHRONOS.replace("THE MATERIALS ARE", KHRONOS_STANDARDS + "\n\nTHE MATERIALS ARE")
    assert [f.spdx for f in detect_license_file("LICENSE", with_paragraph)] == ["MIT-Khronos-old"]


UNICODE_GRANT = """Permission is hereby granted, free of charge, to any person obtaining
a copy of the Unicode data files and any associated documentation
(the "Data Files") or Unicode software and any associated documentation
(the "Software") to deal in the Data Files or Software
without restriction, including without limitation the rights to use,
copy, modify, merge, publish, distribute, and/or sell copies of
the Data Files or Software, and to permit persons to whom the Data Files
or Software are furnished to do so, provided that """
UNICODE_DFS_2016_CONDITIONS = """either
(a) this copyright and permission notice appear with all copies
of the Data Files or Software, or
(b) this copyright and permission notice appear in associated
Documentation."""
UNICODE_OLD_CONDITIONS = """(a) the above
copyright notice(s) and this permission notice appear with all copies
of the Data Files or Software, (b) both the above copyright notice(s)
and this permission notice appear in associated documentation, and
(c) there is clear notice in each modified Data File or in the
Software as well as in the documentation associated with the Data
File(s) or Software that the data or software has been modified."""
UNICODE_REST = """THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF
ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT OF THIRD PARTY RIGHTS.
IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS
NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL
DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE,
DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THE DATA FILES OR SOFTWARE.

Except as contained in this notice, the name of a copyright holder
shall not be used in advertising or otherwise to promote the sale,
use or other dealings in these Data Files or Software without prior
written authorization of the copyright holder."""


def _unicode(conditions: str) -> str:
    return ("Distributed under the Terms of Use in https://www.unicode.org/copyright.html.\n\n"
            + UNICODE_GRANT + conditions + "\n\n" + UNICODE_REST)


def test_unicode_notices_are_told_apart_by_their_own_conditions():
    # libduktape: DFS-2016's notice without the agreement's preamble; Dice alone prefers Unicode-3.0
    dfs_2016 = _unicode(UNICODE_DFS_2016_CONDITIONS)
    assert _ids("Files: *\nCopyright: Unicode, Inc.\nLicense: unicode\n" + _indent(dfs_2016)) == {"Unicode-DFS-2016"}
    # libidn2: the older notice with clause (c) is no SPDX text
    old = _unicode(UNICODE_OLD_CONDITIONS)
    assert _ids("Files: *\nCopyright: Unicode, Inc.\nLicense: Unicode\n" + _indent(old)) == \
        {"LicenseRef-Unicode-Old-Notice"}
    # Unicode-3.0's own text ("copy of data files", no Terms-of-Use line) stays Unicode-3.0
    v3 = UNICODE_GRANT.replace("the Unicode data files", "data files").replace("or Unicode software", "or software")
    assert [f.spdx for f in detect_license_file("LICENSE", v3 + UNICODE_DFS_2016_CONDITIONS + "\n\n" + UNICODE_REST)] \
        == ["Unicode-3.0"]


def test_a_statement_inside_a_paragraphs_license_text_is_no_further_grant():
    # libuv's README.md is CC-BY-4.0; Creative Commons' closing notice in its legal code says the
    # license texts are "dedicated to the public domain under the CC0 Public Domain Dedication"
    legal_code = reference_text("CC-BY-4.0")
    legal_code = legal_code.replace("will be considered the “Licensor.” ", "will be considered the “Licensor.” The text "
                                    "of the Creative Commons public licenses is dedicated to the public domain under "
                                    "the CC0 Public Domain Dedication. ")
    assert "CC0 Public Domain Dedication" in legal_code
    paragraph = "Files: README.md\nCopyright: X\nLicense: CC-BY-4.0\n" + _indent(legal_code)
    assert _ids(paragraph) == {"CC-BY-4.0"}
    # a statement after the license text is still the file's own: FSF changes in the public domain
    trailer = _indent(legal_code + "\n\nFSF changes to this file are in the public domain.")
    assert _ids("Files: x.c\nCopyright: X\nLicense: CC-BY-4.0\n" + trailer) == {"CC-BY-4.0", "LicenseRef-public-domain"}


def test_public_domain_stated_in_a_copyright_field_counts():
    # media-types: no holder, public domain in the Copyright: field, an ad-hoc name over a description
    body = ("Files: *\nCopyright: public-domain\nLicense: ad-hoc\n This package contains public information "
            "compiled from around the 'net.\n")
    assert _ids(body) == {"LicenseRef-public-domain"}
    assert "LicenseRef-public-domain" in _ids("Files: a.c\nCopyright: None (public-domain)\nLicense: MIT\n")
    # a holder whose name holds the words is no statement
    assert _ids("Files: *\nCopyright: 2003 Software in the Public Interest, Inc.\nLicense: MIT\n") == {"MIT"}


GPL2_NOTICE = """This program is free software; you can redistribute it and/or modify it
under the terms of the GNU General Public License version 2 as published
by the Free Software Foundation.
.
This program is distributed in the hope that it will be useful, but
WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
for more details."""


def test_a_notice_granting_one_version_wins_over_a_plus_short_name():
    # sqlite's debian/*: "License: GPL-2+" over a notice that grants version 2 and says "or later" nowhere
    assert _ids("Files: debian/*\nCopyright: X\nLicense: GPL-2+\n" + _indent(GPL2_NOTICE)) == {"GPL-2.0-only"}
    # with "or later" in the notice, or without a notice, the name's "+" stands
    later = GPL2_NOTICE.replace("version 2 as published\nby the Free Software Foundation.",
                                "as published by the Free Software Foundation; either version 2 of the License, or\n"
                                "(at your option) any later version.")
    assert _ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + _indent(later)) == {"GPL-2.0-or-later"}
    assert _ids("Files: *\nCopyright: X\nLicense: GPL-2+\n") == {"GPL-2.0-or-later"}


def test_licensecheck_spellings_of_short_names():
    """Copyright files generated with licensecheck (GStreamer's) name licenses its way."""
    from clearance.licenses.detect.debian import short_name

    assert short_name("BSD (3 clause)") == "BSD-3-Clause"
    assert short_name("MIT/X11 (BSD like) LGPL-2+") == "MIT AND LGPL-2.0-or-later"
    assert short_name("GPL (v2 or later)") == "GPL-2.0-or-later"
    assert short_name("LGPL (v2.1)") == "LGPL-2.1-only"
    assert short_name("GPL-2+ or Artistic-1.0") == "GPL-2.0-or-later OR Artistic-1.0"
    assert short_name("BSD-3-clause~Kitware") is None  # a packager's own name stays unknown


def test_a_license_paragraph_holding_two_texts_grants_both():
    """xlrd's "License: BSD-3-clause" paragraph: the BSD-3-Clause text, then David Giffin's text, which
    is BSD-Advertising-Acknowledgement."""
    bsd = re.sub(r"3\. Neither the name of the copyright holder nor the names of its\s+contributors may be used",
                 "3. None of the names of Stephen John Machin, Lingfo Pty Ltd and any\ncontributors may be used",
                 reference_text("BSD-3-Clause").split("\n", 2)[2])
    assert "Lingfo" in bsd
    giffin = reference_text("BSD-Advertising-Acknowledgement").replace("<year> <owner>", "2001 David Giffin")
    body = ("Files: *\nCopyright: 2005-2012, Stephen John Machin, Lingfo Pty Ltd\n           2001 David Giffin\n"
            "License: BSD-3-clause\n\nLicense: BSD-3-clause\n"
            + _indent(bsd + "\n\nBased on the Java version: Andrew Khan Copyright (c) 2000.\n\n"
                      "Portions are derived from pyExcelerator, whose author's terms follow; see the\n"
                      "project's README for the history of these modules and who wrote them.\n\n" + giffin))
    keys = {k for spdx in _ids(body) for k in spdx.split(" AND ")}
    assert keys == {"BSD-3-Clause", "BSD-Advertising-Acknowledgement"}


def test_cc0s_deed_under_its_name_is_no_second_public_domain_grant():
    deed = """This file is made available under the Creative Commons CC0 1.0
Universal Public Domain Dedication.

The person who associated a work with this deed has dedicated
the work to the public domain by waiving all of his or her rights
to the work worldwide under copyright law, including all related
and neighboring rights, to the extent allowed by law."""
    body = "Files: test-apps/*\nCopyright: 2010-2020 Andy Green\nLicense: CC0-1.0\n\nLicense: CC0-1.0\n" + _indent(deed)
    assert _ids(body) == {"CC0-1.0"}


def test_an_unversioned_name_over_a_text_naming_its_version():
    """avogadro: "License: GPL" whose paragraph reads "GPL-2+: see /usr/share/common-licenses/GPL-2"."""
    body = ("Files: *\nCopyright: 2007-2018 Avogadro developers\nLicense: GPL\n\nLicense: GPL\n"
            + _indent("GPL-2+: see /usr/share/common-licenses/GPL\nor /usr/share/common-licenses/GPL-2"))
    assert _ids(body) == {"GPL-2.0-or-later"}
