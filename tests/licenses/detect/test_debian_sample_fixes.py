"""Clearance errors found by reading Debian copyright files against scancode (docs/bench/
license-detection.md, "Debian copyright files"), each fixed for the general case it belongs to."""

import pytest

from clearance.licenses.catalog import lookup
from clearance.licenses.detect import find_mentions, identify_license_text
from clearance.licenses.detect.debian import _EXCEPTIONS as debian_exception_names
from clearance.licenses.detect.debian import short_name
from clearance.licenses.detect.exceptions import EXCEPTIONS
from clearance.licenses.detect.files import detect_license_file

from . import debian_copyright

HEAD = debian_copyright.HEAD
_ids = debian_copyright.ids
_indent = debian_copyright.indent


BSD_DISCLAIMER = """
THIS SOFTWARE IS PROVIDED BY THE AUTHOR AND CONTRIBUTORS ``AS IS'' AND
ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
ARE DISCLAIMED. IN NO EVENT SHALL THE AUTHOR OR CONTRIBUTORS BE LIABLE FOR
ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS
OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY
OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF
SUCH DAMAGE."""
#: Darwin's clause 1 without the export paragraph of SPDX's BSD-2-Clause-Darwin text (file, libmagic).
DARWIN_CLAUSES = """Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:
1. Redistributions of source code must retain the above copyright
   notice immediately at the beginning of the file, without modification,
   this list of conditions, and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.
""" + BSD_DISCLAIMER
#: BSD-3-Clause saying "the author": wording many texts share, no variant's clause (unbound's Todd Miller text).
BSD3_AUTHOR = """Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:
1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.
3. The name of the author may not be used to endorse or promote products
   derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED ``AS IS'' AND ANY EXPRESS OR IMPLIED WARRANTIES,
INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY
AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL
THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS;
OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF
ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""


def test_a_text_holding_a_variants_own_clause_is_that_variant_even_without_its_other_paragraphs():
    assert identify_license_text(DARWIN_CLAUSES, "LICENSE").spdx == "BSD-2-Clause-Darwin"


def test_a_variant_clause_under_a_short_name_of_the_base_license_names_the_variant():
    body = ("Files: *\nCopyright: 1986 Ian F. Darwin\nLicense: BSD-2-Clause-alike\n\n"
            "License: BSD-2-Clause-alike\n" + _indent(DARWIN_CLAUSES))
    assert _ids(body) == {"BSD-2-Clause-Darwin"}


def test_common_wording_beyond_the_base_text_does_not_make_a_variant():
    # "the author" sits in BSD-3-Clause-Tso's text too, but Tso's own clause 1 is not here
    assert identify_license_text(BSD3_AUTHOR, "LICENSE").spdx == "BSD-3-Clause"
    assert _ids("Files: *\nCopyright: X\nLicense: BSD-3-Todd-Miller\n" + _indent(BSD3_AUTHOR)) == {"BSD-3-Clause"}


FSFULLRWD_MAKEFILE = """This Makefile.in is free software; the Free Software Foundation
gives unlimited permission to copy and/or distribute it,
with or without modifications, as long as this notice is preserved.

