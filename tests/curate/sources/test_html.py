"""HTML pages: main text, title, language, meta tags; broken markup and bad bytes never raise."""

import pytest

pytest.importorskip("resiliparse")

from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.curate.sources.html import page_document, parse_html, read_html_file
from clearance.documents import Document
from clearance.io import InputError

ARTICLE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>  Le   moulin </title>
<meta name="Author" content="Marie Curie"><meta property="og:type" content="article">
<meta http-equiv="Content-Language" content="fr"><meta name="copyright" content="© 2021 Marie Curie">
<meta name="robots" content="noai, noimageai">
</head><body>
<nav><a href="/">Accueil</a> | <a href="/a">À propos</a></nav>
<article><h1>Le moulin</h1><p>La rivière coulait vers le nord, passant devant les vieux moulins.</p>
<p>Chaque voyageur comptait les pierres le long d'une route dont personne ne se souvenait.</p></article>
<aside class="sidebar">Articles populaires</aside>
<footer>Contact · Mentions légales</footer></body></html>"""


def test_main_text_title_lang_and_meta():
    page = parse_html(ARTICLE.encode())
    assert page.title == "Le moulin"
    assert page.lang == "fr"
    assert "La rivière coulait vers le nord" in page.text
    assert "Chaque voyageur" in page.text
    assert "Accueil" not in page.text and "Articles populaires" not in page.text  # boilerplate left out
    assert page.meta == [["author", "Marie Curie"], ["og:type", "article"], ["content-language", "fr"],
                         ["copyright", "© 2021 Marie Curie"], ["robots", "noai, noimageai"]]
    assert page.author == "Marie Curie" and page.copyright == "© 2021 Marie Curie"
    assert page.encoding == "utf-8" and page.notes == []
    assert page.findings == []


def test_lang_falls_back_to_content_language_meta():
    page = parse_html('<html><head><meta http-equiv="content-language" content="de"></head><body><p>Hallo Welt</p>')
    assert page.lang == "de"


def test_page_without_main_part_keeps_its_visible_text():
    page = parse_html("<html><body><div>Just one short line</div></body></html>")
    assert page.text == "Just one short line"


def test_scripts_and_styles_are_not_text():
    page = parse_html("<html><head><style>p{color:red}</style></head><body><p>Visible words here</p>"
                      "<script>var hidden = 1;</script></body></html>")
    assert page.text == "Visible words here"


@pytest.mark.parametrize("raw", [
    b"", b"<", b"<html><body><p>unclosed <b>bold <i>italic", b"<<<>>>&#xffffffff;&bogus;",
    b"<!--", b"<script>", b"\x00\x00\x00<p>nul</p>", b"\xff\xfe\xfa\xfb garbage \x80\x81",
    b"<table><tr><td>cell<td>cell</table></div></span></html></html>",
    b'<html><head><meta charset="no-such"><title>t</title></head><body>x</body></html>',
    b'<script type="application/ld+json">{not json</script><p>licence</p>',
])
def test_broken_input_never_raises(raw):
    page = parse_html(raw)
    assert isinstance(page.text, str)


def test_nul_characters_are_replaced_and_noted():
    page = parse_html("<p>a\x00b</p>")
    assert "\x00" not in page.text
    assert "NUL characters replaced with U+FFFD" in page.notes


def test_undecodable_page_is_read_with_a_note():
    page = parse_html(b'<html><head><meta charset="utf-8"></head><body><p>caf\xe9 \x81 ok</p></body></html>')
    assert "ok" in page.text
    assert any("not valid utf-8" in note for note in page.notes)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda s: f"<html><body><p>{s}</p>{s}</html>"))
def test_fuzzed_pages_never_raise(raw):
    page = parse_html(raw)
    assert isinstance(page.text, str) and isinstance(page.meta, list)


def test_page_document_carries_the_contract_meta_keys():
    page = parse_html(ARTICLE)
    doc = page_document(page, "p1", "site/p1.html", url="https://example.fr/moulin", license="CC-BY-4.0")
    assert doc.id == "p1" and doc.license == "CC-BY-4.0" and doc.url == "https://example.fr/moulin"
    assert doc.title == "Le moulin" and doc.author == "Marie Curie" and doc.copyright == "© 2021 Marie Curie"
    assert doc.meta["format"] == "html" and doc.meta["lang"] == "fr"
    assert doc.meta["html_meta"][0] == ["author", "Marie Curie"]
    assert doc.meta["license_findings"] == []


def test_read_html_file(tmp_path):
    path = tmp_path / "moulin.html"
    path.write_bytes(ARTICLE.encode())
    doc = read_html_file(path)
    assert isinstance(doc, Document) and doc.id == "moulin.html" and doc.source == str(path)
    assert "La rivière" in doc.text


def test_read_html_file_problems(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    blank = tmp_path / "blank.html"
    blank.write_bytes(b"<html><head><title>t</title></head><body><script>x()</script></body></html>")
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    problems = {
        "empty": read_html_file(empty),
        "blank": read_html_file(blank),
        "big": read_html_file(big, max_bytes=1000),
        "missing": read_html_file(tmp_path / "missing.html"),
    }
    assert all(isinstance(p, InputError) for p in problems.values())
    assert problems["empty"].reason == "empty file"
    assert problems["blank"].reason == "page has no visible text"
    assert "over the 1000-byte limit" in problems["big"].reason
    assert problems["missing"].reason.startswith("cannot read")
    assert problems["big"].path == str(big)
