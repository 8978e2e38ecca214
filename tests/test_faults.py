"""Faults around jxparse (issues 16 and 20): stale outputs, killed processes, refused writes,
inputs that change under the run, hostile output folders.

Tests that start processes kill what they started and wait for it; none takes more than a few
seconds. Faults are caused for real where the machine allows it (signals, RLIMIT_FSIZE, read-only
folders) and injected otherwise.
"""

from __future__ import annotations

import importlib.util
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
import jxparse.faults
from jxparse import batch
from jxparse.batch import convert_many
from jxparse.cli import main

from conftest import CORPUS, ROOT, SAMPLE_TEXT
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
    real = batch.stamps.file_sha256
    monkeypatch.setattr(batch.stamps, "file_sha256", lambda path: hashed.append(path) or real(path))
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
    manifest = {"input": folder / "d0.txt", "inside": folder / "sub" / "run.md", "output": out / "d1.json",
                "stamp": out / ".d1.jxparse-stamp", "glob": tmp_path / "in" / "run.txt"}[where]
    argument = str(folder / "*.txt") if where == "glob" else str(folder)
    result = CliRunner().invoke(main, ["convert", argument, "-o", str(out), "--manifest", str(manifest)])
    assert result.exit_code == 2, result.output
    assert "--manifest" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in folder.iterdir()} == before  # nothing truncated, nothing created
    # -o is checked (and created) up front, but nothing is written into it before the refusal
    assert not out.exists() or not any(out.iterdir())


def test_manifest_beside_the_outputs_is_fine(tmp_path):
    folder = _folder(tmp_path, 2)
    out = folder / "out"  # -o inside the input folder is not walked, and neither is a manifest there
    manifest = out / "run.jsonl"
    out.mkdir()
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(out), "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["status"] for line in manifest.read_text(encoding="utf-8").splitlines()] == ["ok"] * 2


# --- 16: a killed parent, SIGTERM, SIGHUP, a killed worker --------------------------------------

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def _slow_folder(root: Path, count: int = 24) -> Path:
    folder = root / "in"
    folder.mkdir(parents=True)
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"whole{i:02d}.txt").write_text(text, encoding="utf-8")  # ~0.3 s each
    return folder


