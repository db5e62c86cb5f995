"""HTML extraction speed: clearance's ``parse_html`` against trafilatura on the same pages, one process.

Pages: real HTML found on the machine (the Rust book and other mdBook manuals, rustdoc API pages,
Debian package docs) plus generated blog/news pages with the furniture of real sites (navigation,
sidebars, comments, JSON-LD, a license footer, figures with photo credits). Every method gets the raw
bytes, so decoding is part of everyone's cost. Agreement with trafilatura's text is reported beside
speed (token-set containment both ways), because a fast extractor that keeps the menus is not faster.

    .venv/bin/python benchmarks/web/bench_html.py [--per-group 250] [--json out.json]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

GROUPS = {
    "rust-book (mdBook prose)": "/root/.rustup/toolchains/*/share/doc/rust/html/book/**/*.html",
    "rust manuals (mdBook)": "/root/.rustup/toolchains/*/share/doc/rust/html/{cargo,reference,rustc,edition-guide,"
                             "embedded-book,nomicon,rust-by-example,rustdoc,style-guide,unstable-book}/**/*.html",
    "rustdoc API pages": "/root/.rustup/toolchains/*/share/doc/rust/html/std/**/*.html",
    "debian docs": "/usr/share/doc/**/*.html",
}

WORDS = ["the", "river", "ran", "north", "past", "old", "mills", "while", "lanterns", "burned", "in", "narrow",
         "windows", "and", "every", "traveller", "counted", "stones", "along", "a", "road", "that", "nobody",
         "remembered", "building", "before", "winter", "came", "down", "from", "silent", "hills", "carrying", "salt",
         "bread", "letters", "iron", "wool", "copper", "glass"]
LICENSES = ["by/4.0", "by-sa/4.0", "by-nc/4.0", "by-nd/3.0", "by-sa/3.0"]


def expand(pattern: str) -> list[str]:
    head, brace, tail = pattern.partition("{")
    if not brace:
        return glob.glob(pattern, recursive=True)
    names, _, rest = tail.partition("}")
    return [p for name in names.split(",") for p in glob.glob(head + name + rest, recursive=True)]


def real_pages(per_group: int, rng: random.Random) -> dict[str, list[bytes]]:
    groups: dict[str, list[bytes]] = {}
    for name, pattern in GROUPS.items():
        paths = sorted(p for p in expand(pattern) if os.path.isfile(p) and os.path.getsize(p) > 2048)
        if not paths:
            continue
        rng.shuffle(paths)
        groups[name] = [Path(p).read_bytes() for p in paths[:per_group]]
    return groups


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def generated_page(rng: random.Random, index: int) -> tuple[bytes, tuple[str, str | None]]:
    """A blog/news page shaped like real ones (most bytes are not the article), with its true licenses."""
    lic = rng.choice(LICENSES)
    image_lic = rng.choice(LICENSES) if rng.random() < 0.5 else None
    paras = "".join(f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(3, 7)))}</p>"
                    for _ in range(rng.randint(4, 14)))
    nav = "".join(f'<li><a href="/c/{i}">{rng.choice(WORDS).title()}</a></li>' for i in range(25))
    side = "".join(f'<li><a href="/p/{i}">{sentence(rng)}</a></li>' for i in range(12))
    comments = "".join(f'<div class="comment"><b>user{i}</b><p>{sentence(rng)}</p></div>' for i in range(rng.randint(0, 8)))
    figure = (f'<figure><img src="/img/{index}.jpg" alt="{rng.choice(WORDS)}"><figcaption>Photo: A. Author, '
              f'<a rel="license" href="https://creativecommons.org/licenses/{image_lic}/">CC</a>'
              "</figcaption></figure>") if image_lic else ""
    script = "<script>" + "var x=1;" * rng.randint(50, 400) + "</script>"
    style = "<style>" + ".a{color:red}" * rng.randint(50, 300) + "</style>"
    json_ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
               f'"headline":"Story {index}","license":"https://creativecommons.org/licenses/{lic}/"}}</script>')
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story {index}</title>'
            f'<meta name="description" content="{sentence(rng)}">{style}{json_ld}</head><body>'
            f'<header><nav><ul>{nav}</ul></nav></header><main><article><h1>Story {index}</h1>{paras[:len(paras)//2]}'
            f"{figure}{paras[len(paras)//2:]}</article><section class=\"comments\">{comments}</section></main>"
            f'<aside class="sidebar"><ul>{side}</ul></aside>{script}<footer><p>Text licensed '
            f'<a rel="license" href="https://creativecommons.org/licenses/{lic}/">{spdx(lic).replace("-", " ", 1)}</a>. '
            f"© 2024 Example News.</p></footer></body></html>").encode()
    return html, (spdx(lic), spdx(image_lic) if image_lic else None)


def tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def spdx(path: str) -> str:
    """``by-sa/4.0`` -> ``CC-BY-SA-4.0``."""
    kind, version = path.split("/")
    return f"CC-{kind.upper()}-{version}"


def timed(methods: dict[str, Callable[[bytes], str]], pages: list[bytes], rounds: int
          ) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Best of ``rounds`` per method, the methods interleaved in each round so load drift hits all alike."""
    best = {name: float("inf") for name in methods}
    texts: dict[str, list[str]] = {}
    for fn in methods.values():
        fn(pages[0])  # warm caches and lazy imports
    for _ in range(rounds):
        for name, fn in methods.items():
            start = time.perf_counter()
            texts[name] = [fn(page) for page in pages]
            best[name] = min(best[name], time.perf_counter() - start)
    return best, texts


