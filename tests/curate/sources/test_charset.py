"""Page bytes to text: declared charsets tried in WHATWG order, a guess when they lie, notes when bytes are lost."""

import codecs

import pytest

pytest.importorskip("resiliparse")

from clearance.curate.sources.charset import charset_from_content_type, decode_page, meta_charset

GERMAN = "Größenwahn über Straßen, naïve Café-Grüße"


def test_content_type_charset_parameter():
    assert charset_from_content_type('text/html; charset="ISO-8859-1"') == "ISO-8859-1"
    assert charset_from_content_type("text/html;CHARSET=utf-8") == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


def test_meta_charset_both_forms():
    assert meta_charset(b'<html><head><meta charset="windows-1251">') == "windows-1251"
    assert meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">') == "Shift_JIS"
    assert meta_charset(b"<html><body>no declaration</body></html>") is None


def test_utf8_without_declaration():
    decoded = decode_page(f"<p>{GERMAN}</p>".encode())
    assert GERMAN in decoded.text and decoded.encoding == "utf-8" and decoded.notes == []


def test_http_header_wins_over_meta_when_it_fits():
    raw = f'<meta charset="utf-8"><p>{GERMAN}</p>'.encode("cp1252")
    decoded = decode_page(raw, "windows-1252")
    assert GERMAN in decoded.text and decoded.encoding == "cp1252" and decoded.notes == []


def test_latin1_label_means_windows_1252():
    raw = "<p>“quoted” – dash</p>".encode("cp1252")
    assert "“quoted” – dash" in decode_page(raw, "ISO-8859-1").text


def test_meta_charset_used_without_header():
    raw = '<meta charset="koi8-r"><p>Привет, мир</p>'.encode("koi8-r")
    assert "Привет, мир" in decode_page(raw).text


def test_wrong_declaration_falls_back_with_a_note():
    raw = f'<meta charset="utf-8"><p>{GERMAN}</p>'.encode("cp1252")
    decoded = decode_page(raw)
    assert GERMAN in decoded.text
    assert any("not valid utf-8" in note for note in decoded.notes)


def test_unknown_label_is_noted_and_ignored():
    decoded = decode_page(f"<p>{GERMAN}</p>".encode(), "x-no-such-charset")
    assert GERMAN in decoded.text
    assert any("unknown charset 'x-no-such-charset'" in note for note in decoded.notes)


def test_bom_overrides_declarations():
    raw = codecs.BOM_UTF16_LE + f"<p>{GERMAN}</p>".encode("utf-16-le")
    decoded = decode_page(raw, "windows-1252")
    assert GERMAN in decoded.text and decoded.encoding == "utf-16-le"


def test_undecodable_bytes_are_replaced_and_counted():
    # 0x81 is unassigned in windows-1252 and invalid UTF-8: no strict decode exists, so bytes are replaced.
    decoded = decode_page(b'<meta charset="utf-8"><p>ok \x81\x81 \xff</p>', "utf-8")
    assert decoded.text.endswith("<p>ok \ufffd\ufffd \ufffd</p>")
    assert decoded.notes == ["page is not valid utf-8 as declared in the HTTP header",
                             "3 undecodable byte sequence(s) replaced with U+FFFD (decoded as utf-8)"]
