"""Corpus readers: every format, every bad input, both error policies, and the progress counters."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearance.documents import Document
from clearance.io import FieldMap, InputError, read_corpus


def jsonl_bytes(records: list[Any]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read_all(*paths: Path | str, **kwargs: Any) -> tuple[list[Document], Any]:
    stream = read_corpus(list(paths), **kwargs)
    return list(stream), stream


RECORDS = [
    {"id": "a", "text": "alpha", "license": "MIT", "title": "A", "author": "Ann", "url": "http://a"},
    {"id": "b", "text": "beta", "source": "upstream", "lang": "en", "nested": {"x": 1}, "tags": [1, 2]},
]


# --- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, pack",
    [
        ("c.jsonl", lambda b: b),
        ("c.ndjson", lambda b: b),
        ("c.jsonl.gz", gzip.compress),
        ("c.jsonl.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
        ("c.ndjson.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
    ],
)
def test_jsonl_formats(tmp_path: Path, name: str, pack: Any) -> None:
    path = write(tmp_path / name, pack(jsonl_bytes(RECORDS)))
    docs, stream = read_all(path)
    assert [d.id for d in docs] == ["a", "b"]
    a, b = docs
    assert (a.text, a.license, a.title, a.author, a.url) == ("alpha", "MIT", "A", "Ann", "http://a")
    assert a.source == str(path)
    assert b.source == "upstream" and b.license is None
    assert b.meta == {"lang": "en"}
    assert stream.documents == 2 and stream.bad_records == 0 and stream.errors == []


def test_zstd_multiple_frames(tmp_path: Path) -> None:
    cctx = zstandard.ZstdCompressor()
    data = cctx.compress(jsonl_bytes(RECORDS[:1])) + cctx.compress(jsonl_bytes(RECORDS[1:]))
    docs, _ = read_all(write(tmp_path / "c.jsonl.zst", data))
    assert [d.id for d in docs] == ["a", "b"]


def test_large_zstd_stream(tmp_path: Path) -> None:
    records = [{"text": f"document number {i} " * 20} for i in range(5000)]
    data = zstandard.ZstdCompressor().compress(jsonl_bytes(records))
    docs, stream = read_all(write(tmp_path / "big.jsonl.zst", data))
    assert [d.text for d in docs] == [r["text"] for r in records]
    assert stream.bytes_read == stream.bytes_total == len(data)


def test_parquet(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["p1", "p2"],
            "text": ["one", "two"],
            "license": ["CC-BY-4.0", None],
            "year": [2001, 2002],
            "vec": [[1.0], [2.0]],
        }
    )
    path = tmp_path / "d.parquet"
    pq.write_table(table, path)
    docs, stream = read_all(path, default_license="LicenseRef-unknown")
    assert [(d.id, d.text, d.license) for d in docs] == [
        ("p1", "one", "CC-BY-4.0"),
        ("p2", "two", "LicenseRef-unknown"),
    ]
    assert docs[0].meta == {"year": 2001}
    assert docs[0].source == str(path)
    assert stream.bytes_read == stream.bytes_total == path.stat().st_size


def test_parquet_streams_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "many.parquet"
    pq.write_table(pa.table({"text": [f"t{i}" for i in range(3000)]}), path, row_group_size=500)
    docs, stream = read_all(path)
    assert [d.id for d in docs[:2]] == ["many.parquet:1", "many.parquet:2"]
    assert len(docs) == stream.documents == 3000


def test_parquet_integer_ids_and_field_map(tmp_path: Path) -> None:
    path = tmp_path / "m.parquet"
    pq.write_table(pa.table({"doc_id": [7, 8], "body": ["x", "y"], "lic": ["MIT", "0BSD"]}), path)
    docs, _ = read_all(path, fields=FieldMap.from_options(id="doc_id", text="body", license="lic"))
    assert [(d.id, d.text, d.license) for d in docs] == [("7", "x", "MIT"), ("8", "y", "0BSD")]


def test_single_plain_file(tmp_path: Path) -> None:
    path = write(tmp_path / "sub" / "poem.txt", "roses\r\nare red\n")
    docs, stream = read_all(path, default_license="MIT")
    assert len(docs) == 1
    assert docs[0].id == "poem.txt"
    assert docs[0].text == "roses\r\nare red\n"
    assert (docs[0].source, docs[0].license, docs[0].title) == (str(path), "MIT", None)
    assert stream.bytes_read == stream.bytes_total == path.stat().st_size


def test_source_keeps_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "c.jsonl", jsonl_bytes([{"text": "x"}]))
    monkeypatch.chdir(tmp_path)
    docs, _ = read_all("./c.jsonl")
    assert docs[0].source == "./c.jsonl"


def test_mixed_inputs_in_order(tmp_path: Path) -> None:
    j = write(tmp_path / "a.jsonl", jsonl_bytes([{"id": "j", "text": "x"}]))
    d = tmp_path / "dir"
    write(d / "f.txt", "file")
    p = tmp_path / "b.parquet"
    pq.write_table(pa.table({"id": ["p"], "text": ["y"]}), p)
    docs, stream = read_all(j, d, p)
    assert [doc.id for doc in docs] == ["j", "f.txt", "p"]
    assert stream.bytes_total == sum(x.stat().st_size for x in (j, d / "f.txt", p))


# --- field mapping, ids, licenses -----------------------------------------------------------------


def test_field_map_overrides(tmp_path: Path) -> None:
    rec = {"key": "k1", "body": "hello", "lic": "MIT", "src": "s", "name": "T", "by": "B", "link": "L"}
    rec["text"] = "x"
    path = write(tmp_path / "c.jsonl", jsonl_bytes([rec]))
    fields = FieldMap.from_options(
        id="key", text="body", license="lic", source="src", title="name", author="by", url="link"
    )
    (doc,), _ = read_all(path, fields=fields)
    assert (doc.id, doc.text, doc.license, doc.source, doc.title, doc.author, doc.url) == (
        "k1", "hello", "MIT", "s", "T", "B", "L",
    )
    assert doc.meta == {"text": "x"}  # an unmapped key is an extra like any other


def test_field_map_from_options() -> None:
    assert FieldMap.from_options(text="body", id=None) == FieldMap(text="body")
    with pytest.raises(ValueError, match="bogus"):
        FieldMap.from_options(bogus="x", text="t")


def test_default_id_and_integer_ids(tmp_path: Path) -> None:
    records = [{"text": "a"}, {"id": 42, "text": "b"}, {"id": None, "text": "c"}]
    path = write(tmp_path / "sub" / "c.jsonl", jsonl_bytes(records))
    docs, _ = read_all(path)
    assert [d.id for d in docs] == ["c.jsonl:1", "42", "c.jsonl:3"]


def test_default_license_only_fills_missing(tmp_path: Path) -> None:
    recs = [{"text": "a", "license": "MIT"}, {"text": "b"}, {"text": "c", "license": ""}]
    docs, _ = read_all(write(tmp_path / "c.jsonl", jsonl_bytes(recs)), default_license="Apache-2.0")
    assert [d.license for d in docs] == ["MIT", "Apache-2.0", "Apache-2.0"]


def test_numeric_metadata_becomes_text(tmp_path: Path) -> None:
    (doc,), _ = read_all(write(tmp_path / "c.jsonl", jsonl_bytes([{"text": "a", "title": 1984, "url": 1.5}])))
    assert (doc.title, doc.url) == ("1984", "1.5")


def test_blank_lines_and_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + jsonl_bytes([{"text": "a"}]) + b"\n   \n\r\n" + jsonl_bytes([{"text": "b"}])
    docs, stream = read_all(write(tmp_path / "c.jsonl", data))
    assert [(d.id, d.text) for d in docs] == [("c.jsonl:1", "a"), ("c.jsonl:5", "b")]
    assert stream.bad_records == 0


def test_crlf_jsonl(tmp_path: Path) -> None:
    data = b'{"text": "a"}\r\n{"text": "b\\r\\nc"}\r\n'
    docs, _ = read_all(write(tmp_path / "c.jsonl", data))
    assert [d.text for d in docs] == ["a", "b\r\nc"]


# --- bad records ---------------------------------------------------------------------------------

GOOD = b'{"text": "good"}\n'

BAD_LINES = [
    (b'{"text": "unterminated\n', "invalid JSON"),
    (b"[1, 2]\n", "not a JSON object"),
    (b'"just a string"\n', "not a JSON object"),
    (b'{"body": "x"}\n', "missing text field 'text'"),
    (b'{"text": 5}\n', "not a string"),
    (b'{"text": null}\n', "text is null"),
    (b'{"text": ""}\n', "text is empty"),
    (b'{"text": "caf\xe9"}\n', "undecodable bytes"),
    (b'{"text": "x", "id": 1.5}\n', "id field 'id' must be a string or integer"),
    (b'{"text": "x", "id": true}\n', "id field 'id' must be a string or integer"),
    (b'{"text": "x", "id": ["a"]}\n', "id field 'id' must be a string or integer"),
    (b'{"text": "x", "license": ["MIT"]}\n', "field 'license' must be a string"),
    (b'{"text": "x", "author": {"n": 1}}\n', "field 'author' must be a string"),
]


@pytest.mark.parametrize("line, reason", BAD_LINES)
def test_bad_jsonl_record_skip(tmp_path: Path, line: bytes, reason: str) -> None:
    path = write(tmp_path / "c.jsonl", GOOD + line + GOOD)
    seen: list[InputError] = []
    docs, stream = read_all(path, on_bad_record=seen.append)
    assert [d.id for d in docs] == ["c.jsonl:1", "c.jsonl:3"]
    assert stream.bad_records == 1 and stream.documents == 2
    (err,) = stream.errors
    assert seen == [err]
    assert (err.path, err.line) == (str(path), 2)
    assert reason in err.reason
    assert str(err).startswith(f"{path}:2: ")


@pytest.mark.parametrize("line, reason", BAD_LINES)
def test_bad_jsonl_record_abort(tmp_path: Path, line: bytes, reason: str) -> None:
    path = write(tmp_path / "c.jsonl", GOOD + line + GOOD)
    seen: list[InputError] = []
    stream = read_corpus([path], on_error="abort", on_bad_record=seen.append)
    assert next(stream).text == "good"
    with pytest.raises(InputError, match=reason) as info:
        next(stream)
    assert (info.value.path, info.value.line) == (str(path), 2)
    assert seen == [info.value] and stream.bad_records == 1
    assert list(stream) == []  # nothing after an abort


def test_invalid_json_message_is_brief(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", b"{oops}\n")
    _, stream = read_all(path)
    (err,) = stream.errors
    assert err.reason.startswith("invalid JSON: ") and len(err.reason) < 120


def test_undecodable_offset_in_jsonl(tmp_path: Path) -> None:
    _, stream = read_all(write(tmp_path / "c.jsonl", b'{"text": "ab\xff"}\n'))
    assert "byte offset 12" in stream.errors[0].reason


def test_corrupt_gzip_skip_moves_on(tmp_path: Path) -> None:
    records = [{"text": f"record {i} " * 10} for i in range(2000)]
    blob = gzip.compress(jsonl_bytes(records))
    bad = write(tmp_path / "a.jsonl.gz", blob[: len(blob) // 2])
    good = write(tmp_path / "b.jsonl", jsonl_bytes([{"id": "after", "text": "x"}]))
    docs, stream = read_all(bad, good)
    assert 0 < len(docs) - 1 < 2000 and docs[-1].id == "after"
    (err,) = stream.errors
    assert err.path == str(bad) and err.line == len(docs)  # the line it was reading when the data ran out
    assert "corrupt" in err.reason
    assert stream.bytes_read == stream.bytes_total


def test_corrupt_gzip_abort(tmp_path: Path) -> None:
    bad = write(tmp_path / "a.jsonl.gz", b"this is not gzip data\n")
    with pytest.raises(InputError, match="corrupt") as info:
        list(read_corpus([bad], on_error="abort"))
    assert info.value.path == str(bad) and info.value.line == 1


def test_truncated_zstd(tmp_path: Path) -> None:
    records = [{"text": f"record {i} " * 10} for i in range(2000)]
    blob = zstandard.ZstdCompressor().compress(jsonl_bytes(records))
    bad = write(tmp_path / "a.jsonl.zst", blob[: len(blob) // 2])
    docs, stream = read_all(bad)
    assert len(docs) < 2000
    (err,) = stream.errors
    assert err.path == str(bad) and err.line == len(docs) + 1 and "truncated" in err.reason


def test_parquet_missing_text_column(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), path)
    after = write(tmp_path / "e.jsonl", jsonl_bytes([{"text": "ok"}]))
    docs, stream = read_all(path, after)
    assert [d.text for d in docs] == ["ok"]
    (err,) = stream.errors
    assert err.line is None and "'text'" in err.reason and "id, body" in err.reason
    with pytest.raises(InputError, match="columns: id, body"):
        list(read_corpus([path], on_error="abort"))


@pytest.mark.parametrize("policy", ["skip", "abort"])
def test_parquet_bad_rows(tmp_path: Path, policy: str) -> None:
    path = tmp_path / "data.parquet"
    pq.write_table(pa.table({"text": ["a", None, "", "d"]}), path)
    stream = read_corpus([path], on_error=policy)  # type: ignore[arg-type]
    if policy == "abort":
        assert next(stream).text == "a"
        with pytest.raises(InputError) as info:
            next(stream)
        assert str(info.value) == f"{path}: row 2: text is null"
        return
    docs = list(stream)
    assert [d.text for d in docs] == ["a", "d"]
    assert [str(e) for e in stream.errors] == [
        f"{path}: row 2: text is null",
        f"{path}: row 3: text is empty",
    ]
    assert [e.line for e in stream.errors] == [2, 3]


def test_unreadable_parquet(tmp_path: Path) -> None:
    path = write(tmp_path / "x.parquet", b"not parquet at all")
    docs, stream = read_all(path)
    assert docs == [] and stream.bad_records == 1 and stream.errors[0].path == str(path)


# --- directories ---------------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    write(root / "b.txt", "bee")
    write(root / "a" / "z.md", "zed")
    write(root / "a" / "deep" / "y.txt", "why")
    write(root / ".hidden.txt", "secret")
    write(root / ".git" / "config", "cfg")
    write(root / "__pycache__" / "m.pyc", "junk")
    write(root / "node_modules" / "x.js", "js")
    write(root / "c.jsonl", jsonl_bytes([{"text": "a file like any other"}]))


def test_directory_walk(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    make_tree(root)
    docs, stream = read_all(root, default_license="CC0-1.0")
    assert [d.id for d in docs] == ["a/deep/y.txt", "a/z.md", "b.txt", "c.jsonl"]
    assert docs[0].source == str(root / "a/deep/y.txt")
    assert docs[0].text == "why" and docs[0].license == "CC0-1.0" and docs[0].title is None
    assert stream.bytes_total == stream.bytes_read == sum(
        (root / d.id).stat().st_size for d in docs
    )


def test_directory_does_not_follow_dir_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "real.txt", "real")
    outside = tmp_path / "outside"
    write(outside / "o.txt", "outside")
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "flink.txt").symlink_to(root / "real.txt")
    docs, _ = read_all(root)
    assert [d.id for d in docs] == ["flink.txt", "real.txt"]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"abc\0def", "binary file"),
        ("caf\u00e9 cr\u00e8me".encode("latin-1"), "undecodable bytes at byte offset 3"),
        (b"", "empty file"),
    ],
)
@pytest.mark.parametrize("policy", ["skip", "abort"])
def test_directory_bad_files(tmp_path: Path, content: bytes, reason: str, policy: str) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", "first")
    write(root / "b.bin", content)
    write(root / "c.txt", "last")
    if policy == "abort":
        with pytest.raises(InputError) as info:
            list(read_corpus([root], on_error="abort"))
        assert info.value.path == str(root / "b.bin") and info.value.reason == reason
        return
    docs, stream = read_all(root)
    assert [d.id for d in docs] == ["a.txt", "c.txt"]
    (err,) = stream.errors
    assert str(err) == f"{root / 'b.bin'}: {reason}"


def test_binary_detection_only_sniffs_the_start(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "late.txt", b"x" * 9000 + b"\0")
    docs, _ = read_all(root)
    assert len(docs) == 1  # a NUL past 8 KiB is text (as git sees it)


def test_empty_corpus(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    (root / "sub").mkdir(parents=True)
    write(root / ".only-hidden", "x")
    docs, stream = read_all(root)
    assert docs == [] and stream.errors == [] and stream.bytes_total == 0


def test_nonexistent_path_raises_up_front(tmp_path: Path) -> None:
    good = write(tmp_path / "c.jsonl", GOOD)
    missing = tmp_path / "nope.jsonl"
    for policy in ("skip", "abort"):
        with pytest.raises(InputError) as info:
            read_corpus([good, missing], on_error=policy)  # type: ignore[arg-type]
        assert info.value.path == str(missing) and info.value.line is None
        assert str(missing) in str(info.value)


def test_bad_policy_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="on_error"):
        read_corpus([tmp_path], on_error="ignore")  # type: ignore[arg-type]


# --- duplicates, counters, errors ----------------------------------------------------------------


def test_duplicate_ids_across_inputs(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", jsonl_bytes([{"id": "x", "text": "1st"}, {"id": "x", "text": "2nd"}]))
    b = write(tmp_path / "b.jsonl", jsonl_bytes([{"id": "y", "text": "y"}, {"id": "x", "text": "3rd"}]))
    docs, stream = read_all(a, b)
    assert [(d.id, d.text) for d in docs] == [("x", "1st"), ("y", "y")]
    assert [str(e) for e in stream.errors] == [
        f"{a}:2: duplicate id 'x' (first seen at {a}:1)",
        f"{b}:2: duplicate id 'x' (first seen at {a}:1)",
    ]
    with pytest.raises(InputError, match="duplicate id 'x'"):
        list(read_corpus([a], on_error="abort"))


def test_duplicate_ids_between_parquet_and_directory(tmp_path: Path) -> None:
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"id": ["a.txt"], "text": ["t"]}), p)
    root = tmp_path / "dir"
    write(root / "a.txt", "file")
    _, stream = read_all(p, root)
    (err,) = stream.errors
    assert str(err) == f"{root / 'a.txt'}: duplicate id 'a.txt' (first seen at {p}: row 1)"


def test_counters_are_live(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", jsonl_bytes([{"text": "x" * 100}] * 3))
    b = write(tmp_path / "b.jsonl", jsonl_bytes([{"text": "y"}, {"text": ""}]))
    stream = read_corpus([a, b])
    total = a.stat().st_size + b.stat().st_size
    assert (stream.bytes_total, stream.bytes_read, stream.documents, stream.bad_records) == (total, 0, 0, 0)
    progress = []
    for _ in stream:
        progress.append((stream.bytes_read, stream.documents))
    assert [n for _, n in progress] == [1, 2, 3, 4]
    read = [r for r, _ in progress]
    assert read == sorted(read) and 0 < read[0] < a.stat().st_size
    assert stream.bytes_read == total and stream.bad_records == 1 and stream.documents == 4


def test_errors_list_is_capped(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", b"[]\n" * 1500 + GOOD)
    docs, stream = read_all(path)
    assert len(docs) == 1 and stream.bad_records == 1500 and len(stream.errors) == 1000


def test_input_error_pickles_and_formats() -> None:
    err = InputError("data.parquet", 17, "text is null", unit="row")
    assert str(err) == "data.parquet: row 17: text is null"
    assert str(InputError("c.jsonl", 3, "bad")) == "c.jsonl:3: bad"
    assert str(InputError("c.jsonl", None, "gone")) == "c.jsonl: gone"
    again = pickle.loads(pickle.dumps(err))
    assert (again.path, again.line, again.reason, str(again)) == (err.path, err.line, err.reason, str(err))


# --- round trip ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(min_size=1), min_size=1, max_size=8))
def test_jsonl_round_trips_unicode(tmp_path: Path, texts: list[str]) -> None:
    path = write(tmp_path / "rt.jsonl", jsonl_bytes([{"text": t} for t in texts]))
    docs, stream = read_all(path)
    assert [d.text for d in docs] == texts
    assert stream.bad_records == 0
