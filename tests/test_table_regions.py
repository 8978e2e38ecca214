"""Table regions: the tables readers write (``SourceText.tables``) and the Table blocks made of them.

Every reader that writes a table (HTML, DOCX, PDF, OFD) says where it stands in the text and what
its cells are; the pipeline makes a line inside a region a row of that table, with the region's
cells, and keeps reading TABs and pipes for text and Markdown input, which have no regions.
"""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest

import jxparse
from conftest import CORPUS, ROOT, SAMPLE_TEXT, SAMPLES
from invariants import walk
from jxparse.ast import Table
from jxparse.pipeline import parse_source
from jxparse.readers.docx import read_docx
from jxparse.readers.html import read_html
from jxparse.readers.pdf import table_ranges

_spec = importlib.util.spec_from_file_location("make_docx_samples", ROOT / "scripts" / "make_docx_samples.py")
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)

FIXTURES = ROOT / "tests" / "fixtures"
_LINE_BLANKS = " \t\u3000\u00a0\f\v"  # what the line grammar trims off a line


def _source(path, **options):
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return jxparse.load_source(path, **options)


def check_regions(source) -> None:
    """The regions are in text order; each row is a whole line of the text, its cells joined by one
    TAB; each cell's offsets give its text; every line with a TAB is a row of a region."""
    text = source.text
    previous_end = -1
    row_lines = set()
    for region in source.tables:
        assert region.rows and previous_end < region.start
        assert (region.start, region.end) == (region.rows[0].start, region.rows[-1].end)
        for row in region.rows:
            assert row.cells
            start, end = row.start, row.end
            assert start == 0 or text[start - 1] == "\n"
            assert text[end] == "\n"
            assert "\t".join(row.cells) == text[start:end]
            for cell, (cell_start, cell_end) in zip(row.cells, row.cell_spans(), strict=True):
                assert text[cell_start:cell_end] == cell
                assert "\t" not in cell and "\n" not in cell
            row_lines.add(start)
        # the rows are consecutive lines: nothing but line breaks between them
        assert text[region.start:region.end].count("\n") == len(region.rows) - 1
        previous_end = region.end
    offset = 0
    for line in text.split("\n"):
        if "\t" in line:
            assert offset in row_lines, line
        offset += len(line) + 1


def texts(region) -> list[list[str]]:
    """A region's cells, as text."""
    return [list(row.cells) for row in region.rows]


def _region_rows(source, table: Table) -> tuple[tuple[str, ...], ...]:
    """The rows of the reader's region that ``table`` stands in, within its span: the cells trimmed,
    rows that are all blank (no line) left out."""
    span = table.span
    [region] = [r for r in source.tables if r.start <= span.start <= r.end]
    return tuple(tuple(cell.strip(" \u3000") for cell in row.cells) for row in region.rows
                 if span.start <= row.end and row.start <= span.end
                 and "\t".join(row.cells).strip(_LINE_BLANKS))


def check_tables(source) -> list[Table]:
    """Every Table node of ``source``'s tree holds the rows of one region, cells as in the region."""
    bulletin = parse_source(source)
    tables = [node for node in walk(bulletin) if isinstance(node, Table)]
    for table in tables:
        assert table.rows == _region_rows(source, table)
    return tables


# --------------------------------------------------------------------------- HTML


def _html(body: str):
    return read_html(f'<html><body><div class="content">{body}</div></body></html>', name="t.html")


def test_html_regions_are_the_data_tables_rows():
    source = _html("<p>前言</p>"
                   "<table><caption>表1</caption><tr><th>项目</th><th>金额</th><th></th></tr>"
                   "<tr><td></td><td>拨款</td><td>10万元</td></tr>"
                   "<tr><td>合计</td><td></td><td></td></tr></table>"
                   "<table><tr><td>只有一格</td></tr><tr><td>其余</td><td>另表</td></tr></table>"
                   "<table><tr><td>版式表</td></tr></table><p>后记</p>")
    assert source.text == ("前言\n表1\n项目\t金额\n拨款\t10万元\n合计\n只有一格\n其余\t另表\n版式表\n后记\n")
    check_regions(source)
    first, second = source.tables
    # the caption is a line of its own, not a row; empty cells at a row's ends go with the line strip
    assert texts(first) == [["项目", "金额"], ["拨款", "10万元"], ["合计"]]
    assert texts(second) == [["只有一格"], ["其余", "另表"]]
    # a layout table (no row with two cells) is no region
    assert source.text[second.end:].startswith("\n版式表")
    # two tables on adjacent lines stay two tables; a row with one cell is a row of its table
    tables = check_tables(source)
    assert [t.rows for t in tables] == [(("项目", "金额"), ("拨款", "10万元"), ("合计",)),
                                        (("只有一格",), ("其余", "另表"))]


