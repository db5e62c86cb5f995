"""``clearance audit dataset-inference``: was this SET of documents trained on? One p-value."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from clearance.cli.audit_io import counting, load_models, read_documents
from clearance.cli.common import Fail, err


def command(
    model: Annotated[Path, typer.Option("--model", help="Local directory of the audited causal LM (save_pretrained).")],
    suspect: Annotated[Path, typer.Option("--suspect", help="The documents suspected of being trained on.")],
    unseen: Annotated[Path, typer.Option("--unseen", help="Documents of the same kind the model cannot have seen.")],
    reference: Annotated[Path | None, typer.Option("--reference", help="Local reference LM: adds the reference-ratio feature.")] = None,
    neighbours: Annotated[int, typer.Option("--neighbours", help="Word-swap neighbours per document for the neighbourhood feature (0: off).")] = 0,
    lowercase: Annotated[bool, typer.Option("--lowercase/--no-lowercase", help="Add the lowercase-ratio feature (one extra pass).")] = True,
    alpha: Annotated[float, typer.Option("--alpha", help="Significance level of the test.")] = 0.05,
    train_fraction: Annotated[float, typer.Option("--train-fraction", help="Share of each set the combination is learned on.")] = 0.5,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Documents per forward pass.")] = 8,
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Tokens scored per document (its beginning).")] = 512,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (report.md/.html/.json, scores.parquet).")] = Path("dataset-inference-report"),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the split (and of neighbours and bootstrap).")] = 0,
    fresh: Annotated[bool, typer.Option("--fresh", help="Discard finished parts in --out instead of resuming.")] = False,
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch (default: torch's choice).")] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Field holding the document id.")] = "id",
) -> None:
    """Dataset inference (Maini et al. 2024): was this set of documents trained on?

    Membership scores of a suspect set and an unseen set, a combination learned on one half, a
    one-sided Welch t-test on the other half."""
    from clearance.audit.dataset_inference import MIN_DOCUMENTS, features_from_table, infer
    from clearance.audit.di_report import build_report, verdict
    from clearance.audit.mia import MEMBER, NONMEMBER, AuditDoc, MiaConfig, MiaRun
    from clearance.audit.neighbours import WordSwapNeighbours
    from clearance.audit.report import write_report
    from clearance.audit.runs import RunMismatchError, write_parquet

    if not 0 < alpha < 1:
        raise Fail("--alpha must be between 0 and 1")
    if not 0.2 <= train_fraction <= 0.8:
        raise Fail("--train-fraction must be between 0.2 and 0.8")
    if batch_size < 1 or max_tokens < 1 or neighbours < 0:
        raise Fail("--batch-size and --max-tokens must be at least 1, --neighbours at least 0")
    # The suspect set takes the "member" side of the membership tables, the unseen set the "non-member" side.
    docs = [AuditDoc(MEMBER, i, t) for i, t in read_documents(suspect, "suspect documents", text_field, id_field)]
    docs += [AuditDoc(NONMEMBER, i, t) for i, t in read_documents(unseen, "unseen documents", text_field, id_field)]
    counts = {MEMBER: sum(d.set == MEMBER for d in docs), NONMEMBER: sum(d.set == NONMEMBER for d in docs)}
    for name, path, key in (("suspect", suspect, MEMBER), ("unseen", unseen, NONMEMBER)):
        if counts[key] < MIN_DOCUMENTS:
            raise Fail(f"{path}: {counts[key]} {name} document(s); dataset inference needs at least {MIN_DOCUMENTS}")
    lm, ref_lm = load_models(model, device, threads, reference)
    config = MiaConfig(batch_size=batch_size, max_tokens=max_tokens, neighbours=neighbours, lowercase=lowercase,
                       seed=seed)
    generator = WordSwapNeighbours((d.text for d in docs), seed=seed) if neighbours else None
    source = "seeded word swaps from the audited texts' unigram distribution" if neighbours else ""
    try:
        run = MiaRun(lm, docs, out, config, reference=ref_lm, neighbours=generator, neighbour_source=source,
                     fresh=fresh)
    except RunMismatchError as exc:
        raise Fail(str(exc)) from exc
    if len(run.pending) < len(docs):
        err.print(f"resuming: {len(docs) - len(run.pending):,} of {len(docs):,} documents already scored in {out}")
    with counting("scoring", sum(run.plan().values()), "passes") as advance:
        run.score(lambda stage, n: advance(n))
    scores = run.results()
    suspect_x, unseen_x, names, excluded = features_from_table(scores.table, MEMBER, NONMEMBER)
    try:
        result = infer(suspect_x, unseen_x, names, seed=seed, alpha=alpha, train_fraction=train_fraction)
    except ValueError as exc:
        raise Fail(f"{suspect} / {unseen}: {exc}") from exc
    report = build_report(result, scores, model=str(model), suspect_source=str(suspect), unseen_source=str(unseen),
                          excluded=excluded, reference=str(reference) if reference else None)
    write_parquet(scores.table, out / "scores.parquet")
    write_report(report, out)
    print(verdict(result))
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    err.print(f"report: {out / 'report.html'} (also report.md, report.json, scores.parquet)")
