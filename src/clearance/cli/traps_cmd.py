"""``clearance traps``: make copyright traps, insert them into your documents, detect them in a model."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from clearance.cli.audit_io import counting, load_models, read_documents
from clearance.cli.common import Fail, err

app = typer.Typer(help="Copyright traps: make them, insert them into your documents, detect them in a model.",
                  no_args_is_help=True)

Manifest = Annotated[Path, typer.Option("--manifest", "-m", help="The private trap manifest (JSON).")]


@app.command("make")
def make(
    out: Annotated[Path, typer.Option("--out", "-o", help="Manifest to write (private: mode 0600).")],
    model: Annotated[Path | None, typer.Option("--model", help="Local causal LM that generates and scores the traps.")] = None,
    reference: Annotated[Path | None, typer.Option("--reference", help="Without --model: text to fit a word n-gram model on (JSONL/Parquet/.txt/directory).")] = None,
    order: Annotated[int, typer.Option("--order", help="N-gram order (with --reference).")] = 3,
    count: Annotated[int, typer.Option("--count", help="Traps to make.")] = 100,
    controls: Annotated[int | None, typer.Option("--controls", help="Control sequences kept back (default: as many as traps).")] = None,
    length: Annotated[int, typer.Option("--length", help="Tokens per trap (model tokens, or n-gram words and punctuation).")] = 50,
    perplexity: Annotated[float | None, typer.Option("--perplexity", help="Target perplexity under the generator (default: none).")] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Keep traps within target x (1 +- tolerance).")] = 0.1,
    temperature: Annotated[float, typer.Option("--temperature", help="Sampling temperature (the start of the search with --perplexity).")] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed and inputs make the same traps.")] = 0,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda (with --model).")] = "cpu",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Sequences per generation batch (with --model).")] = 16,
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing manifest.")] = False,
    text_field: Annotated[str, typer.Option("--text-field", help="Field holding the reference text.")] = "text",
) -> None:
    """Generate trap sequences and controls of a chosen length and perplexity, into a private manifest."""
    from clearance.audit.ngram import NgramModel
    from clearance.audit.traps import MakeConfig, ModelSource, NgramSource, TrapError, make_traps

    if (model is None) == (reference is None):
        raise Fail("give exactly one generator: --model DIR (a local LM) or --reference FILE (an n-gram model)")
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists (use --force to replace it)")
    try:
        config = MakeConfig(count=count, controls=controls if controls is not None else count, length=length,
                            perplexity=perplexity, tolerance=tolerance, temperature=temperature, seed=seed)
    except TrapError as exc:
        raise Fail(str(exc)) from exc
    if model is not None:
        (lm,) = load_models(model, device, threads)
        source = ModelSource(lm, batch_size=batch_size)
    else:
        texts = [text for _, text in read_documents(reference, "reference text", text_field)]
        try:
            ngram = NgramModel.fit(texts, order=order)
        except ValueError as exc:
            raise Fail(f"{reference}: {exc}") from exc
        digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()
        source = NgramSource(ngram, f"{reference} (sha256 {digest[:16]})")
    with counting("making traps", config.count + config.controls, "sequences") as advance:
        try:
            manifest = make_traps(source, config, progress=advance)
        except TrapError as exc:
            raise Fail(str(exc)) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    manifest.save(out)
    ppl = sorted(s.perplexity for s in manifest.traps)
    err.print(f"made {len(manifest.traps)} traps and {len(manifest.controls)} controls of {length} tokens "
              f"(perplexity {ppl[0]:.1f} to {ppl[-1]:.1f}) into {out} (private: keep it safe)")


def _parse_repeats(text: str, traps: int) -> list[int]:
    try:
        levels = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise Fail(f"--repeats: {text!r} is not a number or a comma-separated list of numbers") from None
    if not levels or any(level < 0 for level in levels):
        raise Fail("--repeats: give counts of 0 or more, e.g. 10 or 1,10,100")
    # Several levels: traps take them in turn, so every level gets an equal share of the traps.
    return [levels[i % len(levels)] for i in range(traps)]


@app.command("insert")
def insert(
    manifest: Manifest,
    docs: Annotated[list[Path], typer.Argument(help="Your documents: .txt/.md, .jsonl(.gz), .epub files or directories of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the trapped copies (inputs are never changed).")],
    repeats: Annotated[str, typer.Option("--repeats", help="Copies of each trap, or a list (1,10,100) the traps take in turn.")] = "10",
    seed: Annotated[int, typer.Option("--seed", help="Seed for where the copies go.")] = 0,
    text_field: Annotated[str, typer.Option("--text-field", help="JSONL field holding the text.")] = "text",
    force: Annotated[bool, typer.Option("--force", help="Replace existing outputs, and re-insert traps the manifest records as inserted.")] = False,
) -> None:
    """Insert every trap into copies of your documents and record each copy's place in the manifest."""
    from clearance.audit.trap_insert import insert_traps
    from clearance.audit.trap_manifest import TrapManifest

    loaded = TrapManifest.load(manifest)
    if any(t.insertions for t in loaded.traps) and not force:
        raise Fail(f"{manifest}: these traps were already inserted into {', '.join(loaded.inserted_into) or 'files'}; "
                   "use --force to insert them again (the old records are replaced)")
    counts = _parse_repeats(repeats, len(loaded.traps))
    with counting("inserting", len(docs), "files") as advance:
        summary = insert_traps(loaded.traps, counts, docs, out, seed=seed, text_field=text_field, force=force,
                               progress=advance)
    loaded.inserted_into = [str(out / name) for name in summary.files]
    loaded.insert_seed = seed
    loaded.save(manifest)
    err.print(f"inserted {summary.copies:,} trap copies at {summary.slots:,} possible places in "
              f"{len(summary.files):,} file(s) under {out}; manifest updated: {manifest}")


