"""The PDF reader: text conventions, engines, furniture, provenance, tables, bad PDFs.

pdfplumber is slow (about 60 ms a page): every PDF is read once per engine per module (fixtures).
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from jxparse.errors import PdfError
from jxparse.readers.pdf import _pages_pdfium, _pdfium_segments, read_pdf, table_ranges
from jxparse.readers.layout import Char, dedupe, group_lines
from conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PDF = ROOT / "samples" / "jiaxing-2019-07.pdf"
SAMPLE_TXT = ROOT / "samples" / "jiaxing-2019-07.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
PDF_CORPUS = CORPUS / "pdf"
HONGZE = [PDF_CORPUS / "hongze-2023-xxgk.pdf", PDF_CORPUS / "hongze-2024-xxgk.pdf"]
LAYOUTS = sorted(FIXTURES.glob("layout-*.pdf"))
ENGINES = ("pdfplumber", "pdfium")

SIMILARITY = 0.99  # measured 0.9998 (whitespace removed; the .txt has 4 extra "*" and a "- "), minus a margin


@lru_cache(maxsize=None)
def read(path: Path, engine: str):
    return read_pdf(path, engine=engine)


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module", params=ENGINES)
def sample(request):
    return read(SAMPLE_PDF, request.param)


# --------------------------------------------------------------------------- the sample bulletin


def test_sample_source_fields(sample):
    data = SAMPLE_PDF.read_bytes()
    import hashlib

    assert sample.format == "pdf"
    assert sample.name == "jiaxing-2019-07.pdf"
    assert sample.encoding is None
    assert sample.sha256 == hashlib.sha256(data).hexdigest()
    assert sample.pages == 50
    assert sample.text.endswith("\n") and not sample.text.endswith("\n\n")


def test_sample_reads_like_the_txt(sample):
    reference = SAMPLE_TXT.read_text(encoding="utf-8")
    ratio = difflib.SequenceMatcher(None, squash(sample.text), squash(reference), autojunk=False).ratio()
    assert ratio >= SIMILARITY


def test_sample_doc_numbers_dates_and_no_page_numbers(sample):
    lines = sample.text.split("\n")
    for serial in (15, 31, 32, 33, 34, 35):
        agency = "嘉政发" if serial == 15 else "嘉政办发"
        # the print has one 文号 in square brackets: 嘉政办发[2019]31 号
        assert any(re.fullmatch(rf"{agency}[〔\[]2019[〕\]]{serial} 号", line) for line in lines), serial
    for day in (15, 3, 5, 19, 23, 26):
        assert f"2019 年 7 月 {day} 日" in lines
    assert not re.search(r"—\s*\d+\s*—", sample.text)
    assert "2019 年第 7 期" not in sample.text


def test_sample_blocks(sample):
    text = sample.text
    # titles wrapped over three printed lines come out as one line, a blank line around
    assert "\n\n嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知\n\n嘉政发〔2019〕15 号\n\n" in text
    # sign-off: issuer and date on consecutive lines
    assert "\n\n嘉兴市人民政府\n2019 年 7 月 15 日\n\n" in text
    assert "\n\n嘉兴市人民政府办公室\n2019 年 7 月 26 日\n\n" in text
    # a paragraph cut by a page break (mid-word, and after 。 with an unindented next page) is one line
    assert "(五)推进农业绿色发展。整合耕地保护、秸秆利用、统防统治" in text
    assert "标准给予项目建设资金补助。对处于“示范镇”外" in text
    # a printed line starting with 一、 inside a paragraph does not start a block
    assert "标准统一、技术协同,重点争取" in text
    # headings are blocks of their own; spaces around digits are kept
    assert "\n\n一、推进基础设施建设,提升农业现代化水平\n\n" in text
    assert "八届市政府第 24 次常务会议" in text
    # 目录 entries with a hanging indent: wrapped lines joined
    assert "\n\n嘉兴市人民政府办公室关于印发 2019 年嘉兴市食品安全工作要点的通知\n\n(嘉政办发〔2019〕34 号) (14)\n\n" in text
    # 附件 list items on consecutive lines
    assert re.search(r"附件:1\. 嘉兴市农信机构[^\n]*\n2\. 农信机构“一对一”指导组表\(略\)\n3\. [^\n]*\n4\. ", text)


def test_sample_catalog_table(sample):
    rows = [line for line in sample.text.split("\n") if "\t" in line]
    assert rows[0] == "嘉政发〔2019〕15 号\t嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知"
    assert len(rows) == 6 and all(len(r.split("\t")) == 2 for r in rows)
    # one table across the page break (pages 49-50), framed by blank lines
    (start, end), = table_ranges(sample)
    assert sample.text[start:end] == "\n".join(rows)
    assert sample.text[start - 2 : start] == "\n\n" and sample.text[end : end + 1] == "\n"


def test_sample_furniture(sample):
    numbers = [f for f in sample.furniture if f.kind == "page_number"]
    headers = [f for f in sample.furniture if f.kind == "page_header"]
    assert [f.page for f in numbers] == list(range(1, 51))
    assert all(f.text.replace(" ", "") == f"—{f.page}—" for f in numbers)
    assert [f.page for f in headers] == list(range(2, 51))
    assert {f.text for f in headers} == {"嘉兴市人民政府公报 2019 年第 7 期"}


def test_sample_provenance(sample):
    check_provenance(sample)
    pages = {o.page for o in sample.origins}
    assert pages == set(range(1, 51))


def check_provenance(source):
    text = source.text
    lines = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    assert [(o.start, o.end) for o in source.origins] == lines
    for o in source.origins:
        assert 1 <= o.page <= source.pages
        x0, top, x1, bottom = o.bbox
        assert x0 <= x1 and top <= bottom
        line = text[o.start : o.end]
        if "\t" not in line:  # table rows may start with empty cells
            assert line.strip() == line


def test_engines_agree_on_the_sample():
    assert read(SAMPLE_PDF, "pdfplumber").text == read(SAMPLE_PDF, "pdfium").text
    assert read(SAMPLE_PDF, "pdfplumber").furniture == read(SAMPLE_PDF, "pdfium").furniture


# --------------------------------------------------------------------------- typeset layouts


def meta(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LAYOUTS, ids=[p.stem for p in LAYOUTS])
@pytest.mark.parametrize("engine", ENGINES)
def test_layout_text_in_order(path, engine):
    source = read(path, engine)
    flat = squash(source.text)
    pos = 0
    for block in meta(path)["blocks"]:
        if block["kind"] == "table":
            parts = ["\t".join(row) for row in block["rows"]]
        else:
            parts = block.get("lines") or [block["text"]]
        for part in parts:
            want = squash(part).replace("\u00ad", "-")
            found = flat.find(want, pos)
            assert found >= 0, f"{block['kind']} not found in order: {part[:40]}"
            pos = found + len(want)
    check_provenance(source)


@pytest.mark.parametrize("path", LAYOUTS, ids=[p.stem for p in LAYOUTS])
@pytest.mark.parametrize("engine", ENGINES)
def test_layout_furniture(path, engine):
    source = read(path, engine)
    info = meta(path)
    got = {(f.kind, f.page, f.text) for f in source.furniture}
    want = {("page_number", page, text) for page, text in info["page_numbers"]}
    want |= {("page_header", page, text) for page, text in info["headers"]}
    want |= {("page_footer", page, text) for page, text in info["footers"]}
    assert got == want
    lines = set(source.text.split("\n"))
    for _, text in info["page_numbers"] + info["headers"] + info["footers"]:
        assert text not in lines


@pytest.mark.parametrize("path", LAYOUTS, ids=[p.stem for p in LAYOUTS])
def test_layout_engines_agree(path):
    assert read(path, "pdfplumber").text == read(path, "pdfium").text


def redrawn_pdf(path: Path, out: Path, how: str, degrees: int) -> Path:
    """A copy of ``path`` with every page's content redrawn turned by ``degrees``.

    ``how="rotate"``: drawn sideways (or upside down) and turned back by /Rotate, so that the page
    looks the same, as several printer drivers and scanners write landscape pages.
    ``how="sideways"``: set sideways on the same portrait page, scaled to fit, with no /Rotate, as a
    book sets a wide table: its text runs upwards (90) or downwards (270).
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        scale = width / height if how == "sideways" else 1.0
        matrix, box = {
            90: ((0, scale, -scale, 0, height * scale, 0), (0, 0, height, width)),
            180: ((-1, 0, 0, -1, width, height), (0, 0, width, height)),
            270: ((0, -scale, scale, 0, 0, width if how == "rotate" else height), (0, 0, height, width)),
        }[degrees]
        for k in range(raw.FPDFPage_CountObjects(page.raw)):
            raw.FPDFPageObj_Transform(raw.FPDFPage_GetObject(page.raw, k), *map(float, matrix))
        raw.FPDFPage_GenerateContent(page.raw)
        if how == "rotate":
            page.set_mediabox(*box)
            page.set_cropbox(*box)
            page.set_rotation(degrees)
    pdf.save(str(out))
    pdf.close()
    return out


