"""The alterations a model's copy goes through, applied to a planted passage.

Each function takes the original passage and a seeded ``random.Random`` and returns the text
to plant. They imitate what actually happens to memorized text in model output: re-cased and
re-wrapped lines, changed punctuation, a few words swapped, variables renamed and code
re-indented. None of them looks at how the index tokenizes text; they are written from the
task's definition only, so the evaluation does not grade the matcher against itself.
"""

from __future__ import annotations

import bisect
import builtins
import io
import keyword
import random
import re
import string
import textwrap
import tokenize
from dataclasses import dataclass

PROSE_ALTERATIONS = ("verbatim", "case_spacing", "punctuation", "replaced_words")
ALTERATIONS = (*PROSE_ALTERATIONS, "renamed_identifiers")  # the last for code only

REPLACE_PROBABILITY = 1 / 12
PUNCTUATION = set(string.punctuation) - {"_"} | set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026")
_MARKS = list(",.;:!?-'\"()")
_WORD = re.compile(r"[^\W\d_]+")

#: Names a model keeps when it renames variables: language keywords, builtins, well-known globals.
_C_JS_RESERVED = frozenset(
    """
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while bool true false NULL include define ifdef ifndef endif
    undef pragma elif defined size_t uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t
    int64_t printf malloc free memcpy memset strlen class const let var function new this typeof
    instanceof in of delete throw try catch finally async await yield import export from extends
    super null undefined NaN Infinity console window document Math JSON Object Array String
    Number Boolean Promise Error require module exports prototype length arguments
    """.split()
)
_PY_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_PY_RESERVED |= {"self", "cls", "__init__", "__name__", "__main__"}
_NEW_NAME_WORDS = (
    "value item node result data buf tmp count index entry key obj target source handle ctx "
    "state info elem part field arg param total flag label record chunk token cursor slot "
    "frame block span unit piece payload holder worker helper reader writer builder"
).split()


def verbatim(text: str, rng: random.Random) -> str:
    return text


def case_spacing(text: str, rng: random.Random, code: bool = False) -> str:
    """Re-case the words (one style for the passage, or word by word) and re-space them."""
    style = rng.choice(("upper", "lower", "title", "mixed"))
    recased = re.sub(r"\S+", lambda m: _recase(m.group(), style, rng), text)
    return _respace(recased, rng, code)


def _recase(word: str, style: str, rng: random.Random) -> str:
    if style == "mixed":
        style = rng.choice(("upper", "lower", "title", "keep", "keep"))
    return {"upper": word.upper(), "lower": word.lower(), "title": word.capitalize()}.get(style, word)


def _respace(text: str, rng: random.Random, code: bool) -> str:
    """Collapse or add spaces and line breaks; code keeps its line breaks but not its indents."""
    parts = re.split(r"(\s+)", text)
    for i in range(1, len(parts), 2):
        gap = parts[i]
        if code and "\n" in gap:
            parts[i] = "\n" * gap.count("\n") + " " * rng.choice((0, 1, 2, 3, 4, 8))
        elif "\n" in gap:
            parts[i] = rng.choice((" ", "\n", "\n\n", "  \n"))
        else:
            parts[i] = rng.choices((" ", "  ", "\n", " \n "), (0.55, 0.25, 0.12, 0.08))[0]
    changed = "".join(parts)
    return changed if changed != text else text.replace(" ", "  ", 1)


def punctuation(text: str, rng: random.Random) -> str:
    """Remove or replace about half the punctuation marks, and add marks after some words.

    A mark between two letters or digits (``don't``, ``os.path``, ``0.5``) is replaced, never
    removed: removing it would merge two words into a new one, which is a word change (the
    replaced-words alteration), not a punctuation change.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in PUNCTUATION and rng.random() < 0.5:
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            if not inside and rng.random() < 0.4:
                continue
            ch = rng.choice([m for m in _MARKS if m != ch])
        out.append(ch)
        word_ends = ch.isalnum() and (i + 1 == len(text) or text[i + 1].isspace())
        if word_ends and rng.random() < 0.08:
            out.append(rng.choice(",.;:!?"))
    changed = "".join(out)
    if changed == text:
        at = next((m.end() for m in re.finditer(r"\w\s", text)), len(text)) - 1
        changed = text[:at] + rng.choice(",;:") + text[at:]
    return changed


def replaced_words(text: str, rng: random.Random, vocabulary: dict[int, list[str]]) -> str:
    """Replace each word, with probability 1/12, by another word of about the same length."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    chosen = [m for m in words if rng.random() < REPLACE_PROBABILITY] or [rng.choice(words)]
    out, last = [], 0
    for m in chosen:
        out += [text[last : m.start()], _similar_word(m.group(), rng, vocabulary)]
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _similar_word(word: str, rng: random.Random, vocabulary: dict[int, list[str]]) -> str:
    lengths = [n for n in (len(word), len(word) - 1, len(word) + 1) if vocabulary.get(n)]
    for _ in range(20):
        if not lengths:
            break
        other = rng.choice(vocabulary[rng.choice(lengths)])
        if other.lower() != word.lower():
            return _same_case(other, word)
    return _same_case("zq" + word[::-1], word)


