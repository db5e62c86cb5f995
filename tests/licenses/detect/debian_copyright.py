"""Building blocks of the Debian copyright-file tests: a minimal machine-readable header, paragraph
text indentation, and the set of expressions detection reports for a file body."""

from __future__ import annotations

from clearance.licenses.detect.files import detect_license_file

HEAD = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n"


def ids(body: str) -> set[str]:
    """The SPDX expressions detection reports for a copyright file made of ``HEAD`` and ``body``."""
    return {f.spdx for f in detect_license_file("debian/copyright", HEAD + body)}


def indent(text: str, keep_layout: bool = False) -> str:
    """``text`` as a field's continuation lines: one leading space, "." for a blank line; each line's own
    indentation is dropped unless ``keep_layout``."""
    return "\n".join(" " + ((line if keep_layout else line.strip()) or ".")
                     for line in text.strip().splitlines()) + "\n"


#: The two-clause BSD grant and the BSD warranty disclaimer after its "AS IS'' AND ANY" ({holder} in it),
#: which many of the Debian tests build texts from.
BSD_HEAD = ("Redistribution and use in source and binary forms, with or without modification, are permitted "
           "provided that the following conditions are met:\n"
           "1. Redistributions of source code must retain the above copyright notice, this list of conditions "
           "and the following disclaimer.\n"
           "2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions "
           "and the following disclaimer in the documentation and/or other materials provided with the "
           "distribution.\n")
BSD_DISCLAIMER = (
    "EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND "
    "FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL {holder} BE LIABLE FOR ANY DIRECT, "
    "INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, "
    "PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) "
    "HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING "
    "NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE "
    "POSSIBILITY OF SUCH DAMAGE.")
