"""What a newcomer trips over on the command line (issue 15): user mistakes give one clear line."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

import jxparse
import jxparse.batch
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


def _no_traceback(result):
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


# --- item 2: paths the user gives ---------------------------------------------------------------


def test_manifest_in_a_missing_folder_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "--manifest", str(tmp_path / "missing" / "run.jsonl")])
    assert result.exit_code == 2, result.output
    assert "--manifest" in result.stderr and "No such file or directory" in result.stderr
    _no_traceback(result)


@pytest.mark.parametrize("stdin", [False, True])
def test_output_folder_that_cannot_be_created_is_checked_once_up_front(runner, tmp_path, gap_file, stdin):
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    if stdin:
        result = runner.invoke(main, ["convert", "-", "-o", str(blocker / "x")], input=GAP.encode())
    else:
        result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), str(gap_file), "-o", str(blocker / "x")])
    assert result.exit_code == 2, result.output
    assert "cannot create the output folder" in result.stderr
    assert "internal error" not in result.stderr and result.stderr.count("cannot create") == 1
    _no_traceback(result)


def test_output_folder_that_is_a_file_is_a_usage_error(runner, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "-o", str(blocker)])
    assert result.exit_code == 2 and "is a file" in result.stderr
    with pytest.raises(jxparse.batch.BatchError, match="not a folder"):  # the library checks it too
        jxparse.convert_many([SAMPLE_TEXT], out_dir=blocker)


def test_unreachable_dask_scheduler_fails_fast_with_one_line(runner):
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), "--engine", "dask", "--scheduler",
                                  f"tcp://127.0.0.1:{port}", "--scheduler-timeout", "1"])
    assert time.monotonic() - started < 15
    assert result.exit_code == 3, result.output  # the run stopped early (not a usage error: the address may be right)
    assert f"cannot reach the dask scheduler at tcp://127.0.0.1:{port} within 1 s" in result.stderr
    _no_traceback(result)


# --- item 6: --strict with --skip-existing ------------------------------------------------------


def test_strict_failure_leaves_no_stamp_and_counts_as_failed(runner, tmp_path, gap_file):
    out = tmp_path / "out"
    first = runner.invoke(main, ["convert", str(gap_file), "-o", str(out), "--strict", "--skip-existing"])
    assert first.exit_code == 1
    assert "0 converted (0 with warnings), 0 skipped, 1 failed" in first.stderr
    assert f"failed: {gap_file}" in first.stderr
    assert not list(out.glob(".*stamp")) and not (out / "gap.json").exists()
    again = runner.invoke(main, ["convert", str(gap_file), "-o", str(out), "--strict", "--skip-existing"])
    assert again.exit_code == 1 and "0 skipped, 1 failed" in again.stderr  # tried again, not skipped
    # a stamp written without --strict (warnings recorded) does not let a --strict run skip the input
    loose = runner.invoke(main, ["convert", str(gap_file), "-o", str(out), "--skip-existing"])
    assert loose.exit_code == 0 and "1 converted (1 with warnings)" in loose.stderr
    strict = runner.invoke(main, ["convert", str(gap_file), "-o", str(out), "--strict", "--skip-existing"])
    assert strict.exit_code == 1 and "0 skipped, 1 failed" in strict.stderr
    # and a clean input is skipped as before
    clean = tmp_path / "clean.txt"
    clean.write_text(GAP.replace("三、附则", "二、附则"), encoding="utf-8")
    runner.invoke(main, ["convert", str(clean), "-o", str(out), "--strict"])
    rerun = runner.invoke(main, ["convert", str(clean), "-o", str(out), "--strict", "--skip-existing"])
    assert rerun.exit_code == 0 and "1 skipped" in rerun.stderr


# --- item 7: several inputs to stdout -----------------------------------------------------------


def test_several_inputs_as_json_are_json_lines(runner, gap_file):
    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), str(gap_file), "-q"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # one compact document per line, each readable on its own
    trees = sorted((jxparse.loads(line) for line in lines), key=lambda b: len(b.documents))
    assert trees == [jxparse.parse_file(gap_file), jxparse.parse_file(SAMPLE_TEXT)]
    # a folder counts as several, even with one file in it
    folder = runner.invoke(main, ["convert", str(gap_file.parent), "-q"])
    assert len(folder.stdout.splitlines()) == 1 and jxparse.loads(folder.stdout) == jxparse.parse_file(gap_file)


def test_jsonl_and_compact_flags(runner, tmp_path, gap_file):
    single = runner.invoke(main, ["convert", str(gap_file), "--jsonl"])
    assert single.exit_code == 0 and single.stdout.count("\n") == 1
    assert jxparse.loads(single.stdout) == jxparse.parse_file(gap_file)
    pretty = runner.invoke(main, ["convert", str(gap_file)])
    assert pretty.stdout.count("\n") > 10  # one input: indented JSON, as before
    out = tmp_path / "out"
    written = runner.invoke(main, ["convert", str(gap_file), "-o", str(out), "--compact"])
    assert written.exit_code == 0 and (out / "gap.json").read_text(encoding="utf-8").count("\n") == 1
    stdin = runner.invoke(main, ["convert", "-", "--compact"], input=GAP.encode())
    assert stdin.exit_code == 0 and stdin.stdout.count("\n") == 1
    for arguments, message in ((["--jsonl", "-t", "md"], "for JSON output"),
                               (["--jsonl", "-o", str(tmp_path / "o2")], "--jsonl prints to stdout")):
        bad = runner.invoke(main, ["convert", str(gap_file), *arguments])
        assert bad.exit_code == 2 and message in bad.stderr


def test_several_inputs_as_markdown_have_a_heading_per_file(runner, gap_file):
    pytest.importorskip("markdown_it")
    from markdown_it import MarkdownIt

    result = runner.invoke(main, ["convert", str(SAMPLE_TEXT), str(gap_file), "-t", "md", "-q"])
    assert result.exit_code == 0
    html = MarkdownIt("commonmark").render(result.stdout)
    for path in (gap_file, SAMPLE_TEXT):
        assert f"<h1>文件：<code>{path}</code></h1>" in html


# --- item 8: validate takes what convert takes ----------------------------------------------------


def test_validate_folders_globs_stdin_and_missing_files(runner, tmp_path, gap_file):
    out = tmp_path / "out"
    assert runner.invoke(main, ["convert", str(gap_file), "-o", str(out / "a"), "-t", "json,xml,md"]).exit_code == 0
    bad = out / "b" / "bad.json"
    bad.parent.mkdir()
    bad.write_text('{"schema": "jxparse/1", "documents": 3}', encoding="utf-8")
    folder = runner.invoke(main, ["validate", str(out / "a")])
    assert folder.exit_code == 0, folder.output
    assert folder.stdout.count(": valid") == 2 and ".md" not in folder.output  # json and xml only
    everything = runner.invoke(main, ["validate", str(out)])
    assert everything.exit_code == 1 and str(bad) in everything.stderr
    globbed = runner.invoke(main, ["validate", str(out / "*" / "*.xml")])
    assert globbed.exit_code == 0 and globbed.stdout.count(": valid") == 1
    stdin = runner.invoke(main, ["validate", "-"], input=(out / "a" / "gap.json").read_bytes())
    assert stdin.exit_code == 0 and "<stdin>: valid" in stdin.stdout
    missing = runner.invoke(main, ["validate", str(tmp_path / "missing.json")])
    assert missing.exit_code == 1, missing.output  # a failed input, as the README's table says
    assert "no such file" in missing.stderr and "Traceback" not in missing.output


# --- item 10: diagnostics ---------------------------------------------------------------------------


def test_info_diagnostics_only_with_verbose_and_pdf_places_are_pages(runner):
    pytest.importorskip("pypdfium2")
    from conftest import SAMPLES

    pdf = SAMPLES / "jiaxing-2019-07.pdf"
    quiet = runner.invoke(main, ["convert", str(pdf), "--pdf-engine", "pdfium"])
    assert quiet.exit_code == 0 and quiet.stderr == ""  # the table notice is an info: not on every run
    verbose = runner.invoke(main, ["convert", str(pdf), "--pdf-engine", "pdfium", "-v"])
    assert f"{pdf}: page 49: info: table of 6 rows" in verbose.stderr


def test_pdf_warning_names_the_page(tmp_path):
    """A diagnostic with a span on PDF input is placed by page, from the blocks' provenance."""
    from jxparse.ast import Diagnostic, Severity, Span
    from jxparse.convert import ConvertResult
    from conftest import SAMPLES
    import dataclasses

    pytest.importorskip("pypdfium2")
    bulletin = jxparse.parse_file(SAMPLES / "jiaxing-2019-07.pdf", pdf_engine="pdfium")
    paragraph = next(block for document in bulletin.documents for block in document.body
                     if getattr(block, "page", None) and block.page > 3 and hasattr(block, "text"))
    warned = dataclasses.replace(bulletin, diagnostics=(
        Diagnostic(Severity.WARNING, "x", "something", Span(paragraph.span.start + 1, paragraph.span.end)),))
    line, = ConvertResult(name="b.pdf", bulletin=warned).diagnostic_lines()
    assert line == f"b.pdf: page {paragraph.page}: warning: something [x]"
