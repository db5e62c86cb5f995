"""Clearance errors the blind random sample of Debian copyright files (held-out set I, docs/bench/
license-detection.md) showed at its one run, each fixed for the general case it belongs to."""

from clearance.licenses.detect.mentions import find_mentions

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent


def test_all_rights_reserved_above_a_custom_grant_leaves_the_grant_to_be_read():
    # ruby-ae: "License: Custom" over "All rights reserved." and a permission to use, copy, modify, distribute
    text = ("All rights reserved.\n\nPermission is granted for use, copying, modification, distribution, and "
            "distribution of modified versions of this work as long as the above copyright notice is included.")
    assert ids("Files: *\nCopyright: X\nLicense: Custom\n" + indent(text)) == {"LicenseRef-custom-permissive"}


def test_a_notice_deferring_to_a_license_set_forth_elsewhere_is_no_custom_grant():
    # libyang-tools: the IETF Trust's module notice
    text = ("Redistribution and use in source and binary forms, with or without modification, is permitted "
            "pursuant to, and subject to the license terms contained in, the Simplified BSD License set forth in "
            "Section 4.c of the IETF Trust's Legal Provisions Relating to IETF Documents "
            "(http://trustee.ietf.org/license-info).")
    assert "LicenseRef-custom-permissive" not in ids("Files: *\nCopyright: X\nLicense: IETF-BSD-3-clause\n" +
                                                     indent(text))


def test_kdes_proxy_after_one_version_is_a_choice_of_the_two():
    # parley-data: "License: GPL-3+KDEeV"
    notice = ("This program is free software; you can redistribute it and/or modify it under the terms of the GNU "
              "General Public License as published by the Free Software Foundation; either version 3 of the "
              "License or any later version accepted by the membership of KDE e.V. (or its successor approved by "
              "the membership of KDE e.V.), which shall act as a proxy defined in Section 14 of version 3 of the "
              "license.")
    assert [m.spdx for m in find_mentions(notice, "x")] == ["GPL-3.0-only OR LicenseRef-scancode-kde-accepted-gpl"]


RUBY_BSDL = ("Ruby is copyrighted free software by Yukihiro Matsumoto <matz@netlab.jp>.\nYou can redistribute it "
             "and/or modify it under either the terms of the\n2-clause BSDL (see the file BSDL), or the conditions "
             "below:")


def test_rubys_two_clause_bsdl_is_offered():
    # ruby-net-telnet: the Ruby license's opening sentence
    assert [m.spdx for m in find_mentions(RUBY_BSDL, "x")] == ["BSD-2-Clause"]


def test_rubys_old_unversioned_gpl_is_the_version_the_file_names():
    # ruby-unicode: "License: Ruby or GPL-2+" over the old Ruby text's "under either the terms of the GPL"
    ruby = RUBY_BSDL.replace("2-clause BSDL (see the file BSDL)", "GPL (see the file GPL)") + \
        "\n\n1. You may make and give away verbatim copies of the source form of the software without restriction."
    body = (f"Files: *\nCopyright: X\nLicense: Ruby or GPL-2+\n\nLicense: Ruby\n{indent(ruby)}\nLicense: GPL-2+\n"
            + indent("This program is free software; you can redistribute it and/or modify it under the terms of the "
                     "GNU General Public License as published by the Free Software Foundation; either version 2 of "
                     "the License, or (at your option) any later version."))
    assert "GPL-1.0-or-later" not in ids(body)
    assert "GPL-1.0-or-later" in ids(f"Files: *\nCopyright: X\nLicense: Ruby\n\nLicense: Ruby\n{indent(ruby)}")


def test_an_added_permission_to_link_is_a_projects_own_exception():
    # python3-zfec: "This licence also comes with the added permission that you may link this program with the
    # OpenSSL library"
    text = ("This program is free software; you can redistribute it and/or modify it under the terms of the GNU "
            "General Public License version 2.\n\nThis licence also comes with the added permission that you may "
            "link this program with the OpenSSL library and distribute executables, as long as you follow the "
            "requirements of this licence in regard to all of the software in the executable aside from OpenSSL.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2\n" + indent(text)) == \
        {"GPL-2.0-only WITH LicenseRef-scancode-generic-exception"}


BSD2_BROKEN = """Redistribution and use in source and binary forms, with or without modifica-
tion, are permitted provided that the following conditions are met:

1.  Redistributions of source code must retain the above copyright notice,
this list of conditions and the following disclaimer.

2.  Redistributions in binary form must reproduce the above copyright
notice, this list of conditions and the following disclaimer in the
documentation and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND ANY EXPRESS OR IMPLIED
WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MER-
CHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.  IN NO
EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPE-
CIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS;
OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTH-
ERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED
OF THE POSSIBILITY OF SUCH DAMAGE.

Alternatively, the following files carry an additional notice that
explicitly allows relicensing under the GPLv2: lzf.c lzf.h"""


def test_a_versionless_bsd_name_over_a_look_alike_missing_its_clause_is_the_base():
    # gaviotatb: liblzf's BSD-2-Clause under "License: BSD", which lacks "in this position and unchanged"
    assert ids("Files: *\nCopyright: X\nLicense: BSD\n" + indent(BSD2_BROKEN)) == {"BSD-2-Clause", "GPL-2.0-only"}