@pytest.mark.parametrize(("how", "degrees"), [("rotate", 90), ("rotate", 180), ("rotate", 270), ("sideways", 90),
                                              ("sideways", 270)])
@pytest.mark.parametrize("name", ["layout-dash", "layout-letterhead"])
@pytest.mark.parametrize("engine", ENGINES)
def test_turned_pages_read_as_upright(tmp_path, name, how, degrees, engine):
    # /Rotate pages are read as displayed; text set sideways is read turned so that it runs left to right
    upright = read(FIXTURES / f"{name}.pdf", engine)
    turned = read_pdf(redrawn_pdf(FIXTURES / f"{name}.pdf", tmp_path / "turned.pdf", how, degrees), engine=engine)
    assert turned.text == upright.text
    assert turned.furniture == upright.furniture
    assert table_ranges(turned) == table_ranges(upright)
    for origin in turned.origins:  # boxes on the page as it is displayed
        x0, top, x1, bottom = origin.bbox
        assert 0 <= x0 <= x1 <= 595.3 and 0 <= top <= bottom <= 841.9
    if how == "sideways":
        longest = max(turned.origins, key=lambda o: o.end - o.start)
        assert longest.bbox[3] - longest.bbox[1] > longest.bbox[2] - longest.bbox[0]  # the text runs down the page


