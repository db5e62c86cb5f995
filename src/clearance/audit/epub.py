"""Adding paragraphs to an EPUB without breaking it: the spine's XHTML is edited as text, every other
entry is copied byte for byte, and ``mimetype`` stays the first entry, stored uncompressed (the OCF
rule readers use to recognize the format).

Editing as text, not through an XML parser and serializer, keeps the publisher's markup, namespaces,
entities and formatting exactly as they were; only the inserted ``<p>`` elements are new.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from clearance.io import InputError

MIMETYPE = b"application/epub+zip"
_CONTAINER = "META-INF/container.xml"
_XHTML_TYPES = {"application/xhtml+xml", "text/html"}
_PARAGRAPH_END = re.compile(r"</(?:[A-Za-z_][\w.-]*:)?p\s*>")
_BODY = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?body\b[^>]*>(.*)</(?:[A-Za-z_][\w.-]*:)?body\s*>", re.DOTALL)


@dataclass(slots=True)
class SpineItem:
    """One XHTML document of the reading order and the offsets where a new paragraph may go."""

    name: str  # the zip entry name
    text: str  # the decoded XHTML
    slots: list[int]  # character offsets just after a closing </p> inside <body>


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def spine_names(book: zipfile.ZipFile, path: str) -> list[str]:
    """Zip entry names of the spine's XHTML documents in reading order (container.xml -> OPF -> spine)."""
    names = set(book.namelist())
    if "mimetype" not in names or book.read("mimetype").strip() != MIMETYPE:
        raise InputError(path, None, "not an EPUB: no 'mimetype' entry reading application/epub+zip")
    if _CONTAINER not in names:
        raise InputError(path, None, f"not an EPUB: no {_CONTAINER}")
    try:
        container = ElementTree.fromstring(book.read(_CONTAINER))
        rootfile = next((e for e in container.iter() if _local(e.tag) == "rootfile"), None)
        if rootfile is None or not rootfile.get("full-path"):
            raise InputError(path, None, f"{_CONTAINER} names no rootfile")
        opf_name = rootfile.get("full-path", "")
        if opf_name not in names:
            raise InputError(path, None, f"{_CONTAINER} names {opf_name!r}, which is not in the archive")
        opf = ElementTree.fromstring(book.read(opf_name))
    except ElementTree.ParseError as exc:
        raise InputError(path, None, f"malformed package XML ({exc})") from exc
    base = posixpath.dirname(opf_name)
    items = {e.get("id"): e for e in opf.iter() if _local(e.tag) == "item"}
    spine: list[str] = []
    for ref in (e for e in opf.iter() if _local(e.tag) == "itemref"):
        item = items.get(ref.get("idref"))
        if item is None:
            raise InputError(path, None, f"{opf_name}: spine refers to unknown item {ref.get('idref')!r}")
        if ref.get("linear") == "no" or item.get("media-type") not in _XHTML_TYPES:
            continue
        name = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        if name not in names:
            raise InputError(path, None, f"{opf_name}: spine item {name!r} is not in the archive")
        spine.append(name)
    if not spine:
        raise InputError(path, None, f"{opf_name}: the spine lists no XHTML document")
    return spine


def read_spine(path: Path) -> list[SpineItem]:
    display = os.fspath(path)
    try:
        with zipfile.ZipFile(path) as book:
            items = []
            for name in spine_names(book, display):
                try:
                    text = book.read(name).decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(display, None, f"{name}: not UTF-8 (byte {exc.start})") from exc
                items.append(SpineItem(name, text, _slots(text)))
    except zipfile.BadZipFile as exc:
        raise InputError(display, None, f"not a zip archive ({exc})") from exc
    if not any(item.slots for item in items):
        # A book without <p> elements: new paragraphs go at the end of each body instead.
        for item in items:
            body = _BODY.search(item.text)
            if body is not None:
                item.slots = [body.end(1)]
    return items


def _slots(text: str) -> list[int]:
    body = _BODY.search(text)
    if body is None:
        return []
    return [m.end() for m in _PARAGRAPH_END.finditer(text, body.start(1), body.end(1))]


def paragraph(text: str) -> str:
    """The markup inserted for one new paragraph (XML-escaped, on its own line)."""
    return f"\n<p>{escape(text, quote=False)}</p>"


def _still_well_formed(before: str, after: str) -> bool:
    """Documents that parsed as XML must still parse; ones that did not (HTML entities) are left be."""
    try:
        ElementTree.fromstring(before.encode("utf-8"))
    except ElementTree.ParseError:
        return True
    try:
        ElementTree.fromstring(after.encode("utf-8"))
    except ElementTree.ParseError:
        return False
    return True


def write_with_changes(source: Path, target: Path, changed: dict[str, str]) -> None:
    """Copy ``source`` to ``target`` (atomically) with the given entries replaced by new text."""
    display = os.fspath(source)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with zipfile.ZipFile(source) as book, zipfile.ZipFile(tmp, "w") as out:
            infos = book.infolist()
            first = [i for i in infos if i.filename == "mimetype"]
            for info in first + [i for i in infos if i.filename != "mimetype"]:
                data = book.read(info.filename)
                if info.filename in changed:
                    if not _still_well_formed(data.decode("utf-8"), changed[info.filename]):
                        raise InputError(display, None, f"{info.filename}: inserting made the XHTML malformed")
                    data = changed[info.filename].encode("utf-8")
                if info.filename == "mimetype":
                    info.compress_type = zipfile.ZIP_STORED
                    info.extra = b""  # nothing may sit between the header and 'mimetype' (OCF)
                out.writestr(info, data, compress_type=info.compress_type)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _local(tag) in ("script", "style", "head"):
            self._skip += 1
        elif _local(tag) in ("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if _local(tag) in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def xhtml_text(markup: str) -> str:
    """The readable text of an XHTML document (what a model trained on the book would see)."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return re.sub(r"[ \t]*\n\s*", "\n", "".join(collector.parts)).strip()


def book_text(path: Path) -> str:
    """The text of the whole spine in reading order."""
    return "\n\n".join(xhtml_text(item.text) for item in read_spine(path))
