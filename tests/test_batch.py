"""Batch conversion (jxparse.batch and ``jxparse convert`` on folders): issue 7.

The archive used here is built in a temporary folder from samples/jiaxing-2019-07.txt: the sample
split into its documents (at the title line above each 文号 line), copied into subfolders, some as
Markdown, plus one corrupt PDF and one undecodable text file.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import jxparse
from jxparse import batch
from jxparse.batch import BatchError, collect_inputs, convert_many, shard_of
from jxparse.cli import main

from conftest import ROOT, SAMPLE_TEXT
from sample_pieces import split_documents

BAD_NAMES = ("bad.txt", "x.pdf")



def undecodable_bytes() -> bytes:
    # Not b"\xff\xfe…": that is a UTF-16 byte-order mark, and an even number of bytes after it decodes.
    rng = random.Random(7)
    return b"\xfa\xff\xfe" + bytes(rng.choice((0x80, 0x81, 0xFF, 0xFE, 0xC0)) for _ in range(61))


def corrupt_pdf_bytes() -> bytes:
    rng = random.Random(11)
    return b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(2000))


def build_archive(root: Path, copies: int = 30) -> list[Path]:
    """``copies`` × the sample's documents (7 pieces) in subfolders, 1 in 5 as .md, plus the two bad files."""
    pieces = split_documents(SAMPLE_TEXT.read_text(encoding="utf-8"))
    assert len(pieces) == 7
    written = []
    for i in range(copies):
        folder = root if i % 5 == 0 else root / f"vol{i % 3}" / (f"part{i % 2}" if i % 4 == 0 else "")
        for j, piece in enumerate(pieces):
            suffix = ".md" if (i + j) % 5 == 0 else ".txt"
            path = folder / f"doc{i:02d}-{j}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(piece, encoding="utf-8")
            written.append(path)
    (root / "vol1" / BAD_NAMES[0]).write_bytes(undecodable_bytes())
    (root / BAD_NAMES[1]).write_bytes(corrupt_pdf_bytes())
    (root / "notes.odt").write_bytes(b"PK not an input")  # left out by extension
    (root / ".hidden.txt").write_text("ignored\n", encoding="utf-8")
    return written


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("archive") / "in"
    good = build_archive(root)
    return root, good


@pytest.fixture(scope="module")
def local_run(archive, tmp_path_factory):
    """One CLI run over the archive with -j 2: (result, out dir, manifest lines)."""
    root, _ = archive
    base = tmp_path_factory.mktemp("local")
    out, manifest = base / "out", base / "manifest.jsonl"
    result = CliRunner().invoke(main, ["convert", str(root), "-o", str(out), "-t", "json,xml", "-j", "2",
                                       "--manifest", str(manifest)])
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    return result, out, lines


def test_bad_inputs_really_fail():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder, "bad.txt")
        bad.write_bytes(undecodable_bytes())
        with pytest.raises(jxparse.DecodeError):
            jxparse.parse_file(bad)
        pdf = Path(folder, "x.pdf")
        pdf.write_bytes(corrupt_pdf_bytes())
        with pytest.raises(jxparse.PdfError):
            jxparse.parse_file(pdf)


def test_split_documents_parse(archive):
    root, good = archive
    assert len(good) == 210
    bulletin = jxparse.parse_file(root / "doc00-2.txt")
    assert len(bulletin.documents) == 1 and bulletin.documents[0].doc_number is not None


def test_import_is_light():
    code = "import sys, jxparse.batch; print(sorted(m for m in ('dask', 'distributed', 'pdfplumber', 'lark') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- collecting inputs ---------------------------------------------------------------------------


