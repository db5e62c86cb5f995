"""Corpora for the detection evaluation, gathered from this machine's own files at run time.

Several independent sources, so that the evaluation cannot be tuned to one kind of text:

- prose: license texts, Debian copyright and README files, man pages (roff stripped),
  docstrings of standard-library modules (read with ``ast``: importing every module would run
  their side effects);
- code: standard-library ``.py`` files (a different set of modules than the docstrings, so the
  two do not duplicate each other), site-packages ``.py`` files, and ``.c``/``.js`` files from
  site-packages, ``/usr/share/javascript`` and the examples under ``/usr/share/doc``;
- generated: a seeded Markov chain trained on part of the indexed prose, so that many
  documents share vocabulary and short phrases with each other (hard negatives).

Nothing is committed: the machine's files are the corpus, and the seed picks a sample of them.
Prose files that were not picked are returned as ``held_out`` text, to train the generator of
the simulated model's own words, which must not come from the index.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import random
import re
import sysconfig
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clearance.documents import Document

from benchmarks.detection.markov import MarkovChain
from benchmarks.detection.roff import strip_roff

#: (SPDX id, weight): what a mixed training corpus might carry.
LICENSES: tuple[tuple[str, float], ...] = (
    ("MIT", 0.18),
    ("Apache-2.0", 0.14),
    ("GPL-3.0-only", 0.09),
    ("GPL-2.0-or-later", 0.07),
    ("LGPL-2.1-or-later", 0.05),
    ("BSD-3-Clause", 0.09),
    ("MPL-2.0", 0.05),
    ("CC-BY-4.0", 0.08),
    ("CC-BY-SA-4.0", 0.08),
    ("CC0-1.0", 0.06),
    ("LicenseRef-Proprietary", 0.11),
)

DEFAULT_MIX = {"prose": 0.45, "code": 0.40, "generated": 0.15}
#: Share of each kind's budget per source (a source that runs out leaves its share to the rest).
PROSE_SOURCES = {"licenses": 0.05, "copyright": 0.20, "readme": 0.10, "man": 0.45, "pydoc": 0.20}
CODE_SOURCES = {"stdlib": 0.50, "site": 0.40, "c_js": 0.10}
C_JS_SUFFIXES = (".js", ".c")

MIN_DOC_CHARS = 400
MAX_DOC_CHARS = 150_000
HELD_OUT_SHARE = 0.12  # of the corpus size, as training text for the filler generator


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file that may become a document: where it is, and how to read it."""

    source: str
    path: Path
    name: str  # the id without extension, unique within the source
    suffix: str
    load: Callable[[Path], str | None]


@dataclass(slots=True)
class Corpus:
    documents: list[Document]
    held_out: list[str]  # prose of this machine that is NOT indexed
    stats: dict[str, dict[str, int]] = field(default_factory=dict)

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}


def parse_mix(spec: str | None) -> dict[str, float]:
    """``"prose=0.5,code=0.3,generated=0.2"`` -> shares normalized to sum to 1."""
    if not spec:
        return dict(DEFAULT_MIX)
    mix = {k: 0.0 for k in DEFAULT_MIX}
    for part in spec.split(","):
        key, _, value = part.partition("=")
        if key.strip() not in mix:
            raise ValueError(f"unknown corpus kind {key!r}; expected one of {sorted(mix)}")
        mix[key.strip()] = float(value)
    total = sum(mix.values())
    if total <= 0:
        raise ValueError("corpus mix must have a positive share")
    return {k: v / total for k, v in mix.items()}


# --------------------------------------------------------------------------- reading files


def _read_text(path: Path) -> str | None:
    """UTF-8 text with Unix newlines, or None for binary or undecodable files."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if b"\x00" in raw[:8192]:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_man(path: Path) -> str | None:
    text = _read_text(path)
    if text is None or text.lstrip().startswith(".so "):
        return None  # .so pages only point at another page
    return strip_roff(text)


def _read_code(path: Path) -> str | None:
    """Source files people write: minified or generated data files are skipped."""
    text = _read_text(path)
    if text is None:
        return None
    lines = text.splitlines() or [""]
    if max(len(line) for line in lines) > 1000 or len(text) / len(lines) > 120:
        return None
    return text


def _read_docstrings(path: Path) -> str | None:
    """The module's, classes' and functions' docstrings, as ``pydoc`` would show them."""
    text = _read_text(path)
    if text is None:
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    parts: list[str] = []
    module_doc = ast.get_docstring(tree)
    if module_doc:
        parts.append(module_doc)
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                kind = "class" if isinstance(node, ast.ClassDef) else "def"
                parts.append(f"{kind} {node.name}\n    {doc.replace(chr(10), chr(10) + '    ')}")
    return "\n\n".join(parts) + "\n" if parts else None


