"""File-level detection: LICENSE files that hold a text, a notice or both; Debian copyright files."""

from __future__ import annotations

from clearance.licenses.detect import detect_license_file
from clearance.licenses.detect.debian import debian_licenses, is_debian_copyright
from clearance.licenses.detect.reference import reference_text

DEBIAN = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: demo

Files: *
Copyright: 2001-2020 Demo Authors
License: GPL-2+

Files: lib/compat/*
Copyright: 1998 Someone
License: GPL-3+ with autoconf exception

Files: debian/*
Copyright: 2020 Packager
License: BSD-3-clause~custom
 Redistribution and use in source and binary forms, with or without modification, are permitted
 provided that the following conditions are met:
 .
""" + "\n".join(" " + line if line.strip() else " ." for line in reference_text("BSD-3-Clause").splitlines()[4:]) + """

License: GPL-2+
 This program is free software; you can redistribute it and/or modify it under the terms of the GNU General
 Public License as published by the Free Software Foundation; either version 2 of the License, or (at your
 option) any later version.
 .
 On Debian systems, the full text of the GNU General Public License version 2 can be found in the file
 `/usr/share/common-licenses/GPL-2'.
"""


def test_debian_copyright_fields_are_read():
    assert is_debian_copyright(DEBIAN)
    names = [(lic.name, lic.spdx) for lic in debian_licenses(DEBIAN)]
    assert names[0] == ("GPL-2+", "GPL-2.0-or-later")
    assert names[1] == ("GPL-3+ with autoconf exception", "GPL-3.0-or-later WITH Autoconf-exception-generic")
    assert names[2] == ("BSD-3-clause~custom", None)  # the packager's own name: identified from its text


def test_debian_copyright_file_gives_every_license_with_its_line():
    found = {f.spdx: f for f in detect_license_file("debian/copyright", DEBIAN)}
    assert set(found) == {"GPL-2.0-or-later", "GPL-3.0-or-later WITH Autoconf-exception-generic", "BSD-3-Clause"}
    assert found["GPL-2.0-or-later"].where == "debian/copyright line 6"
    assert all(f.kind == "license-file" for f in found.values())


def test_a_notice_only_license_file_is_read_for_its_statement():
    notice = ("Copyright 2019 The Authors\n\nLicensed under the Apache License, Version 2.0 (the \"License\"); you may "
              "not use this file except in compliance with the License. You may obtain a copy of the License at\n\n"
              "    http://www.apache.org/licenses/LICENSE-2.0\n")
    [finding] = detect_license_file("COPYING", notice)
    assert finding.spdx == "Apache-2.0" and finding.kind == "license-file"


def test_a_full_text_needs_no_mentions_and_all_rights_reserved_is_dropped():
    text = "Copyright (c) 2004 Infrae. All rights reserved.\n\n" + reference_text("BSD-3-Clause")
    [finding] = detect_license_file("LICENSE.txt", text)
    assert finding.spdx == "BSD-3-Clause"


def test_a_text_plus_a_pointer_to_another_license():
    text = reference_text("MIT") + "\n\nThe bundled font is licensed under the SIL Open Font License, Version 1.1.\n"
    spdx = {f.spdx for f in detect_license_file("LICENSE", text)}
    assert spdx == {"MIT", "OFL-1.1"}


def test_licenses_a_full_text_itself_names_are_not_extra_findings():
    # The GPL-2.0 text mentions the "GNU Library General Public License"; a copy with a preamble
    # (so not an exact match) must not also be read as LGPL.
    text = "This is the license of frobnicator.\n\n" + reference_text("GPL-2.0-only")
    assert [f.spdx for f in detect_license_file("COPYING", text)] == ["GPL-2.0-only"]


def test_exceptions_attach_to_their_license_and_hide_what_they_quote():
    text = reference_text("Apache-2.0") + (
        "\n\n---- LLVM Exceptions to the Apache 2.0 License ----\n\nAs an exception, if, as a result of your "
        "compiling your source code, portions of this Software are embedded into an Object form of such source "
        "code, you may redistribute such embedded portions in such Object form without complying with the "
        "conditions of Sections 4(a), 4(b) and 4(d) of the License.\n\nIn addition, if you combine or link compiled "
        "forms of this Software with software that is licensed under the GPLv2 (\"Combined Software\") and if a "
        "court of competent jurisdiction determines that the patent provision (Section 3), the indemnity provision "
        "(Section 9) or other Section of the License conflicts with the conditions of the GPLv2, you may "
        "retroactively and prospectively choose to deem waived or otherwise exclude such Section(s) of the License, "
        "but only in their entirety and only with respect to the Combined Software.\n")
    assert [f.spdx for f in detect_license_file("LICENSE.TXT", text)] == ["Apache-2.0 WITH LLVM-exception"]


def test_a_file_holding_only_a_license_name():
    [finding] = detect_license_file("LICENSE.txt", "Apache 2.0\n")
    assert finding.spdx == "Apache-2.0" and finding.confidence < 1.0
    assert detect_license_file("LICENSE.txt", "see the website\n") == []


def test_a_wrapped_line_starting_with_copyright_is_license_text_not_a_copyright_line():
    # ISC wrapped so that a line starts "copyright notice and this permission notice": dropping it
    # as a copyright statement would make the text look like 0BSD.
    text = ("Copyright (c) 2018, Jane <jane@example.org>\n\nPermission to use, copy, modify, and distribute this "
            "software for any\npurpose with or without fee is hereby granted, provided that the above\ncopyright "
            "notice and this permission notice appear in all copies.\n\n" +
            reference_text("ISC").split("\n\n", 2)[-1])
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == ["ISC"]


def test_a_license_in_labelled_comment_lines_is_read():
    """pdf.js's Adobe CMaps carry BSD-3-Clause in PostScript "%%Copyright:" lines, each of which
    reads as a copyright line unless the label is taken off."""
    body = "Copyright 1990-2009 Adobe Systems Incorporated.\nAll rights reserved.\n\n" + reference_text(
        "BSD-3-Clause").split("\n", 2)[2]
    text = "\n".join(f"%%Copyright: {line}".rstrip() for line in body.split("\n"))
    assert [f.spdx for f in detect_license_file("LICENSE", text)] == ["BSD-3-Clause"]
