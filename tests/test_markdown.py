"""The Markdown writer: a readable page that jxparse reads back into the same documents.

Round trip: ``parse(dumps(b, "md"), format="markdown")`` must give the same documents, sections and
paragraphs as ``b`` for the main sample and every HTML and text file of the shared corpus. The
comparison projects both bulletins onto exactly the fields the Markdown contract promises (see
:func:`project`) and shows a unified diff of the two projections on failure.
"""

from __future__ import annotations

import difflib
import json
import re

import pytest

import jxparse
from jxparse import ast
from jxparse.writers import WRITERS, get_writer
from jxparse.writers.markdown import MarkdownWriter, escape_inline, needs_guard

from conftest import CORPUS, SAMPLES

SAMPLE_PDF = SAMPLES / "jiaxing-2019-07.pdf"

_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- the projection


def _squeeze(text: str | None) -> str | None:
    return None if text is None else _WS.sub("", text)


def _blocks(blocks) -> list:
    projected = []
    for block in blocks:
        if isinstance(block, ast.Section):
            projected.append({"section": [block.style.value, block.marker, block.number, block.level, block.heading],
                              "children": _blocks(block.children)})
        elif isinstance(block, ast.Paragraph):
            projected.append({"paragraph": block.text})
        elif isinstance(block, ast.Table):
            projected.append({"table": [list(row) for row in block.rows]})
        else:
            raise TypeError(type(block).__name__)
    return projected


def _document(document: ast.Document) -> dict:
    return {
        "title": _squeeze(document.title),
        "kind": document.kind,
        "doc_number": document.doc_number.text if document.doc_number else None,
        "addressees": list(document.addressees),
        "body": _blocks(document.body),
        "attachments": [{"number": a.number, "title": _squeeze(a.title), "omitted": a.omitted,
                         "body": _blocks(a.body)} for a in document.attachments],
        "signatories": list(document.signatories),
        "date": document.date,
        "notes": list(document.notes),
        "enclosures": [_document(inner) for inner in document.enclosures],
    }


def project(bulletin: ast.Bulletin) -> dict:
    """The fields the Markdown round trip keeps: bulletin title, TOC, catalogs and documents
    (titles compared with whitespace removed, 文号, 主送, 署名, date, kind, notes, attachments,
    enclosures; sections by style, marker, number, level, heading and nesting; paragraph texts)."""
    return {
        "title": _squeeze(bulletin.title),
        "toc": [{"category": e.category, "title": _squeeze(e.title),
                 "doc_number": e.doc_number.text if e.doc_number else None, "page": e.page} for e in bulletin.toc],
        "catalogs": [{"title": _squeeze(c.title),
                      "entries": [[e.doc_number.text if e.doc_number else None, e.title] for e in c.entries]}
                     for c in bulletin.catalogs],
        "documents": [_document(document) for document in bulletin.documents],
    }


def assert_same(expected: ast.Bulletin, actual: ast.Bulletin, markdown: str = "") -> None:
    """Compare two bulletins' projections; fail with a readable unified diff."""
    left, right = project(expected), project(actual)
    if left == right:
        return
    def dump(value) -> list[str]:
        return json.dumps(value, ensure_ascii=False, indent=1).splitlines()

    diff = "\n".join(difflib.unified_diff(dump(left), dump(right), "parsed input", "re-read Markdown",
                                          lineterm="", n=2))
    where = f"\n(the Markdown: {len(markdown.splitlines())} lines)" if markdown else ""
    pytest.fail(f"the Markdown does not read back the same:\n{diff[:12000]}{where}", pytrace=False)


def round_trip(bulletin: ast.Bulletin) -> tuple[str, ast.Bulletin]:
    markdown = jxparse.dumps(bulletin, "md")
    return markdown, jxparse.parse(markdown, name="round-trip.md", format="markdown")


# --------------------------------------------------------------------------- round trips


def test_registered():
    assert WRITERS["md"] is MarkdownWriter
    assert MarkdownWriter.extension == ".md"
    assert isinstance(get_writer("md"), MarkdownWriter)


def test_sample_round_trip(sample_bulletin):
    markdown, reread = round_trip(sample_bulletin)
    assert "&#" not in markdown
    assert_same(sample_bulletin, reread, markdown)


