"""HTML pages to Documents: main text, title, language, meta tags and license evidence.

Built on resiliparse (lexbor's HTML5 parser and a main-content extractor, made for web-scale
corpora), because a crawl has millions of pages and a pure-Python parser is the bottleneck. The
parser follows the HTML5 error-recovery rules browsers use, so broken markup yields what a browser
would show; bytes are decoded by ``charset.decode_page``, which records what it had to guess.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from clearance.curate.sources.charset import decode_page
from clearance.curate.sources.web_license import license_findings
from clearance.documents import Document
from clearance.io.errors import InputError
from clearance.licenses.detect import Finding

#: Largest page read by default: real pages are under a few MB; bigger ones are dumps or attacks.
DEFAULT_MAX_HTML_BYTES = 32 * 1024 * 1024


_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


@dataclass(slots=True)
class HtmlPage:
    """What a page says about itself; ``notes`` say what had to be guessed or was ignored."""

    text: str
    title: str | None = None
    lang: str | None = None
    meta: list[list[str]] = field(default_factory=list)  # [name lower-cased, content] in page order
    findings: list[Finding] = field(default_factory=list)
    author: str | None = None
    copyright: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_html(raw: bytes | str, url: str | None = None, encoding: str | None = None) -> HtmlPage:
    """Parse one page; ``encoding`` is the charset the HTTP response declared. Never raises on bad input.

    ``url``, the page's address, resolves relative ``rel=license`` links.
    """
    notes: list[str] = []
    used: str | None = None
    if isinstance(raw, (bytes, bytearray, memoryview)):
        decoded = decode_page(bytes(raw), encoding)
        html, used = decoded.text, decoded.encoding
        notes += decoded.notes
    else:
        html = raw
    if "\x00" in html:
        html = html.replace("\x00", "\ufffd")
        notes.append("NUL characters replaced with U+FFFD")
    try:
        tree = HTMLTree.parse(html)
    except Exception as exc:  # noqa: BLE001 - the parser's failure modes are not documented; a page must not stop a run
        notes.append(f"HTML parser failed ({exc}); text is the markup with tags removed")
        return HtmlPage(text=_strip_tags(html), encoding=used, notes=notes)
    meta = _meta_tags(tree)
    text = _main_text(tree)
    findings = license_findings(tree, html, meta, text, notes, url)
    return HtmlPage(
        text=text,
        title=_clean(tree.title),
        lang=_lang(tree, meta),
        meta=meta,
        findings=findings,
        author=_first(meta, ("author", "dc.creator", "dcterms.creator", "article:author", "citation_author")),
        copyright=_first(meta, ("copyright", "dcterms.rightsholder", "dc.rightsholder")),
        encoding=used,
        notes=notes,
    )


def _main_text(tree: HTMLTree) -> str:
    """The article, without menus, sidebars and footers; the whole visible text when no main part is found."""
    text = extract_plain_text(tree, main_content=True, preserve_formatting=True, alt_texts=False)
    if not text.strip():
        text = extract_plain_text(tree, main_content=False, preserve_formatting=True, alt_texts=False)
    return text.strip()


def _meta_tags(tree: HTMLTree) -> list[list[str]]:
    pairs: list[list[str]] = []
    for node in tree.document.query_selector_all("meta"):
        name = node.getattr("name") or node.getattr("property") or node.getattr("http-equiv")
        if name:
            pairs.append([name.strip().lower(), (node.getattr("content") or "").strip()])
    return pairs


def _lang(tree: HTMLTree, meta: list[list[str]]) -> str | None:
    root = tree.document.query_selector("html")
    if root is not None:
        for attr in ("lang", "xml:lang"):
            value = (root.getattr(attr) or "").strip()
            if value:
                return value
    return _first(meta, ("content-language", "dc.language", "og:locale"))


def _first(meta: list[list[str]], names: tuple[str, ...]) -> str | None:
    for name, content in meta:
        if name in names and content:
            return content
    return None


def _clean(title: str | None) -> str | None:
    if not title:
        return None
    return " ".join(title.split()) or None


def _strip_tags(html: str) -> str:
    return "\n".join(line.strip() for line in _SPACE.sub(" ", _TAGS.sub(" ", html)).splitlines() if line.strip())


def page_document(
    page: HtmlPage,
    doc_id: str,
    source: str,
    url: str | None = None,
    license: str | None = None,
    fmt: str = "html",
    extra: dict[str, Any] | None = None,
) -> Document:
    """The Document for a parsed page; signals go to ``meta`` under the keys curate's stages read."""
    meta: dict[str, Any] = {"format": fmt, "html_meta": page.meta,
                            "license_findings": [f.to_json() for f in page.findings]}
    if page.lang:
        meta["lang"] = page.lang
    if page.encoding:
        meta["encoding"] = page.encoding
    if page.notes:
        meta["notes"] = list(page.notes)
    if extra:
        meta.update(extra)
    return Document(id=doc_id, text=page.text, source=source, license=license, title=page.title,
                    author=page.author, url=url, copyright=page.copyright, meta=meta)


def read_html_file(
    path: str | Path,
    doc_id: str | None = None,
    license: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_HTML_BYTES,
) -> Document | InputError:
    """One saved page as one Document (id: the file name unless given), or why it cannot be one."""
    source = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return InputError(source, None, f"page is {size} bytes, over the {max_bytes}-byte limit; skipped")
        raw = Path(path).read_bytes()
    except OSError as exc:
        return InputError(source, None, f"cannot read: {exc.strerror or exc}")
    if not raw.strip():
        return InputError(source, None, "empty file")
    page = parse_html(raw, url)
    if not page.text:
        return InputError(source, None, "page has no visible text")
    return page_document(page, doc_id or Path(path).name, source, url, license)
