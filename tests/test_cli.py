"""The ``jxparse convert`` command: stdout, -o, stdin, exit codes, error and diagnostic lines."""

from __future__ import annotations

import io
import json
import sys

import pytest
from click.testing import CliRunner

import jxparse
from jxparse import cli
from jxparse.cli import main

from conftest import SAMPLE_TEXT

GAP = "关于做好某某工作的通知\n\n嘉政发〔2019〕15号\n\n各县(市、区)人民政府:\n\n一、总则\n\n正文。\n\n三、附则\n\n正文。\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def gap_file(tmp_path):
    path = tmp_path / "gap.txt"
    path.write_text(GAP, encoding="utf-8")
    return path


def test_single_file_prints_json(runner):
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "-t", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == jxparse.dumps(jxparse.parse_file(SAMPLE_TEXT), format="json")
    assert result.stderr == ""  # no summary for one input printed to stdout


def test_single_file_tree_and_text(runner):
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "-t", "tree"])
    assert result.exit_code == 0 and result.stdout.startswith("bulletin")
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "-t", "text"])
    assert result.stdout == SAMPLE_TEXT.read_text(encoding="utf-8")


def test_output_folder(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "-o", str(out), "-t", "json,xml,tree"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["jiaxing-2019-07.json", "jiaxing-2019-07.tree", "jiaxing-2019-07.xml"]
    assert jxparse.loads((out / "jiaxing-2019-07.json").read_text(encoding="utf-8")) == jxparse.parse_file(SAMPLE_TEXT)
    assert "1 converted (0 with warnings), 0 skipped, 0 failed, 0 timed out" in result.stderr


def test_stdin(runner, tmp_path):
    data = SAMPLE_TEXT.read_bytes()
    result = runner.invoke(main, ["convert", "-", "-t", "json"], input=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"]["name"] == "<stdin>"
    result = runner.invoke(main, ["convert", "-", "-o", str(tmp_path), "-t", "xml"], input=data)
    assert result.exit_code == 0 and (tmp_path / "stdin.xml").is_file()
    result = runner.invoke(main, ["convert", "-", str(SAMPLE_TEXT)], input=data)
    assert result.exit_code == 2 and "cannot be combined" in result.stderr


def test_several_inputs_print_in_turn(runner, tmp_path, gap_file):
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), str(gap_file), "-t", "tree", "-q"])
    assert result.exit_code == 0
    first = jxparse.dumps(jxparse.parse_file(gap_file), format="tree")  # sorted by path: /tmp… before /work…
    second = jxparse.dumps(jxparse.parse_file(SAMPLE_TEXT), format="tree")
    assert result.stdout == (first + second if str(gap_file) < str(SAMPLE_TEXT) else second + first)


@pytest.mark.parametrize("arguments, message", [
    (["-t", "yaml"], "unknown format"),
    (["-t", "json,xml"], "several formats need -o DIR"),
    (["--skip-existing"], "--skip-existing needs -o DIR"),
    (["--shard", "3/2", "-o", "OUT"], "--shard"),
    (["--shard", "half", "-o", "OUT"], "--shard"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
    (["-j", "0"], "-j"),
    (["--timeout", "0"], "--timeout"),
    (["--no-such-option"], "No such option"),
])
def test_usage_errors_exit_2(runner, tmp_path, arguments, message):
    arguments = [str(tmp_path / "out") if a == "OUT" else a for a in arguments]
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), *arguments])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_file_exits_1_without_traceback(runner, tmp_path):
    missing = tmp_path / "missing.txt"
    result = runner.invoke(main, ["convert", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{missing}: no such file or directory"
    assert "Traceback" not in result.stderr


def test_failed_input_message_and_debug_traceback(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xfa\xff\xfe" + bytes([0x80, 0xFF]) * 20)
    result = runner.invoke(main, ["convert", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:1:1: cannot decode byte offset 0 as utf-8")
    assert "Traceback" not in result.stderr
    result = runner.invoke(main, ["convert", str(bad), "--debug"])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr and "DecodeError" in result.stderr


def test_diagnostics_on_stderr_and_strict(runner, gap_file):
    result = runner.invoke(main, ["convert", str(gap_file), "-t", "json"])
    assert result.exit_code == 0
    assert f"{gap_file}:11:1: warning: heading 三、 follows number 1; expected 2 [numbering-gap]" in result.stderr.splitlines()
    json.loads(result.stdout)
    result = runner.invoke(main, ["convert", str(gap_file), "-t", "json", "--strict"])
    assert result.exit_code == 1
    result = runner.invoke(main, ["convert", str(gap_file), "-t", "json", "-q"])
    assert result.exit_code == 0 and result.stderr == ""


def test_folder_with_warnings_manifest_and_strict(runner, tmp_path, gap_file):
    folder = gap_file.parent
    (folder / "sub").mkdir()
    (folder / "sub" / "whole.txt").write_bytes(SAMPLE_TEXT.read_bytes())
    manifest = tmp_path / "m.jsonl"
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(folder), "-o", str(out), "--manifest", str(manifest), "-j", "1"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert [(line["path"], line["status"], line["outputs"]) for line in lines] == [
        (str(gap_file), "warnings", ["gap.json"]), (str(folder / "sub" / "whole.txt"), "ok", ["sub/whole.json"])]
    assert lines[0]["diagnostics"] == lines[0]["warnings"] == 1
    assert "2 converted (1 with warnings)" in result.stderr
    result = runner.invoke(main, ["convert", str(folder), "-o", str(out), "--strict", "-q"])
    # issue 15: an input with warnings is a failure under --strict, and -q still reports failures
    assert result.exit_code == 1 and result.stderr == f"{gap_file}: 1 warning, a failure under --strict\n"


def test_no_progress_when_stderr_is_not_a_terminal(runner, tmp_path, gap_file):
    result = runner.invoke(main, ["convert", str(gap_file.parent), "-o", str(tmp_path / "o")])
    assert "\r" not in result.stderr


def test_progress_line(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    progress = cli._Progress()

    class Result:
        failed = True

    progress(Result(), 1, 4)
    progress.clear()
    text = stream.getvalue()
    assert text.startswith("\r1/4 files") and "files/s" in text and "ETA" in text and "1 failed" in text
    assert text.endswith("\r")


def test_validate_and_schema_still_work(runner, tmp_path):
    out = tmp_path / "o"
    runner.invoke(main, ["convert", str(SAMPLE_TEXT), "-o", str(out)])
    result = runner.invoke(main, ["validate", str(out / "jiaxing-2019-07.json")])
    assert result.exit_code == 0 and "valid" in result.stdout
    assert runner.invoke(main, ["schema", "json"]).exit_code == 0