def test_html_cell_with_a_tab_stays_one_cell():
    # the reader collapses a TAB inside a cell (like any blank run) to a space: the row keeps its cells
    source = _html("<table><tr><td>甲\t乙</td><td>丙<br>丁</td><td>戊</td></tr>"
                   "<tr><td>一</td><td>二</td><td>三</td></tr></table>")
    check_regions(source)
    [region] = source.tables
    assert texts(region) == [["甲 乙", "丙 丁", "戊"], ["一", "二", "三"]]
    [table] = check_tables(source)
    assert [len(row) for row in table.rows] == [3, 3]


def test_html_chrome_row_is_not_in_the_region():
    # a row of page chrome (打印 关闭) is left out of the text, and so out of the region
    source = _html("<table><tr><td>项目</td><td>金额</td></tr><tr><td>打印</td><td>关闭</td></tr>"
                   "<tr><td>合计</td><td>5</td></tr></table>")
    assert source.text == "项目\t金额\n合计\t5\n"
    check_regions(source)
    assert len(source.tables[0].rows) == 2


def test_html_fixture_regions_and_tables():
    source = read_html((FIXTURES / "html" / "nested-tables.html").read_bytes(), name="nested-tables.html")
    check_regions(source)
    [region] = source.tables
    assert source.text[region.start:region.end].startswith("序号\t项目名称")
    [table] = check_tables(source)
    assert len(table.rows) == len(region.rows) == 4


# --------------------------------------------------------------------------- DOCX


def _docx(body: str):
    return read_docx(mk.docx_bytes(body), name="t.docx")


def _cell(inline: str) -> str:
    return f"<w:tc>{mk.paragraph(inline, raw=True)}</w:tc>"


def test_docx_regions_are_the_data_tables_rows():
    data = mk.table([["项目", "金额", ""], ["", "10万元"], ["合计", "10万元"]])
    other = mk.table([["甲", "乙"], ["丙", "丁"]])
    layout = mk.table([["发文机关文件"], ["嘉政发〔2019〕15号"]])
    source = _docx(mk.paragraph("前言") + layout + data + other + mk.paragraph("后记"))
    assert source.text == ("前言\n\n发文机关文件\n\n嘉政发〔2019〕15号\n\n项目\t金额\n\t10万元\n合计\t10万元\n\n"
                           "甲\t乙\n丙\t丁\n\n后记\n")
    check_regions(source)
    first, second = source.tables
    # empty cells at a row's end are not written; an empty first cell is
    assert texts(first) == [["项目", "金额"], ["", "10万元"], ["合计", "10万元"]]
    spans = [(d.span.start, d.span.end) for d in source.diagnostics if d.code == "docx-table"]
    assert spans == [(first.start, first.end), (second.start, second.end)]
    # the row that starts with an empty cell is a row of its table (its line holds no TAB once trimmed)
    tables = check_tables(source)
    assert [t.rows for t in tables] == [(("项目", "金额"), ("", "10万元"), ("合计", "10万元")),
                                        (("甲", "乙"), ("丙", "丁"))]


def test_docx_cell_with_a_tab_stays_one_cell():
    # w:tab, a TAB typed in w:t and a symbol whose character is a TAB are all a space in the cell
    row = ("<w:tr>" + _cell("<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r>")
           + _cell("<w:r><w:t xml:space=\"preserve\">丙\t丁</w:t></w:r>")
           + _cell("<w:r><w:t>戊</w:t><w:sym w:font=\"Symbol\" w:char=\"0009\"/><w:t>己</w:t></w:r>") + "</w:tr>")
    second = "<w:tr>" + _cell("<w:r><w:t>一</w:t></w:r>") * 3 + "</w:tr>"
    source = _docx(f"<w:tbl>{row}{second}</w:tbl>")
    check_regions(source)
    [region] = source.tables
    assert texts(region) == [["甲 乙", "丙 丁", "戊 己"], ["一", "一", "一"]]
    [table] = check_tables(source)
    assert [len(row) for row in table.rows] == [3, 3]


