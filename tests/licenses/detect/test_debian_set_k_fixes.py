"""Clearance errors the blind set K (docs/bench/license-detection.md) showed at its one run, each fixed
for the general case it belongs to."""

from clearance.licenses.detect.custom_notices import custom_notice
from clearance.licenses.detect.exceptions import states_own_exception
from clearance.licenses.detect.normalize import license_words, strip_copyright_lines

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent

_HPND_SELL = ("Permission to use, copy, modify, distribute and sell this software and its documentation for any "
              "purpose is hereby granted without fee, provided that the above copyright notice appear in all "
              "copies and that both that copyright notice and this permission notice appear in supporting "
              "documentation. The copyright holder makes no representations about the suitability of this "
              "software for any purpose. It is provided \"as is\" without express or implied warranty.")
_GPL2_NOTICE = ("This program is free software; you can redistribute it and/or modify it under the terms of the "
                "GNU General Public License as published by the Free Software Foundation; either version 2 of the "
                "License, or (at your option) any later version.")


def test_a_short_name_over_the_text_of_one_of_its_variants_is_that_variant():
    # libfrobby0: "License: HPND" over the "distribute and sell ... without fee" text, which SPDX's HPND template
    # does not hold ("and distribute ... and without fee") and HPND-sell-variant's does
    assert ids("Files: *\nCopyright: X\nLicense: HPND\n" + indent(_HPND_SELL)) == {"HPND-sell-variant"}
    # a pointer under the same name stays the name
    assert ids("Files: *\nCopyright: X\nLicense: HPND\n See the file LICENSE for the text.\n") == {"HPND"}


def test_a_sentence_after_all_rights_reserved_on_its_line_is_license_text():
    # libpdf-create-perl: "All rights reserved. It may be used and modified freely, ..." lost its first
    # sentence to the copyright-line rule, and with it ScanCode's fabien-tassin text
    assert strip_copyright_lines("All rights reserved. It may be used and modified freely, but I") == \
        " It may be used and modified freely, but I"
    assert strip_copyright_lines("Copyright (c) 2001 X. All rights reserved. Redistribution and use in") == \
        " Redistribution and use in"
    # a holder's name after it ("All rights reserved. Foo Inc.") is still a copyright line
    assert strip_copyright_lines("Copyright 2001 X. All rights reserved. Foo Inc.") == ""
    assert license_words("All rights reserved.\nPermission is granted.") == ["permission", "is", "granted"]
    notice = ("All rights reserved. It may be used and modified freely, but I do request\nthat this copyright "
              "notice remain attached to the file. You may modify\nthis module as you wish, but if you "
              "redistribute a modified version,\nplease attach a note listing the modifications you have made.")
    assert ids("Files: *\nCopyright: X\nLicense: PDF-Create\n" + indent(notice)) == \
        {"LicenseRef-scancode-fabien-tassin"}


def test_a_grant_above_a_bare_warranty_disclaimer_is_the_grant():
    # cruft's mlocate_db.h: "You can use this file without restriction." then the GPL's warranty sentence,
    # which alone is ScanCode's philippe-de-muyter notice
    disclaimer = ("This file is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; "
                  "without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.")
    granted = "You can use this file without restriction.\n\n" + disclaimer
    assert custom_notice(granted, "x").spdx == "LicenseRef-custom-permissive"
    assert ids("Files: *\nCopyright: X\nLicense: mlocate_db_license\n" + indent(granted)) == \
        {"LicenseRef-custom-permissive"}
    # the disclaimer alone is still that notice
    assert custom_notice(disclaimer, "x").spdx == "LicenseRef-scancode-philippe-de-muyter"


def test_a_path_naming_a_license_in_a_files_field_grants_nothing():
    # mandelbulber2: "Files: .../Krzysztof?Marczak?collection?-?license?Creative?Commons?(CC-BY?4.0)/*" (spaces
    # written "?") read as an unversioned CC BY beside the paragraph's own "License: CC-BY-4.0"
    body = ("Files: examples/Krzysztof?Marczak?collection?-?license?Creative?Commons?(CC-BY?4.0)/*\n"
            "Copyright: 2014 Krzysztof Marczak\nLicense: CC-BY-4.0\n")
    assert ids(body) == {"CC-BY-4.0"}