@pytest.mark.parametrize("engine", ENGINES)
def test_sideways_body_under_upright_furniture(tmp_path, engine):
    # a wide table turned on the page, the page's own running head and number upright
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    path = redrawn_pdf(FIXTURES / "layout-letterhead.pdf", tmp_path / "sideways.pdf", "sideways", 90)
    pdf = pdfium.PdfDocument(str(path))
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        for text, y in ((f"- {index + 1} -", 30.0), ("Bulletin 2019/7", height - 40)):
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(12))
            chars = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(chars, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1.0, 0.0, 0.0, 1.0, width / 2 - 20, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(tmp_path / "mixed.pdf"))
    pdf.close()
    upright = read(FIXTURES / "layout-letterhead.pdf", engine)
    mixed = read_pdf(tmp_path / "mixed.pdf", engine=engine)
    assert mixed.text == upright.text
    added = {(kind, page, text) for page in (1, 2) for kind, text in
             (("page_header", "Bulletin 2019/7"), ("page_number", f"- {page} -"))}
    original = {(f.kind, f.page, f.text) for f in upright.furniture}
    assert {(f.kind, f.page, f.text) for f in mixed.furniture} == added | original


@pytest.mark.parametrize("name", ["layout-dash", "layout-columns"])
@pytest.mark.parametrize("engine", ENGINES)
def test_layout_paragraphs_are_single_lines(name, engine):
    # in two columns too: a paragraph runs on from the foot of one column to the head of the next
    source = read(FIXTURES / f"{name}.pdf", engine)
    lines = source.text.split("\n")
    for block in meta(FIXTURES / f"{name}.pdf")["blocks"]:
        if block["kind"] in ("para", "title", "heading", "docnum", "addressee"):
            assert any(squash(line) == squash(block["text"]) for line in lines), block["text"][:30]
        for text in block.get("lines", []):  # sign-off lines stay lines of their own
            assert text in lines


def test_glyphs_without_unicode_are_kept_and_reported(tmp_path):
    # a font without its ToUnicode map: the engines cannot tell what the glyphs say
    data = (FIXTURES / "layout-dash.pdf").read_bytes()
    stripped = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), data)  # same length: offsets hold
    assert stripped != data
    (tmp_path / "no-unicode.pdf").write_bytes(stripped)
    for engine in ENGINES:
        source = read_pdf(tmp_path / "no-unicode.pdf", engine=engine)
        (diagnostic,) = [d for d in source.diagnostics if d.code == "pdf-unmapped-glyphs"]
        assert "on pages 1-3" in diagnostic.message
        assert re.search("[\x00-\x08\x0b-\x1f\ufffd]", source.text)
        assert "(cid:" not in source.text
    assert diagnostic.severity.value == "warning" and "OCR" in diagnostic.message  # pdfium: nearly every glyph


