"""License texts a packager quotes whole in a ``Comment:`` field (third-party material's notice) are
grants; the packager's prose in comments is not a license text."""

from clearance.licenses.detect.debian import debian_comments
from clearance.licenses.detect.reference import reference_text

from . import debian_copyright

ids, indent = debian_copyright.ids, debian_copyright.indent

PERL = "Files: *\nCopyright: X\nLicense: Artistic or GPL-1+\n"


def _comment(text: str) -> str:
    lines = indent(text).splitlines()
    return "Comment:" + lines[0] + "\n" + "\n".join(lines[1:]) + "\n"


def test_a_license_text_quoted_in_a_comment_is_granted():
    # libnet-dict-perl: "this file contains third-party material with the following copyright/license notice:"
    body = PERL + _comment("this file contains third-party material with the following license notice:\n\n"
                           + reference_text("ISC"))
    assert "ISC" in ids(body)


def test_prose_in_a_comment_is_no_license_text():
    prose = ("The upstream tarball was repacked to drop the generated documentation, which has no source in it. "
             "The test data under t/ was written by the upstream author, who confirmed by mail that it is under "
             "the same terms as the code. Some files used to be under other terms in older releases.")
    assert ids(PERL + _comment(prose)) == ids(PERL)


def test_a_short_comment_is_no_license_text():
    # the first lines of the ISC text alone: a reminder, not the text
    assert ids(PERL + _comment(" ".join(reference_text("ISC").split()[:30]))) == ids(PERL)


def test_comment_fields_are_read_with_their_first_line_and_paragraph_breaks():
    text = "Files: *\nComment: first line\n second line\n .\n third\nLicense: MIT\n"
    assert debian_comments(text) == [(2, "first line\nsecond line\n\nthird")]
