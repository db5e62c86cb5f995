"""The last clearance misses on Debian copyright files (docs/bench/license-detection.md, "remaining
misses by cause"), each fixed for the general case: texts SPDX does not list, look-alike texts told
apart by what distinguishes them, statements that belong to a matched license text, public domain in a
``Copyright:`` field, and a notice that states its version against the paragraph's short name."""

from clearance.licenses.detect.files import detect_license_file

HEAD = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n"


def _ids(body: str) -> set[str]:
    return {f.spdx for f in detect_license_file("debian/copyright", HEAD + body)}


def _indent(text: str) -> str:
    return "\n".join(" " + (line.strip() or ".") for line in text.strip().splitlines()) + "\n"


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
