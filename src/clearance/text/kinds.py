"""Is a document source code? Decides whether it is also indexed in the code channel."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

CODE_EXTENSIONS = frozenset(
    """
    .c .h .cc .cpp .cxx .hpp .hh .cs .java .kt .kts .scala .go .rs .py .pyi .pyx .rb .php .pl .pm
    .js .jsx .mjs .cjs .ts .tsx .swift .m .mm .r .jl .lua .sh .bash .zsh .ps1 .sql .hs .ml .mli
    .ex .exs .erl .clj .dart .f .f90 .groovy .vb .zig .nim .sol .v .vhd .vhdl .asm .s .el .lisp
    .scm .rkt .tcl .awk .cmake .gradle .proto
    """.split()
)
PROSE_EXTENSIONS = frozenset(".txt .md .rst .html .htm .tex .csv .json .xml .yaml .yml .toml".split())
_CODE_SYMBOLS = re.compile(r"[{}();=\[\]<>]")


def looks_like_code(name: str | None, text: str) -> bool:
    """By the file extension when there is one, else by the density of code punctuation."""
    if name:
        suffix = PurePosixPath(name.lower()).suffix
        if suffix in CODE_EXTENSIONS:
            return True
        if suffix in PROSE_EXTENSIONS:
            return False
    sample = text[:4096]
    if len(sample) < 40:
        return False
    symbols = len(_CODE_SYMBOLS.findall(sample))
    indented = sum(1 for line in sample.splitlines() if line.startswith(("    ", "\t")))
    return symbols / len(sample) > 0.03 and (indented >= 2 or sample.count(";") >= 3)
