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
    assert first["doc_number"] == "嘉政发〔2019〕15号" and first["section"] == "一、 > (二)"
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
