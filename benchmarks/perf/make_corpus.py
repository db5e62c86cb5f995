"""Benchmark corpora for the index: real prose and code from this machine, and a scalable mix.

Two sub-commands, both writing JSONL records ``{"id", "text", "license", "source"}`` one at a time
(nothing holds the whole corpus in memory):

``real``  ~37 MB of real text found on the machine, about half prose and half code:
          license texts, /usr/share/doc files (decompressed), man pages (decompressed, roff
          markup stripped), docstrings of Python modules, and Python source (stdlib and
          site-packages). Files are picked in a seeded random order; identical texts are
          dropped; very large files are cut to ``--max-file-kb``.

``synth`` a corpus of N words: the real corpus first, then documents drawn from seeded word-level
          Markov chains (order 2, backing off to order 1 with probability ``--backoff``, which
          breaks up long verbatim stretches of the training text) trained separately on the
          real prose and the real code, so the n-gram statistics look like real text without
          the output being the real corpus repeated. Several word targets can be given at once
          (``--words 10M,100M``): each smaller file is a prefix of the larger ones.

Examples::

    python benchmarks/perf/make_corpus.py real --out bench-data/real.jsonl
    python benchmarks/perf/make_corpus.py synth --real bench-data/real.jsonl \
        --words 10M,100M --out-dir bench-data

Word counts here are whitespace-separated words (``len(text.split())``).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import json
import os
import random
import re
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

MB = 1_000_000

# --------------------------------------------------------------------------------------------
# real corpus
# --------------------------------------------------------------------------------------------

_ROFF_KEEP = {"SH", "SS", "TH", "B", "I", "BR", "IR", "BI", "IB", "RB", "RI", "SM", "SB", "IP", "TP", "UR", "MT", "Nm", "Nd", "Sh", "Ss", "Fl", "Ar", "Pa", "Xr", "It", "Dl", "Op"}
_ROFF_ESCAPE = re.compile(r"\\f(\[[^\]]*\]|\(..|.)|\\\*(\[[^\]]*\]|\(..|.)|\\s[-+]?\d|\\&|\\\||\\\^|\\%|\\c")
_ROFF_CHARS = {r"\-": "-", r"\(em": "--", r"\(en": "-", r"\(aq": "'", r"\(dq": '"', r"\(oq": "'", r"\(cq": "'", r"\(bu": "*", r"\e": "\\", r"\ ": " ", r"\(lq": '"', r"\(rq": '"'}


def strip_roff(text: str) -> str:
    """Man page source to plain text: keep the words of text and of formatting macros."""
    out = []
    for line in text.splitlines():
        if line.startswith(('.\\"', "'\\\"", '\\"')):
            continue
        if line.startswith((".", "'")):
            parts = line[1:].strip().split(None, 1)
            if not parts or parts[0] not in _ROFF_KEEP or len(parts) < 2:
                if parts and parts[0] in ("PP", "LP", "P", "sp", "br", "Pp"):
                    out.append("")
                continue
            line = parts[1].replace('"', "")
        for k, v in _ROFF_CHARS.items():
            line = line.replace(k, v)
        line = _ROFF_ESCAPE.sub("", line)
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _read_text(path: Path, max_bytes: int) -> str | None:
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as f:
                raw = f.read(max_bytes * 4)
        else:
            with open(path, "rb") as f:
                raw = f.read(max_bytes * 4)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if b"\x00" in raw[:8192]:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("latin-1")
        except UnicodeDecodeError:
            return None
    printable = sum(c.isprintable() or c in "\n\t\r" for c in text[:4096])
    if text and printable / min(len(text), 4096) < 0.95:
        return None
    return text


def _cut(text: str, max_bytes: int) -> str:
    if len(text.encode("utf-8", "surrogatepass")) <= max_bytes:
        return text
    cut = text[:max_bytes]
    nl = cut.rfind("\n")
    return cut[: nl + 1] if nl > max_bytes // 2 else cut


def _files(roots: list[Path], suffixes: tuple[str, ...] | None, seed: int) -> list[Path]:
    found = []
    for root in roots:
        if not root.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                p = Path(dirpath) / name
                if p.is_symlink() or not p.is_file():
                    continue
                if suffixes is None or name.endswith(suffixes):
                    found.append(p)
    random.Random(seed).shuffle(found)
    return found


def _docstrings(path: Path, max_bytes: int) -> str | None:
    text = _read_text(path, max_bytes)
    if text is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    parts = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc and len(doc) > 80:
                parts.append(doc)
    return "\n\n".join(parts) if parts else None


def _python_dirs() -> tuple[list[Path], list[Path]]:
    stdlib = Path(os.__file__).parent
    site = [Path(p) for p in sys.path if p.endswith("site-packages")]
    return [stdlib], site


def real_documents(total_mb: float, max_file_kb: int, seed: int) -> Iterator[dict]:
    """Yield records until about ``total_mb`` MB of text: ~45% prose, ~55% code."""
    max_bytes = max_file_kb * 1000
    stdlib, site = _python_dirs()
    licenses = [Path("/usr/share/common-licenses")] + site
    # (category, license, files, how to read, share of the total)
    plan = [
        ("license", None, [p for p in _files(licenses, None, seed) if p.name.upper().startswith(("LICENSE", "COPYING", "NOTICE", "GPL", "LGPL", "APACHE", "BSD", "MIT", "ARTISTIC", "MPL", "CC0"))], "text", 0.03),
        ("doc", "LicenseRef-debian-doc", _files([Path("/usr/share/doc")], (".txt", ".md", ".rst", ".gz", "README", "NEWS", "copyright", "changelog", "AUTHORS", "TODO", "FAQ", ".Debian"), seed), "text", 0.12),
        ("man", "LicenseRef-man-pages", _files([Path(f"/usr/share/man/man{i}") for i in range(1, 9)], (".gz",), seed), "man", 0.17),
        ("docstrings", "PSF-2.0", _files(stdlib + site, (".py",), seed + 1), "docstrings", 0.13),
        ("stdlib", "PSF-2.0", _files(stdlib, (".py",), seed), "text", 0.25),
        ("site-packages", "LicenseRef-site-packages", _files(site, (".py", ".pyi", ".c", ".h", ".js", ".ts"), seed), "text", 0.30),
    ]
    seen: set[bytes] = set()
    target = total_mb * MB
    written = 0
    for category, license, files, how, share in plan:
        budget = share * target
        used = 0
        for path in files:
            if used >= budget:
                break
            if how == "man":
                raw = _read_text(path, max_bytes * 3)
                text = strip_roff(raw) if raw else None
            elif how == "docstrings":
                text = _docstrings(path, max_bytes * 3)
            else:
                text = _read_text(path, max_bytes)
            if not text or len(text.strip()) < 200:
                continue
            text = _cut(text, max_bytes)
            digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            if digest in seen:
                continue
            seen.add(digest)
            size = len(text.encode("utf-8", "surrogatepass"))
            if license is None:
                lic = "LicenseRef-" + re.sub(r"[^A-Za-z0-9.-]", "-", path.name)[:40]
            else:
                lic = license
            yield {"id": f"{category}:{path}", "text": text, "license": lic, "source": category}
            used += size
            written += size
            if written >= target:
                return


def cmd_real(args: argparse.Namespace) -> None:
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    n = size = words = 0
    per: dict[str, int] = {}
    with open(out, "w", encoding="utf-8") as f:
        for rec in real_documents(args.mb, args.max_file_kb, args.seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            b = len(rec["text"].encode("utf-8", "surrogatepass"))
            n, size, words = n + 1, size + b, words + len(rec["text"].split())
            per[rec["source"]] = per.get(rec["source"], 0) + b
    info = {"path": str(out), "documents": n, "text_bytes": size, "words": words,
            "by_source_bytes": per, "seconds": round(time.perf_counter() - t0, 1)}
    Path(str(out) + ".info.json").write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(info, indent=2))


# --------------------------------------------------------------------------------------------
# synthetic corpus: Markov chains trained on the real corpus
# --------------------------------------------------------------------------------------------

# A token is a word (any run of non-space) or a line break with the indentation that follows it.
_TOKEN = re.compile(r"\n[ \t]*|[^\s]+")


class Markov:
    """Word-level order-2 Markov chain with order-1 back-off; successor lists keep multiplicity."""

    def __init__(self, backoff: float) -> None:
        self.backoff = backoff
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        self.first: dict[int, list[int]] = {}
        self.second: dict[tuple[int, int], list[int]] = {}
        self.starts: list[tuple[int, int]] = []
        self.doc_words: list[int] = []

    def _id(self, token: str) -> int:
        i = self.vocab.get(token)
        if i is None:
            i = self.vocab[token] = len(self.words)
            self.words.append(token)
        return i

    def train(self, text: str) -> None:
        ids = [self._id(t) for t in _TOKEN.findall(text)]
        if len(ids) < 3:
            return
        self.starts.append((ids[0], ids[1]))
        self.doc_words.append(sum(1 for i in ids if not self.words[i].startswith("\n")))
        first, second = self.first, self.second
        for a, b, c in zip(ids, ids[1:], ids[2:]):
            first.setdefault(b, []).append(c)
            second.setdefault((a, b), []).append(c)
        first.setdefault(ids[0], []).append(ids[1])

    def freeze(self) -> None:
        """Lists to tuples (faster indexing, less memory)."""
        self.first = {k: tuple(v) for k, v in self.first.items()}
        self.second = {k: tuple(v) for k, v in self.second.items()}
        self.is_break = [w.startswith("\n") for w in self.words]

    def generate(self, rng: random.Random, n_words: int) -> tuple[str, int]:
        """About ``n_words`` words of text; returns the text and its exact word count."""
        words, first, second, is_break = self.words, self.first, self.second, self.is_break
        a, b = self.starts[rng.randrange(len(self.starts))]
        out = [words[a], words[b]] if is_break[b] else [words[a], " ", words[b]]
        count = (not is_break[a]) + (not is_break[b])
        rand = rng.random
        backoff = self.backoff
        prev_break = is_break[b]
        while count < n_words:
            succ = None
            if rand() >= backoff:
                succ = second.get((a, b))
            if succ is None:
                succ = first.get(b)
                if succ is None:  # dead end: restart from a random document start
                    a, b = self.starts[int(rand() * len(self.starts))]
                    out.append("\n\n")
                    prev_break = True
                    continue
            c = succ[int(rand() * len(succ))]
            if is_break[c]:
                out.append(words[c])
                prev_break = True
            else:
                if not prev_break:
                    out.append(" ")
                out.append(words[c])
                prev_break = False
                count += 1
            a, b = b, c
        return "".join(out).strip() + "\n", count


def parse_count(s: str) -> int:
    s = s.strip().upper()
    mult = {"K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9}
    if s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


def train_models(real: Path, backoff: float) -> tuple[Markov, Markov, float]:
    prose, code = Markov(backoff), Markov(backoff)
    code_bytes = total = 0
    with open(real, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            is_code = rec.get("source") in ("stdlib", "site-packages")
            (code if is_code else prose).train(rec["text"])
            b = len(rec["text"])
            total += b
            code_bytes += b if is_code else 0
    prose.freeze()
    code.freeze()
    return prose, code, code_bytes / max(total, 1)


def cmd_synth(args: argparse.Namespace) -> None:
    real = Path(args.real)
    targets = sorted(parse_count(w) for w in args.words.split(","))
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [out_dir / f"synth-{_label(t)}.jsonl" for t in targets]
    t0 = time.perf_counter()
    prose, code, code_share = train_models(real, args.backoff)
    print(f"trained in {time.perf_counter() - t0:.1f}s: prose vocab {len(prose.words):,}, "
          f"code vocab {len(code.words):,}, code share {code_share:.2f}", file=sys.stderr)
    rng = random.Random(args.seed)
    files = [open(p, "w", encoding="utf-8") for p in names]
    words = size = docs = 0
    active = list(range(len(targets)))

    def emit(rec: dict, n_words: int) -> None:
        nonlocal words, size, docs, active
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        for i in active:
            files[i].write(line)
        words += n_words
        size += len(rec["text"].encode("utf-8", "surrogatepass"))
        docs += 1
        done = [i for i in active if words >= targets[i]]
        for i in done:
            files[i].close()
            _write_info(names[i], docs, size, words, t0)
            print(f"{names[i]}: {docs:,} docs, {words:,} words, {size / MB:.0f} MB, "
                  f"{time.perf_counter() - t0:.0f}s", file=sys.stderr)
        active = [i for i in active if i not in done]

    if not args.no_real:
        with open(real, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                emit(rec, len(rec["text"].split()))
                if not active:
                    break
    n = 0
    while active:
        model, kind = (code, "code") if rng.random() < code_share else (prose, "prose")
        length = max(50, int(rng.choice(model.doc_words) * rng.uniform(0.5, 1.5)))
        length = min(length, 20000)
        text, count = model.generate(rng, length)
        rec = {"id": f"synth-{kind}-{n:09d}", "text": text, "license": "LicenseRef-synthetic",
               "source": f"synth-{kind}"}
        emit(rec, count)
        n += 1
        if n % 20000 == 0:
            print(f"  {words / 1e6:.0f}M words, {time.perf_counter() - t0:.0f}s", file=sys.stderr)


def _label(n: int) -> str:
    for unit, div in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


def _write_info(path: Path, docs: int, size: int, words: int, t0: float) -> None:
    info = {"path": str(path), "documents": docs, "text_bytes": size, "words": words,
            "seconds": round(time.perf_counter() - t0, 1)}
    Path(str(path) + ".info.json").write_text(json.dumps(info, indent=2) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("real", help="~37 MB of real prose and code from this machine")
    r.add_argument("--out", default="bench-data/real.jsonl")
    r.add_argument("--mb", type=float, default=37.0)
    r.add_argument("--max-file-kb", type=int, default=256)
    r.add_argument("--seed", type=int, default=1)
    r.set_defaults(func=cmd_real)
    s = sub.add_parser("synth", help="N-word corpus: the real corpus, then Markov-chain documents")
    s.add_argument("--real", default="bench-data/real.jsonl")
    s.add_argument("--words", default="10M,100M", help="comma-separated word targets (10M,100M,1B)")
    s.add_argument("--out-dir", default="bench-data")
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--backoff", type=float, default=0.25,
                   help="probability of an order-1 step (breaks long copies of the training text)")
    s.add_argument("--no-real", action="store_true", help="do not start with the real corpus")
    s.set_defaults(func=cmd_synth)
    args = ap.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