@app.command("detect")
def detect(
    model: Annotated[Path, typer.Option("--model", help="Local directory of the suspect causal LM.")],
    manifest: Manifest,
    reference: Annotated[Path | None, typer.Option("--reference", help="Local reference LM: score by the log perplexity ratio.")] = None,
    alpha: Annotated[float, typer.Option("--alpha", help="Significance level.")] = 0.05,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Sequences per forward pass.")] = 16,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (report.md/.html/.json, traps.png).")] = Path("traps-report"),
    seed: Annotated[int, typer.Option("--seed", help="Seed for the bootstrap intervals.")] = 0,
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch.")] = None,
) -> None:
    """Compare the model's scores on the traps with the controls: AUC and a one-sided p-value per repeat count."""
    from clearance.audit.report import write_report
    from clearance.audit.trap_manifest import TrapManifest
    from clearance.audit.traps import TrapError
    from clearance.audit.traps import detect as run_detect
    from clearance.audit.traps_report import build_report, group_rows

    if not 0 < alpha < 1:
        raise Fail("--alpha must be between 0 and 1")
    if batch_size < 1:
        raise Fail("--batch-size must be at least 1")
    loaded = TrapManifest.load(manifest)
    lm, ref_lm = load_models(model, device, threads, reference)
    passes = (len(loaded.traps) + len(loaded.controls)) * (2 if ref_lm else 1)
    with counting("scoring", passes, "sequences") as advance:
        try:
            result = run_detect(lm, loaded, reference=ref_lm, batch_size=batch_size, alpha=alpha, seed=seed,
                                progress=advance)
        except TrapError as exc:
            raise Fail(f"{manifest}: {exc}") from exc
    result.model = str(model)
    write_report(build_report(result, loaded, manifest_path=str(manifest)), out)
    for row in group_rows(result):
        print(f"{row[0]:>20}: {row[1]} traps vs {row[2]} controls, AUC {row[3]}, p = {row[4]}")
    err.print(f"{'DETECTED' if result.detected else 'not detected'} at alpha {alpha:g}; "
              f"report: {out / 'report.html'} (also report.md, report.json, traps.png)")
