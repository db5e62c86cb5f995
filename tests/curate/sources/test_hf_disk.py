"""Datasets saved with Hugging Face ``save_to_disk``, read with pyarrow (fixtures written by ``datasets`` 5.2.0)."""

import shutil
from pathlib import Path

import orjson
import pyarrow as pa
import pytest

from clearance.curate.sources.hf_disk import is_hf_dataset, read_hf_dataset
from clearance.documents import Document
from clearance.io import FieldMap, InputError

DATA = Path(__file__).parent / "data" / "hf"


def docs(items):
    return [item for item in items if isinstance(item, Document)]


def test_dataset_with_id_license_and_extras():
    items = list(read_hf_dataset(DATA / "ds_plain", license="CC0-1.0"))
    assert [(d.id, d.text, d.license) for d in items] == [
        ("a1", "alpha text", "MIT"), ("a2", "beta text", "CC0-1.0"), ("a3", "gamma text", "CC-BY-4.0")]
    assert items[0].meta == {"score": 0.5, "format": "hf", "split": "train"}  # nested "tags" left out
    assert items[0].source == str(DATA / "ds_plain")


def test_dataset_dict_all_splits_with_configured_text_column():
    items = list(read_hf_dataset(DATA / "ds_dict", FieldMap(text="content")))
    assert [(d.id, d.text, d.meta["split"], d.meta["n"]) for d in items] == [
        ("train/0", "one", "train", 1), ("train/1", "two", "train", 2), ("test/0", "three", "test", 3)]


def test_chosen_splits_and_unknown_split():
    items = list(read_hf_dataset(DATA / "ds_dict", FieldMap(text="content"), splits=["test"]))
    assert [d.id for d in items] == ["test/0"]
    (err,) = read_hf_dataset(DATA / "ds_dict", FieldMap(text="content"), splits=["validation"])
    assert isinstance(err, InputError) and "no split 'validation' (splits: train, test)" in err.reason


def test_index_continues_across_shards():
    items = docs(read_hf_dataset(DATA / "ds_shards"))
    assert [d.id for d in items] == [f"train/{i}" for i in range(50)]
    assert [d.text for d in items] == [f"doc {i}" for i in range(50)]


def test_missing_text_column_is_one_error_per_file():
    items = list(read_hf_dataset(DATA / "ds_dict"))
    assert len(items) == 2 and all(isinstance(e, InputError) for e in items)
    assert "no text column 'text' (columns: content, n)" in items[0].reason
    assert items[0].path.endswith("train/data-00000-of-00001.arrow")


def test_detection():
    assert is_hf_dataset(DATA / "ds_plain") and is_hf_dataset(DATA / "ds_dict")
    assert not is_hf_dataset(DATA)


def test_bad_rows_are_located(tmp_path):
    directory = tmp_path / "ds"
    directory.mkdir()
    table = pa.table({"text": ["fine", None, ""], "id": [None, None, None]})
    with pa.OSFile(str(directory / "data-00000-of-00001.arrow"), "wb") as sink, \
            pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    (directory / "state.json").write_bytes(orjson.dumps({"_data_files": [{"filename": "data-00000-of-00001.arrow"}],
                                                         "_split": "validation"}))
    (directory / "dataset_info.json").write_text("{}")
    good, null, empty = read_hf_dataset(directory)
    assert good.id == "validation/0"
    assert isinstance(null, InputError) and null.line == 2 and null.unit == "row"
    assert null.reason == "validation/1: text is null" and empty.reason == "validation/2: text is empty"


def test_arrow_file_format_is_accepted(tmp_path):
    directory = tmp_path / "ds"
    shutil.copytree(DATA / "ds_plain", directory)
    table = pa.table({"text": ["from an IPC file"]})
    with pa.OSFile(str(directory / "data-00000-of-00001.arrow"), "wb") as sink, \
            pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    (doc,) = read_hf_dataset(directory)
    assert doc.text == "from an IPC file" and doc.id == "train/0"


@pytest.mark.parametrize(("damage", "reason"), [
    ("corrupt", "cannot read Arrow data"),
    ("missing", "Arrow file named in state.json is missing"),
    ("state", "invalid JSON"),
    ("files", "'_data_files' must be a non-empty list"),
    ("escape", "bad '_data_files' entry"),
])
def test_damaged_dataset(tmp_path, damage, reason):
    directory = tmp_path / "ds"
    shutil.copytree(DATA / "ds_plain", directory)
    arrow = directory / "data-00000-of-00001.arrow"
    state = directory / "state.json"
    if damage == "corrupt":
        arrow.write_bytes(arrow.read_bytes()[:200])
    elif damage == "missing":
        arrow.unlink()
    elif damage == "state":
        state.write_text("{oops")
    elif damage == "files":
        state.write_text('{"_data_files": []}')
    else:
        state.write_text('{"_data_files": [{"filename": "../../etc/passwd"}]}')
    items = list(read_hf_dataset(directory))
    assert any(isinstance(e, InputError) and reason in e.reason for e in items), [str(e) for e in items]


def test_not_a_directory(tmp_path):
    (err,) = read_hf_dataset(tmp_path / "nothing")
    assert isinstance(err, InputError) and "not a directory" in err.reason
