"""``clearance index``: build, add to, inspect, verify and take documents down from an index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from clearance.cli.common import (
    AuthorField,
    CopyrightField,
    DefaultLicense,
    Fail,
    IdField,
    LicenseField,
    OnError,
    SourceField,
    TextField,
    TitleField,
    UrlField,
    err,
    field_map,
    open_corpus,
    reading_progress,
)
from clearance.index import BuildOptions, Index, add_documents, build_index
from clearance.index.manifest import file_checksum, read_manifest
from clearance.index.takedown import TakedownList

app = typer.Typer(help="Build and maintain span indexes over reference corpora.", no_args_is_help=True)

Inputs = Annotated[list[Path], typer.Argument(help="JSONL (.jsonl, .jsonl.gz, .jsonl.zst), Parquet, or directories of files.")]
ShardSize = Annotated[str, typer.Option("--shard-size", help="Text per shard, e.g. 512MB or 2GB; bounds build memory.")]


def _parse_size(text: str) -> int:
    units = {"": 1, "B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}
    cleaned = text.strip().upper().replace("IB", "B")
    number = cleaned.rstrip("KMGTB")
    unit = cleaned[len(number):]
    try:
        value = float(number) * units[unit]
    except (ValueError, KeyError):
        raise Fail(f"--shard-size: cannot read {text!r}; write it like 512MB or 2GB") from None
    if value < 1 << 16:
        raise Fail(f"--shard-size: {text!r} is too small (at least 64KB)")
    return int(value)


def _summary(manifest: dict, stream) -> None:
    counts = manifest["counts"]
    err.print(f"indexed {counts['documents']:,} documents, {counts['characters']:,} characters "
              f"in {counts['shards']} shard(s); {stream.bad_records} bad record(s) skipped")


@app.command("build")
def build(
    inputs: Inputs,
    out: Annotated[Path, typer.Option("--out", "-o", help="Index directory to create.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing index at --out (atomically).")] = False,
    shard_size: ShardSize = "1GB",
    on_error: OnError = "skip",
    license: DefaultLicense = None,
    id_field: IdField = None, text_field: TextField = None, license_field: LicenseField = None,
    source_field: SourceField = None, title_field: TitleField = None, author_field: AuthorField = None,
    url_field: UrlField = None, copyright_field: CopyrightField = None,
) -> None:
    """Build a new index from a corpus; a crash or Ctrl-C leaves the previous index or none."""
    fields = field_map(id_field, text_field, license_field, source_field, title_field, author_field, url_field,
                       copyright_field)
    options = BuildOptions(shard_bytes=_parse_size(shard_size))
    if out.exists() and not force:
        raise Fail(f"{out}: already exists (use --force to replace it)")
    stream = open_corpus(inputs, fields, on_error, license)
    with reading_progress(stream, "indexing") as advance:
        manifest = build_index(stream, out, force=force, options=options, on_batch=advance)
    _summary(manifest, stream)


@app.command("add")
def add(
    directory: Annotated[Path, typer.Argument(help="Existing index directory.")],
    inputs: Inputs,
    shard_size: ShardSize = "1GB",
    on_error: OnError = "skip",
    license: DefaultLicense = None,
    id_field: IdField = None, text_field: TextField = None, license_field: LicenseField = None,
    source_field: SourceField = None, title_field: TitleField = None, author_field: AuthorField = None,
    url_field: UrlField = None, copyright_field: CopyrightField = None,
) -> None:
    """Append documents to an index as a new shard; ids already indexed are reported and skipped."""
    fields = field_map(id_field, text_field, license_field, source_field, title_field, author_field, url_field,
                       copyright_field)
    stream = open_corpus(inputs, fields, on_error, license)
    duplicates = 0

    def reject(doc, reason: str) -> None:
        nonlocal duplicates
        duplicates += 1
        if on_error == "abort":
            raise Fail(f"{doc.source or doc.id}: {reason}")
        err.print(f"[yellow]skipped[/yellow] {escape(doc.source or '')}: {escape(reason)}", soft_wrap=True)

    with reading_progress(stream, "adding") as advance:
        manifest = add_documents(directory, stream, reject=reject,
                                 options=BuildOptions(shard_bytes=_parse_size(shard_size)), on_batch=advance)
    _summary(manifest, stream)
    if duplicates:
        err.print(f"{duplicates} document(s) already in the index were skipped")


@app.command("info")
def info(
    directory: Annotated[Path, typer.Argument(help="Index directory.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
    verify: Annotated[bool, typer.Option("--verify", help="Recompute every file's checksum.")] = False,
) -> None:
    """Print the manifest: format version, normalizer settings, counts, shards and takedowns."""
    manifest = read_manifest(directory)
    takedowns = TakedownList(directory).entries()
    problems = _verify(directory, manifest) if verify else []
    if as_json:
        data = dict(manifest, takedown={"documents": len(takedowns)})
        if verify:
            data["verify"] = {"ok": not problems, "problems": problems}
        typer.echo(json.dumps(data, indent=2))
    else:
        counts = manifest["counts"]
        table = Table(show_header=False, box=None)
        table.add_row("index", str(directory))
        table.add_row("format", f"{manifest['format']} v{manifest['format_version']} (clearance {manifest['clearance_version']})")
        table.add_row("created / updated", f"{manifest['created']} / {manifest['updated']}")
        table.add_row("documents", f"{counts['documents']:,} ({len(takedowns)} taken down)")
        table.add_row("characters", f"{counts['characters']:,}")
        table.add_row("tokens", ", ".join(f"{k} {v:,}" for k, v in counts["tokens"].items()))
        table.add_row("shards", str(counts["shards"]))
        channels = manifest["normalizer"]["channels"]
        table.add_row("normalizer", "; ".join(f"{k}: {v['ngram']}-grams, window {v['window']}" for k, v in channels.items())
                      + f"; Unicode {manifest['normalizer']['unicode_version']}")
        size = sum(f["bytes"] for s in manifest["shards"] for f in s["files"].values())
        table.add_row("size on disk", f"{size / 1e6:,.1f} MB ({size / max(counts['bytes'], 1):.2f} bytes per text byte)")
        if verify:
            table.add_row("verify", "ok" if not problems else f"{len(problems)} problem(s)")
        Console().print(table)
        for problem in problems:
            typer.echo(f"  {problem}")
    if problems:
        raise typer.Exit(1)


def _verify(directory: Path, manifest: dict) -> list[str]:
    problems = []
    for shard in manifest["shards"]:
        for name, expected in shard["files"].items():
            path = directory / "shards" / shard["name"] / name
            if not path.exists():
                problems.append(f"{path}: missing")
            elif file_checksum(path) != expected:
                problems.append(f"{path}: checksum mismatch (expected {expected['crc32']}, {expected['bytes']} bytes)")
    return problems


@app.command("takedown")
def takedown(
    directory: Annotated[Path, typer.Argument(help="Index directory.")],
    doc_ids: Annotated[list[str] | None, typer.Argument(help="Document ids to hide from every result.")] = None,
    from_file: Annotated[Path | None, typer.Option("--from-file", help="A file with one document id per line.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept with the entry).")] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Restore the documents instead.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the takedown entries.")] = False,
) -> None:
    """Hide documents from every later result, without a rebuild (or restore them with --undo)."""
    read_manifest(directory)
    entries = TakedownList(directory)
    ids = list(doc_ids or [])
    if from_file is not None:
        try:
            ids += [line.strip() for line in from_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise Fail(f"{from_file}: cannot read ids ({exc})") from exc
    if list_:
        for doc_id, why, at in entries.entries():
            typer.echo(f"{doc_id}\t{at}\t{why or ''}")
        if not ids:
            return
    if not ids:
        raise Fail("name at least one document id (or --from-file, or --list)")
    if undo:
        removed = entries.remove(ids)
        err.print(f"restored {removed} document(s)")
        return
    with Index(directory) as index:
        known = index.contains(ids)
    for doc_id in ids:
        if doc_id not in known:
            err.print(f"[yellow]warning[/yellow]: {doc_id!r} is not in the index; recorded anyway, so it stays hidden if added later")
    entries.add(ids, reason)
    err.print(f"{len(ids)} document(s) taken down")
