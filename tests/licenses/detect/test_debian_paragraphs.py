"""Debian copyright files read paragraph by paragraph: definitions, notices that refine a short name,
look-alike texts, exceptions inside a paragraph (errors found in a hand-read sample against scancode)."""

from clearance.licenses.detect.debian import outside_license_fields, short_name

from . import debian_copyright

HEAD = debian_copyright.HEAD
_ids = debian_copyright.ids


def _indent(text: str) -> str:
    return debian_copyright.indent(text, keep_layout=True)


APACHE_NOTICE = _indent("""Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.""")
GPL2_LATER = _indent("""This program is free software; you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation; either version 2 of the License, or
(at your option) any later version.""")
BSD2_AUTHOR = _indent("""Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:
1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES
OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.
IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT,
INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT
NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF
THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.""")


def test_a_name_only_field_takes_the_license_its_standalone_paragraph_defines():
    body = "License: Apache\n\nFiles: *\nCopyright: 2014 X\nLicense: Apache\n\nLicense: Apache\n" + APACHE_NOTICE
    assert _ids(body) == {"Apache-2.0"}  # not LicenseRef-Apache-unversioned from the name lines


def test_defined_names_inside_an_or_expression_are_resolved_term_by_term():
    body = "Files: *\nCopyright: X\nLicense: GPL-2+ or Apache\n\nLicense: Apache\n" + APACHE_NOTICE
    assert "GPL-2.0-or-later OR Apache-2.0" in _ids(body)


def test_a_notice_saying_or_later_makes_a_bare_gnu_short_name_or_later():
    assert _ids("Files: *\nCopyright: X\nLicense: GPL-2\n\nLicense: GPL-2\n" + GPL2_LATER) == {"GPL-2.0-or-later"}
    lgpl = _indent("""This library is free software; you can redistribute it and/or modify it
under the terms of the GNU Lesser General Public License as published by
the Free Software Foundation, either version 2.1 of the License, or
(at your option) any later version.""")
    assert _ids("Files: *\nCopyright: X\nLicense: LGPL-2+\n" + lgpl) == {"LGPL-2.1-or-later"}


def test_a_notice_saying_version_2_only_keeps_gpl_2_only():
    only = _indent("""This program is free software; you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation; version 2 dated June, 1991.""")
    assert _ids("Files: *\nCopyright: X\nLicense: GPL-2\n" + only) == {"GPL-2.0-only"}


def test_packager_shorthands_and_hyphenated_exception_names():
    assert short_name("BSD-4") == "BSD-4-Clause"
    assert short_name("BSD-3") == "BSD-3-Clause"
    assert short_name("Apache-2.0-with-GPL2-LGPL2-Exception") == "Apache-2.0"
    assert short_name("GPL-2+ with font exception") == "GPL-2.0-or-later WITH Font-exception-2.0"
    assert short_name("BSD-3-clause~Kitware") is None


def test_an_untitled_llvm_exception_attaches_to_its_paragraph_and_its_gplv2_sentence_is_no_license():
    text = APACHE_NOTICE + _indent("""
As an exception, if, as a result of your compiling your source code, portions
of this Software are embedded into an Object form of such source code, you
may redistribute such embedded portions in such Object form without complying
with the conditions of Sections 4(a), 4(b) and 4(d) of the License.

In addition, if you combine or link compiled forms of this Software with
software that is licensed under the GPLv2 ("Combined Software") and if a
court of competent jurisdiction determines that the patent provision (Section
3), the indemnity provision (Section 9) or other Section of the License
conflicts with the conditions of the GPLv2, you may retroactively and
prospectively choose to deem waived or otherwise exclude such Section(s) of
the License, but only in their entirety and only with respect to the Combined
Software.""")
    assert _ids("Files: *\nCopyright: X\nLicense: Apache-2.0-with-GPL2-LGPL2-Exception\n" + text) == {
        "Apache-2.0 WITH LLVM-exception"}


def test_an_autoconf_exception_in_a_gpl_paragraph_modifies_that_paragraph():
    text = GPL2_LATER + _indent("""
As a special exception to the GNU General Public License, if you
distribute this file as part of a program that contains a
configuration script generated by Autoconf, you may include it under
the same distribution terms that you use for the rest of that program.""")
    body = "Files: a\nCopyright: X\nLicense: GPL-2\n" + GPL2_LATER + "\nFiles: m4/*\nCopyright: Y\nLicense: GPL-2+\n" + text
    assert _ids(body) == {"GPL-2.0-or-later", "GPL-2.0-or-later WITH Autoconf-exception-generic"}


def test_a_lookalike_text_missing_its_distinguishing_words_keeps_the_short_name():
    # "THE AUTHOR" in the disclaimer brings it near BSD-2-Clause-pos-unchanged, whose "in this position
    # and unchanged" it lacks
    assert _ids("Files: *\nCopyright: X\nLicense: BSD-2-clause\n" + BSD2_AUTHOR) == {"BSD-2-Clause"}


def test_a_lookalike_text_with_its_distinguishing_clause_is_named_by_the_text():
    tso = BSD2_AUTHOR.replace("notice, this list of conditions and the following disclaimer.\n",
                              "notice, and the entire permission notice in its entirety,\n"
                              "    including the disclaimer of warranties.\n", 1)
    tso = tso.replace(" THIS SOFTWARE", " 3. The name of the author may not be used to endorse or promote\n"
                      "    products derived from this software without specific prior\n    written permission.\n .\n"
                      " THIS SOFTWARE", 1)
    assert _ids("Files: *\nCopyright: X\nLicense: BSD-3-clause\n" + tso) == {"BSD-3-Clause-Tso"}


def test_a_notice_of_another_license_under_a_short_name_is_reported_too():
    gpl3 = GPL2_LATER.replace("version 2 of", "version 3 of")
    assert _ids("Files: *\nCopyright: X\nLicense: LGPL-2.1+\n" + gpl3) == {"LGPL-2.1-or-later", "GPL-3.0-or-later"}


def test_license_field_lines_are_not_read_again_as_statements():
    text = HEAD + "Files: *\nCopyright: X\nLicense: GPL-2\n" + GPL2_LATER + "Comment: the tools are MIT licensed.\n"
    blanked = outside_license_fields(text)
    assert "GNU General Public License" not in blanked and "Comment:" in blanked
    assert len(blanked.splitlines()) == len(text.splitlines())