def test_docx_note_table_keeps_its_label_in_the_first_cell():
    notes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             f'<w:footnotes {mk.NAMESPACES}><w:footnote w:id="1">'
             + mk.table([["", "注表", "值"], ["甲", "乙", "丙"]]) + "</w:footnote></w:footnotes>")
    body = mk.paragraph('<w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>', raw=True)
    source = read_docx(mk.docx_bytes(body, parts={"word/footnotes.xml": notes}), name="t.docx")
    assert source.text == "正文[注1]\n\n[注1] 注表\t值\n甲\t乙\t丙\n"
    check_regions(source)
    [region] = source.tables
    assert region.rows[0].cells == ("[注1] 注表", "值")


def test_docx_corpus_form_is_one_table():
    source = _source(CORPUS / "docx" / "hebei-shipin-congye-jiankang-jianchabiao.docx")
    check_regions(source)
    [region] = source.tables
    [diagnostic] = [d for d in source.diagnostics if d.code == "docx-table"]
    assert (region.start, region.end) == (diagnostic.span.start, diagnostic.span.end)
    # 18 rows, several with one non-empty cell: all of them one Table, not paragraphs between tables
    [table] = check_tables(source)
    assert len(table.rows) == len(region.rows) == 18


# --------------------------------------------------------------------------- PDF and OFD


def _check_layout_source(source) -> list[Table]:
    check_regions(source)
    diagnostics = [(d.span.start, d.span.end) for d in source.diagnostics if d.code == "pdf-table"]
    # a row's trailing empty cells are in both; the region is what table_ranges reads
    assert diagnostics == table_ranges(source) == [(r.start, r.end) for r in source.tables]
    return check_tables(source)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_pdf_sample_regions(engine):
    source = jxparse.load_source(SAMPLES / "jiaxing-2019-07.pdf", pdf_engine=engine)
    _check_layout_source(source)
    assert len(source.tables) == 1 and len(source.tables[0].rows) == 6


@pytest.mark.parametrize("name", ["hongze-2023-xxgk.pdf", "hongze-2024-xxgk.pdf"])
def test_pdf_corpus_regions_are_its_tables(name):
    source = _source(CORPUS / "pdf" / name, pdf_engine="pdfium")
    tables = _check_layout_source(source)
    # one Table per ruled table; the rows 第二十条第（一）项 … (one cell across the table) stay in it
    assert [len(t.rows) for t in tables] == [len(r.rows) for r in source.tables] == [14, 26, 4]
    assert ("第二十条第（一）项",) in tables[0].rows


def test_ofd_fixture_regions():
    _check_layout_source(_source(FIXTURES / "ofd" / "jiaxing-2019-07.ofd"))


@pytest.mark.parametrize("name", ["shizhengfu-shouwen-chulidan-2020.ofd", "fujian-minzhengban-2021-055.ofd",
                                  "jianzhu-shigong-xukezheng-2020.ofd", "fapiao-chongqing-2020-contrast.ofd"])
def test_ofd_corpus_regions(name):
    _check_layout_source(_source(CORPUS / "ofd" / name))


def test_ofd_form_rows_with_one_filled_cell_stay_in_the_table():
    source = _source(CORPUS / "ofd" / "shizhengfu-shouwen-chulidan-2020.ofd")
    [table] = _check_layout_source(source)
    assert table.rows[-3:] == (("处理意见", ""), ("通知内容", ""), ("备注", ""))


# --------------------------------------------------------------------------- regions against TABs


@pytest.mark.parametrize("path", [
    FIXTURES / "html" / "nested-tables.html",
    FIXTURES / "html" / "broken-markup.html",
    SAMPLES / "jiaxing-2019-07.pdf",
    FIXTURES / "ofd" / "jiaxing-2019-07.ofd",
    CORPUS / "ofd" / "fapiao-chongqing-2020-contrast.ofd",
    CORPUS / "docx" / "wps-gongwen-yangzhang-template.wps",
], ids=lambda path: path.name)
def test_region_tables_equal_tab_tables_where_every_row_holds_a_tab(path):
    """Where every row of the reader's tables holds a TAB once trimmed, reading the rows from the
    regions or from the TABs gives the same tree."""
    source = _source(path)
    assert source.tables
    assert all("\t" in "\t".join(row.cells).strip(_LINE_BLANKS)
               for region in source.tables for row in region.rows)
    assert parse_source(source) == parse_source(dataclasses.replace(source, tables=()))


