"""``clearance audit mia``: membership inference of member and non-member documents against a model."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from clearance.cli.common import Fail, err
from clearance.io import FieldMap, read_corpus

_STAGES = {"target": "target model", "lowercase": "lowercased text", "reference": "reference model",
           "neighbours": "neighbours"}


def _read_docs(path: Path, label: str, fields: FieldMap) -> list:
    from clearance.audit.mia import AuditDoc

    docs = [AuditDoc(label, doc.id, doc.text) for doc in read_corpus([path], fields, on_error="abort")]
    if not docs:
        raise Fail(f"{path}: no documents in the {label}s file (expected JSONL or Parquet with a "
                   f"'{fields.text}' field, a text file, or a directory of them)")
    return docs


@contextmanager
def _progress(plan: dict[str, int]):
    """One bar per pass (shown on a terminal, or with CLEARANCE_PROGRESS=1); yields ``tick(stage, n)``."""
    quiet = not err.is_terminal and os.environ.get("CLEARANCE_PROGRESS") != "1"
    progress = Progress(TextColumn("[bold]{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err, disable=quiet)
    with progress:
        tasks = {stage: progress.add_task(_STAGES[stage], total=total) for stage, total in plan.items() if total}

        def tick(stage: str, n: int) -> None:
            if stage in tasks and n:
                progress.advance(tasks[stage], n)

        yield tick
        for task in tasks.values():  # upper-bound totals (lowercase, neighbours) end full
            progress.update(task, completed=progress.tasks[task].total)


def _print_table(rows: list[list[str]], columns: list[str]) -> None:
    table = RichTable(title="Membership inference", title_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i in (0, len(columns) - 1) else "right")
    for row in rows:
        table.add_row(*row)
    Console(highlight=False, width=max(120, Console().width)).print(table)


def command(
    model: Annotated[Path, typer.Option("--model", help="Local directory of the audited causal LM (save_pretrained).")],
    members: Annotated[Path, typer.Option("--members", help="Documents known to be in the training data (JSONL with text, Parquet, .txt, directory).")],
    nonmembers: Annotated[Path, typer.Option("--nonmembers", help="Documents known NOT to be in it, from the same distribution.")],
    reference: Annotated[Path | None, typer.Option("--reference", help="Local reference LM for the reference-model ratio.")] = None,
    neighbour_model: Annotated[Path | None, typer.Option("--neighbour-model", help="Local masked LM that makes neighbours (default: seeded word swaps).")] = None,
    neighbours: Annotated[int, typer.Option("--neighbours", help="Neighbours per document for the neighbourhood attack (0: off).")] = 10,
    neighbour_fraction: Annotated[float, typer.Option("--neighbour-fraction", help="Share of words replaced in a neighbour.")] = 0.1,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Documents per forward pass.")] = 8,
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Tokens scored per document (its beginning).")] = 512,
    min_k: Annotated[float, typer.Option("--min-k", help="Share of lowest-scoring tokens Min-K% and Min-K%++ average.")] = 0.2,
    lowercase: Annotated[bool, typer.Option("--lowercase/--no-lowercase", help="Run the lowercase ratio (one extra pass).")] = True,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (report.md/.html/.json, roc.png, scores.parquet).")] = Path("mia-report"),
    seed: Annotated[int, typer.Option("--seed", help="Seed for neighbours and bootstrap.")] = 0,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the intervals.")] = 1000,
    fresh: Annotated[bool, typer.Option("--fresh", help="Discard finished parts in --out instead of resuming.")] = False,
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch (default: torch's choice).")] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Field holding the document id.")] = "id",
) -> None:
    """Membership inference: AUC and TPR at low FPR of seven attacks, with a validity gate.

    Loss, zlib, lowercase, reference, Min-K%, Min-K%++ and neighbourhood scores, with bootstrap
    intervals, beside a model-free baseline that flags distribution-shifted splits."""
    from clearance.audit.model import check_device, load_model, require_torch

    if batch_size < 1 or max_tokens < 1 or neighbours < 0 or bootstrap < 10:
        raise Fail("--batch-size and --max-tokens must be at least 1, --neighbours at least 0, --bootstrap at least 10")
    if not 0 < min_k <= 1 or not 0 < neighbour_fraction <= 1:
        raise Fail("--min-k and --neighbour-fraction must be in (0, 1]")
    check_device(device)
    if threads is not None:
        if threads < 1:
            raise Fail("--threads must be at least 1")
        require_torch().set_num_threads(threads)
    from clearance.audit.mia import MiaConfig, MiaRun
    from clearance.audit.mia_report import COLUMNS, attack_rows, build_report
    from clearance.audit.neighbours import MaskedLMNeighbours, WordSwapNeighbours
    from clearance.audit.report import write_report
    from clearance.audit.runs import RunMismatchError, write_parquet

    fields = FieldMap.from_options(text=text_field, id=id_field)
    docs = _read_docs(members, "member", fields) + _read_docs(nonmembers, "nonmember", fields)
    lm = load_model(model, device)
    ref_lm = load_model(reference, device) if reference is not None else None
    config = MiaConfig(batch_size=batch_size, max_tokens=max_tokens, min_k=min_k, neighbours=neighbours,
                       neighbour_fraction=neighbour_fraction, lowercase=lowercase, seed=seed, n_boot=bootstrap)
    generator = source = None
    if neighbours > 0:
        if neighbour_model is not None:
            generator = MaskedLMNeighbours(neighbour_model, device=device, fraction=neighbour_fraction, seed=seed)
            source = f"masked LM {neighbour_model}"
        else:
            generator = WordSwapNeighbours((d.text for d in docs), fraction=neighbour_fraction, seed=seed)
            source = "seeded word swaps from the audited texts' unigram distribution"
    try:
        run = MiaRun(lm, docs, out, config, reference=ref_lm, neighbours=generator, neighbour_source=source or "",
                     fresh=fresh)
    except RunMismatchError as exc:
        raise Fail(str(exc)) from exc
    for aside in run.store.set_aside:
        err.print(f"[yellow]unreadable part set aside[/yellow] {aside}; its documents are scored again")
    if len(run.pending) < len(docs):
        err.print(f"resuming: {len(docs) - len(run.pending):,} of {len(docs):,} documents already scored in {out}")
    with _progress(run.plan()) as tick:
        run.score(tick)
    result = run.results()
    report = build_report(result, model=str(model), reference=str(reference) if reference else None,
                          neighbour_source=source, members_source=[str(members)], nonmembers_source=[str(nonmembers)])
    write_parquet(result.table, out / "scores.parquet")
    write_report(report, out)
    _print_table(attack_rows(result, cite=False), COLUMNS)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    err.print(f"report: {out / 'report.html'} (also report.md, report.json, roc.png, scores.parquet)")
