"""DOCX input: the reader, Word's automatic numbering, refusals, the CLI, and the real files of the corpus."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from io import BytesIO

import pytest
from click.testing import CliRunner

import jxparse
from conftest import CORPUS, ROOT
from invariants import check_spans, walk
from jxparse.ast import Section, Table
from jxparse.cli import main
from jxparse.errors import InputError
from jxparse.readers.docx import format_number, read_docx
from jxparse.readers.docx import package as docx_package
from test_pdf_pipeline import _projection

_spec = importlib.util.spec_from_file_location("make_docx_samples", ROOT / "scripts" / "make_docx_samples.py")
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)

DOCX_CORPUS = CORPUS / "docx"


def corpus_file(name: str):
    path = DOCX_CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not found in {DOCX_CORPUS}")
    return path


def read(body: str, **kw):
    return read_docx(mk.docx_bytes(body, **kw), name="t.docx")


def sections(blocks):
    for block in blocks:
        if isinstance(block, Section):
            yield block
            yield from sections(block.children)


# --------------------------------------------------------------------------- the bundled bulletin


@pytest.fixture(scope="module")
def bulletin_docx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx-samples")
    assert mk.main([str(folder)]) == 0
    return {name: folder / f"jiaxing-2019-07-{name}.docx" for name in ("typed", "auto")}


@pytest.mark.parametrize("variant", ["typed", "auto"])
def test_docx_gives_the_tree_of_the_text(bulletin_docx, sample_bulletin, variant):
    bulletin = jxparse.parse_file(bulletin_docx[variant])
    documents, amounts = _projection(bulletin)
    expected_documents, expected_amounts = _projection(sample_bulletin)
    # documents, titles, 文号, addressees, dates, sign-offs, the style and number of every section
    assert documents == expected_documents
    assert len(amounts) == 88 and amounts == expected_amounts
    assert len(bulletin.toc) == len(sample_bulletin.toc) and len(bulletin.catalogs) == 1
    assert bulletin.source.format == "docx"
    check_spans(bulletin)


def test_automatic_numbering_rebuilds_the_typed_text(bulletin_docx):
    auto = jxparse.load_source(bulletin_docx["auto"])
    typed = jxparse.load_source(bulletin_docx["typed"])
    assert auto.text == typed.text
    with zipfile.ZipFile(bulletin_docx["auto"]) as archive:
        numbering = archive.read("word/numbering.xml").decode()
        document = archive.read("word/document.xml").decode()
    assert "startOverride" in numbering and "<w:numPr>" in document and "<w:pStyle" in document
    assert '<w:t xml:space="preserve">一、' not in document  # every heading 一、 comes from numbering.xml
    labels = [d for d in auto.diagnostics if d.code == "docx-numbering"]
    assert len(labels) == 1 and labels[0].message.startswith("129 paragraph labels")


# --------------------------------------------------------------------------- numbering


@pytest.mark.parametrize("fmt, values", [
    ("chineseCounting", {1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九", 100: "一百",
                         105: "一百零五", 110: "一百一十"}),
    ("chineseCountingThousand", {3: "三", 12: "十二", 1001: "一千零一"}),
    ("chineseLegalSimplified", {1: "壹", 11: "壹拾壹"}),
    ("ideographTraditional", {1: "甲", 10: "癸", 11: "11"}),
    ("ideographDigital", {10: "一〇"}),
    ("decimal", {1: "1", 12: "12"}),
    ("decimalZero", {3: "03", 12: "12"}),
    ("decimalFullWidth", {12: "１２"}),
    ("decimalEnclosedCircle", {1: "①", 20: "⑳", 21: "㉑", 50: "㊿", 51: "51"}),
    ("decimalEnclosedCircleChinese", {3: "③"}),
    ("decimalEnclosedParen", {1: "⑴", 20: "⒇", 21: "21"}),
    ("decimalEnclosedFullstop", {1: "⒈"}),
    ("upperLetter", {1: "A", 26: "Z", 27: "AA", 28: "BB"}),
    ("lowerLetter", {2: "b"}),
    ("upperRoman", {4: "IV", 1994: "MCMXCIV"}),
    ("lowerRoman", {9: "ix"}),
])
def test_number_formats(fmt, values):
    assert {n: format_number(n, fmt) for n in values} == values


# One list per form, each used for three paragraphs: the label Word shows for 1, 2, 3.
GONGWEN_FORMS = [
    ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
    ("chineseCounting", "（%1）", ["（一）", "（二）", "（三）"]),
    ("chineseCounting", "(%1)", ["(一)", "(二)", "(三)"]),
    ("decimal", "%1.", ["1.", "2.", "3."]),
    ("decimal", "%1．", ["1．", "2．", "3．"]),
    ("decimal", "(%1)", ["(1)", "(2)", "(3)"]),
    ("decimal", "（%1）", ["（1）", "（2）", "（3）"]),
    ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
    ("chineseCounting", "第%1条", ["第一条", "第二条", "第三条"]),
    ("chineseCounting", "第%1章", ["第一章", "第二章", "第三章"]),
    ("chineseCountingThousand", "第%1节", ["第一节", "第二节", "第三节"]),
]


@pytest.mark.parametrize("fmt, pattern, labels", GONGWEN_FORMS, ids=[f[2][0] for f in GONGWEN_FORMS])
def test_gongwen_number_forms(fmt, pattern, labels):
    numbering = mk.numbering_xml({0: [mk.level(0, fmt, pattern)]}, {1: (0, {})})
    body = "".join(mk.paragraph(f"标题{i}", num=(1, 0)) for i in range(3))
    source = read(body, parts={"word/numbering.xml": numbering})
    assert source.text == "\n\n".join(f"{label}标题{i}" for i, label in enumerate(labels)) + "\n"


def test_numbered_headings_through_the_grammar(tmp_path):
    numbering = mk.numbering_xml({0: [mk.level(0, "chineseCounting", "%1、")], 1: [mk.level(0, "chineseCounting", "（%1）")]},
                                 {1: (0, {}), 2: (1, {})})
    body = (mk.paragraph("关于做好某某工作的通知", align="center") + mk.paragraph("嘉政发〔2019〕15号", align="center")
            + mk.paragraph("各县(市、区)人民政府:") + mk.paragraph("总体要求", num=(1, 0)) + mk.paragraph("正文。")
            + mk.paragraph("工作目标", num=(2, 0)) + mk.paragraph("正文。") + mk.paragraph("保障措施", num=(1, 0))
            + mk.paragraph("正文。"))
    data = mk.docx_bytes(body, parts={"word/numbering.xml": numbering})
    bulletin = jxparse.parse_file(_write(data, tmp_path))
    found = [(s.marker, s.number, s.heading) for s in sections(bulletin.documents[0].body)]
    assert found == [("一、", 1, "总体要求"), ("（一）", 1, "工作目标"), ("二、", 2, "保障措施")]


def _write(data: bytes, folder, name: str = "doc.docx"):
    path = folder / name
    path.write_bytes(data)
    return path


def test_multilevel_list_resets_deeper_levels_and_joins_placeholders():
    levels = [mk.level(0, "chineseCounting", "%1、"), mk.level(1, "chineseCounting", "（%2）"),
              mk.level(2, "decimal", "%3.", suffix="space"), mk.level(3, "decimal", "%1.%3.%4", suffix="tab")]
    numbering = mk.numbering_xml({0: levels}, {1: (0, {})})
    plan = [0, 1, 2, 2, 3, 1, 2, 0, 1, 2]
    source = read("".join(mk.paragraph("x", num=(1, lvl)) for lvl in plan), parts={"word/numbering.xml": numbering})
    assert source.text.rstrip("\n").split("\n\n") == [
        "一、x", "（一）x", "1. x", "2. x", "一.2.1 x", "（二）x", "1. x", "二、x", "（一）x", "1. x"]


def test_instances_of_one_list_share_its_count():
    # numId 1 and 2 share abstract 0: Word continues the list. numId 3 restarts the shared count at 1
    # (startOverride) where it is first used, and numId 1 goes on from there; numId 4 restarts at 5.
    numbering = mk.numbering_xml({0: [mk.level(0, "decimal", "%1.")]}, {1: (0, {}), 2: (0, {}), 3: (0, {0: 1}),
                                                                          4: (0, {0: 5})})
    plan = [1, 1, 2, 3, 3, 1, 4, 3]
    source = read("".join(mk.paragraph("x", num=(n, 0)) for n in plan), parts={"word/numbering.xml": numbering})
    assert source.text.split() == ["1.x", "2.x", "3.x", "1.x", "2.x", "3.x", "5.x", "6.x"]


def test_numbering_through_styles_and_based_on_chains():
    numbering = mk.numbering_xml({0: [mk.level(0, "chineseCounting", "%1、", style="H1")],
                                  1: [mk.level(0, "decimal", "(%1)")]}, {1: (0, {}), 2: (1, {})})
    styles = mk.styles_xml({"H1": ("公文标题 1", (1, 0), None), "H1b": ("标题 1 变体", None, "H1"),
                            "Item": ("条目", (2, 0), None)})
    body = (mk.paragraph("甲", style="H1") + mk.paragraph("乙", style="H1b") + mk.paragraph("丙", style="Item")
            + mk.paragraph("丁", style="H1", num=(0, 0)) + mk.paragraph("戊", style="Item"))
    source = read(body, parts={"word/numbering.xml": numbering, "word/styles.xml": styles})
    # numId 0 on the paragraph removes the numbering its style gives
    assert source.text.split() == ["一、甲", "二、乙", "(1)丙", "丁", "(2)戊"]


def test_unknown_list_and_bullets_give_no_label():
    numbering = mk.numbering_xml({0: [mk.level(0, "bullet", "\uf0b7")]}, {1: (0, {})})
    source = read(mk.paragraph("a", num=(1, 0)) + mk.paragraph("b", num=(9, 0)), parts={"word/numbering.xml": numbering})
    assert source.text.split() == ["a", "b"]
    [missing] = [d for d in source.diagnostics if d.code == "docx-numbering-missing"]
    assert "numId 9" in missing.message and missing.severity.value == "warning"


# --------------------------------------------------------------------------- what is read


def test_tracked_changes_fields_breaks_tabs_and_hidden_text():
    inline = ('<w:r><w:t>甲</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>乙</w:t></w:r></w:ins>'
              '<w:del w:id="2" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>'
              '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
              '<w:fldSimple w:instr=" DATE "><w:r><w:t>日</w:t></w:r></w:fldSimple>'
              '<w:r><w:tab/><w:t>丙</w:t><w:br/><w:t>丁</w:t></w:r>' + mk.run("隐", hidden=True))
    source = read(mk.paragraph(inline, raw=True))
    assert source.text == "甲乙7日 丙\n丁\n"
    codes = {d.code: d for d in source.diagnostics}
    assert "1 insertion kept and 1 deletion (1 characters) dropped" in codes["docx-tracked-changes"].message
    assert codes["docx-hidden-text"].severity.value == "warning" and "'隐'" in codes["docx-hidden-text"].message


TEXT_BOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            '<wps:wsp><wps:txbx><w:txbxContent>{p}</w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:rect>'
            '<v:textbox><w:txbxContent>{p}</w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def test_text_box_is_read_once_after_its_paragraph():
    box = TEXT_BOX.format(p=mk.paragraph("框一") + mk.paragraph("框二"))
    source = read(mk.paragraph('<w:r><w:t>正文</w:t></w:r>' + box, raw=True) + mk.paragraph("下文"))
    assert source.text == "正文\n\n框一\n框二\n\n下文\n"
    assert [o.para for o in source.origins] == [1, 2, 3, 4]
    assert any(d.code == "docx-text-boxes" and d.message.startswith("1 text box") for d in source.diagnostics)


def test_tables_layout_tables_and_provenance(tmp_path):
    data_table = mk.table([["项目", "金额"], ["", "10万元"], ["合计", "10万元"]])
    layout = mk.table([["发文机关文件"], [""], ["嘉政发〔2019〕15号"]])
    source = read(mk.paragraph("前言") + layout + data_table + mk.paragraph("后记"))
    assert source.text == "前言\n\n发文机关文件\n\n嘉政发〔2019〕15号\n\n项目\t金额\n\t10万元\n合计\t10万元\n\n后记\n"
    [table] = [d for d in source.diagnostics if d.code == "docx-table"]
    assert source.text[table.span.start:table.span.end] == "项目\t金额\n\t10万元\n合计\t10万元"
    assert [o.para for o in source.origins] == [1, 2, 4, 5, 7, 9, 11]
    assert all(o.page is None and o.bbox is None for o in source.origins)
    # Full rows make one Table node (a row that starts with an empty cell is a row of its table too:
    # see test_table_regions).
    full = mk.table([["项目", "金额"], ["拨款", "10万元"], ["合计", "20万元"]])
    bulletin = jxparse.parse_file(_write(mk.docx_bytes(mk.paragraph("前言") + full), tmp_path))
    tables = [n for n in walk(bulletin) if isinstance(n, Table)]
    assert [t.rows for t in tables] == [(("项目", "金额"), ("拨款", "10万元"), ("合计", "20万元"))]


def test_notes_headers_and_footers():
    footnotes = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {mk.NAMESPACES}>'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 f'<w:footnote w:id="1">{mk.paragraph("注释正文。")}</w:footnote></w:footnotes>')
    header = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {mk.NAMESPACES}>{mk.paragraph("嘉兴市人民政府公报")}</w:hdr>'
    page = ('<w:r><w:t>— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r><w:r><w:t> —</w:t></w:r>')
    footer = f'<?xml version="1.0" encoding="UTF-8"?><w:ftr {mk.NAMESPACES}>{mk.paragraph(page, raw=True)}</w:ftr>'
    body = mk.paragraph('<w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r>',
                        raw=True)
    sect = ('<w:headerReference w:type="default" r:id="rIdheader1"/>'
            '<w:footerReference w:type="default" r:id="rIdfooter1"/>')
    source = read(body, sect=sect, parts={"word/footnotes.xml": footnotes, "word/header1.xml": header,
                                          "word/footer1.xml": footer})
    assert source.text == "正文[注1]。\n\n[注1] 注释正文。\n"
    assert [(f.kind, f.text, f.page) for f in source.furniture] == [("page_header", "嘉兴市人民政府公报", 1),
                                                                    ("page_number", "— 1 —", 1)]
    assert any(d.code == "docx-notes" for d in source.diagnostics)


# --------------------------------------------------------------------------- refusals and detection


def _ole2(*streams: str) -> bytes:
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    for name in streams:
        data += name.encode("utf-16-le") + b"\0" * 16
    return bytes(data)


@pytest.mark.parametrize("name, data, words", [
    ("old.doc", _ole2("Root Entry", "WordDocument", "1Table"), ["Word 97–2003", "soffice --headless --convert-to docx"]),
    ("old.wps", _ole2("Root Entry", "WordDocument"), ["WPS Office binary", "soffice --headless --convert-to docx"]),
    ("locked.docx", _ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), ["encrypted", "password"]),
    ("macros.docm", None, ["macro-only"]),
    ("plain.docx", b"just text, not a package", ["not a ZIP"]),
    ("note.rtf.doc", b"{\\rtf1\\ansi hello}", ["RTF", "soffice"]),
    ("page.doc", b"<html><body><p>\xe4\xb8\x80</p></body></html>", ["HTML", "--format html"]),
    ("archive.doc", b"MIME-Version: 1.0\r\nContent-Type: multipart/related", ["MHT", "soffice"]),
    ("w2003.doc", b'<?xml version="1.0"?><w:wordDocument xmlns:w="x"/>', ["Word 2003 XML", "soffice"]),
])
def test_refusals_name_the_format_and_exit_1(tmp_path, name, data, words):
    if data is None:
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/vbaProject.bin", b"\0" * 64)
        data = buffer.getvalue()
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        jxparse.load_source(path)
    assert all(word in str(error.value) for word in words), str(error.value)
    assert str(error.value).startswith(str(path) + ":") or str(error.value).startswith(name + ":")
    result = CliRunner().invoke(main, ["convert", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert words[0] in result.stderr


def test_hostile_packages_are_refused(monkeypatch):
    doctype = mk.docx_bytes(mk.paragraph("x"))
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(doctype)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "boom">]>', 1)
            dst.writestr(info.filename, content)
    with pytest.raises(InputError, match="DOCTYPE"):
        read_docx(buffer.getvalue(), name="dtd.docx")
    # a bomb: one part of 2 MiB of zeros (ratio far above the limit)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (2 << 20))
    with pytest.raises(InputError, match="decompression bomb"):
        read_docx(buffer.getvalue(), name="bomb.docx")
    monkeypatch.setattr(docx_package, "MAX_PART_BYTES", 1000)
    with pytest.raises(InputError, match="word/document.xml"):
        read_docx(mk.docx_bytes(mk.paragraph("长" * 2000)), name="big.docx")
    monkeypatch.undo()
    broken = mk.docx_bytes(mk.paragraph("x"))
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(broken)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            dst.writestr(info.filename, content[:-20] if info.filename == "word/document.xml" else content)
    with pytest.raises(InputError, match="'word/document.xml' is not well-formed XML"):
        read_docx(buffer.getvalue(), name="cut.docx")


def test_detection_by_content(tmp_path):
    data = mk.docx_bytes(mk.paragraph("一、总体要求"))
    for name in ("a.wps", "a.doc", "a.txt", "noext"):
        (tmp_path / name).write_bytes(data)
        assert jxparse.load_source(tmp_path / name).format == "docx", name
    assert jxparse.load_source(tmp_path / "noext", format="docx").text == "一、总体要求\n"
    assert jxparse.input_format("x.DOCX") == "docx"


# --------------------------------------------------------------------------- CLI, writers and batch


@pytest.fixture
def docx_file(tmp_path):
    path = tmp_path / "in" / "gap.docx"
    path.parent.mkdir()
    body = (mk.paragraph("关于做好某某工作的通知", align="center") + mk.paragraph("嘉政发〔2019〕15号", align="center")
            + mk.paragraph("各县(市、区)人民政府:") + mk.paragraph("一、总则") + mk.paragraph("安排资金10万元。")
            + mk.paragraph("嘉兴市人民政府", align="right") + mk.paragraph("2019年7月15日", align="right"))
    path.write_bytes(mk.docx_bytes(body))
    return path


def test_cli_text_and_every_writer(docx_file):
    runner = CliRunner()
    text = runner.invoke(main, ["convert", str(docx_file), "-t", "text"])
    assert text.exit_code == 0 and text.stdout == jxparse.load_source(docx_file).text
    assert "嘉兴市人民政府\n2019年7月15日" in text.stdout  # right-aligned issuer over its date: one block
    bulletin = jxparse.parse_file(docx_file)
    doc = bulletin.documents[0]
    assert (doc.title, doc.doc_number.text, doc.signatories, doc.date) == (
        "关于做好某某工作的通知", "嘉政发〔2019〕15号", ("嘉兴市人民政府",), "2019-07-15")
    for fmt in ("json", "xml", "md", "tree"):
        result = runner.invoke(main, ["convert", str(docx_file), "-t", fmt])
        assert result.exit_code == 0, result.output
        assert result.stdout == jxparse.dumps(bulletin, format=fmt)
    piped = runner.invoke(main, ["convert", "-", "-t", "text"], input=docx_file.read_bytes())
    assert piped.exit_code == 0 and piped.stdout == text.stdout  # standard input: a Word file by content
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
    assert jxparse.loads(jxparse.dumps(bulletin, "xml")) == bulletin
    from jxparse.validate import validate_text

    for fmt in ("json", "xml"):
        assert not validate_text(jxparse.dumps(bulletin, fmt), name=f"gap.{fmt}"), fmt
    assert json.loads(jxparse.dumps(bulletin, "json"))["source"]["format"] == "docx"


def test_batch_with_output_and_skip_existing(docx_file, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(main, ["convert", str(docx_file.parent), "-o", str(out), "-t", "json,text", "-j", "1"])
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["gap.json", "gap.txt"]
    assert (out / "gap.txt").read_text(encoding="utf-8") == jxparse.load_source(docx_file).text
    before = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    again = runner.invoke(main, ["convert", str(docx_file.parent), "-o", str(out), "-t", "json,text", "-j", "1",
                                 "--skip-existing"])
    assert again.exit_code == 0 and "1 skipped" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == before


# --------------------------------------------------------------------------- the real files of the corpus


def test_jiangsu_notice():
    bulletin = jxparse.parse_file(corpus_file("jiangsu-yinjianban-2005-235.docx"))
    [doc] = bulletin.documents
    assert doc.title == "关于提示异地贷款业务风险的通知" and doc.kind == "通知"
    assert doc.doc_number.text == "苏银监办〔2005〕235号" and doc.date == "2005-11-11"
    assert doc.addressees == ("各银监分局", "各国有商业银行江苏省分行", "各股份制商业银行南京分行", "南京市商业银行")
    found = list(sections(doc.body))
    assert [s.marker for s in found] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
    # run-in headings: the heading ends at the first 。 and the rest of the paragraph is body text
    assert found[0].heading == "充分认识异地贷款的风险" and found[0].children
    check_spans(bulletin)


def test_shanghai_measures():
    bulletin = jxparse.parse_file(corpus_file("shanghai-baojianju-gaoguan-kaoshi-banfa.docx"))
    [doc] = bulletin.documents
    assert doc.title == "上海保险分支机构高级管理人员任职资格考试管理办法"  # joined from two centred paragraphs
    found = list(sections(doc.body))
    chapters = [s for s in found if s.style == "chapter"]
    articles = [s for s in found if s.style == "article"]
    assert [s.number for s in chapters] == list(range(1, 8)) and chapters[0].heading == "总则"
    assert [s.number for s in articles] == list(range(1, 26))
    assert "沪保监发[2013]170号" in bulletin.text


def test_wps_template_numbering_from_numbering_xml():
    path = corpus_file("wps-gongwen-yangzhang-template.wps")
    source = jxparse.load_source(path)
    assert source.format == "docx"  # a .wps that is an OOXML package
    bulletin = jxparse.parse_file(path)
    found = list(sections(bulletin.documents[0].body))
    top = [s.marker for s in found if s.level == 1]
    assert top == ["一、", "二、", "三、", "四、", "五、", "六、"]
    first = [(s.marker, s.level) for s in found if s.id.startswith("d1.s1.")]
    assert first == [("（一）", 2), ("1.", 3), ("(1)", 4), ("(2)", 4), ("2.", 3), ("（二）", 2)]
    # the second series uses new lists (numId 6–8, startOverride 1): its counters start again
    fourth = [(s.marker, s.level) for s in found if s.id.startswith("d1.s4.")]
    # the second series restarts through new instances (numId 6–8, startOverride 1) and the paragraphs
    # numbered by style afterwards (numId 1 and 2, same lists) go on from the restarted count
    assert fourth == [("（一）", 2), ("1.", 3), ("(1)", 4), ("(2)", 4), ("2.", 3), ("（二）", 2)]
    assert all("第一层级标题" == s.heading for s in found if s.level == 1)
    assert "一、" not in source.text.split("正文内容正文内容正文内容正文内容正文内容。", 1)[0]
    assert {(f.kind, f.text) for f in source.furniture} == {("page_number", "—\u30001\u3000—"),
                                                            ("page_number", "— 2 —")}
    assert "\t抄送机关1，抄送机关2，抄送机关3，抄送机关4。" in source.text  # the 版记 table
    # WPS's 公文 element markers (GB/T 33476 names) become metadata, the text they wrap
    metadata = dict(bulletin.documents[0].metadata)
    assert (metadata["份号"], metadata["紧急程度"], metadata["标题"], metadata["成文日期"]) == (
        "000001", "特急", "×××关于××××××××××的通告", "20××年×月×日")
    assert metadata["抄送机关"] == "抄送机关1；抄送机关2；抄送机关3；抄送机关4" and "正文" not in metadata


def test_hebei_form():
    source = jxparse.load_source(corpus_file("hebei-shipin-congye-jiankang-jianchabiao.docx"))
    assert source.text.startswith("附件1：\n\n一\n寸\n照\n片\n\n河北省食品药品从业人员健康检查表\n")  # the text box, kept
    assert any(d.code == "docx-text-boxes" for d in source.diagnostics)
    [table] = [d for d in source.diagnostics if d.code == "docx-table"]
    assert table.message.startswith("table of 18 rows")
    assert "体征\t心\t\t肝" in source.text and "实 化 验 验 室 单 检 附 查 后\t检  查  项  目" in source.text
    bulletin = jxparse.parse_file(corpus_file("hebei-shipin-congye-jiankang-jianchabiao.docx"))
    assert [a.number for a in bulletin.documents[0].attachments] == [1]
    assert any(isinstance(n, Table) for n in walk(bulletin))


def test_zhongyang_document():
    bulletin = jxparse.parse_file(corpus_file("zhongyang-yihao-wenjian-2026.docx"))
    found = list(sections(bulletin.documents[0].body))
    assert [s.number for s in found if s.style == "hanzi"] == [1, 2, 3, 4, 5, 6]
    assert [s.number for s in found if s.style == "paren_hanzi"] == list(range(1, 28))


def test_gongwen_head_as_word_lays_it_out(tmp_path):
    # GB/T 9704 layout typed in Word: 发文机关标志, 文号 and a two-line title centred, the sign-off right-aligned.
    center = "center"
    body = (mk.paragraph("嘉兴市人民政府文件", align=center) + mk.paragraph("嘉政发〔2019〕15号", align=center)
            + mk.paragraph("嘉兴市人民政府关于印发嘉兴市区支持农业农村发展", align=center)
            + mk.paragraph("若干财政政策意见的通知", align=center) + mk.paragraph("各县（市、区）人民政府，市政府各部门：")
            + mk.paragraph("现将意见印发给你们，请认真贯彻执行。") + mk.paragraph("嘉兴市人民政府", align="right")
            + mk.paragraph("2019年7月15日", align="right"))
    bulletin = jxparse.parse_file(_write(mk.docx_bytes(body), tmp_path))
    [doc] = bulletin.documents
    assert (doc.title, doc.doc_number.text, doc.kind) == (
        "嘉兴市人民政府关于印发嘉兴市区支持农业农村发展若干财政政策意见的通知", "嘉政发〔2019〕15号", "通知")
    assert (doc.addressees, doc.signatories, doc.date) == (("各县（市、区）人民政府", "市政府各部门"), ("嘉兴市人民政府",),
                                                           "2019-07-15")
