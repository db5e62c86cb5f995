"""Span search: find every maximal span of a text that reproduces indexed text.

1. Anchor: look every query n-gram up in each shard's winnowed postings (a shared run of
   ``ngram + window - 1`` tokens always yields a hit).
2. Cluster hits by document and diagonal; skip clusters that cannot be reportable.
3. Group clusters whose hits are the same query n-grams; verify one before its twins.
4. Verify: re-tokenize document windows (in batches) and take the maximal runs of equal tokens.
5. Chain runs that an edit split apart into one fuzzy match; check code matches are code.
6. Merge a document's candidates of one alignment; report maximal spans with their counts.

docs/architecture.md describes each rule and why it is there.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from clearance.index.shard import Shard, Window
from clearance.matches import KINDS, Match
from clearance.text.hashing import ngram_hashes, string_hash
from clearance.text.tokens import CODE, Channel, TokenStream, code_points, tokenize

if TYPE_CHECKING:
    from clearance.index.index import Index


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """What counts as a reproduced span. Defaults catch copies of about 20 words / 100 chars."""

    min_chars: int = 100  # span length in the checked text
    min_tokens: int = 10  # matched word tokens (code channel: twice this many code tokens)
    fuzzy: bool = True  # merge runs split by small edits
    max_gap: int = 6  # tokens skipped on either side between chained runs
    max_shift: int = 4  # diagonals searched either side of a cluster's (inserted or deleted words)
    min_score: float = 0.75  # matched share of a fuzzy span's tokens
    min_solid_run: int = 8  # a fuzzy chain needs one unbroken run at least this long
    code: bool = True  # also search the code channel (renamed identifiers, reformatting)
    min_rename_consistency: float = 0.85  # identifier renaming must be a near-bijection
    max_identifier_share: float = 0.6  # code matches are mostly symbols and keywords, not words
    min_literal_names: float = 0.25  # below this share of unchanged names, a code match is "renamed",
    min_repeated_names: int = 3  # and must be unedited and witnessed by this many recurring names
    max_postings: int = 64  # hits taken per n-gram; commoner n-grams only count
    max_verified_copies: int = 16  # documents verified per shared phrase beyond the first; the rest are counted
    rare: int = 8  # a lone hit is verified only if its n-gram is this rare


@dataclass(slots=True)
class _Candidate:
    channel: str
    shard: Shard
    doc: int
    start: int
    end: int
    doc_start: int
    doc_end: int
    kind: str
    tokens: int
    score: float
    q_first: int  # query token range, for counting
    q_last: int
    unverified: int = 0  # more documents holding the same stored n-grams, not verified


@dataclass(slots=True)
class _Run:
    q: int  # query token where the run starts
    d: int  # document token (document-relative)
    n: int  # length in tokens


def search(index: "Index", text: str, options: SearchOptions = SearchOptions()) -> list[Match]:
    candidates: list[_Candidate] = []
    frequencies: dict[str, np.ndarray] = {}
    channels = [c for c in index.channels if options.code or c.name != CODE.name]
    for channel in channels:
        query = tokenize(text, channel)
        if len(query) < channel.ngram:
            continue
        grams = ngram_hashes(query.hashes, channel.ngram)
        keys = (grams >> np.uint64(32)).astype(np.uint32)
        total = np.zeros(len(keys), dtype=np.int64)
        is_code = channel.name == CODE.name
        usable = _code_like_ngrams(query, text, channel, options) if is_code else None
        for shard in index.shards:
            # Abstracted code n-grams that are everywhere (`ID = ID ( ID , ID )`) are no
            # evidence of copying; common word n-grams still are (boilerplate is copied text).
            which, positions, freq = shard.postings(
                channel.name, keys, options.max_postings, drop_common=is_code, usable=usable
            )
            total += freq
            if len(which):
                candidates += _verify_shard(shard, channel, query, text, which, positions, freq, options)
        frequencies[channel.name] = total
    candidates = [c for c in candidates if _long_enough(c, options)]
    return _report(index, text, _merge_same_document(candidates), frequencies, options)


#: Symbols of paths, URLs, e-mail addresses, dates and prose: in the code channel they make
#: anything look like code, so they do not count as structure.
_WEAK_SYMBOLS = np.array(sorted(string_hash(c) for c in '/.:-@,"#'), dtype=np.uint64)


def _code_like_ngrams(query: TokenStream, text: str, channel: Channel, options: SearchOptions) -> np.ndarray:
    """Which code n-grams may anchor a search. Not those made mostly of identifiers (prose,
    comments, docstrings: the matches must be code-shaped anyway), nor those with fewer than
    two structural tokens (brackets, operators, keywords), such as URLs, paths and dates."""
    identifier = query.names != 0
    first = code_points(text)[query.starts] if len(query) else np.zeros(0, np.uint32)
    number = (first >= ord("0")) & (first <= ord("9"))
    slot = np.minimum(np.searchsorted(_WEAK_SYMBOLS, query.hashes), len(_WEAK_SYMBOLS) - 1)
    weak = _WEAK_SYMBOLS[slot] == query.hashes
    structural = ~identifier & ~number & ~weak

    def per_ngram(mask: np.ndarray) -> np.ndarray:
        running = np.concatenate(([0], np.cumsum(mask)))
        return running[channel.ngram :] - running[: -channel.ngram]

    return (per_ngram(identifier) <= options.max_identifier_share * channel.ngram) & (per_ngram(structural) >= 2)


def _verify_shard(
    shard: Shard,
    channel: Channel,
    query: TokenStream,
    text: str,
    which: np.ndarray,
    positions: np.ndarray,
    freq: np.ndarray,
    options: SearchOptions,
) -> list[_Candidate]:
    docs = shard.doc_of(channel.name, positions)
    keep = ~shard.hidden[docs]
    which, positions, docs = which[keep], positions[keep], docs[keep]
    if not len(which):
        return []
    firsts = np.asarray(shard.channels[channel.name].doc_tokens, dtype=np.int64)[docs]
    diag = positions - firsts - which
    order = np.lexsort((which, diag, docs))
    which, docs, diag = which[order], docs[order], diag[order]
    lone_hits_matter = channel.name != CODE.name and (
        _needed_tokens(channel, options) < 2 * channel.window + channel.ngram - 1
    )
    bounds = _clusters(docs, diag, options)
    if not len(bounds):
        return []
    los = bounds[:, 0]
    size = bounds[:, 1] - los
    q_min, q_max = np.minimum.reduceat(which, los), np.maximum.reduceat(which, los)
    d_min, d_max = np.minimum.reduceat(diag, los), np.maximum.reduceat(diag, los)
    hit_freq = freq[which]
    lone = (size == 1) & (~np.bool_(lone_hits_matter) | (hit_freq[los] > options.rare))
    # a copy long enough to report holds two stored n-grams, or its one n-gram is rare;
    # hits within two tokens, every n-gram common: one common phrase, no more
    phrase = (q_max - q_min <= 2) & (np.minimum.reduceat(hit_freq, los) > options.rare)
    groups: dict[tuple[int, ...], list[_Cluster]] = {}
    hits = which.tolist()
    for i in np.flatnonzero(~lone & ~phrase).tolist():
        lo, hi = int(los[i]), int(los[i] + size[i])
        cluster = _Cluster(int(docs[lo]), int(q_min[i]), int(q_max[i]) + channel.ngram, int(d_min[i]), int(d_max[i]))
        groups.setdefault(tuple(sorted(set(hits[lo:hi]))), []).append(cluster)
    # Clusters whose hits are the very same query n-grams (in other documents, or elsewhere in one)
    # hold one common phrase: verify one of each group first, the rest only if it is reportable.
    found: list[_Candidate] = []
    covered: dict[int, list[tuple[int, int]]] = {}  # per document, query ranges already matched
    firsts = [members[0] for members in groups.values()]
    rests = []
    for members, verified in zip(groups.values(), _verify_all(shard, channel, query, text, firsts, options)):
        if verified:
            cluster, others = members[0], members[1:]
            rests += others[: options.max_verified_copies]
            for c in verified:  # counted, not verified: the count becomes an estimate
                c.unverified = max(0, len(others) - options.max_verified_copies)
            covered.setdefault(cluster.doc, []).extend((c.q_first, c.q_last) for c in verified)
            found += verified
    rests = [c for c in rests if not any(a <= c.q_lo and c.q_hi <= b for a, b in covered.get(c.doc, ()))]
    for verified in _verify_all(shard, channel, query, text, rests, options):
        found += verified
    return found


@dataclass(slots=True)
class _Cluster:
    doc: int
    q_lo: int
    q_hi: int
    d_min: int
    d_max: int


def _verify_all(
    shard: Shard, channel: Channel, query: TokenStream, text: str, clusters: list[_Cluster], options: SearchOptions
) -> list[list[_Candidate]]:
    """Verify clusters, fetching all their first windows in one batch."""
    if not clusters:
        return []
    slack = options.max_shift if options.fuzzy else 0
    margin = channel.guaranteed_tokens
    requests = []
    for c in clusters:
        lo, hi = max(0, c.q_lo - margin), min(len(query), c.q_hi + margin)
        requests.append((c.doc, lo + c.d_min - slack, hi + c.d_max + slack))
    windows = shard.windows(channel, requests)
    results = []
    for cluster, window in zip(clusters, windows):
        verified = _verify_cluster(shard, channel, query, text, cluster, options, window)
        results.append([c for c in verified if _long_enough(c, options)])
    return results


#: Clusters never span more diagonals than this (repetitive documents would make them huge).
_MAX_CLUSTER_DIAGONALS = 64


def _clusters(docs: np.ndarray, diag: np.ndarray, options: SearchOptions) -> np.ndarray:
    """(start, end) index ranges of hits that are one document and nearby diagonals (inputs
    sorted by both), at most _MAX_CLUSTER_DIAGONALS wide."""
    drift = options.max_gap + 2 if options.fuzzy else 0
    breaks = np.flatnonzero((np.diff(docs) != 0) | (np.diff(diag) > drift)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(docs)]))
    wide = np.flatnonzero(diag[ends - 1] - diag[starts] > _MAX_CLUSTER_DIAGONALS)
    if not len(wide):
        return np.stack([starts, ends], axis=1)
    clusters = []
    wide_set = set(wide.tolist())
    for i, (lo, hi) in enumerate(zip(starts.tolist(), ends.tolist())):
        while i in wide_set and diag[hi - 1] - diag[lo] > _MAX_CLUSTER_DIAGONALS:
            cut = lo + int(np.searchsorted(diag[lo:hi], diag[lo] + _MAX_CLUSTER_DIAGONALS, side="right"))
            clusters.append((lo, cut))
            lo = cut
        clusters.append((lo, hi))
    return np.array(clusters, dtype=np.int64)


def _verify_cluster(
    shard: Shard,
    channel: Channel,
    query: TokenStream,
    text: str,
    cluster: _Cluster,
    options: SearchOptions,
    window: Window | None = None,
) -> list[_Candidate]:
    """Exact runs around a cluster, chained; the window grows while it cuts a run short."""
    slack = options.max_shift if options.fuzzy else 0
    margin = channel.guaranteed_tokens
    d_from, d_to = cluster.d_min - slack, cluster.d_max + slack
    while True:
        lo, hi = max(0, cluster.q_lo - margin), min(len(query), cluster.q_hi + margin)
        if window is None:
            window = shard.window(channel, cluster.doc, lo + d_from, hi + d_to)
        runs = _diagonal_runs(query, window, lo, hi, d_from, d_to, _min_run(channel, options))
        whole = lo == 0 and hi == len(query) and len(window.tokens) == window.doc_tokens
        if whole or not _touches_edge(runs, lo, hi, len(query), window, channel.ngram):
            break
        margin *= 4
        window = None
    max_gap = options.max_gap if options.fuzzy else 0
    chains = _chains(runs, max_gap, _needed_tokens(channel, options), options.min_solid_run)
    return [c for chain in chains if (c := _candidate(shard, channel, query, text, window, chain, options))]


def _diagonal_runs(
    query: TokenStream, window: Window, lo: int, hi: int, d_from: int, d_to: int, min_run: int
) -> list[_Run]:
    """Maximal runs of equal tokens on each diagonal between query[lo:hi] and the window,
    all diagonals in one 2-D comparison.

    Runs shorter than ``min_run`` are dropped: pairs like "of the" agree by chance everywhere,
    and chaining them would make fuzzy matches out of unrelated text."""
    w_hashes = window.tokens.hashes
    width = hi - lo
    if width <= 0 or not len(w_hashes):
        return []
    diagonals = np.arange(d_from, d_to + 1)
    # Window index of query token lo + i on diagonal d: lo + i + d - window.first.
    index = (lo - window.first + diagonals)[:, None] + np.arange(width)[None, :]
    inside = (index >= 0) & (index < len(w_hashes))
    equal = np.zeros((len(diagonals), width + 2), dtype=bool)
    equal[:, 1:-1] = inside & (w_hashes[np.clip(index, 0, len(w_hashes) - 1)] == query.hashes[lo:hi][None, :])
    flat = equal.ravel()
    edges = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    starts, ends = edges[0::2], edges[1::2]
    long_enough = ends - starts >= min_run
    starts, lengths = starts[long_enough], (ends - starts)[long_enough]
    rows, cols = np.divmod(starts, width + 2)
    q = lo + cols - 1
    d = q + diagonals[rows]
    return [_Run(int(a), int(b), int(n)) for a, b, n in zip(q.tolist(), d.tolist(), lengths.tolist())]


def _touches_edge(runs: list[_Run], lo: int, hi: int, q_len: int, window: Window, solid: int) -> bool:
    """Whether the window (not the texts themselves) cut a solid run short, so it must grow."""
    w_lo, w_hi = window.first, window.first + len(window.tokens)
    for r in runs:
        if r.n < solid:
            continue
        can_go_left = r.q > 0 and r.d > 0
        if can_go_left and (r.q == lo or r.d == w_lo):
            return True
        can_go_right = r.q + r.n < q_len and r.d + r.n < window.doc_tokens
        if can_go_right and (r.q + r.n == hi or r.d + r.n == w_hi):
            return True
    return False


def _chains(runs: list[_Run], max_gap: int, needed: int, solid: int) -> list[list[_Run]]:
    """Chains of runs increasing in both texts with gaps of at most ``max_gap`` tokens.

    Every reportable chain holds one run of at least ``solid`` tokens (or is one run of
    ``needed``), so chains grow from such seeds, longest first, each step taking the longest
    compatible neighbour: near-linear, where a full dynamic programme is quadratic in the
    hundreds of short chance runs that code windows contain."""
    seed_length = min(solid, needed)
    by_start = sorted(runs, key=lambda r: (r.q, r.d))
    starts = [r.q for r in by_start]
    by_end = sorted(runs, key=lambda r: (r.q + r.n, r.d))
    ends = [r.q + r.n for r in by_end]
    taken: set[int] = set()
    chains: list[list[_Run]] = []
    spans: list[tuple[int, int]] = []
    for seed in sorted(runs, key=lambda r: -r.n):
        if seed.n < seed_length:
            break
        if id(seed) in taken or any(a < seed.q + seed.n and seed.q < b for a, b in spans):
            continue
        chain = [seed]
        while (after := _next_run(chain[-1], by_start, starts, max_gap, taken, forward=True)) is not None:
            chain.append(after)
        while (before := _next_run(chain[0], by_end, ends, max_gap, taken, forward=False)) is not None:
            chain.insert(0, before)
        taken.update(id(r) for r in chain)
        if sum(r.n for r in chain) >= needed:
            chains.append(chain)
            spans.append((chain[0].q, chain[-1].q + chain[-1].n))
    return chains


def _next_run(
    run: _Run, ordered: list[_Run], keys: list[int], max_gap: int, taken: set[int], forward: bool
) -> _Run | None:
    """The longest unused run that can follow (or precede) ``run`` within ``max_gap`` tokens."""
    if forward:
        lo, hi = run.q + run.n, run.q + run.n + max_gap
    else:
        lo, hi = run.q - max_gap, run.q
    best = None
    for other in ordered[bisect.bisect_left(keys, lo) : bisect.bisect_right(keys, hi)]:
        if id(other) in taken or other is run:
            continue
        gap_d = other.d - (run.d + run.n) if forward else run.d - (other.d + other.n)
        if 0 <= gap_d <= max_gap and (best is None or other.n > best.n):
            best = other
    return best


def _candidate(
    shard: Shard,
    channel: Channel,
    query: TokenStream,
    text: str,
    window: Window,
    chain: list[_Run],
    options: SearchOptions,
) -> _Candidate | None:
    first, last = chain[0], chain[-1]
    q0, q1 = first.q, last.q + last.n
    d0, d1 = first.d - window.first, last.d + last.n - window.first
    matched = sum(r.n for r in chain)
    score = matched / max(q1 - q0, d1 - d0)
    if score < options.min_score or max(r.n for r in chain) < options.min_solid_run:
        return None
    start, end = int(query.starts[q0]), int(query.ends[q1 - 1])
    doc_start, doc_end = int(window.tokens.starts[d0]), int(window.tokens.ends[d1 - 1])
    if channel.name == CODE.name and not _code_shaped(query, window, chain, options):
        return None
    if len(chain) > 1:
        kind = "fuzzy"
    elif text[start:end] == window.chars(doc_start, doc_end):
        kind = "exact"
    else:
        kind = "code" if channel.name == CODE.name else "normalized"
    return _Candidate(channel.name, shard, window.doc, start, end, doc_start, doc_end, kind, matched, score, q0, q1)


def _code_shaped(query: TokenStream, window: Window, chain: list[_Run], options: SearchOptions) -> bool:
    """Code-channel evidence must be code: prose turns into runs of identifier placeholders that
    match any docstring or comment, so mostly-identifier spans are left to the words channel."""
    q0, q1 = chain[0].q, chain[-1].q + chain[-1].n
    identifiers = float(np.count_nonzero(query.names[q0:q1])) / (q1 - q0)
    if identifiers > options.max_identifier_share:
        return False
    names = _chain_names(query, window, chain)
    if _same_names(names) < options.min_literal_names:
        if len(chain) > 1:
            return False  # an edited *and* wholly renamed copy is indistinguishable from look-alike code
        if _repeated_names(query, q0, q1) < options.min_repeated_names:
            return False  # a renaming needs names that recur to be witnessed: any list of names fits any other
    return _rename_consistency(names) >= options.min_rename_consistency


def _repeated_names(query: TokenStream, q0: int, q1: int) -> int:
    """Identifier occurrences beyond the first of each name, in query tokens q0..q1."""
    names = query.names[q0:q1]
    names = names[names != 0]
    return int(len(names) - len(np.unique(names)))


def _chain_names(query: TokenStream, window: Window, chain: list[_Run]) -> tuple[np.ndarray, np.ndarray]:
    """Identifier hashes at the identifier positions of a chain, in the query and the document."""
    q_names = np.concatenate([query.names[r.q : r.q + r.n] for r in chain])
    d_names = np.concatenate([window.tokens.names[r.d - window.first : r.d - window.first + r.n] for r in chain])
    used = q_names != 0
    return q_names[used], d_names[used]


def _same_names(names: tuple[np.ndarray, np.ndarray]) -> float:
    """Share of identifier occurrences whose name is the same in both texts."""
    q_names, d_names = names
    return float(np.mean(q_names == d_names)) if len(q_names) else 1.0


def _rename_consistency(names: tuple[np.ndarray, np.ndarray]) -> float:
    """Share of identifier occurrences that agree with one consistent renaming, both ways."""
    q_names, d_names = names
    if not len(q_names):
        return 1.0
    pairs = np.stack([q_names, d_names], axis=1)
    return min(_agreement(pairs), _agreement(pairs[:, ::-1]))


def _agreement(pairs: np.ndarray) -> float:
    """Share of pairs agreeing with the commonest partner of their first element."""
    best: dict[int, int] = {}
    for (src, _), n in Counter(map(tuple, pairs.tolist())).items():
        best[src] = max(best.get(src, 0), n)
    return sum(best.values()) / len(pairs)


def _min_run(channel: Channel, options: SearchOptions) -> int:
    """Shortest run worth chaining: code tokens carry less information than words."""
    if not options.fuzzy:
        return 1
    return 5 if channel.name == CODE.name else 3


def _needed_tokens(channel: Channel | str, options: SearchOptions) -> int:
    """Matched tokens a reportable span needs: code tokens are about half as long as words."""
    name = channel if isinstance(channel, str) else channel.name
    return options.min_tokens * (2 if name == CODE.name else 1)


def _long_enough(c: _Candidate, options: SearchOptions) -> bool:
    return c.end - c.start >= options.min_chars and c.tokens >= _needed_tokens(c.channel, options)


def _merge_same_document(candidates: list[_Candidate]) -> list[_Candidate]:
    """Within one document, fold candidates (of either channel) that are one alignment: they
    overlap, or nearly touch, in both texts at consistent offsets. Overlapping candidates at
    different places of a repetitive document are alternatives: the larger one stays."""
    by_doc: dict[tuple[str, int], list[_Candidate]] = {}
    for c in candidates:
        by_doc.setdefault((c.shard.name, c.doc), []).append(c)
    merged: list[_Candidate] = []
    for group in by_doc.values():
        group.sort(key=lambda c: (c.start, -c.end))
        current = group[0]
        for c in group[1:]:
            overlapping = c.start < current.end
            if overlapping and _same_alignment(current, c):
                current = _union(current, c)
            elif overlapping:
                current = max(current, c, key=lambda x: (x.end - x.start, -KINDS.index(x.kind)))
            elif _adjacent(current, c, text_gap=_ADJACENT_CHARS):
                current = _joined(current, c)
            else:
                merged.append(current)
                current = c
        merged.append(current)
    return merged


def _same_alignment(a: _Candidate, b: _Candidate) -> bool:
    """Whether b continues a's alignment: document offsets agree up to small edits."""
    shift = abs((b.doc_start - b.start) - (a.doc_start - a.start))
    return shift <= max(_ADJACENT_CHARS, (a.end - a.start) // 4)


def _union(a: _Candidate, b: _Candidate) -> _Candidate:
    if b.end <= a.end and b.doc_start >= a.doc_start and b.doc_end <= a.doc_end:
        same = (b.start, b.end) == (a.start, a.end)
        return b if same and KINDS.index(b.kind) < KINDS.index(a.kind) else a
    bigger = max(a, b, key=lambda x: (x.end - x.start, -KINDS.index(x.kind)))
    return _Candidate(
        bigger.channel, a.shard, a.doc, a.start, max(a.end, b.end), min(a.doc_start, b.doc_start),
        max(a.doc_end, b.doc_end), max(a.kind, b.kind, key=KINDS.index), max(a.tokens, b.tokens),
        min(a.score, b.score), bigger.q_first, bigger.q_last, max(a.unverified, b.unverified),
    )


#: Fragments of one passage closer than this (in both texts) are one match split by an edit.
_ADJACENT_CHARS = 48


def _adjacent(a: _Candidate, b: _Candidate, text_gap: int) -> bool:
    return 0 <= b.start - a.end <= text_gap and 0 <= b.doc_start - a.doc_end <= 2 * text_gap


def _joined(a: _Candidate, b: _Candidate) -> _Candidate:
    matched_share = (a.tokens * a.score + b.tokens * b.score) / (a.tokens + b.tokens)
    return _Candidate(
        a.channel if a.tokens >= b.tokens else b.channel, a.shard, a.doc, a.start, b.end, a.doc_start,
        b.doc_end, "fuzzy", a.tokens + b.tokens, matched_share, a.q_first, b.q_last,
        max(a.unverified, b.unverified),
    )


def _report(
    index: "Index",
    text: str,
    candidates: list[_Candidate],
    frequencies: dict[str, np.ndarray],
    options: SearchOptions,
) -> list[Match]:
    """Maximal spans only; each cites its most literal copy and counts the documents holding it."""
    candidates.sort(key=lambda c: (c.start, -c.end, KINDS.index(c.kind), -c.score))
    spans: dict[tuple[int, int], list[_Candidate]] = {}
    for c in candidates:
        spans.setdefault((c.start, c.end), []).append(c)
    maximal = [
        key for key in spans
        if not any(o != key and o[0] <= key[0] and o[1] >= key[1] for o in spans)
    ]
    rows = index.metadata([(c.shard, c.doc) for c in candidates])
    matches: list[Match] = []
    for key in maximal:
        holders = spans[key]
        containing = {(c.shard.name, c.doc) for o, group in spans.items() if o[0] <= key[0] and o[1] >= key[1] for c in group}
        licenses = sorted({str(rows[ref].get("license") or "unknown") for ref in containing})
        best = holders[0]
        meta = rows[(best.shard.name, best.doc)]
        count, exact = _count(best, len(containing), frequencies, index, options)
        extra = max(c.unverified for c in holders)
        count, exact = count + extra, exact and not extra
        matches.append(
            Match(
                start=best.start, end=best.end, doc_id=str(meta["id"]),
                doc_start=best.doc_start, doc_end=best.doc_end, kind=best.kind,
                score=round(best.score, 4), tokens=best.tokens, count=count, count_exact=exact,
                license=meta.get("license"), source=meta.get("source"), title=meta.get("title"),
                author=meta.get("author"), url=meta.get("url"), copyright=meta.get("copyright"),
                also_in=[str(rows[(c.shard.name, c.doc)]["id"]) for c in holders[1:11]],
                licenses=licenses,
                text=text[best.start : best.end],
            )
        )
    matches.sort(key=lambda m: (m.start, m.end))
    return matches


def _count(
    best: _Candidate, verified: int, frequencies: dict[str, np.ndarray], index: "Index", options: SearchOptions
) -> tuple[int, bool]:
    """Verified documents, unless every n-gram of the span was too common to verify them all."""
    channel = next(c for c in index.channels if c.name == best.channel)
    freq = frequencies[best.channel][best.q_first : max(best.q_first + 1, best.q_last - channel.ngram + 1)]
    if len(freq) and int(freq.min()) > options.max_postings:
        return max(verified, int(freq.min())), False
    return verified, True
