"""Library hygiene: importing jxparse is silent and side-effect free; errors are jxparse's own.

Import checks run in a fresh interpreter (``python -c``) so that nothing this test session
imported earlier can hide a side effect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import jxparse
from jxparse.cli import main
from jxparse.errors import DecodeError, FormatError, InputError, JxParseError, PdfError, UnknownFormat

from conftest import ROOT

PDF_FIXTURES = ROOT / "tests" / "fixtures" / "pdf"

_PROBE = r"""
import json, logging, sys, warnings
root = logging.getLogger()
before = dict(handlers=list(root.handlers), level=root.level, filters=list(warnings.filters),
              stdout=sys.stdout, stderr=sys.stderr, loggers=set(logging.root.manager.loggerDict),
              disable=logging.root.manager.disable, excepthook=sys.excepthook, displayhook=sys.displayhook)
import jxparse
after = dict(handlers=list(root.handlers), level=root.level, filters=list(warnings.filters),
             stdout=sys.stdout, stderr=sys.stderr, loggers=set(logging.root.manager.loggerDict),
             disable=logging.root.manager.disable, excepthook=sys.excepthook, displayhook=sys.displayhook)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"pdfplumber", "pypdfium2", "dask", "distributed", "lxml", "pdfminer"})
new_loggers = sorted(after.pop("loggers") - before.pop("loggers"))
handlers = [h for logger_name in new_loggers for h in logging.getLogger(logger_name).handlers
            if not isinstance(h, logging.NullHandler)]
