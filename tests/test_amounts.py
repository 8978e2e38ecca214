"""Entities through the whole pipeline on the bundled sample, and the money table."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from jxparse import ast
from jxparse.amounts import COLUMNS, amount_rows, rows_to_csv, rows_to_json
from invariants import walk


def _entities(bulletin, kind):
    return [node for node in walk(bulletin) if isinstance(node, kind)]


def test_eighty_eight_amounts_with_exact_values(sample_bulletin):
    amounts = _entities(sample_bulletin, ast.Amount)
    assert len(amounts) == 88
    assert all(isinstance(a.value, Decimal) or (a.min is not None and a.max is not None) for a in amounts)
    by_text = {a.text: a for a in amounts}
    assert by_text["1000万元/年"].value == 10_000_000 and by_text["1000万元/年"].per == "年"
    assert by_text["最高不超过250万元"].bound == "max"
    assert by_text["140 亿元"].value == 14_000_000_000
    # "10 万\n\n元补助" is cut by a page break in the source: one amount whose span covers the break.
    cut = [a for a in amounts if a.text == "10 万元" and "\n" in sample_bulletin.text[a.span.start:a.span.end]]
    assert len(cut) == 1 and cut[0].value == 100_000


def test_other_entities_of_the_sample(sample_bulletin):
    fractions = _entities(sample_bulletin, ast.Fraction)
    assert [(f.text, f.numerator, f.denominator) for f in fractions] == [("三分之一", 1, 3)] * 2
    ranges = [p for p in _entities(sample_bulletin, ast.Percent) if p.min is not None]
    assert [(p.text, p.min, p.max) for p in ranges] == [("0.5%~3.0%", Decimal("0.5"), Decimal("3.0"))]
    dates = _entities(sample_bulletin, ast.DateMention)
    assert any(d.value == "2019-08-01" and "2019 年 8 月 1 日" == d.text for d in dates)
    assert any(d.year == 2020 and d.part == "end" and d.text.replace(" ", "") == "2020年底" for d in dates)
    refs = {r.doc_number.text for r in _entities(sample_bulletin, ast.DocRef)}
    assert {"嘉委发〔2018〕11号", "嘉委办发〔2019〕14号", "嘉政发[2017]36 号"} <= refs


def test_money_table(sample_bulletin):
    rows = list(amount_rows(sample_bulletin))
    assert len(rows) == 88
    table = list(csv.reader(io.StringIO(rows_to_csv(rows))))
    assert tuple(table[0]) == COLUMNS and len(table) == 89
    first = dict(zip(COLUMNS, table[1]))
    # issue 15: the section path gives each marker with its heading text
    assert first["doc_number"] == "嘉政发〔2019〕15号"
    assert first["section"] == "一、推进基础设施建设,提升农业现代化水平 > (二)支持农业发展平台建设"
    assert first["value"] == "10000000" and first["sentence"].endswith("市财政分别给予1000万元项目建设资金补助。")
    assert '"value": 10000000' in rows_to_json(rows[:1])


def test_amounts_command(tmp_path):
    from click.testing import CliRunner

    from conftest import SAMPLE_TEXT
    from jxparse.cli import main

    result = CliRunner().invoke(main, ["amounts", str(SAMPLE_TEXT)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 89
    missing = CliRunner().invoke(main, ["amounts", str(tmp_path / "missing.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output and "Traceback" not in missing.output


# --- issue 15, item 4: what the analyst needs ----------------------------------------------------

BUDGET = ("关于下达2019年专项资金的通知\n\n嘉财预〔2019〕8号\n\n各县(市、区)财政局:\n\n一、资金安排\n\n(一)市级项目\n\n"
          "项目\t金额\n农田水利\t500万元\n道路建设\t每公里1200万元\n\n嘉兴市财政局\n\n2019年7月15日\n")


def test_amounts_in_table_cells():
    import jxparse

    rows = list(amount_rows(jxparse.parse(BUDGET)))
    assert [(r.text, r.value, r.per, r.section, r.sentence) for r in rows] == [
        ("500万元", Decimal(5_000_000), None, "一、资金安排 > (一)市级项目", "农田水利 | 500万元"),
        ("每公里1200万元", Decimal(12_000_000), "公里", "一、资金安排 > (一)市级项目", "道路建设 | 每公里1200万元"),
    ]


def test_excel_csv_has_bom_and_crlf(sample_bulletin):
    text = rows_to_csv(list(amount_rows(sample_bulletin))[:3], excel=True)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")
    # what Excel's reader (and Python's, with utf-8-sig) gets back is the plain table
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) == \
        list(csv.reader(io.StringIO(rows_to_csv(list(amount_rows(sample_bulletin))[:3]))))


def test_amounts_command_takes_folders_globs_stdin_and_writes_a_file(tmp_path):
    from click.testing import CliRunner

    from jxparse.cli import main

    folder = tmp_path / "in" / "2019"
    folder.mkdir(parents=True)
    (folder / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (folder / "budget.gbk.txt").write_bytes(BUDGET.encode("gb18030"))
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    runner = CliRunner()
    out = tmp_path / "amounts.csv"
    result = runner.invoke(main, ["amounts", str(tmp_path / "in"), "--excel", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "scan.jpg: left out" in result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 5  # header + 2 rows per file
    result = runner.invoke(main, ["amounts", str(tmp_path / "in" / "*" / "budget.txt"), "-t", "json"])
    assert result.exit_code == 0 and result.stdout.count('"text"') == 2
    result = runner.invoke(main, ["amounts", "-", "--encoding", "gb18030"], input=BUDGET.encode("gb18030"))
    assert result.exit_code == 0 and result.stdout.count("\n") == 3 and "<stdin>" not in result.stderr
    # --format means the input format, as in convert; the old --format csv|json still works, with a warning
    result = runner.invoke(main, ["amounts", "--format", "text", str(folder / "budget.txt")])
    assert result.exit_code == 0 and result.stdout.count("\n") == 3
    result = runner.invoke(main, ["amounts", "--format", "json", str(folder / "budget.txt")])
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("[") and "deprecated" in result.stderr
    result = runner.invoke(main, ["amounts", str(folder / "budget.txt"), "-o", str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 2 and "does not exist" in result.stderr and "Traceback" not in result.output