@pytest.mark.parametrize("path", LAYOUTS, ids=[p.stem for p in LAYOUTS])
def test_no_unmapped_glyphs_in_good_pdfs(path):
    assert not [d for d in read(path, "pdfium").diagnostics if d.code == "pdf-unmapped-glyphs"]


def test_letterhead_soft_hyphen_and_table():
    source = read(FIXTURES / "layout-letterhead.pdf", "pdfium")
    lines = source.text.split("\n")
    assert lines[0] == "嘉兴市人民政府办公室文件"  # spaced-out red letterhead: its own line, spaces gone
    assert lines[2] == "嘉政办发〔2019〕35 号"
    assert "本通知所称规划期为2014-2020年。" in lines  # U+00AD read as '-'
    assert any(d.code == "pdf-soft-hyphen" for d in source.diagnostics)
    rows = [line for line in lines if "\t" in line]
    assert len(rows) == 6 and rows[-1].startswith("嘉政办发〔2019〕35 号\t")
    assert len(table_ranges(source)) == 1


def test_fake_bold_is_deduplicated():
    text = read(FIXTURES / "layout-middot.pdf", "pdfplumber").text
    assert "\n一、推进基础设施建设,提升农业现代化水平\n" in text
    assert "一一" not in text and "推推" not in text


# --------------------------------------------------------------------------- layout steps on hand-made characters


def glyph(text: str, x0: float, top: float, size: float = 12.0) -> Char:
    return Char(text, x0, top, x0 + size, top + size, size)


def test_dedupe_keeps_the_first_drawn_of_doubles():
    chars = [
        glyph("一", 100.0, 50.0),
        glyph("二", 112.0, 50.0),
        glyph("一", 100.8, 50.5),  # within 1 pt of the first: dropped
        glyph("一", 101.6, 51.0),  # 1.6 pt from the first but within 1 pt of the second double: dropped
        glyph("一", 100.0, 80.0),  # another line
        glyph("一", 100.2, 50.2, size=9.0),  # another size
        glyph("三", 200.0, 50.5),
        glyph("三", 200.3, 50.0),  # drawn later, though higher: dropped
    ]
    assert dedupe(chars) == [chars[0], chars[1], chars[4], chars[5], chars[6]]


def test_group_lines_orders_lines_and_takes_the_common_size():
    chars = [
        glyph("下", 100.0, 80.0), glyph("行", 112.0, 80.0, size=9.0), glyph("字", 121.0, 80.0),
        glyph("丁", 134.5, 51.0, size=10.5), glyph("乙", 110.5, 50.0), glyph("甲", 100.0, 51.0, size=10.5),
        glyph("丙", 122.5, 50.0),
    ]
    first, second = group_lines(chars, 3)
    assert (first.text, first.x0, first.top, first.x1, first.bottom) == ("甲乙丙丁", 100.0, 50.0, 145.0, 62.0)
    assert first.size == 10.5 and first.page == 3  # two glyphs of 10.5 and two of 12: the leftmost glyph's size
    assert (second.text, second.size) == ("下行字", 12.0)


def row(*pieces) -> list[tuple]:
    """Glyphs on one line, as engines hand them over (plain tuples): (text, gap before it in points)."""
    glyphs, x = [], 100.0
    for text, gap in pieces:
        x += gap
        width = 6.0 if text.isascii() else 12.0
        glyphs.append((text, x, 50.0, x + width, 62.0, 12.0))
        x += width
    return glyphs


@pytest.mark.parametrize(
    ("pieces", "text"),
    [
        ([("年", 0), ("度", 0.5)], "年度"),  # touching CJK: nothing between
        ([("年", 0), ("度", 20.0)], "年度"),  # a justified CJK gap under two characters: nothing
        ([("年", 0), ("度", 25.0)], "年 度"),  # a column gap (2 em): one space
        ([("9", 0), ("年", 1.5)], "9 年"),  # 0.12 em next to a digit: a space, as extraction printed it
        ([("9", 0), ("年", 1.0)], "9年"),
        ([("a", 0), (" ", 0), (" ", 0), ("b", 0)], "a b"),  # space characters: one space
        ([(" ", 0), ("a", 0), ("\u3000", 0)], "a"),  # none at the ends
        ([("2014", 0), ("\u00ad", 0), ("2020", 0)], "2014-2020"),  # the soft hyphen is a typed hyphen
        ([("甲", 0), ("", 0), ("乙", 0)], "甲乙"),  # an empty glyph adds nothing
        ([("\x0b", 0), ("甲", 0)], "甲"),  # whitespace other than spaces: no text, but ink
    ],
)
def test_group_lines_text_rules(pieces, text):
    (line,) = group_lines(row(*pieces), 1)
    assert line.text == text