# --------------------------------------------------------------------------- candidates


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._/+-]", "_", name).strip("/")


def _stdlib_modules(seed: int) -> tuple[list[Path], list[Path]]:
    """Standard-library files split in two disjoint halves: (for docstrings, for code)."""
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)
    docs, code = [], []
    for path in files:
        digest = hashlib.sha256(f"{seed}:{path.relative_to(root)}".encode()).digest()
        (docs if digest[0] < 77 else code).append(path)  # about 30% docstrings
    return docs, code


def _site_roots() -> list[Path]:
    roots = {Path(p) for p in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])}
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    roots |= {stdlib / "site-packages", Path("/usr/lib/python3/dist-packages")}
    roots.add(Path("/usr/share/javascript"))
    return sorted(r for r in roots if r.is_dir())


def prose_candidates(seed: int) -> dict[str, list[Candidate]]:
    """Every prose file this machine offers, by source."""
    doc = Path("/usr/share/doc")
    licenses = Path("/usr/share/common-licenses")
    out: dict[str, list[Candidate]] = {
        "licenses": [
            Candidate("licenses", p, f"licenses/{_safe(p.name)}", ".txt", _read_text)
            for p in sorted(licenses.glob("*")) if p.is_file()
        ],
        "copyright": [
            Candidate("copyright", p, f"copyright/{_safe(p.parent.name)}", ".txt", _read_text)
            for p in sorted(doc.glob("*/copyright")) if p.is_file()
        ],
        "readme": [
            Candidate("readme", p, f"readme/{_safe(str(p.relative_to(doc)))}", ".txt", _read_text)
            for p in sorted(doc.rglob("README*")) if p.is_file()
        ],
        "man": [
            Candidate("man", p, f"man/{p.parent.name}/{_safe(p.name.removesuffix('.gz'))}", ".txt", _read_man)
            for p in sorted(Path("/usr/share/man").glob("man[1-8]/*.gz")) if p.is_file()
        ],
    }
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    docstring_files, _ = _stdlib_modules(seed)
    out["pydoc"] = [
        Candidate("pydoc", p, f"pydoc/{_safe(str(p.relative_to(stdlib).with_suffix('')))}", ".txt", _read_docstrings)
        for p in docstring_files
    ]
    return out


def code_candidates(seed: int) -> dict[str, list[Candidate]]:
    """Every code file this machine offers, by source."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    _, code_files = _stdlib_modules(seed)
    out: dict[str, list[Candidate]] = {
        "stdlib": [
            Candidate("stdlib", p, f"stdlib/{_safe(str(p.relative_to(stdlib).with_suffix('')))}", ".py", _read_code)
            for p in code_files
        ],
        "site": [],
        "c_js": [],
    }
    for number, root in enumerate(_site_roots() + [Path("/usr/share/doc")]):
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".py", *C_JS_SUFFIXES) or not path.is_file() or path.is_symlink():
                continue
            source = "site" if path.suffix == ".py" else "c_js"
            if source == "site" and root == Path("/usr/share/doc"):
                continue
            rel = _safe(str(path.relative_to(root).with_suffix("")))
            out[source].append(Candidate(source, path, f"{source}{number}/{rel}", path.suffix, _read_code))
    return out


# --------------------------------------------------------------------------- sampling


class _Picker:
    """Fills byte budgets from shuffled candidates, skipping duplicates across all sources."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[bytes] = set()
        self.ids: set[str] = set()

    def fill(self, pools: dict[str, list[Candidate]], shares: dict[str, float], budget: int,
             kind: str) -> tuple[list[Document], dict[str, Iterator[Candidate]]]:
        """Documents of ``kind`` worth about ``budget`` characters, by source share."""
        iters = {}
        for name, pool in pools.items():
            pool = list(pool)
            self.rng.shuffle(pool)
            iters[name] = iter(pool)
        docs: list[Document] = []
        used = {name: 0 for name in pools}
        for name, share in shares.items():
            used[name] += self._take(iters[name], int(budget * share), kind, docs)
        spare = budget - sum(used.values())
        for name in sorted(pools, key=lambda n: -len(pools[n])):
            if spare <= 0:
                break
            spare -= self._take(iters[name], spare, kind, docs)
        return docs, iters

    def _take(self, pool: Iterator[Candidate], budget: int, kind: str, docs: list[Document]) -> int:
        taken = 0
        while taken < budget:
            candidate = next(pool, None)
            if candidate is None:
                break
            doc = self.load(candidate, kind)
            if doc is not None:
                docs.append(doc)
                taken += len(doc.text)
        return taken

    def load(self, candidate: Candidate, kind: str) -> Document | None:
        text = candidate.load(candidate.path)
        if text is None:
            return None
        text = _truncate(text)
        if len(text.strip()) < MIN_DOC_CHARS:
            return None
        digest = hashlib.sha256(" ".join(text.split()).encode()).digest()
        if digest in self.seen:
            return None
        self.seen.add(digest)
        return Document(
            id=self.unique_id(candidate.name + candidate.suffix),
            text=text,
            source=candidate.source,
            license=self.license(),
            title=candidate.path.name,
            url=f"file://{candidate.path}",
            meta={"kind": kind},
        )

    def license(self) -> str:
        names, weights = zip(*LICENSES)
        return self.rng.choices(names, weights)[0]

    def unique_id(self, doc_id: str) -> str:
        stem, dot, ext = doc_id.rpartition(".")
        candidate, n = doc_id, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        self.ids.add(candidate)
        return candidate