def _same_case(new: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return new.upper()
    if like[:1].isupper():
        return new.capitalize()
    return new.lower()


def build_vocabulary(texts: list[str], limit: int = 200_000) -> dict[int, list[str]]:
    """Distinct lowercase words of the given texts, by length (replacement candidates)."""
    words: set[str] = set()
    for text in texts:
        words.update(w.lower() for w in _WORD.findall(text[:limit]) if 2 <= len(w) <= 20)
    vocabulary: dict[int, list[str]] = {}
    for w in sorted(words):
        vocabulary.setdefault(len(w), []).append(w)
    return vocabulary


# --------------------------------------------------------------------------- identifiers


@dataclass(frozen=True, slots=True)
class CodeNames:
    """Where a whole source file's names are, as a lexer for its language sees them.

    The file is lexed whole, not the snippet alone: a snippet cut from the middle of a
    docstring or block comment would otherwise read as code, and its prose would be renamed.
    """

    text: str
    names: list[tuple[int, int, bool]]  # (start, end, used as attribute) outside strings/comments
    prose: list[tuple[int, int]]  # strings and comments

    def snippet_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """Renameable occurrences in ``[start, end)``, relative to ``start``.

        A model renaming variables keeps keywords, builtins and other modules' API names; a
        name used as an attribute (``x.name``) in the snippet counts as API and is kept
        everywhere, so every name is either renamed at all its occurrences or at none.
        """
        lo = bisect.bisect_left(self.names, (start, -1, False))
        inside = []
        for a, b, attribute in self.names[lo:]:
            if b > end:
                break
            inside.append((a, b, attribute))
        api = {self.text[a:b] for a, b, attribute in inside if attribute}
        return [(a - start, b - start) for a, b, _ in inside if self.text[a:b] not in api]

    def code_share(self, start: int, end: int) -> float:
        """Share of ``[start, end)`` outside strings and comments."""
        inside = sum(max(0, min(b, end) - max(a, start)) for a, b in self.prose)
        return 1 - inside / max(1, end - start)


def code_names(text: str, suffix: str) -> CodeNames | None:
    """The names of a whole file, or None when its lexer cannot read it (Python 2, say)."""
    found = _python_names(text) if suffix == ".py" else _c_like_names(text)
    if found is None:
        return None
    names, prose = found
    return CodeNames(text, names, prose)


def renamed_identifiers(code: str, rng: random.Random, spans: list[tuple[int, int]]) -> str:
    """Consistently rename a random half of the names at ``spans``, then re-indent the snippet."""
    names = sorted({code[a:b] for a, b in spans})
    if names:
        renamed = rng.sample(names, max(1, round(len(names) / 2)))
        mapping = _new_names(renamed, set(names), rng)
        out, last = [], 0
        for a, b in spans:
            out += [code[last:a], mapping.get(code[a:b], code[a:b])]
            last = b
        out.append(code[last:])
        code = "".join(out)
    return _reindent(textwrap.dedent(code), rng)


def _python_names(text: str) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int]]] | None:
    """NAME tokens (via ``tokenize``) and the STRING/COMMENT spans; None if it cannot lex."""
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    names: list[tuple[int, int, bool]] = []
    prose: list[tuple[int, int]] = []
    previous = ""

    def offset(row_col: tuple[int, int]) -> int:
        return line_starts[row_col[0] - 1] + row_col[1]

    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.NAME and tok.string not in _PY_RESERVED:
                start = offset(tok.start)
                names.append((start, start + len(tok.string), previous == "."))
            elif tok.type in (tokenize.STRING, tokenize.COMMENT):
                prose.append((offset(tok.start), offset(tok.end)))
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError, IndexError):
        return None
    return names, prose


_C_LEXEME = re.compile(
    r"""(?P<prose>//[^\n]*|/\*.*?(?:\*/|\Z)|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)"""
    r"""|(?P<member>(?:\.|->)\s*)(?P<attr>[A-Za-z_$][\w$]*)|(?P<name>[A-Za-z_$][\w$]*)|\d[\w.]*|.""",
    re.S,
)


def _c_like_names(text: str) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int]]]:
    """Identifiers of C or JavaScript outside comments and strings, and those spans."""
    names: list[tuple[int, int, bool]] = []
    prose: list[tuple[int, int]] = []
    for m in _C_LEXEME.finditer(text):
        if m.group("prose"):
            prose.append(m.span())
        elif m.group("attr") and m.group("attr") not in _C_JS_RESERVED:
            names.append((*m.span("attr"), True))
        elif m.group("name") and m.group("name") not in _C_JS_RESERVED:
            names.append((*m.span("name"), False))
    return names, prose


def _new_names(old: list[str], taken: set[str], rng: random.Random) -> dict[str, str]:
    """A fresh, distinct, non-reserved name for each old name, in a similar style."""
    used = set(taken) | _PY_RESERVED | _C_JS_RESERVED
    mapping: dict[str, str] = {}
    for name in old:
        for attempt in range(100):
            new = _styled(name, rng, attempt)
            if new not in used:
                break
        used.add(new)
        mapping[name] = new
    return mapping


def _styled(name: str, rng: random.Random, attempt: int) -> str:
    if len(name) == 1 and attempt < 20:
        return rng.choice(string.ascii_lowercase)
    a, b = rng.choice(_NEW_NAME_WORDS), rng.choice(_NEW_NAME_WORDS)
    if "_" in name.strip("_"):
        new = f"{a}_{b}"
    elif name[:1].isupper():
        new = a.capitalize() + b.capitalize()
    elif any(c.isupper() for c in name):
        new = a + b.capitalize()
    else:
        new = a
    new = new if attempt < 50 else f"{new}{attempt}"
    return "_" * (len(name) - len(name.lstrip("_"))) + new


def _reindent(code: str, rng: random.Random) -> str:
    """Change the indent unit (4 spaces to 2, say), keeping the nesting."""
    lines = code.split("\n")
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    unit = min((i for i in indents if i > 0), default=4)
    new_unit = rng.choice([u for u in (2, 3, 4, 8) if u != unit])
    out = []
    for line in lines:
        n = len(line) - len(line.lstrip(" "))
        out.append(" " * ((n // unit) * new_unit + n % unit) + line[n:])
    return "\n".join(out)