def _start(args: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jxparse", *args], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _wait_for_workers(process: subprocess.Popen, out: Path, workers: int) -> list[int]:
    deadline = time.monotonic() + 20
    while True:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the workers never started converting"
        children = _children(process.pid)
        if len(children) >= workers and list(out.rglob("*.json")):
            return children
        time.sleep(0.02)


def _check_complete(out: Path) -> None:
    assert not list(out.rglob("*.part"))
    for path in out.rglob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["type"] == "bulletin"
    for path in out.rglob(".*.jxparse-stamp"):
        assert json.loads(path.read_text(encoding="utf-8"))["jxparse"] == jxparse.__version__


@linux_only
@pytest.mark.parametrize("how", ["SIGKILL", "SIGHUP"])
def test_workers_end_with_a_killed_parent_and_release_its_pipes(tmp_path, how):
    import signal

    folder = _slow_folder(tmp_path)
    out = tmp_path / "out"
    process = _start(["convert", str(folder), "-o", str(out), "-j", "2"])
    workers = []
    try:
        workers = _wait_for_workers(process, out, 2)
        process.send_signal(getattr(signal, how))
        killed = time.monotonic()
        # stdout and stderr reach end-of-file: no worker keeps them (`jxparse … | tee log` ends)
        _, stderr = process.communicate(timeout=5)
        deadline = killed + 3
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [pid for pid in workers if _alive(pid)]
        assert not left, f"workers still alive {time.monotonic() - killed:.1f} s after the parent's {how}"
        assert time.monotonic() - killed < 2.0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, 9)
    if how == "SIGHUP":  # handled as Ctrl-C: workers stopped, temporary files removed
        assert process.returncode == 128 + signal.SIGHUP, stderr.decode()
        assert b"SIGHUP" in stderr and b"Traceback" not in stderr
        _check_complete(out)
    # the next run removes what a SIGKILL left, and converts the rest
    rerun = subprocess.run([sys.executable, "-m", "jxparse", "convert", str(folder), "-o", str(out), "-j", "2",
                            "--skip-existing", "-q"], cwd=ROOT, env=_env(), capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr.decode()
    _check_complete(out)
    assert len(list(out.rglob("*.json"))) == 24


@linux_only
def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    import signal

    folder = _slow_folder(tmp_path)
    out = tmp_path / "out"
    process = _start(["convert", str(folder), "-o", str(out), "-j", "2", "--manifest", str(tmp_path / "m.jsonl")])
    workers = []
    try:
        workers = _wait_for_workers(process, out, 2)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 128 + signal.SIGTERM, stderr.decode()
    assert b"SIGTERM" in stderr and b"--skip-existing" in stderr and b"Traceback" not in stderr
    assert not [pid for pid in workers if _alive(pid)]
    _check_complete(out)
    lines = (tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 24 and all(json.loads(line)["status"] == "ok" for line in lines)  # a valid prefix


@linux_only
def test_a_worker_killed_by_a_signal_fails_its_input_and_the_batch_goes_on(tmp_path):
    import signal

    folder = _slow_folder(tmp_path, 12)
    out = tmp_path / "out"
    manifest = tmp_path / "m.jsonl"
    process = _start(["convert", str(folder), "-o", str(out), "-j", "2", "--manifest", str(manifest)])
    try:
        victim = _wait_for_workers(process, out, 2)[0]
        os.kill(victim, signal.SIGKILL)  # what the out-of-memory killer does
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 1, stderr.decode()
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 12  # nothing missing
    failed = [line for line in lines if line["status"] == "failed"]
    assert len(failed) <= 1 and all(line["status"] == "ok" for line in lines if line not in failed)
    if failed:  # the worker may have been between two documents
        assert "killed by signal SIGKILL" in failed[0]["error"]
        assert b"killed by signal SIGKILL" in stderr
    _check_complete(out)


def test_max_memory_fails_a_runaway_document_cleanly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    # 10.7 MB: well over 30 MB to convert even at the 7 MB per input MB the text pipeline needs now
    (folder / "big.txt").write_text(text * 160, encoding="utf-8")
    (folder / "small.txt").write_text(PIECES[1], encoding="utf-8")
    out = tmp_path / "out"
    results = {Path(r.path).name: r for r in convert_many([folder], out_dir=out, workers=1, max_memory=30)}
    assert results["small.txt"].status == "ok"
    assert results["big.txt"].status == "failed"
    assert results["big.txt"].error == f"{folder / 'big.txt'}: out of memory (over --max-memory 30 MB)"
    assert results["big.txt"].sha256 == jxparse.load_source(folder / "big.txt").sha256
    assert sorted(p.name for p in out.iterdir()) == [".small.jxparse-stamp", "small.json"]
    with pytest.raises(batch.BatchError):
        list(convert_many([folder], out_dir=out, max_memory=0))


# --- 16: refused writes (disk full, quota, read-only, a file-size limit) -------------------------


def _fsize_limit(limit: int):
    def set_limit():
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return set_limit


@linux_only
def test_every_write_refused_stops_the_run_with_exit_3(tmp_path):
    folder = _folder(tmp_path, 30)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "jxparse", "convert", str(folder), "-o", str(out), "-j", "2"],
                          cwd=ROOT, env=_env(), capture_output=True, timeout=120, preexec_fn=_fsize_limit(1000))
    stderr = done.stderr.decode()
    assert done.returncode == 3, stderr
    assert "File too large [EFBIG]" in stderr and "stopped: 8 inputs in a row could not be written" in stderr
    assert "inputs were not tried" in stderr and "Traceback" not in stderr
    assert not [p for p in out.rglob("*") if p.is_file()]  # no partial output, no stamp, no .part


