"""Faults around jxparse (issues 16 and 20): stale outputs, killed processes, refused writes,
inputs that change under the run, hostile output folders.

Tests that start processes kill what they started and wait for it; none takes more than a few
seconds. Faults are caused for real where the machine allows it (signals, RLIMIT_FSIZE, read-only
folders) and injected otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import jxparse
from jxparse import batch
from jxparse.batch import convert_many
from jxparse.cli import main

from conftest import ROOT, SAMPLE_TEXT
from sample_pieces import split_documents

PIECES = split_documents(SAMPLE_TEXT.read_text(encoding="utf-8"))


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _folder(root: Path, count: int = 4) -> Path:
    folder = root / "in"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"d{i}.txt").write_text(PIECES[i % len(PIECES)], encoding="utf-8")
    return folder


# --- 20.1: --skip-existing never keeps a stale output ----------------------------------------------


def _statuses(folder, out, **kw):
    return [(Path(r.path).name, r.status, r.sha256) for r in
            convert_many([folder], out_dir=out, skip_existing=True, workers=1, **kw)]


def test_skip_existing_sees_a_replacement_with_an_older_mtime(tmp_path):
    folder = _folder(tmp_path, 2)
    out = tmp_path / "out"
    first = _statuses(folder, out)
    assert [s for _, s, _ in first] == ["ok", "ok"]
    # cp -p of another file of the same size but other bytes, with an mtime older than the outputs
    target = folder / "d0.txt"
    old = target.stat()
    text = target.read_text(encoding="utf-8")
    replacement = tmp_path / "replacement.txt"
    replacement.write_text(text.replace("人民政府", "人民法院", 1), encoding="utf-8")
    assert replacement.stat().st_size == old.st_size
    os.utime(replacement, ns=(old.st_atime_ns - 10**12, old.st_mtime_ns - 10**12))
    shutil.copy2(replacement, target)
    again = _statuses(folder, out)
    assert [s for _, s, _ in again] == ["ok", "skipped"]
    assert again[0][2] == jxparse.load_source(target).sha256 != first[0][2]  # the manifest hash is the new one
    assert "人民法院" in (out / "d0.json").read_text(encoding="utf-8")


def test_skip_existing_hashes_only_where_size_and_mtime_do_not_tell(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 1)
    out = tmp_path / "out"
    assert [s for _, s, _ in _statuses(folder, out)] == ["ok"]
    hashed = []
    real = batch._file_sha256
    monkeypatch.setattr(batch, "_file_sha256", lambda path: hashed.append(path) or real(path))
    assert [s for _, s, _ in _statuses(folder, out)] == ["skipped"]
    assert hashed == []  # same size and mtime: no hashing
    os.utime(folder / "d0.txt", ns=(10**18, 10**18))  # touched, same bytes
    assert [s for _, s, _ in _statuses(folder, out)] == ["skipped"]
    assert len(hashed) == 1
    stamp = json.loads(batch.stamp_path(out, "d0.txt").read_text(encoding="utf-8"))
    assert stamp["mtime_ns"] == 10**18  # the stamp learnt the new mtime: no hash next time
    assert [s for _, s, _ in _statuses(folder, out)] == ["skipped"] and len(hashed) == 1
    with open(folder / "d0.txt", "a", encoding="utf-8") as stream:
        stream.write("\n附件:无\n")
    assert [s for _, s, _ in _statuses(folder, out)] == ["ok"]  # another size: no hash needed either
    assert len(hashed) == 1


def test_skip_existing_stamp_holds_the_read_options(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(PIECES[1].encode("gb18030"))
    out = tmp_path / "out"
    assert [s for _, s, _ in _statuses(folder, out)] == ["ok"]
    assert [s for _, s, _ in _statuses(folder, out)] == ["skipped"]
    assert [s for _, s, _ in _statuses(folder, out, encoding="gb18030")] == ["ok"]
    assert [s for _, s, _ in _statuses(folder, out, encoding="gb18030")] == ["skipped"]
    assert [s for _, s, _ in _statuses(folder, out, encoding="gb18030", input_format="markdown")] == ["ok"]
    assert [s for _, s, _ in _statuses(folder, out, encoding="gb18030", input_format="markdown",
                                       pdf_engine="pdfium")] == ["ok"]
    stamp = json.loads(batch.stamp_path(out, "a.txt").read_text(encoding="utf-8"))
    assert stamp["read"] == {"encoding": "gb18030", "format": "markdown", "pdf_engine": "pdfium", "password": False}
    assert [s for _, s, _ in _statuses(folder, out, encoding="gb18030", input_format="markdown",
                                       pdf_engine="pdfium", password="secret")] == ["ok"]
    assert "secret" not in batch.stamp_path(out, "a.txt").read_text(encoding="utf-8")


def test_an_input_edited_while_it_is_converted_is_converted_again(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 1)
    out = tmp_path / "out"
    target = folder / "d0.txt"
    real = jxparse.load_source

    def load_then_edit(path, **kw):
        source = real(path, **kw)
        if Path(path) == target:  # someone saves the file just after jxparse read it
            target.write_text(PIECES[2], encoding="utf-8")
            os.utime(target, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
        return source

    monkeypatch.setattr(jxparse, "load_source", load_then_edit)
    [(_, status, converted)] = _statuses(folder, out)
    assert status == "ok"
    assert converted == jxparse.source_from_bytes(PIECES[0].encode("utf-8"), name="d0.txt", format="text").sha256
    monkeypatch.setattr(jxparse, "load_source", real)
    [(_, status, now)] = _statuses(folder, out)
    assert status == "ok" and now != converted  # not skipped: the converted bytes are not the file's
    assert [s for _, s, _ in _statuses(folder, out)] == ["skipped"]


# --- 20.5: --manifest never destroys an input ----------------------------------------------------


@pytest.mark.parametrize("where", ["input", "inside", "output", "stamp", "glob"])
def test_manifest_that_is_an_input_or_an_output_is_a_usage_error(tmp_path, where):
    folder = _folder(tmp_path, 2)
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in folder.iterdir()}
    manifest = {"input": folder / "d0.txt", "inside": folder / "run.jsonl", "output": out / "d1.json",
                "stamp": out / ".d1.jxparse-stamp", "glob": tmp_path / "in" / "run.txt"}[where]
    argument = str(folder / "*.txt") if where == "glob" else str(folder)
    result = CliRunner().invoke(main, ["convert", argument, "-o", str(out), "--manifest", str(manifest)])
    assert result.exit_code == 2, result.output
    assert "--manifest" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in folder.iterdir()} == before  # nothing truncated, nothing created
    assert not out.exists()


def test_manifest_beside_the_outputs_is_fine(tmp_path):
    folder = _folder(tmp_path, 2)
    out = folder / "out"  # -o inside the input folder is not walked, and neither is a manifest there
    manifest = out / "run.jsonl"
    out.mkdir()
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(out), "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["status"] for line in manifest.read_text(encoding="utf-8").splitlines()] == ["ok"] * 2