def test_a_dedication_over_a_borrowed_disclaimer_is_the_dedication():
    # libzck1's sha1: "NO COPYRIGHT - THIS IS 100% IN THE PUBLIC DOMAIN" over the BSD warranty disclaimer,
    # weakly matched to BSD-Source-beginning-file (whose one clause is nowhere in it)
    text = ("NO COPYRIGHT - THIS IS 100% IN THE PUBLIC DOMAIN\n\nThe original unmodified version is available "
            "at:\nftp://ftp.funet.fi/pub/crypt/hash/sha/sha1.c\n\nTHIS SOFTWARE IS PROVIDED BY THE AUTHOR(S) AND "
            "CONTRIBUTORS ``AS IS'' AND ANY " + debian_copyright.BSD_DISCLAIMER.format(holder="THE AUTHOR(S) OR CONTRIBUTORS"))
    assert ids("Files: sha1/*\nCopyright: none\nLicense: public-sha1\n" + indent(text)) == \
        {"LicenseRef-public-domain"}


def test_a_grant_of_its_own_beside_a_reference_text_is_both():
    # libcext's snprintf.c: Powell's snprintf notice, then the maintainer's unconditional grant for his changes
    text = ("This code is based on code written by Patrick Powell (papowell@astart.com)\nIt may be used for any "
            "purpose as long as this notice remains intact\non all source code distributions\n\nThis version of "
            "the code is maintained by Holger Weiss <holger@jhweiss.de>.\nMy changes to the code may freely be "
            "used, modified and/or redistributed for\nany purpose.  It would be nice if additions and fixes to "
            "this file (including\ntrivial code cleanups) would be sent back in order to let me include them in\n"
            "the version available at <http://www.jhweiss.de/software/snprintf.html>.\nHowever, this is not a "
            "requirement for using or redistributing (possibly\nmodified) versions of this file, nor is leaving "
            "this notice intact mandatory.")
    assert ids("Files: snprintf.c\nCopyright: X\nLicense: FSFULLR-alike\n" + indent(text)) == \
        {"snprintf AND LicenseRef-custom-permissive"}
    # Powell's notice alone is snprintf alone
    alone = text.split("\n\n")[0]
    assert ids("Files: snprintf.c\nCopyright: X\nLicense: FSFULLR-alike\n" + indent(alone)) == {"snprintf"}


def test_an_exception_quoted_in_a_paragraphs_comment_modifies_its_license():
    # pyconfigure's python.m4: "License: GPL-3.0+" and a Comment granting the Autoconf Configure Script Exception
    # 3.0, its text quoted; the exception's own "governed by GPLv3" is no grant of GPL-3.0-only
    comment = ("With special exception:\nUnder Section 7 of GPL version 3, you are granted additional permissions "
               "described in the Autoconf Configure Script Exception, version 3.0, as published by the Free "
               "Software Foundation.\n\nAUTOCONF CONFIGURE SCRIPT EXCEPTION\nVersion 3.0, 18 August 2009\n\n"
               "The purpose of this Exception is to allow distribution of Autoconf's typical output under terms of "
               "the recipient's choice (including proprietary). ... the conditions of the GNU GPL version 3, "
               "governed by GPLv3.")
    body = ("Files: *\nCopyright: X\nLicense: GPL-3.0+\n\nFiles: m4/python.m4\nCopyright: X\nLicense: GPL-3.0+\n"
            "Comment:\n" + indent(comment) + "\nLicense: GPL-3.0+\n" + indent(_GPL2_NOTICE.replace(
                "either version 2", "either version 3")))
    assert ids(body) == {"GPL-3.0-or-later", "GPL-3.0-or-later WITH Autoconf-exception-3.0"}
    # a comment without a known exception leaves the field as it is
    plain = ("Files: *\nCopyright: X\nLicense: GPL-3.0+\nComment: upstream moved to GPL-3 in 2012.\n\n"
             "License: GPL-3.0+\n" + indent(_GPL2_NOTICE.replace("either version 2", "either version 3")))
    assert ids(plain) == {"GPL-3.0-or-later"}


def test_an_additional_exemption_you_are_allowed_is_a_projects_own_exception():
    # syslog-ng: "As an additional exemption you are allowed to compile & link against the OpenSSL libraries as
    # published by the OpenSSL project." was read as a grant of the OpenSSL license
    exemption = ("As an additional exemption you are allowed to compile & link against the\nOpenSSL libraries as "
                 "published by the OpenSSL project. See the file\nCOPYING for details.")
    assert states_own_exception(exemption)
    body = ("Files: *\nCopyright: X\nLicense: GPL-2+ with OpenSSL exception\n\n"
            "License: GPL-2+ with OpenSSL exception\n" + indent(_GPL2_NOTICE + "\n\n" + exemption))
    assert ids(body) == {"GPL-2.0-or-later WITH LicenseRef-scancode-generic-exception"}
