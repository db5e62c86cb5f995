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