def _truncate(text: str) -> str:
    if len(text) <= MAX_DOC_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_DOC_CHARS)
    return text[: cut if cut > MAX_DOC_CHARS // 2 else MAX_DOC_CHARS] + "\n"


def _held_out(picker: _Picker, leftovers: dict[str, Iterator[Candidate]], budget: int) -> list[str]:
    """Prose not picked for the index, round-robin over sources, for the filler generator."""
    texts: list[str] = []
    size = 0
    live = [name for name in ("man", "readme", "copyright", "pydoc") if name in leftovers]
    while size < budget and live:
        for name in list(live):
            candidate = next(leftovers[name], None)
            if candidate is None:
                live.remove(name)
                continue
            doc = picker.load(candidate, "held-out")  # records the digest: never indexed twice
            if doc is not None:
                texts.append(doc.text)
                size += len(doc.text)
    return texts


def _generated(prose: list[Document], budget: int, rng: random.Random, picker: _Picker) -> list[Document]:
    """Markov documents trained on a random half of the indexed prose."""
    if budget <= 0 or not prose:
        return []
    training = [d.text for d in prose if rng.random() < 0.5] or [prose[0].text]
    chain = MarkovChain(training, order=2)
    docs: list[Document] = []
    size = 0
    while size < budget:
        text = chain.document(rng, rng.randint(200, 2500))
        doc = Document(
            id=picker.unique_id(f"generated/markov-{len(docs):05d}.txt"), text=text, source="generated",
            license=picker.license(), title=f"markov-{len(docs):05d}", meta={"kind": "generated"},
        )
        docs.append(doc)
        size += len(text)
    return docs


def gather_corpus(size_mb: float = 20.0, seed: int = 1, mix: dict[str, float] | None = None) -> Corpus:
    """A seeded sample of this machine's prose and code plus generated prose, about ``size_mb``."""
    mix = mix or dict(DEFAULT_MIX)
    rng = random.Random(seed)
    picker = _Picker(rng)
    total = int(size_mb * 1_000_000)
    prose, prose_left = picker.fill(prose_candidates(seed), PROSE_SOURCES, int(total * mix["prose"]), "prose")
    code, _ = picker.fill(code_candidates(seed), CODE_SOURCES, int(total * mix["code"]), "code")
    held_out = _held_out(picker, prose_left, int(total * HELD_OUT_SHARE))
    generated = _generated(prose, int(total * mix["generated"]), rng, picker)
    documents = prose + code + generated
    rng.shuffle(documents)
    return Corpus(documents, held_out, _stats(documents, held_out))


def _stats(documents: list[Document], held_out: list[str]) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = {}
    for doc in documents:
        row = stats.setdefault(str(doc.source), {"documents": 0, "chars": 0})
        row["documents"] += 1
        row["chars"] += len(doc.text)
    stats["held-out (not indexed)"] = {"documents": len(held_out), "chars": sum(map(len, held_out))}
    return stats