def _corpus() -> list:
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.iterdir() if path.suffix in (".html", ".txt"))


def check_round_trip(bulletin: ast.Bulletin) -> None:
    """Write ``bulletin`` as Markdown, read it back, and compare the projections."""
    markdown, reread = round_trip(bulletin)
    assert_same(bulletin, reread, markdown)


@pytest.mark.parametrize("path", _corpus(), ids=lambda path: path.name)
def test_corpus_round_trip(path):
    check_round_trip(jxparse.parse_file(path))


def _pdfs() -> list:
    found = [SAMPLE_PDF] if SAMPLE_PDF.exists() else []
    if (CORPUS / "pdf").is_dir():
        found += sorted((CORPUS / "pdf").glob("*.pdf"))
    return found


@pytest.mark.parametrize("path", _pdfs(), ids=lambda path: path.name)
def test_pdf_round_trip(path):
    # PDF input adds real tables and paragraphs with TABs (joined table lines)
    check_round_trip(jxparse.parse_file(path))


def test_corpus_present_or_skipped():
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    assert _corpus(), "the shared corpus holds no HTML or text file"


# --------------------------------------------------------------------------- hand-made trees


def _doc(*body, attachments=(), notes=(), enclosures=()) -> ast.Document:
    return ast.Document(
        id="d1", title="嘉兴市人民政府关于测试标记转义的通知", kind="通知",
        doc_number=ast.DocNumber("嘉政发〔2019〕1号", "嘉政发", 2019, 1),
        addressees=("各县(市、区)人民政府", "市政府各部门、直属各单位"), body=tuple(body),
        attachments=tuple(attachments), signatories=("嘉兴市人民政府",), date="2019-07-15", notes=tuple(notes),
        enclosures=tuple(enclosures))


def _bulletin(*body, **parts) -> ast.Bulletin:
    return ast.Bulletin(documents=(_doc(*body, **parts),))