@linux_only
def test_some_writes_refused_fail_those_inputs_only(tmp_path):
    folder = _folder(tmp_path, 3)
    (folder / "tiny.txt").write_text("通知\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / "m.jsonl"  # small enough to fit
    done = subprocess.run([sys.executable, "-m", "jxparse", "convert", str(folder), "-o", str(out), "-j", "1",
                           "--manifest", str(manifest), "-q"], cwd=ROOT, env=_env(), capture_output=True,
                          timeout=120, preexec_fn=_fsize_limit(3000))
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    lines = {Path(line["path"]).name: line for line in map(json.loads, manifest.read_text().splitlines())}
    assert lines["tiny.txt"]["status"] == "ok"
    for name in ("d0.txt", "d1.txt", "d2.txt"):
        assert lines[name]["status"] == "failed" and "File too large [EFBIG]" in lines[name]["error"], lines[name]
        assert lines[name]["outputs"] == [] and lines[name]["sha256"]
    assert sorted(p.name for p in out.iterdir()) == [".tiny.jxparse-stamp", "m.jsonl", "tiny.json"]


@pytest.mark.parametrize("code", ["ENOSPC", "EDQUOT", "EROFS", "EACCES"])
def test_injected_write_errors_name_the_reason_and_stop_the_run(tmp_path, monkeypatch, code):
    import errno

    folder = _folder(tmp_path, 12)
    out = tmp_path / "out"
    real = batch.task.write_atomic
    written = []

    def full_after_three(target, text, **kw):
        if len(written) >= 3 * 2:  # three inputs (an output and a stamp each), then the disk is full
            raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)), str(target))
        written.append(target)
        real(target, text, **kw)

    monkeypatch.setattr(batch.task, "write_atomic", full_after_three)
    results = []
    with pytest.raises(jxparse.faults.RunStopped) as stopped:
        for result in convert_many([folder], out_dir=out, workers=1):
            results.append(result)
    assert [r.status for r in results] == ["ok"] * 3 + ["failed"] * 8
    assert all(f"[{code}]" in r.error and "cannot write" in r.error for r in results[3:])
    assert f"[{code}]" in str(stopped.value) and "1 inputs were not tried" in str(stopped.value)
    assert not list(out.rglob("*.part"))
    assert sorted(p.name for p in out.glob("*.json")) == ["d0.json", "d1.json", "d10.json"]


# --- 16: inputs that change or vanish during the run ----------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_inputs_deleted_truncated_or_replaced_during_the_run(tmp_path, workers):
    folder = _folder(tmp_path, 4)
    shutil.copy(ROOT / "samples" / "jiaxing-2019-07.pdf", folder / "p.pdf")
    out = tmp_path / "out"
    results = convert_many([folder], out_dir=out, workers=workers)  # inputs are collected here
    (folder / "d0.txt").unlink()
    (folder / "d1.txt").write_bytes(b"")
    (folder / "d2.txt").write_text(PIECES[5], encoding="utf-8")
    (folder / "p.pdf").write_bytes((ROOT / "samples" / "jiaxing-2019-07.pdf").read_bytes()[:5000])
    got = {Path(r.path).name: r for r in results}
    assert got["d0.txt"].status == "failed" and "no such file" in got["d0.txt"].error
    assert got["d1.txt"].status == "ok" and got["d1.txt"].sha256 == jxparse.load_source(folder / "d1.txt").sha256
    assert got["d2.txt"].sha256 == jxparse.load_source(folder / "d2.txt").sha256
    assert got["d3.txt"].status == "ok"
    assert got["p.pdf"].status == "failed" and "truncated" in got["p.pdf"].error
    _check_complete(out)


def test_a_pdf_is_converted_from_the_bytes_it_hashed(tmp_path, monkeypatch):
    from jxparse.readers import pdf as pdf_reader

    source = tmp_path / "p.pdf"
    shutil.copy(ROOT / "samples" / "jiaxing-2019-07.pdf", source)
    expected = jxparse.load_source(source)
    real = pdf_reader._read_pdf

    def truncate_first(data, *args):
        source.write_bytes(b"%PDF-1.7\n")  # replaced after the read: the engine must not see it
        return real(data, *args)

    monkeypatch.setattr(pdf_reader, "_read_pdf", truncate_first)
    got = jxparse.load_source(source)
    assert (got.text, got.sha256) == (expected.text, expected.sha256)


