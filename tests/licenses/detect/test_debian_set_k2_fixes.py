"""Clearance errors the rest of set K's draw (held-out set K2, docs/bench/license-detection.md) showed at
its one run, each fixed for the general case it belongs to, the readings the set-K rules must keep, and
one miss left from set J2."""

from clearance.licenses.detect.custom_notices import is_custom_permissive
from clearance.licenses.detect.debian import short_name
from clearance.licenses.detect.reference import reference_text
from clearance.licenses.detect.texts import identify_license_text

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent

_MIT_GRANT = ("Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
              "associated documentation files (the \"Software\"), to deal in the Software without restriction, "
              "including without limitation the rights to use, copy, modify, merge, publish, distribute, "
              "sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is "
              "furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this "
              "permission notice shall be included in all copies or substantial portions of the Software.\n\n")
_MIT_DISCLAIMER = ("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING "
                   "BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
                   "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, "
                   "DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, "
                   "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n\n")
_NAME_CLAUSE = ("Except as contained in this notice, the name(s) of the above copyright holders shall not be used in "
                "advertising or otherwise to promote the sale, use or other dealings in this Software without prior "
                "written authorization.\n\n")


def test_the_name_clause_after_the_disclaimer_is_x11_not_x11_swapped():
    # libstopt5's sobol_lib.py: X11-swapped's wording, X11's order (the name clause last)
    assert identify_license_text(_MIT_GRANT + _MIT_DISCLAIMER + _NAME_CLAUSE, "x").spdx == "X11"
    assert identify_license_text(_MIT_GRANT + _NAME_CLAUSE + _MIT_DISCLAIMER, "x").spdx == "X11-swapped"


def test_another_version_whose_template_holds_the_text_beats_the_name():
    # php-horde-turba: "License: Apache-1.0" over the Apache 1.1 text with Horde's names in it
    text = ("Redistribution and use in source and binary forms, with or without modification, are permitted "
            "provided that the following conditions are met:\n\n1. Redistributions of source code must retain the "
            "above copyright notice, this list of conditions and the following disclaimer.\n\n2. Redistributions in "
            "binary form must reproduce the above copyright notice, this list of conditions and the following "
            "disclaimer in the documentation and/or other materials provided with the distribution.\n\n3. The "
            "end-user documentation included with the redistribution, if any, must include the following "
            'acknowledgment:\n\n"This product includes software developed by the Horde Project '
            '(http://www.horde.org/)."\n\nAlternately, this acknowledgment may appear in the software itself, if and'
            ' wherever such third-party acknowledgments normally appear.\n\n4. The names "Horde", "Horde LLC", and '
            '"Turba" must not be used to endorse or promote products derived from this software without prior '
            "written permission. For written permission, please contact core@horde.org.\n\n5. Products derived from "
            'this software may not be called "Horde" or "Turba", nor may "Horde" or "Turba" appear in their name,'
            ' without prior written permission of the Horde Project.\n\nTHIS SOFTWARE IS PROVIDED "AS IS" AND ANY '
            "EXPRESSED OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF "
            "MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE HORDE "
            "PROJECT OR ITS CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR "
            "CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; "
            "LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF "
            "LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) "
            "ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH "
            "DAMAGE.\n\nThis software consists of voluntary contributions made by many individuals on behalf of the "
            "Horde Project. For more information on the Horde Project, please see <http://www.horde.org/>.")
    assert ids("Files: *\nCopyright: X\nLicense: Apache-1.0\n" + indent(text)) == {"Apache-1.1"}


def test_gettexts_makefile_notice_is_a_plain_grant():
    # udevil's po/Makefile.in.in: the GNU names it mentions are the projects it reaches, not its terms
    notice = ("This file may be copied and used freely without restrictions. It may\nbe used in projects which "
              "are not available under a GNU General Public License,\nbut which still want to provide support for "
              "the GNU gettext functionality.")
    assert is_custom_permissive(notice)
    assert ids("Files: po/Makefile.in.in\nCopyright: X\nLicense: permissive\n" + indent(notice)) == \
        {"LicenseRef-custom-permissive"}
    # a grant under the GNU GPL's terms is still no custom grant
    assert not is_custom_permissive("This file may be copied and used freely under the GNU General Public License.")