def test_group_lines_box_is_the_ink():
    glyphs = row((" ", 0), ("\x0b", 0), ("甲", 0), (" ", 0))
    (line,) = group_lines(glyphs, 1)
    assert (line.x0, line.x1) == (glyphs[1][1], glyphs[2][3])  # the spaces at the ends are not ink


def test_group_lines_of_only_spaces_is_empty():
    assert group_lines(row((" ", 0), ("\u3000", 0)), 1) == []


def glyph_run(text: str, x0: float, top: float, size: float = 10.0) -> list[tuple]:
    """A run of CJK glyphs set solid from ``x0``."""
    return [(ch, x0 + k * size, top, x0 + (k + 1) * size, top + size, size) for k, ch in enumerate(text)]


@pytest.mark.parametrize("offset", [0.0, 8.0])  # the columns' baselines aligned, or half a line apart
def test_two_columns_are_read_one_after_the_other(offset):
    from jxparse.readers.layout import PageInput, page_lines

    glyphs = glyph_run("标题横跨两栏", 220.0, 60.0, size=16.0)
    for row in range(12):  # rows side by side, 20 glyphs a column, a gutter of two ems
        glyphs += glyph_run("左" * 19 + str(row % 10), 80.0, 100.0 + 16 * row)
        glyphs += glyph_run("右" * 19 + str(row % 10), 300.0, 100.0 + offset + 16 * row)
    glyphs += glyph_run("右栏末行", 300.0, 100.0 + offset + 16 * 12)  # the right column runs one line longer
    lines = page_lines(PageInput(1, 595.0, 842.0, glyphs))
    texts = [line.text for line in lines]
    assert texts[0] == "标题横跨两栏" and lines[0].column == (80.0, 500.0)
    assert texts[1:13] == ["左" * 19 + str(row % 10) for row in range(12)]
    assert texts[13:] == ["右" * 19 + str(row % 10) for row in range(12)] + ["右栏末行"]
    assert {line.column for line in lines[1:13]} == {(80.0, 280.0)}
    assert {line.column for line in lines[13:]} == {(300.0, 500.0)}


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("组长", "张三市长"),  # a list of names and posts
        ("关于推进农业农村发展若干财政政策的意见", "嘉政发〔二〇一九〕"),  # a borderless table, a narrow column
    ],
)
def test_a_two_column_list_stays_in_rows(left, right):
    from jxparse.readers.layout import PageInput, page_lines

    glyphs = []
    for row in range(12):
        glyphs += glyph_run(left, 80.0, 100.0 + 16 * row) + glyph_run(right, 300.0, 100.0 + 16 * row)
    lines = page_lines(PageInput(1, 595.0, 842.0, glyphs))
    assert len(lines) == 12 and all(line.column is None for line in lines)
    assert lines[0].text == f"{left} {right}"  # a column gap: one space


@pytest.mark.parametrize("line", [
    "一、总则", "（二）工作要求", "㈢其他", "3. 实施", "12、附则", "（4）说明", "第四条 规定", "第二章 职责", "⑤ 事项",
    "1.1 范围", "1.5万元已拨付", "2019年7月", "十分重要", "第一次会议", "一．说明", "正文",
])
def test_layout_heading_markers_are_the_line_grammars(line):
    from jxparse.pipeline.lines import read_lines
    from jxparse.pipeline.reading import heading_marker

    assert bool(heading_marker().match(line)) == (read_lines(line)[0].kind == "heading")


