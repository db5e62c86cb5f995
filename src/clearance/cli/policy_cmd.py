"""``clearance policy``: list, show and validate policies, and explain which rule fires for a match."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from clearance.cli.common import Fail
from clearance.matches import KINDS, Match
from clearance.policy import Policy, PolicyError, load_policy, profile_names

app = typer.Typer(help="Inspect policies and explain their decisions.", no_args_is_help=True)


def _load(spec: str) -> Policy:
    try:
        return load_policy(spec)
    except PolicyError as exc:
        raise Fail(str(exc)) from None


@app.command("list")
def list_profiles() -> None:
    """The shipped profiles and the standard each follows."""
    for name in profile_names():
        p = load_policy(name)
        typer.echo(f"{name:8} {p.description}\n         standard: {p.standard}")


@app.command("show")
def show(policy: Annotated[str, typer.Argument(help="Profile name or TOML file.")]) -> None:
    """Print a policy's rules in the order they are tried."""
    p = _load(policy)
    typer.echo(f"policy {p.name}: {p.description}\nstandard: {p.standard}\n"
               f"OR choices prefer: {', '.join(c.value for c in p.prefer)}; several holders: {p.holders}")
    for label, listing in (("allowlist", p.allow), ("denylist", p.deny)):
        if listing.documents or listing.sources or listing.licenses:
            typer.echo(f"{label}: documents={sorted(listing.documents)} sources={list(listing.sources)} "
                       f"licenses={sorted(listing.licenses)}")
    for i, rule in enumerate(p.rules, start=1):
        typer.echo(f"{i}. {rule.name} -> {rule.action.value}: {rule.reason}")
    typer.echo(f"otherwise -> {p.default.value}")


@app.command("validate")
def validate(files: Annotated[list[Path], typer.Argument(help="Policy TOML files.")]) -> None:
    """Check policy files; errors name the line and key (exit 2)."""
    for path in files:
        p = _load(str(path))
        typer.echo(f"{path}: ok ({len(p.rules)} rules)")


def _matches_from(path: Path) -> list[Match]:
    """Matches from ``clearance check --format json`` output (one result or a list)."""
    try:
        data: Any = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise Fail(f"{path}: not a readable check result ({exc})") from None
    results = data if isinstance(data, list) else [data]
    fields = set(Match.__dataclass_fields__)
    found = []
    for n, result in enumerate(results):
        for m, raw in enumerate(result.get("matches", []) if isinstance(result, dict) else []):
            try:
                found.append(Match(**{k: v for k, v in raw.items() if k in fields}))
            except TypeError as exc:
                raise Fail(f"{path}: result {n + 1}, match {m + 1}: {exc}") from None
    return found


@app.command("explain")
def explain(
    check_json: Annotated[Path | None, typer.Argument(help="Output of `clearance check --format json`.")] = None,
    policy: Annotated[str, typer.Option("--policy", "-p", help="Profile name or TOML file.")] = "default",
    license: Annotated[str | None, typer.Option("--license", help="Explain a hypothetical match under this license.")] = None,
    kind: Annotated[str, typer.Option("--kind", help=f"Its kind: {', '.join(KINDS)}.")] = "exact",
    chars: Annotated[int, typer.Option("--chars", help="Its length in characters.")] = 200,
    tokens: Annotated[int, typer.Option("--tokens", help="Its length in tokens.")] = 50,
    doc: Annotated[str, typer.Option("--doc", help="Its document id.")] = "example",
    source: Annotated[str | None, typer.Option("--source", help="Its document's source or URL.")] = None,
) -> None:
    """Show, for each match, every rule tried, each condition with the match's value, and the one that fires."""
    p = _load(policy)
    if check_json is not None:
        matches = _matches_from(check_json)
    else:
        if kind not in KINDS:
            raise Fail(f"--kind must be one of {', '.join(KINDS)}")
        matches = [Match(0, chars, doc, 0, chars, kind, 1.0, tokens, 1, license=license, source=source,
                         licenses=[license or "unknown"])]
    if not matches:
        typer.echo("no matches to explain")
    for m in matches:
        verdict = p.judge(m, explain=True)
        lic = verdict.license
        typer.echo(f"match {m.start}-{m.end} of {m.doc_id} ({m.length} chars, {m.tokens} tokens, {m.kind}); "
                   f"license {lic.spdx or 'none'} -> category {verdict.category.value}"
                   + (f" ({lic.problem})" if lic.problem else ""))
        for line in verdict.trail:
            typer.echo(f"  {line}")
        typer.echo(f"  => {verdict.action.value} by {verdict.rule!r}: {verdict.reason}\n")