# --- 16 / 20.12: outputs touched by someone else ------------------------------------------------


def test_output_symlinks_are_never_written_through(tmp_path):
    folder = _folder(tmp_path, 2)
    (folder / "sub").mkdir()
    (folder / "sub" / "s.txt").write_text(PIECES[3], encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.json"
    victim.write_text("precious", encoding="utf-8")
    (out / "d0.json").symlink_to(victim)  # an output file that is a link out of -o
    (out / "sub").symlink_to(outside, target_is_directory=True)  # a folder inside -o that leads out
    got = {Path(r.path).name: r for r in convert_many([folder], out_dir=out, workers=1)}
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "d0.json").is_symlink() and json.loads((out / "d0.json").read_text())["type"] == "bulletin"
    assert got["s.txt"].status == "failed" and "symbolic link" in got["s.txt"].error
    assert sorted(p.name for p in outside.iterdir()) == ["victim.json"]
    assert got["d1.txt"].status == "ok"


@linux_only
def test_two_runs_into_one_folder_at_once(tmp_path):
    folder = _slow_folder(tmp_path, 10)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "jxparse", "convert", str(folder), "-o", str(out), "-t", "json,xml", "-q"]
    runs = [subprocess.Popen(command + ["-j", "2"], cwd=ROOT, env=_env(), stderr=subprocess.PIPE) for _ in range(2)]
    try:
        codes = [run.wait(timeout=120) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    assert codes == [0, 0], [run.stderr.read() for run in runs]
    _check_complete(out)
    assert len(list(out.glob("*.json"))) == len(list(out.glob("*.xml"))) == len(list(out.glob(".*-stamp"))) == 10
    for path in out.glob("*.xml"):
        assert path.read_text(encoding="utf-8").rstrip().endswith("</bulletin>")


def test_the_next_run_removes_parts_of_dead_processes_only(tmp_path):
    from jxparse import faults

    folder = _folder(tmp_path, 1)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = faults._host()
    left = out / f".d0.json.{host}-{dead.pid}-0a1b2c3d.part"  # a hard-killed run's
    live = out / f".d0.json.{host}-{os.getpid()}-0a1b2c3d.part"  # a run still writing
    foreign = out / ".d0.json.ffffff-1-0a1b2c3d.part"  # another machine's, recent
    old = out / ".d9.json.eeeeee-1-0a1b2c3d.part"  # another machine's, two days old
    for part in (left, live, foreign, old):
        part.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    assert [r.status for r in convert_many([folder], out_dir=out, workers=1)] == ["ok"]
    assert sorted(p.name for p in out.glob("*.part")) == sorted([live.name, foreign.name])


# --- 16: dask faults ----------------------------------------------------------------------------


def test_an_unreachable_scheduler_stops_the_run_within_bounded_time(tmp_path):
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = _folder(tmp_path, 1)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(tmp_path / "out"), "--engine", "dask",
                                       "--scheduler", f"tcp://127.0.0.1:{port}", "--scheduler-timeout", "2"])
    assert result.exit_code == 3, result.output
    assert "cannot reach the dask scheduler" in result.output and "Traceback" not in result.output
    assert "within 2 s" in result.output and time.monotonic() - started < 10


def test_a_lost_dask_worker_is_retried_never_missing(tmp_path):
    distributed = pytest.importorskip("distributed")
    import signal

    folder = _slow_folder(tmp_path, 6)
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        results = []
        for result in convert_many([folder], out_dir=out, engine="dask", scheduler=client):
            if not results:
                os.kill(pids[0], signal.SIGKILL)  # a worker lost mid-run: the nanny starts another
            results.append(result)
    assert [Path(r.path).name for r in results] == [f"whole{i:02d}.txt" for i in range(6)]
    assert all(r.status == "ok" or (r.status == "failed" and "dask task failed" in r.error) for r in results)
    assert len(list(out.glob("*.json"))) == sum(r.status == "ok" for r in results)
    _check_complete(out)