result = {k: before[k] == after[k] for k in before}
result["heavy"] = heavy
result["handlers_on_new_loggers"] = [repr(h) for h in handlers]
sys.__stderr__.write("\n@@" + json.dumps(result))
"""


def _python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **env}
    environment.pop("PYTHONWARNINGS", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=environment, timeout=120)


def test_import_prints_nothing():
    for flags in ("", "-W default"):
        done = subprocess.run([sys.executable, *flags.split(), "-c", "import jxparse"], capture_output=True,
                              text=True, cwd=ROOT, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0
        assert (done.stdout, done.stderr) == ("", ""), flags


@pytest.fixture(scope="module")
def import_probe() -> dict:
    done = _python(_PROBE)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    noise, marker, data = done.stderr.rpartition("\n@@")
    assert marker and noise == "", noise
    return json.loads(data)


@pytest.mark.parametrize("what", ["handlers", "level", "disable", "filters", "stdout", "stderr", "excepthook",
                                  "displayhook"])
def test_import_changes_no_global_state(import_probe, what):
    assert import_probe[what], f"importing jxparse changed {what}"


def test_import_adds_no_log_handlers(import_probe):
    assert import_probe["handlers_on_new_loggers"] == []


def test_import_loads_no_heavy_dependency(import_probe):
    assert import_probe["heavy"] == []


def test_parse_loads_no_pdf_engine_or_dask():
    done = _python("import sys, jxparse; jxparse.parse('一、总则\\n正文。\\n'); "
                   "print(sorted({m.split('.')[0] for m in sys.modules} & {'pdfplumber', 'pypdfium2', 'dask', "
                   "'distributed', 'pdfminer'}))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]" and done.stderr == ""


def test_parse_and_dumps_write_nothing(capfd):
    bulletin = jxparse.parse("关于某事的通知\n嘉政发〔2019〕15号\n一、总则\n正文。\n三、跳号\n")
    for name in jxparse.formats():
        jxparse.dumps(bulletin, name)
    jxparse.loads(jxparse.dumps(bulletin, "xml"))
    assert capfd.readouterr() == ("", "")


# --------------------------------------------------------------------------- errors of the API


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        jxparse.parse_file(tmp_path / "nope.txt")
    assert caught.value.source == str(tmp_path / "nope.txt") and "no such file" in str(caught.value)


def test_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="directory"):
        jxparse.parse_file(tmp_path)


def test_undecodable_file_has_file_line_and_column(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("一、总则\n正文".encode() + b"\xff" + "。\n".encode())
    with pytest.raises(DecodeError) as caught:
        jxparse.parse_file(path)
    error = caught.value
    assert (error.source, error.line, error.column, error.offset) == ("bad.txt", 2, 7, 19)
    assert str(error).startswith("bad.txt:2:7: ")
    assert isinstance(error, JxParseError) and isinstance(error, ValueError)


def test_unknown_encoding_is_a_decode_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("正文", encoding="utf-8")
    with pytest.raises(DecodeError, match="unknown encoding"):
        jxparse.parse_file(path, encoding="no-such-codec")


@pytest.mark.parametrize("name", ["bad-corrupt.pdf", "bad-empty.pdf", "bad-not-a-pdf.pdf", "bad-truncated.pdf"])
def test_bad_pdf_is_a_pdf_error(name):
    path = PDF_FIXTURES / name
    if not path.exists():
        pytest.skip(f"{name} not in the fixtures")
    with pytest.raises(PdfError) as caught:
        jxparse.parse_file(path)
    assert caught.value.source and name in caught.value.source


def test_unknown_formats_are_unknown_format_errors():
    bulletin = jxparse.parse("正文。\n")
    with pytest.raises(UnknownFormat):
        jxparse.dumps(bulletin, "docx")
    with pytest.raises(UnknownFormat):
        jxparse.parse("正文", format="pdf")
    with pytest.raises(UnknownFormat):
        jxparse.loads("{}", format="yaml")


def test_bad_json_has_line_and_column():
    with pytest.raises(FormatError) as caught:
        jxparse.loads('{\n  "type": "bulletin",\n  oops\n}')
    assert (caught.value.line, caught.value.column) == (3, 3)
    assert str(caught.value).startswith("<input>:3:3: not valid JSON")


def test_bad_xml_has_a_line():
    with pytest.raises(FormatError) as caught:
        jxparse.loads('<?xml version="1.0"?>\n<bulletin xmlns="urn:jxparse:schema:1">\n<unclosed>\n</bulletin>')
    assert caught.value.line is not None and str(caught.value).startswith(f"<input>:{caught.value.line}: ")


def test_parse_takes_bytes_and_refuses_other_types_plainly():
    # Bytes are decoded as a file's are; a programming mistake gets a plain TypeError, not one from inside.
    assert jxparse.parse("一、标题\n".encode("gb18030")).text == "一、标题\n"
    with pytest.raises(JxParseError):
        jxparse.parse(b"\xe4\xb8\x80" * 5 + b"\xff")
    with pytest.raises(TypeError, match="str or bytes"):
        jxparse.parse(12345)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _user_mistakes(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("正文".encode() + b"\xff\n")
    not_pdf = PDF_FIXTURES / "bad-not-a-pdf.pdf"
    return {
        "missing file": ([str(tmp_path / "missing.txt")], 1),
        "undecodable file": ([str(bad)], 1),
        "bad pdf": ([str(not_pdf)], 1),
        "unknown -t format": ([str(bad), "-t", "docx"], 2),
        "unknown --format": ([str(bad), "--format", "odt"], 2),
        "unknown encoding": ([str(bad), "--encoding", "no-such-codec"], 1),
    }


@pytest.mark.parametrize("case", ["missing file", "undecodable file", "bad pdf", "unknown -t format",
                                  "unknown --format", "unknown encoding"])
def test_cli_user_mistakes_print_no_traceback(case, runner, tmp_path):
    args, code = _user_mistakes(tmp_path)[case]
    result = runner.invoke(main, ["convert", *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stderr.strip()
    if code == 1:
        first = result.stderr.splitlines()[0]
        assert first.startswith(args[0] + ":"), first  # file:line:col: message (as far as known)


@pytest.mark.parametrize("case", ["undecodable file", "bad pdf"])  # a missing file is found before any
def test_cli_debug_shows_the_traceback(case, runner, tmp_path):
    args, code = _user_mistakes(tmp_path)[case]
    result = runner.invoke(main, ["convert", *args, "--debug"])
    assert result.exit_code == code
    assert "Traceback (most recent call last)" in result.stderr


def test_cli_stdin_undecodable_no_traceback(runner):
    result = runner.invoke(main, ["convert", "-"], input=b"\xff\xfe\xfa")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    # one line naming the input and the place: FF FE is a UTF-16 byte order mark, FA the odd byte after it
    [line] = result.stderr.splitlines()
    assert line.startswith("<stdin>:1:3: cannot decode byte offset 2 as utf-16 (bytes fa)"), line
    assert "--encoding" in line


def test_cli_in_a_subprocess_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xff\n")
    done = subprocess.run([sys.executable, "-m", "jxparse", "convert", str(bad)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad}:1:10: ") and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_parse_leaves_the_garbage_collector_as_it_found_it():
    import gc

    was = gc.isenabled()
    try:
        gc.enable()
        jxparse.parse("标题\n正文。\n")
        assert gc.isenabled()
        gc.disable()
        jxparse.parse("标题\n正文。\n")
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
