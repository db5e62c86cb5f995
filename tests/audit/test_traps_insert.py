"""Trap insertion into text, JSONL and EPUB: the copies land where the manifest says, books stay valid."""

from __future__ import annotations

import json
import stat
import zipfile
from html import escape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from clearance.audit import epub
from clearance.audit.trap_insert import insert_traps, text_slots
from clearance.audit.trap_manifest import TrapManifest, TrapSequence
from clearance.io import InputError

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>
    <dc:title>The Quay</dc:title><dc:language>en</dc:language></metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="text/chapter%201.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="text/chapter2.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="nav" linear="no"/><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"""


def chapter(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f'<p class="body">{escape(p)}</p>' for p in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n{body}\n</body></html>\n")


def make_epub(path: Path, chapters: int = 2, paragraphs: int = 4) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("OEBPS/content.opf", OPF, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("OEBPS/nav.xhtml", chapter("Contents", ["one", "two"]), compress_type=zipfile.ZIP_DEFLATED)
        names = ["OEBPS/text/chapter 1.xhtml", "OEBPS/text/chapter2.xhtml"]
        for c in range(chapters):
            paras = [f"Paragraph {k} of chapter {c + 1} & so on, where the lamps < the stars." for k in range(paragraphs)]
            book.writestr(names[c], chapter(f"Chapter {c + 1}", paras), compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("OEBPS/style.css", "p { margin: 0 }", compress_type=zipfile.ZIP_DEFLATED)
    return path


def traps(n: int = 2) -> list[TrapSequence]:
    return [TrapSequence(id=f"t{i}", text=f"trap number {i} says brill & wobble <yes> x{i}q", tokens=[], token_ids=[],
                         perplexity=10.0) for i in range(n)]


def test_text_slots_prefer_paragraphs_then_lines_then_sentences() -> None:
    assert text_slots("One.\n\nTwo.\n\n\nThree.") == ([6, 13], "\n\n")
    assert text_slots("one\ntwo\nthree") == ([4, 8], "\n")
    assert text_slots("One. Two! Three") == ([5, 10], " ")
    assert text_slots("no boundary at all") == ([0], "\n\n")
    assert text_slots("   \n") == ([], "")


def test_epub_insert_round_trips(tmp_path: Path) -> None:
    source = make_epub(tmp_path / "book.epub")
    original = source.read_bytes()
    made = traps(2)
    insert_traps(made, [3, 2], [source], tmp_path / "out", seed=1)
    assert source.read_bytes() == original  # inputs are never modified
    out = tmp_path / "out" / "book.epub"
    with zipfile.ZipFile(out) as book:
        assert book.testzip() is None
        infos = book.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        # OCF: 'mimetype' is readable at a fixed offset, right after the 30-byte local header + name
        assert out.read_bytes()[30:38] == b"mimetype" and out.read_bytes()[38:58] == b"application/epub+zip"
        with zipfile.ZipFile(source) as before:
            assert sorted(book.namelist()) == sorted(before.namelist())
            assert book.read("OEBPS/style.css") == before.read("OEBPS/style.css")
            assert book.read("OEBPS/nav.xhtml") == before.read("OEBPS/nav.xhtml")  # non-linear: untouched
        for trap in made:
            for ins in trap.insertions:
                xhtml = book.read(ins.entry).decode()
                assert xhtml[ins.start:ins.end] == escape(trap.text, quote=False)
                assert ins.entry in ("OEBPS/text/chapter 1.xhtml", "OEBPS/text/chapter2.xhtml")
    text = epub.book_text(out)
    for trap in made:
        assert text.count(trap.text) == trap.repeats
    assert [len(t.insertions) for t in made] == [3, 2]
    # the chapters are still well-formed XML and every original paragraph is still there
    for item in epub.read_spine(out):
        ElementTree.fromstring(item.text.encode())
    kept = text.splitlines()
    assert all(line in kept for line in epub.book_text(source).splitlines())


def test_text_and_jsonl_spans_are_exact(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("First paragraph here.\n\nSecond one.\n\nThird and last.\n")
    records = [{"id": i, "text": f"Record {i}. It has sentences. Several of them.", "title": "T"} for i in range(4)]
    lines = [json.dumps(r) for r in records]
    lines.insert(2, "")
    (docs / "b.jsonl").write_text("\n".join(lines) + "\n")
    made = traps(3)
    summary = insert_traps(made, [2, 4, 0], [docs], tmp_path / "out", seed=3)
    assert summary.copies == 6 and summary.files == ["a.txt", "b.jsonl"]
    out_lines = (tmp_path / "out" / "b.jsonl").read_text().split("\n")
    assert out_lines[2] == ""  # blank lines kept, record lines keep their numbers
    for trap in made:
        assert len(trap.insertions) == trap.repeats
        for ins in trap.insertions:
            if ins.file == "a.txt":
                text = (tmp_path / "out" / "a.txt").read_text()
            else:
                record = json.loads(out_lines[ins.line - 1])
                assert record["title"] == "T" and record["id"] in range(4)
                text = record["text"]
            assert text[ins.start:ins.end] == trap.text
    # untouched JSONL records are byte-identical
    changed = {ins.line for t in made for ins in t.insertions if ins.file == "b.jsonl"}
    original = (docs / "b.jsonl").read_text().split("\n")
    for number, line in enumerate(out_lines, start=1):
        if number not in changed:
            assert line == original[number - 1]


def test_insert_is_seeded_and_spreads_copies(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n\n".join(f"Paragraph {i}." for i in range(40)))
    first, second = traps(1), traps(1)
    insert_traps(first, [10], [tmp_path / "a.txt"], tmp_path / "o1", seed=7)
    insert_traps(second, [10], [tmp_path / "a.txt"], tmp_path / "o2", seed=7)
    assert (tmp_path / "o1" / "a.txt").read_bytes() == (tmp_path / "o2" / "a.txt").read_bytes()
    starts = [i.start for i in first[0].insertions]
    assert len(set(starts)) == 10  # ten distinct places while there are more boundaries than copies


def test_bad_inputs_name_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "fine. text."}\n{"text": 3}\n')
    with pytest.raises(InputError) as caught:
        insert_traps(traps(1), [1], [tmp_path / "bad.jsonl"], tmp_path / "out")
    assert caught.value.line == 2 and "bad.jsonl" in str(caught.value) and "'text'" in str(caught.value)
    (tmp_path / "broken.jsonl").write_text('{"text": "a"}\n{oops\n')
    with pytest.raises(InputError, match="broken.jsonl:2: invalid JSON"):
        insert_traps(traps(1), [1], [tmp_path / "broken.jsonl"], tmp_path / "out")
    (tmp_path / "fake.epub").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="fake.epub: not a zip"):
        insert_traps(traps(1), [1], [tmp_path / "fake.epub"], tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "nomime.epub", "w") as z:
        z.writestr("META-INF/container.xml", CONTAINER)
    with pytest.raises(InputError, match="not an EPUB"):
        insert_traps(traps(1), [1], [tmp_path / "nomime.epub"], tmp_path / "out")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9. ok.".encode("latin-1"))
    with pytest.raises(InputError, match="latin1.txt: not UTF-8"):
        insert_traps(traps(1), [1], [tmp_path / "latin1.txt"], tmp_path / "out")
    with pytest.raises(InputError, match="no such file"):
        insert_traps(traps(1), [1], [tmp_path / "missing.txt"], tmp_path / "out")


def test_outputs_are_not_overwritten_without_force(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.\n\nTwo.")
    insert_traps(traps(1), [1], [tmp_path / "a.txt"], tmp_path / "out")
    with pytest.raises(FileExistsError):
        insert_traps(traps(1), [1], [tmp_path / "a.txt"], tmp_path / "out")
    insert_traps(traps(1), [1], [tmp_path / "a.txt"], tmp_path / "out", force=True)


def test_manifest_is_private_atomic_and_validated(tmp_path: Path) -> None:
    manifest = TrapManifest(seed=5, generator={"kind": "ngram"}, traps=traps(2), controls=traps(1))
    path = tmp_path / "m.json"
    manifest.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]
    again = TrapManifest.load(path)
    assert again.traps[1].text == manifest.traps[1].text and again.seed == 5
    data = json.loads(path.read_text())
    del data["traps"][1]["text"]
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match=r"traps\[1\].text' is missing"):
        TrapManifest.load(path)
    path.write_text("{\n  nope")
    with pytest.raises(InputError, match="m.json:2: not valid JSON"):
        TrapManifest.load(path)