@pytest.mark.parametrize(("second", "joined"), [("二、" + "乙" * 38, False), ("乙" * 40, True)])
def test_a_heading_marker_starts_a_block_after_a_full_line(second, joined):
    from jxparse.readers.layout import Layout, PageInput, render

    # text without first-line indents: a line at the margin after a full line runs on, unless a
    # heading marker starts it
    glyphs = glyph_run("甲" * 40, 100.0, 100.0) + glyph_run(second, 100.0, 114.0)
    glyphs += glyph_run("丙" * 40, 100.0, 128.0) + glyph_run("丁" * 10, 100.0, 142.0)
    layout = Layout()
    layout.add_page(PageInput(1, 595.0, 842.0, glyphs))
    text, _ = render(layout.build()[0])
    rest = second + "丙" * 40 + "丁" * 10
    assert text == ("甲" * 40 + rest if joined else "甲" * 40 + "\n\n" + rest) + "\n"


def test_glyphs_without_a_usable_position_are_reported_not_laid_out():
    from jxparse.readers.layout import Layout, PageInput, render

    nan, inf = float("nan"), float("inf")
    glyphs = glyph_run("正文第一行", 100.0, 100.0)
    glyphs += [("坏", nan, 100.0, 110.0, 110.0, 10.0), ("字", 100.0, inf, 110.0, 110.0, 10.0)]
    glyphs += glyph_run("正文第二行", 100.0, 116.0) + [("尺", 100.0, 130.0, 110.0, 140.0, nan)]
    layout = Layout()
    layout.add_page(PageInput(1, 595.0, 842.0, glyphs, [], {90: [("侧", inf, 1.0, 2.0, 3.0, 10.0)]}))
    text, _ = render(layout.build()[0])
    assert text == "正文第一行正文第二行\n"
    assert layout.unplaced == [(1, "坏"), (1, "字"), (1, "尺"), (1, "侧")]


# --------------------------------------------------------------------------- the pdfium engine's shortcuts


def pdfium_reference(path: Path) -> list[list[tuple]]:
    """Per page, each glyph's text, loose box and size, with one checked pypdfium2 call per value."""
    from math import hypot

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    pages = []
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    for index in range(len(pdf)):
        page = pdf[index]
        left, bottom, _, _ = page.get_cropbox()
        top_y = page.get_height() + bottom
        textpage = page.get_textpage()
        tp = textpage.raw
        glyphs = []
        for i in range(textpage.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(tp, i) or 0xFFFD).replace("\ufffe", "\ufffd")  # no Unicode: U+FFFD
            if ch in "\r\n\x02" or ch == " " and raw.FPDFText_IsGenerated(tp, i):
                continue
            raw.FPDFText_GetLooseCharBox(tp, i, rect)
            raw.FPDFText_GetMatrix(tp, i, matrix)
            size = raw.FPDFText_GetFontSize(tp, i) * hypot(matrix.c, matrix.d)
            glyphs.append((ch, rect.left - left, top_y - rect.top, rect.right - left, top_y - rect.bottom, size))
        textpage.close()
        page.close()
        pages.append(glyphs)
    pdf.close()
    return pages


@pytest.mark.parametrize("path", [SAMPLE_PDF, *LAYOUTS], ids=[SAMPLE_PDF.stem] + [p.stem for p in LAYOUTS])
def test_pdfium_glyphs_equal_per_character_calls(path):
    # the engine reads each text object's size once and calls PDFium without argument checks
    engine = [page.chars for page in _pages_pdfium(path, None, str(path))]
    reference = pdfium_reference(path)
    assert [len(chars) for chars in engine] == [len(glyphs) for glyphs in reference]
    for chars, glyphs in zip(engine, reference):
        for char, (text, x0, top, x1, bottom, size) in zip(chars, glyphs):
            c = Char(*char)  # the engine hands over plain tuples
            assert (c.text, c.size) == (text, size)
            if max(x1 - x0, bottom - top) <= 2.5 * size + 1:  # else the glyph box stands in (vertical fonts)
                assert (c.x0, c.top, c.x1, c.bottom) == (x0, top, x1, bottom)


SEGMENT_PDFS = [FIXTURES / "layout-letterhead.pdf", *(p for p in HONGZE if p.exists())]


