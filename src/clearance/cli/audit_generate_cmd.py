"""``clearance audit generate``: sample, rank by memorization, confirm against an index (generate-and-filter)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from clearance.cli.audit_io import counting, load_models, read_documents
from clearance.cli.common import Fail, err


def command(
    model: Annotated[Path, typer.Option("--model", help="Local directory of the audited causal LM (save_pretrained).")],
    samples: Annotated[int, typer.Option("--samples", help="Generations to sample (a rerun with more extends the run).")] = 1000,
    tokens: Annotated[int, typer.Option("--tokens", help="New tokens per generation.")] = 256,
    prompts: Annotated[Path | None, typer.Option("--prompts", help="Prompts to continue, cycled (JSONL/Parquet/.txt); default: the document-start token.")] = None,
    temperature: Annotated[float, typer.Option("--temperature", help="Sampling temperature.")] = 1.0,
    top_k: Annotated[int, typer.Option("--top-k", help="Sample among the k likeliest tokens (0: all).")] = 40,
    rank_by: Annotated[str, typer.Option("--rank-by", help="zlib, perplexity, or reference (needs --reference).")] = "zlib",
    top: Annotated[int, typer.Option("--top", help="Candidates kept after ranking and deduplication.")] = 100,
    reference: Annotated[Path | None, typer.Option("--reference", help="Local reference LM (for --rank-by reference).")] = None,
    index: Annotated[Path | None, typer.Option("--index", help="Clearance index to confirm candidates against.")] = None,
    min_chars: Annotated[int, typer.Option("--min-chars", help="Shortest span reported as regenerated, in characters.")] = 100,
    min_tokens: Annotated[int, typer.Option("--min-tokens", help="Fewest matching words in a regenerated span.")] = 10,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Generations per batch.")] = 8,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (report.md/.html/.json, generations.parquet).")] = Path("generate-report"),
    seed: Annotated[int, typer.Option("--seed", help="Seed for sampling.")] = 0,
    fresh: Annotated[bool, typer.Option("--fresh", help="Discard finished parts in --out instead of resuming.")] = False,
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch (default: torch's choice).")] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Field holding the prompt text.")] = "text",
) -> None:
    """Generate-and-filter extraction (Carlini et al. 2021): which indexed works does the model regenerate?

    Sample many generations, rank them by a membership score, confirm the top ones in a clearance index
    and name the works regenerated."""
    from clearance.audit.generate_filter import SCHEMA, GenerateConfig, from_row, generate_and_filter, to_row
    from clearance.audit.generate_report import build_report, document_rows
    from clearance.audit.mia import model_fingerprint
    from clearance.audit.report import write_report
    from clearance.audit.runs import PartStore, RunMismatchError, write_parquet
    from clearance.index import Index, SearchOptions

    if batch_size < 1 or min_chars < 1 or min_tokens < 1:
        raise Fail("--batch-size, --min-chars and --min-tokens must be at least 1")
    if rank_by == "reference" and reference is None:
        raise Fail("--rank-by reference needs --reference DIR")
    try:
        config = GenerateConfig(samples=samples, tokens=tokens, temperature=temperature, top_k=top_k,
                                rank_by=rank_by, top=top, batch_size=batch_size, seed=seed)
    except ValueError as exc:
        raise Fail(str(exc)) from exc
    prompt_texts = [text for _, text in read_documents(prompts, "prompts", text_field)] if prompts else []
    opened = Index(index) if index is not None else None  # a bad index fails before any generation
    try:
        lm, ref_lm = load_models(model, device, threads, reference)
        settings = {"format": 1, "model": model_fingerprint(lm.path),
                    "reference": model_fingerprint(ref_lm.path) if ref_lm else None,
                    "prompts": hashlib.sha256("\x00".join(prompt_texts).encode()).hexdigest()[:24],
                    **{k: v for k, v in asdict(config).items() if k not in ("samples", "rank_by", "top", "dedupe_overlap")}}
        try:
            store = PartStore(out, SCHEMA, settings, fresh=fresh)
        except RunMismatchError as exc:
            raise Fail(str(exc)) from exc
        store.done_keys()
        done = sorted((from_row(r) for r in store.table().to_pylist()), key=lambda g: g.index)
        done = [g for i, g in enumerate(done) if g.index == i]  # only a gap-free run of finished batches
        if done:
            err.print(f"resuming: {min(len(done), samples):,} of {samples:,} generations already made in {out}")
        with counting("generating", samples, "samples") as advance:
            try:
                result = generate_and_filter(
                    lm, config, prompts=prompt_texts, reference=ref_lm, index=opened,
                    search_options=SearchOptions(min_chars=min_chars, min_tokens=min_tokens), done=done,
                    on_batch=lambda batch: store.write([to_row(g) for g in batch]), progress=advance)
            except ValueError as exc:
                raise Fail(f"{model}: {exc}") from exc
    finally:
        if opened is not None:
            opened.close()
    result.model = str(model)
    table = store.table()
    write_parquet(table.sort_by("key"), out / "generations.parquet")
    write_report(build_report(result, prompts_source=str(prompts) if prompts else None), out)
    if index is not None:
        rows = document_rows(result)
        err.print(f"{len(result.confirmed):,} of the top {len(result.candidates):,} candidates regenerate "
                  f"{len(rows):,} indexed work(s)")
        for row in rows[:10]:
            err.print(f"  {row[0]}  {row[1]}  ({row[2]})  characters {row[3]}")
    err.print(f"report: {out / 'report.html'} (also report.md, report.json, generations.parquet)")
