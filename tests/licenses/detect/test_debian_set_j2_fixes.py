"""Clearance errors the rest of set J's random draw (held-out set J2, docs/bench/license-detection.md)
showed at its one run, and two left over from set J, each fixed for the general case it belongs to."""

from clearance.licenses.detect.custom_notices import grants_beside_public_domain
from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.reference import reference_text
from clearance.licenses.detect.texts import identify_license_text

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent
_BSD_HEAD, _BSD_DISCLAIMER = debian_copyright.BSD_HEAD, debian_copyright.BSD_DISCLAIMER


def test_a_template_gap_does_not_swallow_another_licenses_clause():
    # libjs-edit-area: BSD-4-Clause with its placeholders left in; BSD-3-Clause's "neither the name of <holder>"
    # gap held the advertising clause, so its template fit a text it explains clearly less of
    text = (_BSD_HEAD + "3. All advertising materials mentioning features or use of the software must display the "
            "following acknowledgement: This product includes software developed by the <organization>.\n"
            "4. Neither the name of the <organization> nor the names of its contributors may be used to endorse or "
            "promote products derived from this software without specific prior written permission.\n\n"
            "THIS SOFTWARE IS PROVIDED BY <COPYRIGHT HOLDER> ''AS IS'' AND ANY "
            + _BSD_DISCLAIMER.format(holder="<COPYRIGHT HOLDER>"))
    assert identify_license_text(text, "x").spdx == "BSD-4-Clause"
    assert ids("Files: *\nCopyright: X\nLicense: BSD-3-clause\n" + indent(text)) == {"BSD-4-Clause"}


def test_the_universitys_four_clauses_under_a_generic_disclaimer_are_uc():
    # bro-aux: the University of California's credit and "Neither the name of the University", with "THE
    # COPYRIGHT HOLDERS AND CONTRIBUTORS" in the disclaimer: BSD-4-Clause's template holds it, but
    # BSD-4-Clause-UC explains clearly more of it
    text = (_BSD_HEAD + "3. All advertising materials mentioning features or use of this software must display "
            "the following acknowledgement:\nThis product includes software developed by the University of "
            "California, Berkeley and its contributors.\n4. Neither the name of the University nor the names of "
            "its contributors may be used to endorse or promote products derived from this software without "
            "specific prior written permission.\n\nTHIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND "
            "CONTRIBUTORS ``AS IS'' AND ANY " + _BSD_DISCLAIMER.format(holder="THE HOLDERS OR CONTRIBUTORS"))
    assert identify_license_text(text, "x").spdx == "BSD-4-Clause-UC"
    assert ids("Files: *\nCopyright: X\nLicense: BSD-4-Clause\n" + indent(text)) == {"BSD-4-Clause-UC"}


def test_a_permissive_sentence_beside_a_public_domain_one_is_both():
    # bdfresize's and im's "permissive-debian": a grant, then "You may regard this as ... public domain"
    text = ("Redistribution and use in source and binary forms, with or without modification, are permitted "
            "without restriction, with NO WARRANTY.\nYou may regard this as a work that is placed in the public "
            "domain.")
    assert grants_beside_public_domain(text)
    assert ids("Files: *\nCopyright: X\nLicense: permissive-debian\n" + indent(text)) == \
        {"LicenseRef-public-domain AND LicenseRef-custom-permissive"}
    # a dedication that says what the public domain allows is the dedication alone
    alone = "This file is placed in the public domain; you may use it without restriction."
    assert not grants_beside_public_domain(alone)
    assert ids("Files: *\nCopyright: X\nLicense: public-domain\n" + indent(alone)) == {"LicenseRef-public-domain"}