def test_collect_inputs(tmp_path):
    (tmp_path / "in" / "a" / "b").mkdir(parents=True)
    for name in ("x.txt", "a/y.md", "a/b/z.html", "a/b/w.htm", "a/p.pdf", "a/skip.odt", "a/.hid.txt", "a/q.TXT"):
        (tmp_path / "in" / name).write_text("x", encoding="utf-8")
    (tmp_path / "in" / "out").mkdir()
    (tmp_path / "in" / "out" / "old.md").write_text("x", encoding="utf-8")
    found = collect_inputs([tmp_path / "in"], out_dir=tmp_path / "in" / "out")
    assert [i.relative for i in found] == ["a/b/w.htm", "a/b/z.html", "a/p.pdf", "a/q.TXT", "a/y.md", "x.txt"]
    assert all(i.error is None for i in found)
    found = collect_inputs([tmp_path / "in"], include=["*.md", "*.odt"], exclude=["a/skip*"])
    assert [i.relative for i in found] == ["a/y.md", "out/old.md"]
    found = collect_inputs([tmp_path / "in"], exclude=["a/b/*"])
    assert "a/b/z.html" not in [i.relative for i in found]
    # A glob: relative to its literal folder part; a named file: its own name, whatever the extension.
    found = collect_inputs([str(tmp_path / "in" / "a" / "**" / "*.ht*"), str(tmp_path / "in" / "a" / "skip.odt")])
    assert sorted(i.relative for i in found) == ["b/w.htm", "b/z.html", "skip.odt"]
    missing = collect_inputs([tmp_path / "nope.txt", str(tmp_path / "*.zzz")])
    assert [i.error for i in missing] == [f"{tmp_path}/*.zzz: no file matches", f"{tmp_path}/nope.txt: no such file or directory"]


def test_shards_partition_the_inputs(archive):
    root, _ = archive
    everything = {i.relative for i in collect_inputs([root])}
    shards = [{r.relative for r in convert_many([root], shard=f"{i}/3", workers=1, formats=("text",))}
              for i in (1, 2, 3)]
    assert set().union(*shards) == everything
    assert sum(len(s) for s in shards) == len(everything)
    assert all(shards)
    assert shard_of("vol1/doc01-0.txt", 3) == shard_of("vol1/doc01-0.txt", 3)  # stable: sha256, not hash()
    for bad in ("0/3", "4/3", "x", "1/0"):
        with pytest.raises(BatchError):
            convert_many([root], shard=bad)