This program is distributed in the hope that it will be useful,
but WITHOUT ANY WARRANTY, to the extent permitted by law; without
even the implied warranty of MERCHANTABILITY or FITNESS FOR A
PARTICULAR PURPOSE."""


def test_a_text_clearly_another_spdx_license_decides_over_the_short_name():
    # tmux, harfbuzz, cyrus-sasl: "License: FSFULLR" over FSFULLRWD's text (its warranty paragraph), which
    # "This Makefile.in" keeps under the 90% a text needs to be trusted on its own
    assert _ids("Files: *\nCopyright: FSF\nLicense: FSFULLR\n" + _indent(FSFULLRWD_MAKEFILE)) == {"FSFULLRWD"}


def test_the_short_name_stays_when_its_own_text_explains_the_paragraph_as_well():
    # "the author" brings BSD-3-Clause-Tso within reach, yet BSD-3-Clause's text explains as much
    assert _ids("Files: *\nCopyright: X\nLicense: BSD-3-clause\n" + _indent(BSD3_AUTHOR)) == {"BSD-3-Clause"}
    fsfullr = FSFULLRWD_MAKEFILE.split("\n\n")[0]
    assert _ids("Files: *\nCopyright: FSF\nLicense: FSFULLR\n" + _indent(fsfullr)) == {"FSFULLR"}


SGI_NOTICE = """License Applicability. Except to the extent portions of this file are
made subject to an alternative license as permitted in the SGI Free
Software License B, Version 1.1 (the "License"), the contents of this
file are subject only to the provisions of the License. You may not use
this file except in compliance with the License."""


def test_a_license_defined_as_the_license_of_a_notice_is_found_without_a_trigger_phrase():
    found = [(f.spdx, f.where) for f in find_mentions(SGI_NOTICE, "glu.c")]
    assert found == [("SGI-B-1.1", "glu.c line 2")]
    mpl = 'The contents of this file are subject to the Mozilla Public License Version 1.1 (the "License").'
    assert [f.spdx for f in find_mentions(mpl, "x")] == ["MPL-1.1"]
    assert find_mentions('This agreement (the "License") is made between you and us.', "x") == []


def test_a_paragraph_with_an_unknown_short_name_and_only_a_notice_takes_the_notices_license():
    assert _ids("Files: *\nCopyright: SGI\nLicense: SGI-1.1\n" + _indent(SGI_NOTICE)) == {"SGI-B-1.1"}


#: X11 as xcb-util states it: "THE AUTHORS" and "the names of the authors or their institutions".
X11_XCB = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN
ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

Except as contained in this notice, the names of the authors or their
institutions shall not be used in advertising or otherwise to promote the
sale, use or other dealings in this Software without prior written
authorization from the authors."""


def test_a_text_holding_the_named_license_and_more_is_the_fuller_license():
    assert _ids("Files: *\nCopyright: 2008 Bart Massey\nLicense: MIT\n" + _indent(X11_XCB)) == {"X11"}


def test_a_text_that_only_resembles_another_license_keeps_the_packagers_name():
    # an author's unlimited permission, worded like FSFULLR but not the FSF's grant: the packager said FSFAP
    text = """This file is free software; the author(s) gives unlimited
permission to copy and/or distribute it, with or without
modifications, as long as this notice is preserved."""
    assert _ids("Files: m4/*\nCopyright: X\nLicense: FSFAP\n" + _indent(text)) == {"FSFAP"}


GPL3_LATER = """This program is free software: you can redistribute it and/or modify it
under the terms of the GNU General Public License as published by the
Free Software Foundation, either version 3 of the License, or (at your
option) any later version.
"""
AUTOCONF_MACRO = """As a special exception, the respective Autoconf Macro's copyright owner
gives unlimited permission to copy, distribute and modify the configure
scripts that are the output of Autoconf when processing the Macro."""
AUTOCONF_GENERIC = """As a special exception to the GNU General Public License, if you
distribute this file as part of a program that contains a
configuration script generated by Autoconf, you may include it under
the same distribution terms that you use for the rest of that program."""
SECTION_7 = """This Exception is an additional permission under section 7 of the GNU
General Public License, version 3 ("GPLv3")."""
CRYPTSETUP_OPENSSL = """In addition, as a special exception, the copyright holders give
permission to link the code of portions of this program with the
OpenSSL library under certain conditions as described in each
individual source file, and distribute linked combinations including
the two."""


def test_the_exception_text_in_a_paragraph_replaces_the_one_its_short_name_gives():
    body = "Files: m4/*\nCopyright: X\nLicense: GPL-3+ with autoconf exception\n"
    assert _ids(body + _indent(GPL3_LATER + "\n" + AUTOCONF_MACRO)) == {
        "GPL-3.0-or-later WITH Autoconf-exception-macro"}
    assert _ids(body + _indent(GPL3_LATER + "\n" + AUTOCONF_GENERIC + "\n" + SECTION_7)) == {
        "GPL-3.0-or-later WITH Autoconf-exception-generic-3.0"}
    assert _ids(body + _indent(GPL3_LATER + "\n" + AUTOCONF_GENERIC)) == {
        "GPL-3.0-or-later WITH Autoconf-exception-generic"}