def test_without_regions_a_row_with_one_cell_splits_the_table():
    """What the regions change: the same text read from its TABs alone loses a row whose other cells
    are empty (it reads as a paragraph) and splits its table there."""
    source = _html("<table><tr><td>项目</td><td>金额</td></tr><tr><td></td><td>另计</td></tr>"
                   "<tr><td>合计</td><td>5</td></tr></table>")
    with_regions = [t.rows for t in check_tables(source)]
    bulletin = parse_source(dataclasses.replace(source, tables=()))
    from_tabs = [t.rows for t in walk(bulletin) if isinstance(t, Table)]
    assert with_regions == [(("项目", "金额"), ("另计",), ("合计", "5"))]
    assert from_tabs == [(("项目", "金额"),), (("合计", "5"),)]


_NOTICE = ("<p>嘉兴市人民政府关于印发补助标准的通知</p><p>嘉政发〔2019〕15号</p><p>各县（市、区）人民政府：</p>"
           "<p>现将补助标准通知如下。</p><table><tr><td>项目</td><td>金额</td></tr>{rows}</table>"
           "<p>嘉兴市人民政府</p><p>2019年7月15日</p>")


@pytest.mark.parametrize("row, cells", [
    ("<tr><td>合计</td><td></td></tr>", ("合计",)),  # short, no punctuation: reads like a signatory
    ("<tr><td></td><td>2019年6月30日</td></tr>", ("2019年6月30日",)),  # a date alone: reads like a sign-off
    ("<tr><td>一、基本支出</td><td></td></tr>", ("一、基本支出",)),  # reads like a heading
    ("<tr><td>市财政局</td></tr><tr><td>2019年6月30日</td></tr>", ("2019年6月30日",)),  # like a whole sign-off
])
def test_a_reader_row_of_one_cell_is_a_row_whatever_it_looks_like(row, cells):
    """A row of a reader's table is typed a row before any stage reads the lines: standing just
    above the sign-off, a row holding only 合计, a date or 一、… is no signatory, sign-off date or
    section (the row has no TAB left to tell it from the document's own lines)."""
    source = _html(_NOTICE.format(rows="<tr><td>种粮补助</td><td>300元</td></tr>" + row))
    bulletin = parse_source(source)
    [document] = bulletin.documents
    assert document.signatories == ("嘉兴市人民政府",)
    assert document.date == "2019-07-15" and document.date_source == "text"
    [table] = [t for t in walk(bulletin) if isinstance(t, Table)]
    assert table.rows[:2] == (("项目", "金额"), ("种粮补助", "300元")) and table.rows[-1] == cells
    assert all(not hasattr(block, "marker") for block in document.body)


def test_a_form_s_caption_row_is_its_title_where_nothing_above_is():
    """A form prints its name across the first row of its table: with no title above the table, that
    row (one cell filled, the table's first) is the document's title; under a title it stays the
    first row of its table."""
    form = ("<table><tr><td colspan='4'>嘉兴市人民政府文件处理单</td></tr>"
            "<tr><td>来文文号</td><td>嘉政办发〔2020〕24号</td><td>来文单位</td><td>市人民政府办公室</td></tr>"
            "<tr><td>拟办意见</td><td colspan='3'>请市发改委阅处。</td></tr></table>")
    [document] = parse_source(_html(form)).documents
    assert document.title == "嘉兴市人民政府文件处理单"
    [table] = [block for block in document.body if isinstance(block, Table)]
    assert table.rows[0][0] == "来文文号" and len(table.rows) == 2
    bulletin = parse_source(_html(_NOTICE.replace("<tr><td>项目</td><td>金额</td></tr>",
                                                  "<tr><td colspan='2'>补助标准表</td></tr>").format(
        rows="<tr><td>种粮补助</td><td>300元</td></tr>")))
    [document] = bulletin.documents
    assert document.title == "嘉兴市人民政府关于印发补助标准的通知" and document.signatories == ("嘉兴市人民政府",)
    [table] = [t for t in walk(bulletin) if isinstance(t, Table)]
    assert table.rows == (("补助标准表",), ("种粮补助", "300元"))


def test_text_and_markdown_have_no_regions(tmp_path):
    assert jxparse.load_source(SAMPLE_TEXT).tables == ()
    markdown = tmp_path / "t.md"
    markdown.write_text("# 标题\n\n正文。\n\n| 项目 | 金额 |\n|---|---|\n| 合计 | 5 |\n", encoding="utf-8")
    source = jxparse.load_source(markdown)
    assert source.tables == ()
    [table] = [t for t in walk(parse_source(source)) if isinstance(t, Table)]
    assert table.rows == (("项目", "金额"), ("合计", "5"))