def test_a_displaced_or_later_keeps_the_short_names_plus():
    # icingaweb2-module-pnp and -boxydash: "either version 2 of the License." with the "or (at your option) any
    # later version" moved to the end of the pointer sentence; "GPL-2+" is not overruled to -only
    notice = ("This program is free software: you can redistribute it and/or modify it under the terms of the GNU "
              "General Public License as published by the Free Software Foundation, either version 2 of the "
              "License.\n\nThe complete text of the GNU General Public License can be found in "
              "/usr/share/common-licenses/GPL-2 file, or (at your option) any later version.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + indent(notice)) == {"GPL-2.0-or-later"}
    # with "or later" nowhere, the notice still makes the plus -only
    only = ("This program is free software: you can redistribute it and/or modify it under the terms of the GNU "
            "General Public License version 2 as published by the Free Software Foundation.")
    assert ids("Files: *\nCopyright: X\nLicense: GPL-2+\n" + indent(only)) == {"GPL-2.0-only"}


def test_perls_lettered_choice_after_either_and_a_colon():
    # maildirsync: "under the terms of either:\n a) the GNU General Public License as published by the Free
    # Software Foundation; either version 1, or (at your option) any later version, or\n b) the "Artistic
    # License" which comes with Perl."
    notice = ("This program is free software; you can redistribute it and/or modify\nit under the terms of "
              "either:\n\na) the GNU General Public License as published by the Free Software\nFoundation; either "
              "version 1, or (at your option) any later\nversion, or\nb) the \"Artistic License\" which comes with "
              "Perl.")
    assert [m.spdx for m in find_mentions(notice, "x")] == ["GPL-1.0-or-later OR Artistic-1.0-Perl"]
    assert ids("Files: *\nCopyright: X\nLicense: Perl and GPL-2\n" + indent(notice)) == \
        {"GPL-1.0-or-later OR Artistic-1.0-Perl"}
    # the chain after "as published by the Free Software Foundation; either version 2 ..." ends the name there
    assert [m.spdx for m in find_mentions(
        "you can redistribute it under the terms of the GNU General Public License as published by the Free "
        "Software Foundation; either version 2 of the License, or (at your option) any later version.", "x")] \
        == ["GPL-2.0-or-later"]


def test_kde_ev_at_its_discretion_is_the_proxy_clause():
    # libkf5archive-dev: "either version 2 of the License or ( at your option ) version 3 or, at the discretion of
    # KDE e.V. ( which shall act as a proxy as in section 14 of the GPLv3 ), any later version"
    notice = ("This library is free software; you can redistribute it and/or modify it under the terms of the GNU "
              "Library General Public License as published by the Free Software Foundation; either version 2 of "
              "the License or ( at your option ) version 3 or, at the discretion of KDE e.V. ( which shall act as a "
              "proxy as in section 14 of the GPLv3 ), any later version.")
    assert [m.spdx for m in find_mentions(notice, "x")] == \
        ["LGPL-2.0-only OR LGPL-3.0-only OR LicenseRef-scancode-kde-accepted-lgpl"]


def _tcl_without_preamble() -> str:
    text = reference_text("TCL")
    return text[text.index("The authors hereby grant"):]


def test_a_word_of_the_packagers_name_breaks_a_tie_between_two_texts():
    # tk-itk4-dev, itcl3-doc: "License: BSD-Tcl" over the Tcl license without its copyright preamble, which SWL
    # (Tcl's text plus a "BY INSTALLING" paragraph) explains as wholly
    body = _tcl_without_preamble()
    assert identify_license_text(body, "x").spdx == "SWL"  # the text alone: a tie SWL wins by a hair
    assert ids("Files: *\nCopyright: X\nLicense: BSD-Tcl\n" + indent(body)) == {"TCL"}
    assert ids("Files: *\nCopyright: X\nLicense: custom\n" + indent(body)) == {"SWL"}
    # a name word that is a license the text does not hold as wholly does not decide
    mit = reference_text("MIT")
    assert ids("Files: *\nCopyright: X\nLicense: Tcl-like\n" + indent(mit)) == {"MIT"}


def test_a_field_whose_text_only_says_see_below_takes_the_stand_alone_paragraph():
    # partclone: "License: FreeBSD-like\n see below for the text of this license." and a stand-alone paragraph
    # holding a three-clause text; the "FreeBSD" of the name is not the grant
    three = (_BSD_HEAD + "3. Neither the name of the University nor the names of its contributors may be used to "
             "endorse or promote products derived from this software without specific prior written permission.\n\n"
             "THIS SOFTWARE IS PROVIDED BY THE REGENTS AND CONTRIBUTORS ``AS IS'' AND ANY "
             + _BSD_DISCLAIMER.format(holder="THE REGENTS OR CONTRIBUTORS"))
    body = ("Files: src/ufs/*\nCopyright: X\nLicense: FreeBSD-like\n see below for the text of this license.\n\n"
            "License: FreeBSD-like\n" + indent(three))
    assert ids(body) == {"BSD-3-Clause"}
    # without a stand-alone paragraph, the name is all there is
    assert ids("Files: src/ufs/*\nCopyright: X\nLicense: FreeBSD-like\n see below for the text of this license.\n") \
        == {"BSD-2-Clause"}


def test_a_stand_alone_pointer_no_files_paragraph_names_grants_nothing():
    # libchardet-dev: fields use "GPL-2+" and "LGPL-2.1+"; stand-alone "GPL-2" and "LGPL-2.1" paragraphs only
    # point at /usr/share/common-licenses (altos in set G: an unused "LGPL-2.1+" holding the path alone)
    body = ("Files: *\nCopyright: X\nLicense: MPL-1.1 or GPL-2+ or LGPL-2.1+\n\n"
            "License: GPL-2\n On Debian systems, the complete text of the GNU General Public\n License can be found "
            "in the file /usr/share/common-licenses/GPL-2'.\n\n"
            "License: LGPL-2.1\n /usr/share/common-licenses/LGPL-2.1\n")
    assert ids(body) == {"MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later"}
    # the same paragraph under a name a field uses is read, and so is an unused one that holds a license text
    used = body.replace("License: GPL-2\n", "License: GPL-2+\n")
    assert ids(used) == {"MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later", "GPL-2.0-or-later"}
    with_text = "Files: *\nCopyright: X\nLicense: GPL-2+\n\nLicense: MIT\n" + indent(reference_text("MIT"))
    assert ids(with_text) == {"GPL-2.0-or-later", "MIT"}


def test_a_public_domain_label_over_a_permissive_grant_is_the_grant():
    # arduino-core-avr (set J), freeplane (set H): "License: public-domain" over a grant that dedicates nothing
    for grant in ("They may be distributed freely and/or modified as long as the original Author is mentioned!",
                  "This is free software. You can modify and use it at will."):
        assert ids("Files: *\nCopyright: X\nLicense: public-domain\n" + indent(grant)) == \
            {"LicenseRef-custom-permissive"}, grant
    # a text that does dedicate the work, or disclaims copyright in other words (smpq), stays public domain
    for dedication in ("This file is in the public domain.",
                       ("This is free software.  You may redistribute and/or modify it as you see fit, without "
                        "restriction of copyright.")):
        assert ids("Files: *\nCopyright: X\nLicense: public-domain\n" + indent(dedication)) == \
            {"LicenseRef-public-domain"}, dedication


def test_a_grant_missing_its_of_after_terms():
    # r-cran-tm (set I): "under the terms the GNU Affero General Public License"
    notice = ("you can redistribute it and/or modify it under the terms the GNU Affero General Public License as "
              "published by the Free Software Foundation, either version 3 of the License, or (at your option) "
              "any later version.")
    assert [m.spdx for m in find_mentions(notice, "x")] == ["AGPL-3.0-or-later"]


def test_a_stand_alone_gnu_text_behind_or_later_grants_adds_no_only():
    # r-cran-tm: "License: AGPL-3" with a License-Grant of "version 3 ..., or (at your option) any later version",
    # and the AGPL's full text in a stand-alone "License: AGPL-3" paragraph
    agpl = reference_text("AGPL-3.0-only")
    grant = ("This program is free software: you can redistribute it and/or modify it under the terms of the GNU "
             "Affero General Public License as published by the Free Software Foundation, either version 3 of the "
             "License, or (at your option) any later version.")
    body = ("Files: *\nCopyright: X\nLicense: AGPL-3\nLicense-Grant:\n" + indent(grant) + "\n"
            "License: AGPL-3\n" + indent(agpl))
    assert ids(body) == {"AGPL-3.0-or-later"}
    # a field naming the paragraph without a grant of its own takes the text's version alone
    bare = body.replace("License-Grant:\n" + indent(grant), "")
    assert ids(bare) == {"AGPL-3.0-only"}
