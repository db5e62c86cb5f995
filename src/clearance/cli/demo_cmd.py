"""``clearance demo``: index the bundled example corpus and check the bundled example outputs."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated

import orjson
import typer

from clearance.cli.common import err
from clearance.documents import Document
from clearance.guard import check
from clearance.guard.render import FORMATS, page, render
from clearance.index import Index, build_index


def corpus_root() -> Path:
    return Path(str(resources.files("clearance.demo") / "corpus"))


def demo_documents() -> list[Document]:
    """The bundled works, with the license, author and origin the catalog records for each."""
    root = corpus_root()
    docs = []
    for line in (root / "catalog.jsonl").read_bytes().splitlines():
        if not line.strip():
            continue
        entry = orjson.loads(line)
        text = (root / entry["path"]).read_text(encoding="utf-8")
        docs.append(Document(id=entry["id"], text=text, source=entry.get("source"), license=entry.get("license"),
                             title=entry.get("title"), author=entry.get("author"), url=entry.get("url"),
                             copyright=entry.get("copyright")))
    return docs


def demo_outputs() -> list[dict]:
    path = Path(str(resources.files("clearance.demo") / "outputs" / "outputs.jsonl"))
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def command(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Keep the index and an HTML report here.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "text",
) -> None:
    """Build an index over the bundled corpus, check the example outputs, print the findings."""
    docs = demo_documents()
    outputs = demo_outputs()
    with tempfile.TemporaryDirectory(prefix="clearance-demo-") as scratch:
        index_dir = (out / "index") if out else Path(scratch) / "index"
        manifest = build_index(docs, index_dir, force=True)
        counts = manifest["counts"]
        err.print(f"[bold]indexed[/bold] {counts['documents']} bundled works "
                  f"({counts['characters']:,} characters) into {index_dir if out else 'a temporary index'}")
        with Index(index_dir) as index:
            results = [check(index, o["text"], id=o["id"]) for o in outputs]
        if format == "text":
            for o, r in zip(outputs, results):
                typer.echo(f"--- {o['id']}: {o.get('note', '')}")
                typer.echo(render([r], format, [o["text"]]))
        else:
            typer.echo(render(results, format, [o["text"] for o in outputs]), nl=False)
        if out:
            (out / "report.html").write_text(page(results, [o["text"] for o in outputs]), encoding="utf-8")
            err.print(f"wrote {out / 'report.html'}")