def license_check(pages: list[bytes], expected: list[tuple[str, str | None]]) -> dict[str, float]:
    """On generated pages the truth is known: the footer's license covers the text, the figure's the image."""
    from clearance.curate.sources.html import parse_html

    text_right = image_right = figures = 0
    for raw, (text_license, image_license) in zip(pages, expected, strict=True):
        findings = parse_html(raw).findings
        text_right += {f.spdx for f in findings if f.covers != "image"} == {text_license}
        if image_license is not None:
            figures += 1
            image_right += image_license in {f.spdx for f in findings if f.covers == "image"}
    return {"pages": len(pages), "text_license_exact": round(text_right / len(pages), 3),
            "figures": figures, "image_license_found_as_image": round(image_right / max(figures, 1), 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-group", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import trafilatura

    from clearance.curate.sources.html import parse_html

    rng = random.Random(7)
    groups = real_pages(args.per_group, rng)
    generated = [generated_page(rng, i) for i in range(args.per_group)]
    groups["generated blog/news pages"] = [html for html, _ in generated]

    methods: dict[str, Callable[[bytes], str]] = {
        "clearance parse_html (text+meta+license)": lambda raw: parse_html(raw).text,
        "trafilatura extract": lambda raw: trafilatura.extract(raw) or "",
        "trafilatura extract fast=True": lambda raw: trafilatura.extract(raw, fast=True) or "",
    }
    results: dict[str, dict] = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
                                "load_before": os.getloadavg()[0], "groups": {}}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for group, pages in groups.items():
        mb = sum(map(len, pages)) / 1e6
        row: dict[str, dict] = {"pages": len(pages), "mb": round(mb, 2)}
        best, texts = timed(methods, pages, args.rounds)
        for method in methods:
            seconds = best[method]
            row[method] = {"seconds": round(seconds, 3), "pages_per_s": round(len(pages) / seconds, 1),
                           "mb_per_s": round(mb / seconds, 2)}
        ours, theirs = texts["clearance parse_html (text+meta+license)"], texts["trafilatura extract"]
        pairs = [(tokens(a), tokens(b)) for a, b in zip(ours, theirs, strict=True) if b.strip()]
        row["agreement"] = {
            "trafilatura_tokens_in_ours": round(statistics.mean(len(a & b) / len(b) for a, b in pairs if b), 3),
            "our_tokens_in_trafilatura": round(statistics.mean(len(a & b) / len(a) for a, b in pairs if a), 3),
            "pages_compared": len(pairs),
        }
        results["groups"][group] = row
        base = row["clearance parse_html (text+meta+license)"]["pages_per_s"]
        print(f"\n{group}: {len(pages)} pages, {mb:.1f} MB")
        for method in methods:
            r = row[method]
            print(f"  {method:42s} {r['pages_per_s']:8.1f} pages/s {r['mb_per_s']:7.2f} MB/s  "
                  f"clearance is {base / r['pages_per_s']:.1f}x")
        print(f"  agreement: {row['agreement']}")
    results["license_check"] = license_check(groups["generated blog/news pages"], [e for _, e in generated])
    print(f"\nlicense evidence on generated pages: {results['license_check']}")
    results["load_after"] = os.getloadavg()[0]
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