# --- 20.2: what one PDF may cost --------------------------------------------------------------------

from hostile_pdfs import bomb_pdf, text_pdf  # noqa: E402


def _limits(address_space_mb: int):
    def set_limits():
        import resource

        limit = address_space_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return set_limits


@linux_only
@pytest.mark.parametrize("engine, stages, single", [("pdfplumber", 1, False), ("pdfium", 2, False),
                                                    ("pdfium", 1, True)])
def test_a_decompression_bomb_fails_its_input_only(tmp_path, engine, stages, single):
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(bomb_pdf(200, stages))  # 200 KB (or 1 KB) that inflates to 200 MiB
    (folder / "a.txt").write_text(PIECES[1], encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    arguments = [str(folder / "bomb.pdf")] if single else [str(folder)]  # a single input at -j 1, or a batch
    done = subprocess.run([sys.executable, "-m", "jxparse", "convert", *arguments, "-o", str(tmp_path / "out"),
                           "-j", "1", "--pdf-engine", engine, "--manifest", str(manifest)],
                          cwd=ROOT, env=_env(), capture_output=True, timeout=60, preexec_fn=_limits(1500))
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert "bomb.pdf: refused: a compressed stream at byte" in stderr and "decompression bomb" in stderr
    lines = {Path(line["path"]).name: line for line in map(json.loads, manifest.read_text().splitlines())}
    assert lines["bomb.pdf"]["status"] == "failed" and lines["bomb.pdf"]["sha256"]
    if not single:
        assert lines["a.txt"]["status"] == "ok" and (tmp_path / "out" / "a.json").is_file()


def test_stream_bounds_leave_real_pdfs_alone():
    from jxparse.readers.pdf_bounds import check_streams

    paths = [ROOT / "samples" / "jiaxing-2019-07.pdf", *sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))]
    corpus = CORPUS / "pdf"
    paths += sorted(corpus.glob("*.pdf")) if corpus.is_dir() else []
    for path in paths:
        check_streams(path.read_bytes(), str(path))  # raises for a bomb only


def test_glyphs_per_page_are_bounded(monkeypatch, tmp_path):
    from jxparse.readers import pdf as pdf_reader

    path = tmp_path / "dense.pdf"
    path.write_bytes(text_pdf(3000))
    assert jxparse.load_source(path).text.count("A") == 3000
    monkeypatch.setattr(pdf_reader, "MAX_PAGE_GLYPHS", 2000)
    with pytest.raises(jxparse.PdfError, match=r"refused: page 1 draws over 2,000 glyphs"):
        jxparse.load_source(path)  # pdfplumber: counted while the page is interpreted
    if importlib.util.find_spec("pypdfium2"):
        with pytest.raises(jxparse.PdfError, match=r"refused: page 1 holds 3,\d{3} characters \(at most 2,000 glyphs\)"):
            jxparse.load_source(path, pdf_engine="pdfium")  # pdfium: counted on its text page (line breaks too)
    monkeypatch.setattr(pdf_reader, "MAX_PAGE_GLYPHS", 10_000)
    monkeypatch.setattr(pdf_reader, "MAX_GLYPHS", 2000)
    with pytest.raises(jxparse.PdfError, match="refused: over 2,000 glyphs"):
        jxparse.load_source(path)


_ABORTING = """
import os, sys
from jxparse import batch
from jxparse.readers import pdf
pdf._read_pdf = lambda *args: os.abort()   # a native abort inside the PDF engine
for result in batch.convert_many(sys.argv[1:], workers=1, formats=("json",)):
    print(result.status, result.error)
"""


@linux_only
def test_a_native_abort_in_a_pdf_engine_fails_that_input_only(tmp_path):
    pdf = tmp_path / "a.pdf"
    shutil.copy(ROOT / "samples" / "jiaxing-2019-07.pdf", pdf)
    text = tmp_path / "b.txt"
    text.write_text(PIECES[1], encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _ABORTING, str(pdf), str(text)], cwd=ROOT, env=_env(),
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert lines == [f"failed {pdf}: the worker process died (killed by signal SIGABRT)", "ok None"]


