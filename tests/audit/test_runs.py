"""Parquet parts: whole or absent, resumable, refusing to mix settings."""

from __future__ import annotations

import pyarrow as pa
import pytest

from clearance.audit.runs import PartStore, RunMismatchError

SCHEMA = pa.schema([("key", pa.string()), ("value", pa.float64())])


def test_parts_accumulate_and_resume(tmp_path):
    store = PartStore(tmp_path, SCHEMA, {"model": "a"})
    assert store.done_keys() == set()
    store.write([{"key": "x", "value": 1.0}, {"key": "y", "value": 2.0}])
    store.write([{"key": "z", "value": None}])
    again = PartStore(tmp_path, SCHEMA, {"model": "a"})
    assert again.done_keys() == {"x", "y", "z"}
    assert again.table().column("key").to_pylist() == ["x", "y", "z"]
    assert again.write([]) is None


def test_leftovers_of_a_killed_run_are_ignored_and_removed(tmp_path):
    store = PartStore(tmp_path, SCHEMA, {})
    store.write([{"key": "x", "value": 1.0}])
    leftover = tmp_path / "parts" / ".part-000001.parquet.tmp-4242"
    leftover.write_bytes(b"PAR1 half a part")
    again = PartStore(tmp_path, SCHEMA, {})
    assert again.done_keys() == {"x"}
    assert not leftover.exists()


def test_an_unreadable_part_is_set_aside_not_lost(tmp_path):
    store = PartStore(tmp_path, SCHEMA, {})
    store.write([{"key": "x", "value": 1.0}])
    bad = store.write([{"key": "y", "value": 2.0}])
    bad.write_bytes(bad.read_bytes()[:20])  # truncated by a disk fault
    again = PartStore(tmp_path, SCHEMA, {})
    assert again.done_keys() == {"x"}
    assert again.set_aside == [bad.with_name(bad.name + ".corrupt")] and again.set_aside[0].exists()
    assert again.write([{"key": "y", "value": 2.0}]).name == "part-000001.parquet"


def test_other_settings_are_refused_unless_fresh(tmp_path):
    PartStore(tmp_path, SCHEMA, {"model": "a", "k": 0.2}).write([{"key": "x", "value": 1.0}])
    with pytest.raises(RunMismatchError, match=r"model: 'a' then, 'b' now"):
        PartStore(tmp_path, SCHEMA, {"model": "b", "k": 0.2})
    fresh = PartStore(tmp_path, SCHEMA, {"model": "b", "k": 0.2}, fresh=True)
    assert fresh.done_keys() == set()