def test_an_openssl_exception_is_named_by_its_text_never_by_an_id_spdx_does_not_have():
    gpl2 = GPL3_LATER.replace("version 3", "version 2")
    assert short_name("GPL-2+ with OpenSSL exception") == "GPL-2.0-or-later"
    assert _ids("Files: *\nCopyright: X\nLicense: GPL-2+ with OpenSSL exception\n" + _indent(gpl2 + "\n"
                + CRYPTSETUP_OPENSSL)) == {"GPL-2.0-or-later WITH cryptsetup-OpenSSL-exception"}


def test_every_exception_id_detection_can_emit_is_an_spdx_exception():
    ids = {exc.spdx for exc in EXCEPTIONS} | set(debian_exception_names.values())
    assert all((entry := lookup(i)) is not None and entry.is_exception for i in ids), ids


IETF = """This document and translations of it may be copied and furnished to
others, and derivative works that comment on or otherwise explain it
or assist in its implementation may be prepared, copied, published
and distributed, in whole or in part, without restriction of any
kind, provided that the above copyright notice and this paragraph
are included on all such copies and derivative works."""


def test_a_license_spdx_does_not_list_gets_a_stable_licenseref_id_not_nothing():
    # gnupg's "License: RFC-Reference" paragraph quotes the IETF document license
    body = "Files: doc/OpenPGP\nCopyright: The Internet Society\nLicense: RFC-Reference\n" + _indent(IETF)
    assert _ids(body) == {"LicenseRef-IETF-Document"}
    assert {f.spdx for f in detect_license_file("rfc.txt", IETF)} == {"LicenseRef-IETF-Document"}


def test_a_license_stated_in_a_comment_field_is_reported():
    # rav1e, dav1d: the AOM patent license in full in the header's Comment: field
    text = HEAD.replace("Upstream-Name: x\n", "Upstream-Name: x\nComment:\n In addition, rav1e contains the "
                        "following patent license:\n .\n Alliance for Open Media Patent License 1.0\n .\n"
                        " 1. License Terms.\n") + "Files: *\nCopyright: X\nLicense: BSD-2-Clause\n"
    assert {f.spdx for f in detect_license_file("copyright", text)} == {"BSD-2-Clause", "LicenseRef-AOM-Patent-1.0"}


@pytest.mark.parametrize(("name", "spdx"), [
    ("MPL-2", "MPL-2.0"), ("Apache-2", "Apache-2.0"), ("CC-BY-SA-3", "CC-BY-SA-3.0"), ("EPL-2", "EPL-2.0"),
    ("Artistic-1", "Artistic-1.0-Perl"), ("Artistic-2", "Artistic-2.0"), ("GPL-1+ or Artistic-1",
                                                                          "GPL-1.0-or-later OR Artistic-1.0-Perl"),
    ("GPL-2", "GPL-2.0-only"), ("MIT", "MIT"),
])
def test_a_short_name_with_its_major_version_alone_is_that_version(name, spdx):
    assert short_name(name) == spdx


GO_PATENTS = """Additional IP Rights Grant (Patents)

"This implementation" means the copyrightable works distributed by
Google as part of the Go project.

Google hereby grants to You a perpetual, worldwide, non-exclusive,
no-charge, royalty-free, irrevocable (except as stated in this section)
patent license to make, have made, use, offer to sell, sell, import,
transfer and otherwise run, modify and propagate the contents of this
implementation of Go."""


def test_googles_patent_grant_is_found_with_or_without_its_heading():
    # WebRTC and libvpx put it under "Additional IP Rights Grant (Patents)"; Go's Debian paragraph
    # follows the BSD text with the grant alone, its line breaks elsewhere
    without_heading = GO_PATENTS.split("\n\n", 2)[2].replace("Google hereby grants to You", "Google hereby\ngrants to You")
    for text in (GO_PATENTS, without_heading):
        assert {f.spdx for f in detect_license_file("PATENTS", text)} == {"LicenseRef-Google-Patent-Grant"}