@pytest.mark.parametrize("path", SEGMENT_PDFS, ids=[p.stem for p in SEGMENT_PDFS])
def test_pdfium_segments_skip_only_text_objects(path):
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    found = 0
    for index in range(len(pdf)):
        page = pdf[index]
        left, bottom, _, _ = page.get_cropbox()
        top_y = page.get_height() + bottom
        textpage = page.get_textpage()
        text_objects = {ctypes.cast(raw.FPDFText_GetTextObject(textpage.raw, i), ctypes.c_void_p).value
                        for i in range(textpage.count_chars())}
        textpage.close()
        segments = _pdfium_segments(raw, ctypes, page.raw, top_y, left, text_objects)
        assert segments == _pdfium_segments(raw, ctypes, page.raw, top_y, left, set())
        found += len(segments[0]) + len(segments[1])
        page.close()
    pdf.close()
    assert found >= 8  # the tables' rules


# --------------------------------------------------------------------------- real issuer PDFs (corpus)


@pytest.mark.skipif(not all(p.exists() for p in HONGZE), reason="corpus PDFs not available")
@pytest.mark.parametrize("path", HONGZE, ids=[p.stem for p in HONGZE])
def test_hongze_tables(path):
    plumber = read(path, "pdfplumber")
    pdfium = read(path, "pdfium")
    assert plumber.text == pdfium.text
    ranges = table_ranges(plumber)
    assert len(ranges) >= 3
    text = plumber.text

    def in_table(offset):
        return any(start <= offset < end for start, end in ranges)

    # rows of the bordered tables that start with 一、/（一） stay table rows
    pos = 0
    marked = 0
    for line in text.split("\n"):
        if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line) and "\t" in line:
            assert in_table(pos)
            marked += 1
        pos += len(line) + 1
    assert marked >= 5
    assert "一、本年新收政府信息公开申请数量\t" in text
    assert "\n\n一、总体情况\n\n" in text  # the body heading is not a table row
    assert [f.kind for f in plumber.furniture] == ["page_number"] * plumber.pages
    check_provenance(plumber)


# --------------------------------------------------------------------------- bad PDFs


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "name, password, message",
    [
        ("bad-empty.pdf", None, "empty"),
        ("bad-not-a-pdf.pdf", None, "not a PDF"),
        ("bad-truncated.pdf", None, "truncated"),
        ("bad-corrupt.pdf", None, "damaged"),
        ("bad-encrypted.pdf", None, "encrypted; give its password with --password"),
        ("bad-encrypted.pdf", "wrong", "encrypted and the password given is wrong"),
        ("bad-scan.pdf", None, "needs OCR"),
    ],
)
def test_bad_pdfs(engine, name, password, message):
    path = FIXTURES / name
    with pytest.raises(PdfError) as info:
        read_pdf(path, engine=engine, password=password)
    text = str(info.value)
    assert message in text
    assert str(path) in text  # names the file
    assert info.value.source == str(path)
    if name == "bad-scan.pdf":
        assert "2 pages" in text


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_with_password(engine):
    source = read_pdf(FIXTURES / "bad-encrypted.pdf", engine=engine, password="secret")
    assert source.text == read(FIXTURES / "layout-dash.pdf", engine).text


def test_missing_file_and_unknown_engine(tmp_path):
    with pytest.raises(PdfError, match="cannot read"):
        read_pdf(tmp_path / "nope.pdf")
    with pytest.raises(ValueError, match="unknown PDF engine"):
        read_pdf(SAMPLE_PDF, engine="mupdf")


def test_name_override():
    assert read_pdf(FIXTURES / "layout-dash.pdf", engine="pdfium", name="x.pdf").name == "x.pdf"


# --------------------------------------------------------------------------- import cost, memory


def test_engines_not_imported_with_the_reader():
    code = "import sys, jxparse.readers.pdf; print('pdfplumber' in sys.modules, 'pypdfium2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


MEMORY_SCRIPT = """
import resource, sys
import pypdfium2 as pdfium
from jxparse.readers.pdf import read_pdf
src = pdfium.PdfDocument(sys.argv[1])
dst = pdfium.PdfDocument.new()
for _ in range(int(sys.argv[3])):
    dst.import_pages(src)
dst.save(sys.argv[2]); dst.close(); src.close()
read_pdf(sys.argv[1], engine="pdfium")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
source = read_pdf(sys.argv[2], engine="pdfium")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(source.pages, (peak - base) // 1024)
"""


def test_long_pdf_memory_is_bounded(tmp_path):
    # 250 pages (the sample five times) with the pdfium engine; the pdfplumber engine was measured by hand
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(SAMPLE_PDF), str(tmp_path / "long.pdf"), "5"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    pages, grown_mb = map(int, out.stdout.split())
    assert pages == 250
    assert grown_mb < 80