def test_psfl_is_the_psf_license():
    # python-gevent-doc's gevent/ssl.py
    assert short_name("PSFL") == "PSF-2.0"


def test_a_weak_match_of_a_text_that_speaks_of_public_domain_stays():
    # ruby-net-irc: the Ruby license's "place your modifications in the Public Domain" is no dedication of
    # the work; the set-K rule for dedications over borrowed disclaimers must leave it Ruby
    ruby = reference_text("Ruby")
    body = "Files: *\nCopyright: X\nLicense: Ruby's\n" + indent(ruby.replace("Ruby is copyrighted", "Foo is"))
    assert ids(body) == {"Ruby"}


def test_the_named_template_beats_a_lookalike_whose_template_does_not_hold():
    # bmt: "License: BSD-4-clause" with UC's "Neither the name of the University" and "THE REGENTS" (variables
    # of BSD-4-Clause's template) but the author's own credit, not UC's fixed one
    text = ("All rights reserved. Redistribution and use in source and binary forms, with or without "
            "modification, are permitted provided that the following conditions are met:\n"
            "1. Redistributions of source code must retain the above copyright notice, this list of conditions "
            "and the following disclaimer.\n2. Redistributions in binary form must reproduce the above copyright "
            "notice, this list of conditions and the following disclaimer in the documentation and/or other "
            "materials provided with the distribution.\n3. All advertising materials mentioning features or use "
            "of this software must display the following acknowledgement:\nThis product includes software "
            "developed by Michael Tautschnig, Queen Mary University of London\n4. Neither the name of the "
            "University nor the names of its contributors may be used to endorse or promote products derived "
            "from this software without specific prior written permission.\n\nTHIS SOFTWARE IS PROVIDED BY THE "
            "REGENTS AND CONTRIBUTORS ``AS IS'' AND ANY " + debian_copyright.BSD_DISCLAIMER.format(
                holder="THE REGENTS OR CONTRIBUTORS"))
    assert ids("Files: *\nCopyright: X\nLicense: BSD-4-clause\n" + indent(text)) == {"BSD-4-Clause"}


def test_a_program_description_before_a_reference_text_grants_nothing():
    # xcb: "The user may copy cut buffer contents around" above the HPND-Pbmplus text is no grant of its own
    text = ("xcb: Simple X interface to the cut buffers in an X server.\nThe user may copy cut buffer contents "
            "around using mouse buttons 1 and 2, or rotate the buffers using mouse button 3.\n\nPermission to use, "
            "copy, modify, and distribute this software and its documentation for any purpose and without fee is "
            "hereby granted, provided that the above copyright notice appears in all copies and that both that "
            "copyright notice and this permission notice appear in supporting documentation.  This software is "
            "provided \"as is\" without express or implied warranty.")
    assert ids("Files: *\nCopyright: X\nLicense: BSD-like\n" + indent(text)) == {"HPND-Pbmplus"}


def test_commented_out_lines_are_no_part_of_the_file():
    # heimdal (set J2): a Spencer-94 paragraph commented out with "#" (deb822 comment lines) was read as a grant
    commented = ("#Files: ?\n#Copyright: 1992 Simmule Turner and Rich Salz\n#License: Spencer-94\n"
                 "# Permission is granted to anyone to use this software for any purpose on\n"
                 "# any computer system, and to alter it and redistribute it freely.\n")
    body = "Files: *\nCopyright: X\nLicense: ISC\n\n" + commented
    assert ids(body) == {"ISC"}
    # a comment line inside a field's text neither ends the field nor joins its text
    inside = ("Files: *\nCopyright: X\nLicense: GPL-2+\n This program is free software; you can redistribute it\n"
              "# packager's note: wrapped by hand\n and/or modify it under the terms of the GNU General Public "
              "License as published by\n the Free Software Foundation; either version 2 of the License, or (at "
              "your option)\n any later version.\n")
    assert ids(inside) == {"GPL-2.0-or-later"}
