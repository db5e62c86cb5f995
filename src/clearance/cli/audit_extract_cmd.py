"""``clearance audit extract``: does the model continue its training documents word for word?"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from clearance.cli.audit_io import counting, load_models, read_documents
from clearance.cli.common import Fail, err

#: Documents per Parquet part: a killed run loses at most this many generations.
PART_DOCUMENTS = 64


def document_key(doc_id: str, text: str) -> str:
    """Id plus a digest of the text: an edited document is tested again on resume."""
    return f"{doc_id}:{hashlib.blake2b(text.encode('utf-8'), digest_size=8).hexdigest()}"


def command(
    model: Annotated[Path, typer.Option("--model", help="Local directory of the audited causal LM (save_pretrained).")],
    docs: Annotated[Path, typer.Option("--docs", help="Documents to test (JSONL with text, Parquet, .txt, directory).")],
    prefix_tokens: Annotated[int, typer.Option("--prefix-tokens", help="Tokens of each document given as the prompt.")] = 50,
    suffix_tokens: Annotated[int, typer.Option("--suffix-tokens", help="Tokens the model must reproduce.")] = 50,
    samples: Annotated[int, typer.Option("--samples", help="Sampled continuations per prefix (0: greedy only).")] = 0,
    temperature: Annotated[float, typer.Option("--temperature", help="Sampling temperature (with --samples).")] = 1.0,
    top_k: Annotated[int, typer.Option("--top-k", help="Sample among the k likeliest tokens (0: all).")] = 0,
    approx_threshold: Annotated[float, typer.Option("--approx-threshold", help="Token edit similarity counted as an approximate copy.")] = 0.75,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Prompts per generation batch.")] = 8,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (report.md/.html/.json, extraction.parquet).")] = Path("extract-report"),
    seed: Annotated[int, typer.Option("--seed", help="Seed for sampling.")] = 0,
    fresh: Annotated[bool, typer.Option("--fresh", help="Discard finished parts in --out instead of resuming.")] = False,
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch (default: torch's choice).")] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Field holding the document id.")] = "id",
) -> None:
    """k-extractable memorization: does the model continue a document's prefix with its true suffix?

    Greedy (and sampled) continuation of each document's prefix, exact and approximate matches to the
    true suffix, rates with Wilson intervals."""
    from clearance.audit.extract import SCHEMA, ExtractionConfig, extract, from_row, to_row
    from clearance.audit.extract_report import build_report, rate_rows
    from clearance.audit.mia import model_fingerprint
    from clearance.audit.report import write_report
    from clearance.audit.runs import PartStore, RunMismatchError, write_parquet

    if batch_size < 1:
        raise Fail("--batch-size must be at least 1")
    try:
        config = ExtractionConfig(prefix_tokens=prefix_tokens, suffix_tokens=suffix_tokens, samples=samples,
                                  temperature=temperature, top_k=top_k, approx_threshold=approx_threshold,
                                  batch_size=batch_size, seed=seed)
    except ValueError as exc:
        raise Fail(str(exc)) from exc
    documents = read_documents(docs, "documents", text_field, id_field)
    keys = {doc_id: document_key(doc_id, text) for doc_id, text in documents}
    (lm,) = load_models(model, device, threads)
    settings = {"format": 1, "model": model_fingerprint(lm.path), **asdict(config)}
    if not samples:
        settings.pop("batch_size")  # greedy results do not depend on the batching; sampled ones do
    try:
        store = PartStore(out, SCHEMA, settings, fresh=fresh)
    except RunMismatchError as exc:
        raise Fail(str(exc)) from exc
    finished = store.done_keys()
    done = {}
    if finished:
        wanted = set(keys.values())
        for row in store.table().to_pylist():
            if row["key"] in wanted:
                done[row["doc_id"]] = from_row(row)
        if done:
            err.print(f"resuming: {len(done):,} of {len(documents):,} documents already tested in {out}")
    pending: list[dict] = []

    def keep(batch: list) -> None:
        pending.extend(to_row(r, keys[r.doc_id]) for r in batch)
        if len(pending) >= PART_DOCUMENTS:
            store.write(pending)
            pending.clear()

    with counting("extracting", len(documents)) as advance:
        try:
            result = extract(lm, documents, config, progress=advance, done=done, on_batch=keep)
        except ValueError as exc:
            raise Fail(f"{model}: {exc}") from exc
        finally:
            store.write(pending)  # what was finished is kept, whatever stopped the run
    result.model = str(model)
    by_id = {d.doc_id: d for d in result.documents}
    rows = [to_row(by_id[doc_id], keys[doc_id]) for doc_id, _ in documents if doc_id in by_id]
    import pyarrow as pa

    write_parquet(pa.Table.from_pylist(rows, schema=SCHEMA), out / "extraction.parquet")
    write_report(build_report(result, model=str(model), docs_source=str(docs)), out)
    table = RichTable(title="Extraction", title_justify="left")
    for name, justify in (("measure", "left"), ("definition", "left"), ("extracted", "right"), ("rate [95% CI]", "right")):
        table.add_column(name, justify=justify)
    for row in rate_rows(result):
        table.add_row(*row)
    Console(highlight=False, width=max(100, Console().width)).print(table)
    if result.skipped:
        err.print(f"[yellow]skipped[/yellow] {len(result.skipped):,} document(s) shorter than "
                  f"{prefix_tokens + suffix_tokens} tokens")
    err.print(f"report: {out / 'report.html'} (also report.md, report.json, extraction.png, extraction.parquet)")
