"""read_repository: one document per text file, with the license evidence that applies to it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from clearance.curate.sources.repository import read_repository
from clearance.documents import Document
from clearance.io import InputError
from clearance.licenses.detect import Finding, resolve
from clearance.licenses.detect.reference import reference_text


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "src" / "pkg").mkdir(parents=True)
    (root / "third_party" / "zlibish").mkdir(parents=True)
    (root / "LICENSE").write_text("Copyright (c) 2024 Proj Authors\n\n" + reference_text("Apache-2.0"))
    (root / "pyproject.toml").write_text('[project]\nname = "proj"\nlicense = "Apache-2.0"\n')
    (root / "src" / "pkg" / "core.py").write_text("def f():\n    return 1\n")
    (root / "src" / "pkg" / "vendored.py").write_text("# SPDX-License-Identifier: MIT\n\ndef g():\n    pass\n")
    (root / "third_party" / "zlibish" / "COPYING").write_text(reference_text("Zlib"))
    (root / "third_party" / "zlibish" / "z.c").write_text("int z(void) { return 0; }\n")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0binary")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    return root


def _read(root: Path) -> tuple[dict[str, Document], list[InputError]]:
    docs, errors = {}, []
    for item in read_repository(root):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            docs[item.meta["path"]] = item
    return docs, errors


def _license(doc: Document):
    return resolve(doc.license, [Finding.from_json(f) for f in doc.meta["license_findings"]])


def test_every_text_file_is_a_document_with_code_meta(tmp_path):
    root = _repo(tmp_path)
    docs, errors = _read(root)
    assert set(docs) == {"LICENSE", "pyproject.toml", "src/pkg/core.py", "src/pkg/vendored.py",
                         "third_party/zlibish/COPYING", "third_party/zlibish/z.c"}  # .git is not content
    core = docs["src/pkg/core.py"]
    assert core.id == "proj/src/pkg/core.py" and core.license is None  # nothing stated by the input
    assert core.meta["format"] == "code" and core.meta["repo"] == str(root)
    [binary] = errors
    assert binary.path.endswith("logo.png") and "binary" in binary.reason


def test_files_get_the_repository_license_and_metadata(tmp_path):
    docs, _ = _read(_repo(tmp_path))
    kinds = {(f["kind"], f["where"]) for f in docs["src/pkg/core.py"].meta["license_findings"]}
    assert kinds == {("license-file", "LICENSE"), ("package-metadata", "pyproject.toml [project] license")}
    info = _license(docs["src/pkg/core.py"])
    assert info.spdx == "Apache-2.0" and info.problem is None and info.confidence == 1.0


def test_a_files_own_spdx_header_governs_it(tmp_path):
    docs, _ = _read(_repo(tmp_path))
    info = _license(docs["src/pkg/vendored.py"])
    assert info.spdx == "MIT" and info.evidence[0].where == "src/pkg/vendored.py line 1"


def test_the_nearest_license_file_governs_a_vendored_directory(tmp_path):
    docs, _ = _read(_repo(tmp_path))
    assert _license(docs["third_party/zlibish/z.c"]).spdx == "Zlib"


def test_broken_metadata_and_oversized_files_are_reported_not_raised(tmp_path):
    root = _repo(tmp_path)
    (root / "package.json").write_text('{"name": "x",\n "license": }')
    (root / "big.txt").write_text("x" * 5000)
    items = list(read_repository(root, max_bytes=4096))
    errors = {Path(e.path).name: e.reason for e in items if isinstance(e, InputError)}
    assert "invalid JSON" in errors["package.json"] and "over the 4096-byte limit" in errors["big.txt"]
    assert any(isinstance(d, Document) and d.meta["path"] == "package.json" for d in items)


def test_a_missing_root_is_one_clear_error(tmp_path):
    [error] = list(read_repository(tmp_path / "nope"))
    assert isinstance(error, InputError) and "not a directory" in error.reason


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_work_tree_is_read_as_git_lists_it(tmp_path):
    root = _repo(tmp_path)
    shutil.rmtree(root / ".git")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("build/\n*.log\n")
    (root / "build").mkdir()
    (root / "build" / "out.py").write_text("generated = True\n")
    (root / "run.log").write_text("noise\n")
    docs, _ = _read(root)
    assert "src/pkg/core.py" in docs and "LICENSE" in docs  # untracked but not ignored: read
    assert "build/out.py" not in docs and "run.log" not in docs and ".gitignore" not in docs
    everything = [d.meta["path"] for d in read_repository(root, use_git=False) if isinstance(d, Document)]
    assert "build/out.py" in everything


def test_a_pointer_license_file_is_resolved_against_the_files_beside_it(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "LICENSE").write_text("This software is made available under the terms of *either* of the licenses\n"
                                  "found in LICENSE.APACHE or LICENSE.BSD.\n")
    (root / "LICENSE.APACHE").write_text(reference_text("Apache-2.0"))
    (root / "LICENSE.BSD").write_text("Copyright (c) Someone\n\n" + reference_text("BSD-2-Clause"))
    (root / "mod.py").write_text("x = 1\n")
    docs, errors = _read(root)
    assert not errors
    findings = [Finding.from_json(f) for f in docs["mod.py"].meta["license_findings"]]
    pointer = next(f for f in findings if f.where.startswith("LICENSE ->"))
    assert pointer.spdx == "Apache-2.0 OR BSD-2-Clause" and "LICENSE.BSD" in pointer.where
    assert _license(docs["mod.py"]).spdx == "Apache-2.0 OR BSD-2-Clause"