def _written_body(markdown: str) -> list[str]:
    """The lines between the 主送 line and the sign-off of a one-document page."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("："))
    end = lines.index("嘉兴市人民政府")
    return [line for line in lines[start + 1:end] if line]


_INTRO = ast.Paragraph("为做好有关工作，现将有关事项通知如下。")

# (paragraph text, the line the writer must write for it)
ASCII_GUARDED = [
    ("1. 本办法自发布之日起施行。", "1\\. 本办法自发布之日起施行。"),
    ("1.1 编制目的和依据。", "1\\.1 编制目的和依据。"),
    ("(一)落实责任。", "\\(一)落实责任。"),
    ("(1)按季度报送。", "\\(1)按季度报送。"),
    ("- 第一项内容。", "\\- 第一项内容。"),
    ("* 第一项内容。", "\\* 第一项内容。"),
    ("+ 第一项内容。", "\\+ 第一项内容。"),
    ("# 不是标题。", "\\# 不是标题。"),
    ("## 也不是标题。", "\\## 也不是标题。"),
    ("> 不是引用。", "\\> 不是引用。"),
    ("1) 不是列表。", "1\\) 不是列表。"),
    ("***", "\\***"),
]
REFERENCE_GUARDED = [
    ("（一）落实责任。", "&#65288;一）落实责任。"),
    ("一、总体要求。", "&#19968;、总体要求。"),
    ("1、各单位要高度重视。", "&#49;、各单位要高度重视。"),
    ("（1）按季度报送。", "&#65288;1）按季度报送。"),
    ("第一条 为了规范管理。", "&#31532;一条 为了规范管理。"),
    ("①第一项内容。", "&#9312;第一项内容。"),
    ("㈠第一项内容。", "&#12832;第一项内容。"),
    ("附件：名单。", "&#38468;件：名单。"),
    ("2019年7月15日", "&#50;019年7月15日"),
    ("嘉政发〔2019〕2号", "&#22025;政发〔2019〕2号"),
]
UNGUARDED = [
    "1.5万元的补助资金已经拨付。",
    "2019年起施行。",
    "#话题 不是标题。",
    "-5℃以下停工。",
    "一是明确重点。二是完善机制。",
    "（此件公开发布）",
]


@pytest.mark.parametrize(("text", "written"), ASCII_GUARDED + REFERENCE_GUARDED, ids=lambda v: v)
def test_marker_paragraphs_are_guarded(text, written):
    markdown = jxparse.dumps(_bulletin(_INTRO, ast.Paragraph(text)), "md")
    assert _written_body(markdown)[-1] == written
    assert not needs_guard(written)


@pytest.mark.parametrize("text", UNGUARDED)
def test_plain_paragraphs_are_not_guarded(text):
    markdown = jxparse.dumps(_bulletin(_INTRO, ast.Paragraph(text)), "md")
    assert _written_body(markdown)[-1] == text


@pytest.mark.parametrize(("text", "written"), ASCII_GUARDED, ids=lambda v: v)
def test_ascii_guarded_paragraphs_round_trip(text, written):
    bulletin = _bulletin(_INTRO, ast.Paragraph(text), ast.Paragraph("以上事项请认真贯彻执行。"))
    assert_same(bulletin, round_trip(bulletin)[1])


@pytest.mark.parametrize(("text", "written"), REFERENCE_GUARDED, ids=lambda v: v)
def test_reference_guarded_paragraphs_round_trip(text, written):
    bulletin = _bulletin(_INTRO, ast.Paragraph(text), ast.Paragraph("以上事项请认真贯彻执行。"))
    assert_same(bulletin, round_trip(bulletin)[1])


# Inline markup that would pair up is escaped; what cannot pair is left alone (no stray backslashes).
INLINE = [
    ("**加粗**", r"\*\*加粗\*\*"),
    ("__下划线__", r"\_\_下划线\_\_"),
    ("面积*系数*", r"面积\*系数\*"),
    ("a_b_c", "a_b_c"),
    ("文件_v2_final", "文件_v2_final"),
    ("[链接](http://x)", r"\[链接](http://x)"),
    ("`代码`", r"\`代码\`"),
    ("3*4=12", "3*4=12"),
    ("~~删除~~", r"\~\~删除\~\~"),
    ("1.5万元", "1.5万元"),
    ("&#19968;", r"\&#19968;"),
]


@pytest.mark.parametrize(("text", "written"), INLINE, ids=lambda v: v)
def test_inline_escaping(text, written):
    assert escape_inline(text) == written
    bulletin = _bulletin(_INTRO, ast.Paragraph(text + "。"), ast.Paragraph("以上事项请认真贯彻执行。"))
    assert_same(bulletin, round_trip(bulletin)[1])


@pytest.mark.parametrize("text", ["<b>粗体</b>", "转义&amp;实体", "<http://www.gov.cn>"])
def test_html_and_entities_round_trip(text):
    bulletin = _bulletin(_INTRO, ast.Paragraph(text + "。"), ast.Paragraph("以上事项请认真贯彻执行。"))
    assert_same(bulletin, round_trip(bulletin)[1])


def test_no_stray_backslashes_in_the_sample(sample_bulletin):
    markdown = jxparse.dumps(sample_bulletin, "md")
    # The sample holds no markup characters and no paragraph that starts like a marker.
    assert markdown.count("\\") == 0
    assert "&#" not in markdown


@pytest.mark.parametrize("path", _corpus(), ids=lambda path: path.name)
def test_no_stray_backslashes_in_the_corpus(path):
    bulletin = jxparse.parse_file(path)
    markdown = jxparse.dumps(bulletin, "md")
    # the YAML front matter holds the metadata as YAML writes it (issue 15); the body's escapes are counted
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    source_backslashes = sum(_text_backslashes(document) for document in bulletin.documents)
    assert markdown.count("\\") - source_backslashes == _guards_and_escapes(markdown)


def _text_backslashes(document: ast.Document) -> int:
    count = document.title.count("\\")
    stack = list(document.body) + [block for attachment in document.attachments for block in attachment.body]
    while stack:
        block = stack.pop()
        if isinstance(block, ast.Section):
            count += block.heading.count("\\")
            stack.extend(block.children)
        elif isinstance(block, ast.Paragraph):
            count += block.text.count("\\")
    return count + sum(_text_backslashes(inner) for inner in document.enclosures)


def _guards_and_escapes(markdown: str) -> int:
    """Backslashes that the writer added: each must precede ASCII punctuation, and a line-start
    guard must stand where the unguarded line would have been misread."""
    count = 0
    for line in markdown.splitlines():
        for match in re.finditer(r"\\", line):
            assert match.end() < len(line) and line[match.end()] in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", line
            count += 1
        if line.startswith("\\") or re.match(r"[0-9]+\\[.)]", line):
            unguarded = line.replace("\\", "", 1)
            assert needs_guard(unguarded), f"needless guard: {line}"
    return count


def test_only_needed_backslashes_in_hand_made_text():
    paragraphs = [ast.Paragraph(text) for text, _ in ASCII_GUARDED] + [ast.Paragraph(t) for t in UNGUARDED]
    paragraphs += [ast.Paragraph(text) for text, _ in INLINE]
    markdown = jxparse.dumps(_bulletin(_INTRO, *paragraphs), "md")
    expected = sum(written.count("\\") for _, written in ASCII_GUARDED) + sum(
        written.count("\\") for _, written in INLINE)
    assert markdown.count("\\") == expected


# --------------------------------------------------------------------------- layout


def test_sample_layout(sample_bulletin):
    markdown = jxparse.dumps(sample_bulletin, "md")
    blocks = markdown.split("\n\n")
    assert blocks[0] == "## 目录"
    assert blocks[1] == "### 【市政府文件】"
    assert blocks[2] == "- 嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知\n  (嘉政发〔2019〕15 号) (2)"
    # issue 15: the entries of a category are one tight list (evenly spaced when rendered)
    assert blocks[4].endswith("(嘉政办发〔2019〕35 号) (17)\n- 2019 年 7 月份市政府、市政府办公室发文目录 (17)")
    first = blocks.index("## 嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知")
    assert blocks[first + 1:first + 3] == ["嘉政发〔2019〕15号", "各县(市、区)，市政府各部门、直属各单位："]
    # the text a notice issues (enclosure) is one level below the notice
    assert blocks[first + 4:first + 7] == ["嘉兴市人民政府", "2019年7月15日", "### 市区支持农业农村发展若干财政政策意见"]
    # sections: marker kept in the heading, one level below their document, run-in heading then its paragraph
    assert "#### 一、推进基础设施建设,提升农业现代化水平" in blocks
    index = blocks.index("##### (一)支持农业基础设施建设")
    assert blocks[index + 1].startswith("经省以上批准的农田水利建设项目")
    assert "###### 1. 推进经济调节数字化应用" in blocks
    # the 附件 list: the lead, then one Markdown list of the entries
    lead = next(i for i, block in enumerate(blocks) if block.startswith("1. 2019 年嘉兴市")) - 1
    assert blocks[lead] == "附件："
    assert blocks[lead + 1].splitlines() == ["1. 2019 年嘉兴市深化“最多跑一次”改革推进政府数字化转型绩效指标体系（略）",
                                             "2. 嘉兴市政府数字化转型“四横三纵”框架图（略）"]
    # the 发文目录, as a pipe table (issue 15)
    assert "## 2019 年 7 月份市政府、市政府办公室发文目录" in blocks
    assert blocks[-1].splitlines()[:3] == ["| 文号 | 标题 |", "| --- | --- |",
                                           "| 嘉政发〔2019〕15 号 | 嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知 |"]
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


def test_deep_sections_and_notes_and_attachments():
    deep = ast.Section("s", ast.SectionStyle.CIRCLED, "①", 1, 5, "第五层", (ast.Paragraph("第五层的内容。"),))
    level4 = ast.Section("s", ast.SectionStyle.PAREN_ARABIC, "(1)", 1, 4, "第四层", (deep,))
    level3 = ast.Section("s", ast.SectionStyle.ARABIC, "1.", 1, 3, "第三层", (level4,))
    level2 = ast.Section("s", ast.SectionStyle.PAREN_HANZI, "（一）", 1, 2, "第二层", (level3,))
    level1 = ast.Section("s", ast.SectionStyle.HANZI, "一、", 1, 1, "第一层", (level2,))
    decimal = ast.Section("s", ast.SectionStyle.DECIMAL, "1", 1, 1, "总则",
                          (ast.Section("s", ast.SectionStyle.DECIMAL, "1.1", 1, 2, "编制目的",
                                       (ast.Paragraph("为了做好工作。"),)),))
    attachments = (ast.Attachment(1, "有关单位名单", True), ast.Attachment(2, "有关工作安排表", False,
                                                                          (ast.Paragraph("见下表。"),)))
    bulletin = _bulletin(_INTRO, level1, attachments=attachments, notes=("此件公开发布",))
    markdown = jxparse.dumps(bulletin, "md")
    # a lone document is the page's H1: its sections start at ##, its attachments' titles too
    for line in ("## 一、第一层", "### （一）第二层", "#### 1. 第三层", "##### (1)第四层", "###### ①第五层",
                 "附件：", "1. 有关单位名单（略）", "2. 有关工作安排表", "（此件公开发布）", "附件2", "## 有关工作安排表"):
        assert line in markdown.splitlines(), line
    assert_same(bulletin, round_trip(bulletin)[1])
    outline = _bulletin(_INTRO, decimal)
    markdown = jxparse.dumps(outline, "md")
    assert "## 1\u3000总则" in markdown.splitlines() and "### 1.1\u3000编制目的" in markdown.splitlines()
    assert_same(outline, round_trip(outline)[1])


def test_unfinished_paragraph_keeps_its_own_paragraph():
    # 30 characters without closing punctuation: jxparse would join the next line to it
    first = "各地要按照统一部署抓紧开展相关工作并及时报送进展情况和存在的问题以及下一步工作"
    table = ast.Table((("姓名", "职务", "联系电话"),))
    bulletin = _bulletin(ast.Paragraph(first), ast.Paragraph("以上事项请认真贯彻执行。"), ast.Paragraph(first), table,
                         ast.Paragraph("以上事项请认真贯彻执行。"))
    markdown = jxparse.dumps(bulletin, "md")
    assert "| 姓名 | 职务 | 联系电话 |" in markdown.splitlines()  # a pipe table (issue 15)
    assert_same(bulletin, round_trip(bulletin)[1])


@pytest.mark.parametrize("followed", [True, False])
def test_paragraph_with_a_tab_stays_a_paragraph(followed):
    long = ast.Paragraph("行政复议结果\t结果维持，结果纠正，其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉结果维持")
    blocks = (_INTRO, long, ast.Paragraph("以上事项请认真贯彻执行。")) if followed else (_INTRO, long)
    bulletin = _bulletin(*blocks)
    assert_same(bulletin, round_trip(bulletin)[1])


def test_short_paragraph_with_a_tab_needs_a_reference():
    bulletin = _bulletin(_INTRO, ast.Paragraph("姓名\t职务"), ast.Paragraph("以上事项请认真贯彻执行。"))
    assert "姓名&#9;职务" in jxparse.dumps(bulletin, "md").splitlines()


def test_paragraph_with_line_breaks_stays_one_markdown_paragraph():
    markdown = jxparse.dumps(_bulletin(_INTRO, ast.Paragraph("联系人：张三\n1. 联系电话：12345678。")), "md")
    assert "联系人：张三\n1\\. 联系电话：12345678。" in markdown


def test_run_in_heading_is_heading_then_paragraph():
    section = ast.Section("s", ast.SectionStyle.PAREN_HANZI, "（一）", 1, 1, "落实责任",
                          (ast.Paragraph("认真贯彻落实各项要求。"),))
    bulletin = _bulletin(section)
    assert "## （一）落实责任\n\n认真贯彻落实各项要求。" in jxparse.dumps(bulletin, "md")
    assert_same(bulletin, round_trip(bulletin)[1])


# --------------------------------------------------------------------------- errors


class _Stranger:
    pass


@pytest.mark.parametrize("bulletin", [
    _bulletin(_Stranger()),
    ast.Bulletin(documents=(_Stranger(),)),
    ast.Bulletin(toc=(_Stranger(),)),
    ast.Bulletin(catalogs=(_Stranger(),)),
    _bulletin(ast.Section("s", ast.SectionStyle.HANZI, "一、", 1, 1, "标题", (_Stranger(),))),
    ast.Bulletin(documents=(_doc(attachments=(_Stranger(),)),)),
], ids=["body", "documents", "toc", "catalogs", "section-child", "attachments"])
def test_unknown_node_type_raises(bulletin):
    with pytest.raises(TypeError, match="_Stranger"):
        jxparse.dumps(bulletin, "md")


def test_only_a_bulletin_is_written():
    with pytest.raises(TypeError, match="Document"):
        MarkdownWriter().write(_doc())


# --------------------------------------------------------------------------- CommonMark view


def test_commonmark_renders_no_stray_markup(sample_bulletin):
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(jxparse.dumps(sample_bulletin, "md"))
    for tag in ("<em>", "<strong>", "<code>", "<pre>", "<blockquote>", "<hr"):
        assert tag not in html
    assert html.count("<ol>") == 2 and "<ol start" not in html  # the two 附件 lists, each one list from 1.
    assert html.count("<ul>") == 2  # the 目录 (two categories)
    assert html.count("<table>") == 1  # the 发文目录


def test_commonmark_renders_guarded_lines_as_text():
    markdown_it = pytest.importorskip("markdown_it")
    paragraphs = [ast.Paragraph(text) for text, _ in ASCII_GUARDED + REFERENCE_GUARDED]
    html = markdown_it.MarkdownIt("commonmark").render(jxparse.dumps(_bulletin(_INTRO, *paragraphs), "md"))
    for text, _ in ASCII_GUARDED + REFERENCE_GUARDED:
        assert f"<p>{text.replace('>', '&gt;')}</p>" in html


# --------------------------------------------------------------------------- issue 15: what a reader sees


def _html(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)


def test_one_h1_per_page():
    lone = _bulletin(_INTRO)
    html = _html(jxparse.dumps(lone, "md"))
    assert html.count("<h1>") == 1 and "<h1>嘉兴市人民政府关于测试标记转义的通知</h1>" in html
    titled = ast.Bulletin(title="嘉兴市人民政府公报 2019 年第 7 期", documents=(_doc(_INTRO), _doc(_INTRO)))
    html = _html(jxparse.dumps(titled, "md"))
    assert html.count("<h1>") == 1 and "<h1>嘉兴市人民政府公报 2019 年第 7 期</h1>" in html
    assert html.count("<h2>嘉兴市人民政府关于测试标记转义的通知</h2>") == 2
    assert_same(titled, round_trip(titled)[1])


def test_enclosure_is_one_level_below_its_notice():
    inner = ast.Document(id="d1.e1", title="某某管理办法", kind="办法",
                         body=(ast.Section("s", ast.SectionStyle.ARTICLE, "第一条", 1, 1, "",
                                           (ast.Paragraph("为了规范管理，制定本办法。"),)),))
    notice = _bulletin(ast.Paragraph("现将《某某管理办法》印发给你们，请认真贯彻执行。"), enclosures=(inner,))
    html = _html(jxparse.dumps(notice, "md"))
    assert "<h1>嘉兴市人民政府关于测试标记转义的通知</h1>" in html and "<h2>某某管理办法</h2>" in html
    assert "<h3>第一条</h3>" in html  # the enclosure's sections one level below it
    assert_same(notice, round_trip(notice)[1])


def test_attachment_list_is_one_list():
    attachments = tuple(ast.Attachment(n, f"第{n}个附件的标题", True) for n in (1, 2, 3))
    bulletin = _bulletin(_INTRO, attachments=attachments)
    html = _html(jxparse.dumps(bulletin, "md"))
    assert html.count("<ol>") == 1 and "<ol start" not in html and html.count("<li>") == 3
    assert "<li>第1个附件的标题（略）</li>" in html
    assert_same(bulletin, round_trip(bulletin)[1])


def test_tables_are_pipe_tables_that_read_back():
    tables = (ast.Table((("项目", "金额", "备注"), ("农田水利", "500万元", ""), ("道路", "a|b *c* d", "x"))),
              ast.Table((("无表头",), ("甲", "乙", "丙"), ("", "", "丁"))))
    bulletin = _bulletin(_INTRO, *tables, ast.Paragraph("以上事项请认真贯彻执行。"))
    markdown = jxparse.dumps(bulletin, "md")
    html = _html(markdown)
    assert html.count("<table>") == 2
    assert "<th>项目</th>" in html and "<td>a|b *c* d</td>" in html and "<em>" not in html
    assert "<td>丙</td>" in html  # a row wider than the first: an empty header keeps every cell
    _, reread = round_trip(bulletin)
    assert_same(bulletin, reread)  # cell for cell, empty cells included, the two tables apart


def test_paragraph_starting_with_a_pipe_stays_a_paragraph():
    bulletin = _bulletin(_INTRO, ast.Paragraph("|竖线开头的文字|"), ast.Paragraph("以上事项请认真贯彻执行。"))
    markdown = jxparse.dumps(bulletin, "md")
    assert "\\|竖线开头的文字|" in markdown.splitlines()
    assert_same(bulletin, round_trip(bulletin)[1])


def test_catalog_is_a_pipe_table():
    number = ast.DocNumber("嘉政发〔2019〕15 号", "嘉政发", 2019, 15)
    catalog = ast.Catalog(title="2019 年 7 月份发文目录", entries=(ast.CatalogEntry("关于某事的通知", number),))
    bulletin = ast.Bulletin(documents=(_doc(_INTRO), _doc(_INTRO)), catalogs=(catalog,))
    html = _html(jxparse.dumps(bulletin, "md"))
    assert "<th>文号</th>" in html and "<td>嘉政发〔2019〕15 号</td>" in html
    assert_same(bulletin, round_trip(bulletin)[1])


@pytest.mark.parametrize("markup", ["*强调*", "**加粗**", "[链接](http://example.com)", "<b>粗体</b>", "`代码`"])
def test_markdown_syntax_in_the_source_renders_as_text(markup):
    from dataclasses import replace

    # (a 署名 line is known by its shape, which a link-like name has not: no link in the signatory)
    signed = "(" not in markup
    document = replace(_doc(ast.Paragraph(f"正文中有{markup}字样。")), title=f"关于{markup}的通知",
                       addressees=(f"各县{markup}人民政府",), signatories=(f"某某{markup}办公室" if signed else "某某办公室",))
    bulletin = ast.Bulletin(title=f"公报{markup}", documents=(document, _doc(_INTRO)))
    html = _html(jxparse.dumps(bulletin, "md"))
    for tag in ("<em>", "<strong>", "<a ", "<b>", "<code>"):
        assert tag not in html, tag
    shown = markup.replace("<", "&lt;").replace(">", "&gt;")
    assert html.count(shown) == 4 + signed  # bulletin title, title, addressees, paragraph (, signatory)
    assert_same(bulletin, round_trip(bulletin)[1])


def test_metadata_is_yaml_front_matter():
    yaml = pytest.importorskip("yaml")
    from dataclasses import replace

    metadata = (("索引号", "000014349/2019-00007"), ("主题分类", "财政\\金融"), ("标题", "关于: 某事 # 的通知"),
                ("成文日期", "2019年01月27日"), ("空", ""), ("引号", '他说"好"'), ("数字", "2019"))
    bulletin = ast.Bulletin(documents=(replace(_doc(_INTRO), metadata=metadata),))
    markdown = jxparse.dumps(bulletin, "md")
    assert markdown.startswith("---\n")
    front = markdown.split("---\n")[1]
    assert yaml.safe_load(front) == dict(metadata)  # what a YAML reader gets: every value as a string
    assert jxparse.parse(markdown, format="markdown").documents[0].metadata == metadata
    html = _html(markdown)
    assert "<hr" in html.split("<h1>")[0]  # (plain CommonMark shows front matter; static site tools take it)


def test_toc_is_a_tight_list(sample_bulletin):
    html = _html(jxparse.dumps(sample_bulletin, "md"))
    toc = html.split("<h2>目录</h2>")[1].split("<h2>")[0]
    assert toc.count("<li>") == 7 and "<li>\n<p>" not in toc  # tight: evenly spaced, no paragraph per item