def test_collisions_and_overwrites_are_refused(tmp_path):
    (tmp_path / "a.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("正文。\n", encoding="utf-8")
    with pytest.raises(BatchError, match="would both write a.json"):
        convert_many([tmp_path], out_dir=tmp_path / "out")
    result = CliRunner().invoke(main, ["convert", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "would both write" in result.stderr
    (tmp_path / "a.md").unlink()
    result = CliRunner().invoke(main, ["convert", str(tmp_path), "-o", str(tmp_path), "-t", "text"])
    assert result.exit_code == 2 and "overwrite an input" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "正文。\n"


# --- the archive ----------------------------------------------------------------------------------


def test_archive_converts_and_reports_failures(archive, local_run):
    root, good = archive
    result, out, lines = local_run
    assert result.exit_code == 1, result.output
    # every good input has both outputs, mirrored below out/, complete and equal to a single conversion
    for path in good:
        relative = path.relative_to(root)
        for ext in (".json", ".xml"):
            assert (out / relative.parent / (path.stem + ext)).is_file()
    sample = good[3]
    expected = jxparse.dumps(jxparse.parse_file(sample), format="json")
    assert (out / sample.relative_to(root).with_suffix(".json")).read_text(encoding="utf-8") == expected
    assert not list(out.rglob("*.part"))
    assert not list(out.rglob("notes.*")) and not list(out.rglob("*hidden*"))
    # the manifest: one line per input, sorted by path, the two failures with their message, and
    # (issue 15) the file left out for its extension, so that nothing is left out in silence
    assert len(lines) == 213
    left_out = [line for line in lines if line["status"] == "unsupported"]
    assert [Path(line["path"]).name for line in left_out] == ["notes.odt"]
    assert ".odt is not an input format" in left_out[0]["error"] and left_out[0]["outputs"] == []
    assert "1 left out" in result.stderr and f"left out: {root / 'notes.odt'}" in result.stderr
    lines = [line for line in lines if line["status"] != "unsupported"]
    assert [line["path"] for line in lines] == sorted(line["path"] for line in lines)
    failed = {Path(line["path"]).name: line for line in lines if line["status"] == "failed"}
    assert set(failed) == set(BAD_NAMES)
    assert "cannot decode" in failed["bad.txt"]["error"] and failed["bad.txt"]["error"].startswith(str(root / "vol1" / "bad.txt"))
    assert "PDF" in failed["x.pdf"]["error"]
    for line in lines:
        assert set(line) == {"path", "sha256", "outputs", "status", "diagnostics", "warnings", "error", "seconds", "pages"}
        assert len(line["sha256"]) == 64
        if line["status"] != "failed":
            assert line["status"] in ("ok", "warnings") and len(line["outputs"]) == 2 and line["error"] is None
            assert line["pages"] is None
    import hashlib

    first = next(line for line in lines if line["status"] == "ok")
    assert first["sha256"] == hashlib.sha256(Path(first["path"]).read_bytes()).hexdigest()
    # the summary on stderr
    assert "210 converted" in result.stderr and "2 failed" in result.stderr
    assert f"failed: {root / 'x.pdf'}" in result.stderr and f"failed: {root / 'vol1' / 'bad.txt'}" in result.stderr


def test_rerun_with_skip_existing_converts_nothing(archive, local_run, tmp_path):
    root, _ = archive
    _, out, first = local_run
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    manifest = tmp_path / "again.jsonl"
    result = CliRunner().invoke(main, ["convert", str(root), "-o", str(out), "-t", "json,xml", "-j", "2",
                                       "--skip-existing", "--manifest", str(manifest)])
    assert result.exit_code == 1  # the two bad inputs are tried again and fail again
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    statuses = [line["status"] for line in lines]
    assert statuses.count("skipped") == 210 and statuses.count("failed") == 2
    assert "0 converted" in result.stderr and "210 skipped" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    # skipped lines keep what the stamps recorded
    by_path = {line["path"]: line for line in first}
    for line in lines:
        if line["status"] == "skipped":
            old = by_path[line["path"]]
            assert (line["sha256"], line["outputs"], line["diagnostics"]) == (old["sha256"], old["outputs"], old["diagnostics"])


def test_skip_existing_rule(tmp_path):
    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text(split_documents(SAMPLE_TEXT.read_text(encoding="utf-8"))[1], encoding="utf-8")
    out = tmp_path / "out"

    def statuses(**kw):
        return [r.status for r in convert_many([source.parent], out_dir=out, skip_existing=True, workers=1, **kw)]

    assert statuses() == ["ok"]
    assert statuses() == ["skipped"]
    assert statuses(formats=("json", "tree")) == ["ok"]  # a missing output
    assert statuses(formats=("json", "tree")) == ["skipped"]
    stamp = batch.stamp_path(out, "a.txt")
    data = json.loads(stamp.read_text(encoding="utf-8"))
    assert data["jxparse"] == jxparse.__version__ and data["formats"] == ["json", "tree"]
    stamp.write_text(json.dumps({**data, "jxparse": "0.0.0"}), encoding="utf-8")
    assert statuses() == ["ok"]  # another version wrote it
    future = time.time() + 10
    os.utime(source, (future, future))
    assert statuses() == ["skipped"]  # a new mtime alone: the same bytes (sha256) were converted
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("人民政府", "人民法院", 1), encoding="utf-8")  # same size
    os.utime(source, (future - 3600, future - 3600))
    assert statuses() == ["ok"]  # other bytes, even with an older mtime
    assert statuses() == ["skipped"]
    stamp.unlink()
    assert statuses() == ["ok"]  # no stamp: an interrupted or foreign output folder
    with pytest.raises(BatchError):
        convert_many([source], skip_existing=True)


def test_results_come_in_input_order_without_out_dir(archive):
    root, _ = archive
    paths = sorted(str(p) for p in (root / "vol2").rglob("*.txt"))[:12]
    results = list(convert_many(paths, workers=2, formats=("tree",)))
    assert [r.path for r in results] == sorted(paths)
    assert all(r.status in ("ok", "warnings") and r.texts["tree"].startswith("bulletin") for r in results)
    assert results[0].texts["tree"] == jxparse.dumps(jxparse.parse_file(paths[0]), format="tree")


# --- timeouts and crashes -------------------------------------------------------------------------


def _slow_or_crashing(task):
    name = Path(task.path).name
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    return _real_convert_task(task)


_real_convert_task = batch.convert_task


@pytest.fixture
def misbehaving(monkeypatch):
    """Workers (forked, so that they inherit the patch) that hang on hang*.txt and die on crash*.txt."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method")
    monkeypatch.setattr(batch.pool, "convert_task", _slow_or_crashing)
    monkeypatch.setattr(batch.pool, "_mp_context", lambda: multiprocessing.get_context("fork"))


def test_timeout_kills_the_document_and_the_batch_goes_on(tmp_path, misbehaving):
    pieces = split_documents(SAMPLE_TEXT.read_text(encoding="utf-8"))
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"doc{i}.txt").write_text(pieces[i], encoding="utf-8")
    (folder / "hang1.txt").write_text(pieces[1], encoding="utf-8")
    (folder / "hang2.txt").write_text(pieces[2], encoding="utf-8")
    (folder / "crash.txt").write_text(pieces[3], encoding="utf-8")
    start = time.monotonic()
    results = list(convert_many([folder], out_dir=tmp_path / "out", workers=2, timeout=1.5))
    elapsed = time.monotonic() - start
    assert elapsed < 20
    status = {Path(r.path).name: r.status for r in results}
    assert status.pop("hang1.txt") == status.pop("hang2.txt") == "timeout"
    assert status.pop("crash.txt") == "failed"
    assert set(status.values()) <= {"ok", "warnings"} and len(status) == 6
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["hang1.txt"].error == f"{folder / 'hang1.txt'}: timed out after 1.5 s"
    assert "worker process died (exit code 3)" in by_name["crash.txt"].error
    assert not (tmp_path / "out" / "hang1.json").exists() and not list((tmp_path / "out").rglob("*.part"))

    manifest = tmp_path / "m.jsonl"
    result = CliRunner().invoke(main, ["convert", str(folder / "hang1.txt"), str(folder / "doc0.txt"), "-o",
                                       str(tmp_path / "out2"), "--timeout", "1", "-j", "2", "--manifest", str(manifest)])
    assert result.exit_code == 1
    assert "timed out after 1 s" in result.stderr and "1 timed out" in result.stderr
    assert [json.loads(line)["status"] for line in manifest.read_text().splitlines()] == ["ok", "timeout"]


# --- interrupting a run ---------------------------------------------------------------------------


def test_sigint_leaves_no_partial_output_and_rerun_completes(tmp_path):
    folder = tmp_path / "in"
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    for i in range(60):
        path = folder / f"v{i % 4}" / f"issue{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "jxparse", "convert", str(folder), "-o", str(out), "-t", "json,xml", "-j", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not list(out.rglob("*.json")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr.decode()
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    assert not list(out.rglob("*.part"))
    written = list(out.rglob("*.json"))
    assert 0 < len(written) < 60
    for path in written:  # every output is complete
        assert json.loads(path.read_text(encoding="utf-8"))["type"] == "bulletin"
    for path in out.rglob("*.xml"):
        assert path.read_text(encoding="utf-8").rstrip().endswith(">")

    stamps = list(out.rglob(".*.jxparse-stamp"))  # written last: each one vouches for a complete set of outputs
    manifest = tmp_path / "rerun.jsonl"
    rerun = subprocess.run(command + ["--skip-existing", "--manifest", str(manifest)], cwd=ROOT,
                           capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr.decode()
    statuses = [json.loads(line)["status"] for line in manifest.read_text().splitlines()]
    assert len(statuses) == 60 and set(statuses) <= {"ok", "skipped", "warnings"}
    assert statuses.count("skipped") == len(stamps) and 0 < len(stamps) < 60
    assert len(list(out.rglob("*.json"))) == len(list(out.rglob("*.xml"))) == 60


# --- the dask engine ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def distributed():
    pytest.importorskip("dask")
    return pytest.importorskip("distributed")


def test_dask_engine_matches_the_local_engine(distributed, archive, local_run, tmp_path):
    root, _ = archive
    _, local_out, local_lines = local_run
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        results = list(convert_many([root], formats=("json", "xml"), out_dir=out, engine="dask", scheduler=client,
                                    report_left_out=True))  # as the CLI does (issue 15)
        # the CLI with --scheduler: same cluster, by address
        manifest = tmp_path / "dask.jsonl"
        cli = CliRunner().invoke(main, ["convert", str(root / "vol0"), "-o", str(tmp_path / "cli"), "--engine", "dask",
                                        "--scheduler", cluster.scheduler_address, "--manifest", str(manifest)])
    assert cli.exit_code == 0, cli.output
    assert len(manifest.read_text().splitlines()) == len(list((root / "vol0").rglob("doc*")))

    def without_seconds(lines):
        return [{k: v for k, v in line.items() if k != "seconds"} for line in lines]

    assert without_seconds([r.record() for r in results]) == without_seconds(local_lines)
    local_files = sorted(p.relative_to(local_out) for p in local_out.rglob("*") if p.is_file())
    dask_files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert local_files == dask_files
    for relative in local_files:
        assert (out / relative).read_bytes() == (local_out / relative).read_bytes(), relative