# --- 20.8: file names that are not UTF-8 ------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names are always UTF-8")
def test_file_names_that_are_not_utf8(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    gbk = os.fsdecode("你好".encode("gbk") + b".txt")  # as the OS gives it: surrogate-escaped
    broken = os.fsdecode(b"\xff\xfe-x.txt")
    for name in (gbk, broken, "ok.txt"):
        (folder / name).write_text(PIECES[1], encoding="utf-8")
    out = tmp_path / "out"
    manifest = tmp_path / "m.jsonl"
    command = ["convert", str(folder), "-o", str(out), "-t", "json,xml,md", "--manifest", str(manifest)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(line["path"]).name for line in lines) == sorted([gbk, broken, "ok.txt"])  # lossless
    assert all(line["status"] == "ok" for line in lines)
    names = {json.loads(p.read_text(encoding="utf-8"))["source"]["name"] for p in out.glob("*.json")}
    assert names == {"你好.txt", "\\xff\\xfe-x.txt", "ok.txt"}
    assert (out / (gbk[:-4] + ".xml")).is_file() and (out / (broken[:-4] + ".md")).is_file()
    assert CliRunner().invoke(main, command + ["--skip-existing"]).exit_code == 0
    assert {json.loads(line)["status"] for line in manifest.read_text(encoding="utf-8").splitlines()} == {"skipped"}
    shards = [CliRunner().invoke(main, ["convert", str(folder), "-o", str(tmp_path / f"s{i}"), "--shard", f"{i}/2",
                                        "--manifest", str(tmp_path / f"s{i}.jsonl")]) for i in (1, 2)]
    assert [s.exit_code for s in shards] == [0, 0]
    assert sum(len((tmp_path / f"s{i}.jsonl").read_text().splitlines()) for i in (1, 2)) == 3
    assert batch.shard_of("ok.txt", 7) == int.from_bytes(__import__("hashlib").sha256(b"ok.txt").digest()[:8],
                                                          "big") % 7 + 1  # valid names shard as before


# --- 20.9: zero-advance glyphs are text, not fake bold ---------------------------------------------


def test_dedupe_needs_a_second_drawing_not_just_one_place():
    from jxparse.readers.layout import dedupe, overprints

    def glyphs(spec):
        return [(t, x, 100.0, x + 6, 112.0, 12.0) for t, x in spec]

    stacked = glyphs([("1", 10), ("0", 16), ("0", 16), ("0", 16), ("万", 22), ("元", 34)])  # zero advance
    assert "".join(g[0] for g in dedupe(stacked)) == "1000万元"
    assert overprints(stacked) == (set(), 2)
    string_again = glyphs([("1", 10), ("0", 16), ("万", 22), ("1", 10.4), ("0", 16.4), ("万", 22.4)])  # fake bold
    assert "".join(g[0] for g in dedupe(string_again)) == "10万"
    glyph_again = glyphs([("人", 10), ("人", 10.3), ("民", 22), ("民", 22.3)])  # each glyph drawn twice, offset
    assert "".join(g[0] for g in dedupe(glyph_again)) == "人民"
    bold_stack = glyphs([("1", 10), ("0", 16), ("0", 16), ("1", 10.3), ("0", 16.3), ("0", 16.3)])  # both
    assert "".join(g[0] for g in dedupe(bold_stack)) == "100"


@pytest.mark.parametrize("font", [b"Helvetica", b"JxZero"])
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_zero_advance_digits_keep_every_digit_with_both_engines(tmp_path, font, engine):
    from hostile_pdfs import zero_advance_pdf

    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    path = tmp_path / "zero.pdf"
    path.write_bytes(zero_advance_pdf(font=font))
    source = jxparse.load_source(path, pdf_engine=engine)
    assert source.text == "Grant 1000 yuan, code 7788 ok\n"
    codes = {d.code for d in source.diagnostics}
    if engine == "pdfium":  # PDFium's own text page drops the repeats: the file is read with pdfplumber
        assert "pdf-engine-fallback" in codes
    elif font == b"JxZero":  # pdfminer honours the zero widths: the stack is kept and reported
        assert "pdf-zero-advance" in codes


def _all_pdfs() -> list[Path]:
    corpus = CORPUS
    found = sorted((ROOT / "samples").glob("*.pdf")) + sorted((ROOT / "tests" / "fixtures" / "pdf").glob("layout-*.pdf"))
    return found + (sorted(corpus.rglob("*.pdf")) if corpus.is_dir() else [])


@pytest.mark.parametrize("path", _all_pdfs(), ids=lambda p: p.name)
def test_both_engines_give_the_same_text(path):
    pytest.importorskip("pypdfium2")
    plumber = jxparse.load_source(path, pdf_engine="pdfplumber")
    pdfium = jxparse.load_source(path, pdf_engine="pdfium")
    assert pdfium.text == plumber.text
    assert "pdf-engine-fallback" not in {d.code for d in pdfium.diagnostics}  # no real PDF needs it


def test_pdfminer_warnings_become_a_diagnostic_not_stderr(tmp_path):
    from hostile_pdfs import zero_advance_pdf

    path = tmp_path / "zero.pdf"
    path.write_bytes(zero_advance_pdf(font=b"JxZero"))  # pdfminer warns: the font has no FontBBox
    quiet = subprocess.run([sys.executable, "-m", "jxparse", "convert", str(path), "-q", "-t", "text"], cwd=ROOT,
                           env=_env(), capture_output=True, timeout=60)
    assert quiet.returncode == 0 and quiet.stderr == b"" and quiet.stdout == b"Grant 1000 yuan, code 7788 ok\n"
    # the diagnostic is an info one: shown with -v (info diagnostics are hidden by default)
    loud = subprocess.run([sys.executable, "-m", "jxparse", "convert", str(path), "-t", "text", "-v"], cwd=ROOT,
                          env=_env(), capture_output=True, timeout=60)
    assert b"FontBBox" in loud.stderr and b"[pdf-engine-log]" in loud.stderr


# --- 20.12: the smaller ones ---------------------------------------------------------------------------


def test_long_cjk_names_fit_the_name_limit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    long_txt = "关于" * 41 + "通" + ".txt"  # 83 characters: 249 bytes + .txt = 253 bytes
    long_md = "关于" * 42 + ".md"  # 84 characters: 252 bytes + .md = 255, the limit
    for name in (long_txt, long_md):
        (folder / name).write_text(PIECES[1], encoding="utf-8")
    out = tmp_path / "out"

    def run():
        return [(r.status, r.outputs) for r in convert_many([folder], out_dir=out, formats=("json", "tree"),
                                                             workers=1, skip_existing=True)]

    first = run()
    assert [status for status, _ in first] == ["ok", "ok"], first
    assert all(len(os.fsencode(p.name)) <= 255 for p in out.iterdir())
    assert (out / (long_txt[:-4] + ".json")).is_file()  # short enough: the name is kept
    shortened = [name for _, outputs in first for name in outputs if "~" in name]
    assert len(shortened) == 2 and all(name.startswith("关于关于") for name in shortened)  # .json, .tree of the .md
    assert all((out / name).is_file() for _, outputs in first for name in outputs)
    assert [status for status, _ in run()] == ["skipped", "skipped"]  # the stamps were written
    assert not list(out.glob("*.part"))


def test_an_unreadable_sub_folder_is_reported_not_skipped(tmp_path, monkeypatch):
    folder = _folder(tmp_path, 2)
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.txt").write_text(PIECES[1], encoding="utf-8")
    if os.geteuid() != 0:
        (folder / "locked").chmod(0)
    else:  # root reads everything: refuse the listing the way the OS would
        real = os.scandir

        def scandir(path="."):
            if os.fspath(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        results = list(convert_many([folder], out_dir=tmp_path / "out", workers=1))
    finally:
        (folder / "locked").chmod(0o755)
    failed = [r for r in results if r.status == "failed"]
    assert len(results) == 3 and len(failed) == 1
    assert failed[0].error == f"{folder / 'locked'}: cannot read the folder: Permission denied"


def test_outputs_inside_a_globbed_folder_never_become_inputs(tmp_path):
    folder = _folder(tmp_path, 2)
    out = folder / "out"
    pattern = str(folder / "**" / "*.txt")
    for _ in range(2):
        results = list(convert_many([pattern], out_dir=out, formats=("text",), workers=1))
        assert sorted(Path(r.path).name for r in results) == ["d0.txt", "d1.txt"]
    assert sorted(p.name for p in out.glob("*.txt")) == ["d0.txt", "d1.txt"]


def test_a_bytes_to_bytes_charset_is_an_unknown_charset(tmp_path):
    page = tmp_path / "p.html"
    for label in ("base64", "zlib", "rot13", "hex"):
        page.write_text(f'<html><head><meta charset="{label}"></head><body><p>通知</p></body></html>', encoding="utf-8")
        source = jxparse.load_source(page)
        assert source.text.strip() == "通知"
        assert "html-charset-unknown" in {d.code for d in source.diagnostics}


@linux_only
@pytest.mark.parametrize("command", [["convert", "-"], ["amounts", "-"]])
def test_ctrl_c_exits_130_in_every_command(command):
    import signal

    process = subprocess.Popen([sys.executable, "-m", "jxparse", *command], cwd=ROOT, env=_env(),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.stdin.write("通知\n".encode("utf-8"))
        process.stdin.flush()
        time.sleep(1.5)  # reading standard input, which never ends
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, stderr.decode()
    assert b"interrupted" in stderr and b"Traceback" not in stderr


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_glyphs_multiplied_by_a_form_xobject_are_bounded(monkeypatch, tmp_path, engine):
    from hostile_pdfs import xobject_bomb_pdf
    from jxparse.readers import pdf as pdf_reader

    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    path = tmp_path / "forms.pdf"
    path.write_bytes(xobject_bomb_pdf(100, 200))  # 20 000 glyphs from 2 KB; no stream is large
    monkeypatch.setattr(pdf_reader, "MAX_PAGE_GLYPHS", 5000)
    # pdfplumber: stopped while the page is interpreted, before its layout is built; pdfium: by the
    # count of its text page, before the glyphs are read
    expected = "draws over 5,000 glyphs" if engine == "pdfplumber" else r"holds 20,\d{3} characters \(at most 5,000"
    with pytest.raises(jxparse.PdfError, match=f"refused: page 1 {expected}"):
        jxparse.load_source(path, pdf_engine=engine)


def test_pdfium_glyphs_are_bounded_before_they_are_read(monkeypatch, tmp_path):
    """PDFium's glyph count is checked on the text page, before a glyph is read: reading each one
    (a Python tuple and five engine calls) is the costly step, 2 million glyphs took 914 MB."""
    pdfium = pytest.importorskip("pypdfium2")
    from hostile_pdfs import xobject_bomb_pdf
    from jxparse.readers import pdf as pdf_reader

    path = tmp_path / "forms.pdf"
    path.write_bytes(xobject_bomb_pdf(100, 200))
    read = []
    get_text_range = pdfium.PdfTextPage.get_text_range
    monkeypatch.setattr(pdfium.PdfTextPage, "get_text_range",
                        lambda self, *args, **kwargs: read.append(args) or get_text_range(self, *args, **kwargs))
    # (the form drawn 200 times at one place reads as one line of fake bold)
    assert jxparse.load_source(path, pdf_engine="pdfium").text == "A" * 100 + "\n"
    assert read  # the glyphs of a page within the bound are read
    read.clear()
    monkeypatch.setattr(pdf_reader, "MAX_PAGE_GLYPHS", 5000)
    with pytest.raises(jxparse.PdfError, match=r"forms.pdf: refused: page 1 holds 20,\d{3} characters"):
        jxparse.load_source(path, pdf_engine="pdfium")
    assert not read  # refused before any glyph was read
