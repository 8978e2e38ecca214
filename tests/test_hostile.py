"""Hostile and broken input (issue 8): no crash, no hang, no loss.

A catalog of bad inputs, each with its expected outcome: a result (with which diagnostics),
or which jxparse error and which CLI exit code and message. Every result must satisfy the
tree invariants (tests/invariants.py): spans inside the text and giving back their node's
text, and every non-blank character placed in some node.

Inputs that are small live in tests/fixtures/hostile/; big ones are generated here.
Cases that expose a jxparse bug are marked xfail(strict=True) with a one-line diagnosis.
"""

from __future__ import annotations

import copy
import decimal
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import jxparse
from jxparse.ast import Amount, Section
from jxparse.cli import main
from jxparse.errors import DecodeError, FormatError, JxParseError

import invariants
from invariants import sections

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CRASHES = Path(__file__).parent / "fuzz_crashes"


def check(bulletin):
    """The invariants every tree must satisfy; returns the bulletin for chaining."""
    invariants.check_spans(bulletin)
    assert invariants.uncovered(bulletin) == []
    return bulletin


def errors_of(bulletin):
    return [d for d in bulletin.diagnostics if d.severity.value == "error"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


# --------------------------------------------------------------------------- empty-ish files


@pytest.mark.parametrize("name, encoding", [
    ("empty.txt", "utf-8"), ("whitespace.txt", "utf-8"), ("bom-only.txt", "utf-8-sig")])
def test_empty_inputs_give_an_empty_bulletin(name, encoding, runner):
    bulletin = check(jxparse.parse_file(HOSTILE / name))
    assert bulletin.documents == () and bulletin.toc == () and bulletin.title is None
    assert errors_of(bulletin) == []
    assert bulletin.source.encoding == encoding
    assert bulletin.text.strip() == ""  # the BOM is not part of the text
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
    assert jxparse.loads(jxparse.dumps(bulletin, "xml"), format="xml") == bulletin
    result = runner.invoke(main, ["convert", str(HOSTILE / name), "-t", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == []


def test_empty_string_and_whitespace_parse():
    for text in ("", " ", "\n\n\n", "\r\n\r\n", "\u3000\u3000\n", "\ufeff", "\x0c\n"):
        bulletin = check(jxparse.parse(text))
        assert bulletin.documents == () or text == "\ufeff"


# --------------------------------------------------------------------------- decoding


def _expected_garbage_outcome(data: bytes):
    """jxparse.readers.text's documented rule: BOM, else strict UTF-8, else (when fewer than
    3 multi-byte UTF-8 characters precede the first bad byte) strict GB18030, else DecodeError
    at the first bad UTF-8 byte."""
    from jxparse.readers.decoding import UTF8_EVIDENCE as _UTF8_EVIDENCE, utf8_multibyte_count as _utf8_multibyte_count

    try:
        data.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError as error:
        bad = error.start
    if _utf8_multibyte_count(data[:bad]) < _UTF8_EVIDENCE:
        try:
            data.decode("gb18030")
            return "gb18030", None
        except UnicodeDecodeError:
            pass
    return None, bad


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes_follow_the_decoding_rule(seed, tmp_path):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(rng.choice([16, 256, 4096])))
    if seed == 0:
        data = (HOSTILE / "garbage.bin").read_bytes()
    path = tmp_path / "garbage.bin"
    path.write_bytes(data)
    encoding, offset = _expected_garbage_outcome(data)
    from jxparse.readers.decoding import decode_text as decode
    from jxparse.sniff import sniff_format

    if encoding is None:  # the decoding rule itself, whatever the file looks like
        with pytest.raises(DecodeError) as caught:
            decode(data, name="garbage.bin")
        assert caught.value.offset == offset
    else:
        assert decode(data)[1] == encoding
    if sniff_format(data) is not None:
        # Random bytes are full of control bytes no text holds: files are refused before decoding
        # (issue 15: a binary that happened to decode as GB18030 "converted" into garbage).
        with pytest.raises(jxparse.InputError, match="binary data|image|archive|OLE2|PDF|document"):
            jxparse.parse_file(path)
    elif encoding is None:
        with pytest.raises(DecodeError) as caught:
            jxparse.parse_file(path)
        assert caught.value.offset == offset and caught.value.source == "garbage.bin"
        assert caught.value.line == data.count(b"\n", 0, offset) + 1
    else:
        bulletin = check(jxparse.parse_file(path))
        assert bulletin.source.encoding == encoding


def test_bytes_that_are_valid_gb18030_decode_as_gb18030(tmp_path):
    rng = random.Random(7)
    pairs = bytes(b for _ in range(500) for b in (rng.randrange(0xB0, 0xF8), rng.randrange(0xA1, 0xFF)))
    path = tmp_path / "gbk-garbage.txt"
    path.write_bytes(pairs)
    bulletin = check(jxparse.parse_file(path))
    assert bulletin.source.encoding == "gb18030"
    assert bulletin.text == pairs.decode("gb18030")


def test_nul_bytes_are_kept(tmp_path):
    bulletin = check(jxparse.parse_file(HOSTILE / "nul-inside.txt"))
    assert bulletin.text.count("\x00") == 2
    section, = bulletin.documents[0].body
    assert section.heading == "总\x00则"
    assert section.children[0].text == "正文\x00内容。"
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
    xml = jxparse.dumps(bulletin, "xml")
    assert "\x00" not in xml and '<ctrl code="0"/>' in xml
    assert jxparse.loads(xml, format="xml") == bulletin


def test_invalid_utf8_names_file_and_offset(runner):
    path = HOSTILE / "invalid-utf8.txt"
    with pytest.raises(DecodeError) as caught:
        jxparse.parse_file(path)
    error = caught.value
    assert (error.source, error.offset, error.line, error.column) == ("invalid-utf8.txt", 47, 3, 7)
    assert str(error).startswith("invalid-utf8.txt:3:7: cannot decode byte offset 47 as utf-8")
    result = runner.invoke(main, ["convert", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:3:7: ")
    assert "byte offset 47" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_mixed_encodings_stop_at_the_first_gbk_byte(runner):
    path = HOSTILE / "mixed-utf8-gbk.txt"
    with pytest.raises(DecodeError) as caught:
        jxparse.parse_file(path)
    assert (caught.value.offset, caught.value.line, caught.value.column) == (62, 3, 1)
    result = runner.invoke(main, ["convert", str(path)])
    assert result.exit_code == 1 and result.stderr.startswith(f"{path}:3:1: ")
    assert "Traceback" not in result.stderr
    # An explicit --encoding is obeyed strictly: no byte is dropped, the whole file decodes or it fails.
    result = runner.invoke(main, ["convert", str(path), "--encoding", "ascii"])
    assert result.exit_code == 1 and f"{path}:1:1: " in result.stderr


# --------------------------------------------------------------------------- size and shape


def test_20_mb_single_line_in_bounded_time():
    line = "为加快推进农业农村现代化，给予每亩300元补助，嘉政发〔2019〕15号，2019年7月15日，"
    text = line * (20_000_000 // len(line.encode("utf-8")))
    bulletin, seconds = timed(jxparse.parse, text)
    print(f"20 MB single line: {seconds:.1f} s")
    assert seconds < 120, f"20 MB single line took {seconds:.1f} s"
    paragraphs = [block for document in bulletin.documents for block in document.body]
    assert sum(len(p.text) for p in paragraphs) + sum(len(d.title) for d in bulletin.documents) >= len(text) - 10


def test_100k_heading_lines_in_bounded_time():
    text = "一、标题\n" * 100_000
    bulletin, seconds = timed(jxparse.parse, text)
    print(f"100 000 heading lines: {seconds:.1f} s")
    assert seconds < 60, f"100 000 heading lines took {seconds:.1f} s"
    found = list(sections(bulletin.documents[0].body))
    assert len(found) == 100_000
    assert all(s.heading == "标题" and s.level == 1 for s in found)


_HAN = "一二三四五六七八九十"


def _han(n: int) -> str:
    return _HAN[n - 1] if n <= 10 else "十" + _HAN[n - 11]


_STYLES = [lambda n: f"第{_han(n)}编", lambda n: f"第{_han(n)}章", lambda n: f"第{_han(n)}节",
           lambda n: f"第{_han(n)}条", lambda n: f"{n}.1 ", lambda n: f"{n}.1.1 ", lambda n: f"{_han(n)}、",
           lambda n: f"（{_han(n)}）", lambda n: f"({_han(n)})", lambda n: f"{n}.", lambda n: f"{n}．",
           lambda n: f"（{n}）", lambda n: "①②③④⑤⑥⑦⑧⑨⑩"[n - 1]]


@pytest.mark.parametrize("seed", range(5))
def test_headings_50_deep_in_shuffled_orders(seed):
    rng = random.Random(seed)
    counts: dict[int, int] = {}
    lines = ["关于某事的通知"]
    order = list(range(len(_STYLES)))
    for i in range(50):
        if i % len(_STYLES) == 0:
            rng.shuffle(order)  # every rank appears in an odd order, deepest first included
        style = order[i % len(order)] if seed % 2 else rng.randrange(len(_STYLES))
        counts[style] = min(counts.get(style, 0) + 1, 10)
        lines.append(f"{_STYLES[style](counts[style])}标题{i}")
        if rng.random() < 0.3:
            lines.append(f"正文{i}。")
    bulletin = check(jxparse.parse("\n".join(lines) + "\n"))
    document, = bulletin.documents

    def levels(blocks, depth=1):
        for block in blocks:
            if isinstance(block, Section):
                assert block.level == depth
                yield block
                yield from levels(block.children, depth + 1)

    found = list(levels(document.body))
    assert len(found) >= 40
    headings = [s.heading for s in found]
    assert headings == sorted(headings, key=lambda h: int(h[2:]))  # document order kept


BRACKETS = [
    "（（（〔〔【", "）））〕〕】", "《《《〈〈", "》》〉〉", "(((((", "))))", "[[[]]", "【】】【", "「『」』", "“‘”’",
    "一、（一）（1）((1)）)", "（一）关于《某某办法（试行）的通知", "嘉政发〔2019〔15号", "嘉政发〕2019〔15号",
    "（市农业农村局牵头，市财政局配合", "市农业农村局牵头）", "《某某》》〔〔2019〕〕15号", "第一条（（（", "①②（③",
]


def test_unbalanced_and_mismatched_brackets_everywhere():
    rng = random.Random(3)
    lines = ["（关于《某某〔2019〕的通知", "嘉政发〔2019〕15号）", "各县（市、区：", *BRACKETS]
    for _ in range(200):
        lines.append("".join(rng.choice(BRACKETS + ["正文", "一、", "2019年", "10万元", "\u3000"])
                             for _ in range(rng.randrange(1, 8))))
    check(jxparse.parse("\n".join(lines) + "\n"))
    for line in BRACKETS:
        check(jxparse.parse(line))
        check(jxparse.parse(f"通知\n一、{line}\n{line}正文{line}\n"))


# --------------------------------------------------------------------------- numbers and 文号


def _decimal_json(bulletin):
    """The JSON output parsed with every number as Decimal (no float may appear)."""
    return json.loads(jxparse.dumps(bulletin, "json"), parse_float=Decimal, parse_int=Decimal)


def _amounts(bulletin):
    return [node for node in invariants.walk(bulletin) if isinstance(node, Amount)]


def test_40_digit_amount_is_kept_as_text_not_float():
    digits = "1234567890" * 4
    bulletin = check(jxparse.parse(f"通知\n一、补助\n给予{digits}万元补助，每亩{digits}.5元。\n"))
    paragraph = bulletin.documents[0].body[0].children[0]
    assert paragraph.text == f"给予{digits}万元补助，每亩{digits}.5元。"
    # jxparse.pipeline.entities._MAX_DIGITS (30): longer digit strings are not read as amounts. Whatever
    # is read must be exact.
    for amount in _amounts(bulletin):
        assert isinstance(amount.value, Decimal)
        assert amount.value == Decimal(amount.text.rstrip("万元").replace("每亩", "")) * (
            10000 if "万" in amount.text else 1)
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin


@pytest.mark.parametrize("digits, unit, factor", [
    ("12345678901234567890", "万元", 10**4),
    ("1234567890123456789012345", "万元", 10**4),  # 29 digits, but the rounded-off ones are zeros
    ("12345678901234567890123456789", "万元", 10**4),
    ("123456789012345678901234567890", "万元", 10**4),
    ("123456789012345678901234567891", "亿元", 10**8),
    ("123456789012345678901234567.75", "元", 1),
])
def test_long_amounts_are_exact(digits, unit, factor):
    with decimal.localcontext() as exact:
        exact.prec = 200
        expected = Decimal(digits) * factor
    bulletin = check(jxparse.parse(f"通知\n给予{digits}{unit}补助。\n"))
    amount, = _amounts(bulletin)
    assert isinstance(amount.value, Decimal)
    assert amount.value == expected
    data = _decimal_json(bulletin)
    value = data["documents"][0]["body"][0]["entities"][0]["value"]
    assert Decimal(value) == expected
    assert jxparse.loads(jxparse.dumps(bulletin, "json")).documents[0].body[0].entities[0].value == amount.value


def test_malformed_doc_number_letter_l_in_year():
    bulletin = check(jxparse.parse("关于某事的通知\n嘉政发〔20l9〕号\n各单位：\n正文。\n"))
    document, = bulletin.documents
    assert document.doc_number is None  # 20l9 is no year, and there is no serial


def test_malformed_doc_number_is_not_glued_into_the_title():
    document, = check(jxparse.parse("关于某事的通知\n嘉政发〔20l9〕号\n各单位：\n正文。\n")).documents
    assert document.title == "关于某事的通知" and document.kind == "通知"


def test_doc_number_without_agency_never_takes_the_title_as_agency():
    bulletin = check(jxparse.parse("关于某事的通知\n〔2019〕15号\n各单位：\n正文。\n"))
    document, = bulletin.documents
    assert document.title == "关于某事的通知"
    numbers = [n for n in invariants.walk(bulletin) if type(n).__name__ == "DocNumber"]
    assert all("通知" not in n.agency for n in numbers), numbers


@pytest.mark.parametrize("text", ["嘉政发〔2019〕号", "嘉政发〔〕15号", "嘉政发〔2019〕〔15〕号", "嘉政发2019 15号",
                                  "嘉政发〔99999999999999999999〕15号", "嘉政发〔2019〕99999999999999999999999号",
                                  "〔2019〕", "号号号", "第号", "国令第号", "嘉政发〔2019〕15号" * 50])
def test_malformed_doc_numbers_never_crash(text):
    bulletin = check(jxparse.parse(f"关于某事的通知\n{text}\n正文。\n"))
    for number in (n for n in invariants.walk(bulletin) if type(n).__name__ == "DocNumber"):
        assert isinstance(number.serial, int) and (number.year is None or isinstance(number.year, int))
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin


# --------------------------------------------------------------------------- TOC and bodies

TOC_ONLY = ("嘉兴市人民政府公报\n\n目 录\n\n【市政府文件】\n\n嘉兴市人民政府关于印发某某意见的通知\n\n(嘉政发〔2019〕15 号) (2)\n\n"
            "【市政府办公室文件】\n\n嘉兴市人民政府办公室关于某某的意见\n\n(嘉政办发〔2019〕33 号) (13)\n")


def test_toc_without_documents_keeps_every_line():
    check(jxparse.parse(TOC_ONLY))


def test_toc_without_documents_is_a_toc():
    bulletin = check(jxparse.parse(TOC_ONLY))
    assert [entry.doc_number.text for entry in bulletin.toc] == ["嘉政发〔2019〕15 号", "嘉政办发〔2019〕33 号"]
    assert bulletin.documents == ()


def test_documents_without_body():
    text = ("嘉兴市人民政府关于做好某事的通知\n嘉政发〔2019〕15号\n各单位：\n嘉兴市人民政府\n2019年7月15日\n"
            "嘉兴市人民政府关于某某的意见\n嘉政发〔2019〕16号\n")
    bulletin = check(jxparse.parse(text))
    first, second = bulletin.documents
    assert (first.doc_number.serial, first.body, first.date) == (15, (), "2019-07-15")
    assert (second.doc_number.serial, second.body, second.addressees) == (16, (), ())


def test_bare_document_heads_keep_their_doc_numbers():
    text = "嘉兴市人民政府关于做好某事的通知\n嘉政发〔2019〕15号\n嘉兴市人民政府关于某某的意见\n嘉政发〔2019〕16号\n"
    bulletin = check(jxparse.parse(text))
    numbers = {n.text for n in invariants.walk(bulletin) if type(n).__name__ == "DocNumber"}
    assert numbers == {"嘉政发〔2019〕15号", "嘉政发〔2019〕16号"}


# --------------------------------------------------------------------------- HTML

BROKEN_HTML = """<html><head><meta charset="utf-8">
<script>document.write("一、脚本内容");var a = "<p>嘉政发〔2019〕1号</p>";</script>
<style>p{color:red} .x:before{content:"二、样式"}</style><title>页面</title></head>
<body><div class="nav">首页 &gt; 政策</div>
<div class="TRS_Editor"><p>嘉兴市人民政府关于做好某事的通知</p><p>嘉政发〔2019〕15号</p>
<p>各县（市、区）：&nbsp;&amp;&lt;&#x4e00;&#12288;&bogus; &#0; &#99999999;</p>
<p>一、总则<b>加粗<i>交错</b>标签</i><p>未闭合段落<div>（一）分项<table><tr><td>单元格<td>二<tr><td>三</table>
<!-- 注释 三、注释 --><script>alert("x")</script><noscript>四、不显示</noscript>
<p>嘉兴市人民政府</p><p>2019年7月15日</p></div><footer>版权所有</footer></body></html"""


def test_html_with_scripts_entities_and_broken_markup(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(BROKEN_HTML, encoding="utf-8")
    bulletin = check(jxparse.parse_file(path))
    text = bulletin.text
    for gone in ("脚本内容", "alert", "样式", "注释", "color:red", "<p>", "嘉政发〔2019〕1号"):
        assert gone not in text, gone
    assert "&<一\u3000&bogus;" in text  # entities decoded, an unknown one kept as written
    document, = bulletin.documents
    assert (document.title, document.doc_number.text, document.date) == (
        "嘉兴市人民政府关于做好某事的通知", "嘉政发〔2019〕15号", "2019-07-15")
    assert [s.heading for s in sections(document.body)] == ["总则加粗交错标签", "分项"]
    assert jxparse.loads(jxparse.dumps(bulletin, "xml"), format="xml") == bulletin


@pytest.mark.parametrize("page", ["", "<", "<html", "</p></div></body>", "<p>" * 5000, "<!--", "<script>",
                                  "<![CDATA[一、", "&#", "\x00<p>\x00</p>", "<table>" * 200 + "一、标题",
                                  "<p>一、标题</p>" * 2000])
def test_degenerate_html_pages(page, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    check(jxparse.parse_file(path))


# --------------------------------------------------------------------------- DOCX


def _docx_maker():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docx_samples", Path(__file__).parent.parent / "scripts"
                                                  / "make_docx_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rezip(data: bytes, change) -> bytes:
    """The package ``data`` with each entry passed through ``change(name, bytes) -> [(name, bytes)]``."""
    import zipfile
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            for name, content in change(info.filename, src.read(info)):
                dst.writestr(name, content)
    return out.getvalue()


_MK = None


def _docx_case(name: str) -> tuple[bytes, str | None]:
    """(package bytes, the InputError message expected or None for a result) of a hostile DOCX case."""
    global _MK
    mk = _MK = _MK or _docx_maker()
    heading = mk.paragraph("一、总则") + mk.paragraph("正文10万元。")
    numbering = mk.numbering_xml({0: [mk.level(0, "upperLetter", "%1%10.", start=10**9)],
                                  1: [mk.level(0, "chineseCounting", "%1、")]},
                                 {1: (0, {0: -5}), 2: (1, {}), 3: (1, {0: 10**12})})
    cases = {
        # entries and relationships pointing outside the package are ignored, never followed
        "escaping entries": (_rezip(mk.docx_bytes(heading), lambda n, c: [(n, c)] + ([("../../evil.xml", b"<x/>")] if n == "_rels/.rels" else [])), None),
        "escaping relationship": (_rezip(mk.docx_bytes(heading, parts={"word/styles.xml": mk.styles_xml()}),
                                         lambda n, c: [(n, c.replace(b'Target="styles.xml"',
                                                                     b'Target="../../../etc/passwd"'))]), None),
        "nesting deeper than the parser allows": (mk.docx_bytes("<w:sdt><w:sdtContent>" * 3000 + heading
                                                                + "</w:sdtContent></w:sdt>" * 3000),
                                                  "is not well-formed XML"),
        "field that never ends": (mk.docx_bytes(mk.paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                                                             '<w:r><w:instrText>PAGE</w:instrText></w:r>', raw=True)
                                                + heading), None),
        "absurd numbering": (mk.docx_bytes("".join(mk.paragraph("x", num=(n, lvl)) for n, lvl in
                                                   ((1, 0), (1, 99), (2, 0), (3, 0), (4, 0), (0, 0), (1, -1))),
                                           parts={"word/numbering.xml": numbering}), None),
        "alternate content without branches": (mk.docx_bytes(
            "<mc:AlternateContent/>" + mk.paragraph("<w:r><mc:AlternateContent/><w:sym w:char=\"zz\"/>"
                                                    "<w:sym w:char=\"D800\"/><w:t>字</w:t></w:r>", raw=True)), None),
        "empty body": (mk.docx_bytes(""), None),
        "entity in a part": (_rezip(mk.docx_bytes(heading), lambda n, c: [(n, c.replace(
            b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1) if n == "word/document.xml"
            else c)]), "DOCTYPE"),
        "truncated zip": (mk.docx_bytes(heading)[:300], "broken ZIP"),
        "wrong root element": (_rezip(mk.docx_bytes(heading), lambda n, c: [(n, b"<html/>" if n == "word/document.xml"
                                                                              else c)]), "not WordprocessingML"),
    }
    return cases[name]


DOCX_CASES = ["escaping entries", "escaping relationship", "nesting deeper than the parser allows",
              "field that never ends", "absurd numbering", "alternate content without branches", "empty body",
              "entity in a part", "truncated zip", "wrong root element"]


@pytest.mark.parametrize("name", DOCX_CASES)
def test_hostile_docx(name, tmp_path, runner):
    data, error = _docx_case(name)
    path = tmp_path / "hostile.docx"
    path.write_bytes(data)
    result = runner.invoke(main, ["convert", str(path), "-t", "json"])
    if error is None:
        bulletin = check(jxparse.parse_file(path))
        assert result.exit_code == 0, result.output
        assert bulletin.source.format == "docx"
        if name == "field that never ends":
            assert "一、总则" in bulletin.text and "docx-broken-field" in {d.code for d in bulletin.diagnostics}
        if name == "absurd numbering":
            # %1 twice then a literal 0; level 99 is level 8, which this list lacks; numId 4 is unknown, 0 is none
            assert bulletin.text.split() == ["-5-50.x", "x", "一、x", "1000000000000、x", "x", "x", "-4-40.x"]
            assert "docx-numbering-missing" in {d.code for d in bulletin.diagnostics}
        if name == "escaping relationship":
            assert "一、总则" in bulletin.text
    else:
        with pytest.raises(JxParseError, match=error):
            jxparse.parse_file(path)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert str(path) in result.stderr and error in result.stderr


# --------------------------------------------------------------------------- loads: XML and JSON


@pytest.fixture(scope="module")
def small_tree():
    return jxparse.parse("关于某事的通知\n嘉政发〔2019〕15号\n各单位：\n一、总则\n正文10万元。\n")


def test_xml_with_external_entity_is_refused(small_tree, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-CONTENT", encoding="utf-8")
    xml = jxparse.dumps(small_tree, "xml")
    head, rest = xml.split("\n", 1)
    attacks = [
        f'{head}\n<!DOCTYPE bulletin [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n' + rest.replace("正文", "&xxe;"),
        f'{head}\n<!DOCTYPE bulletin SYSTEM "{secret.as_uri()}">\n{rest}',
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><bulletin xmlns="urn:jxparse:schema:1">&lol3;</bulletin>',
        rest.replace("正文", "&xxe;"),  # an undeclared entity
    ]
    for attack in attacks:
        try:
            loaded = jxparse.loads(attack)
        except FormatError as error:
            assert "TOPSECRET" not in str(error)
        else:  # ignoring the DTD would be fine too, but never with the entity's content
            assert "TOPSECRET" not in jxparse.dumps(loaded, "json")
    with pytest.raises(FormatError, match="DOCTYPE"):
        jxparse.loads(attacks[0].encode("utf-8"))


def _mutate(data, path, value):
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data




@pytest.mark.parametrize("path, value", [
    (("documents",), "x"),
    (("documents", 0), 5),
    (("documents", 0, "body"), {}),
    (("documents", 0, "body", 0, "children"), {}),
    (("documents", 0, "body", 0, "children", 0, "type"), "nope"),
    (("documents", 0, "body", 0, "children", 0, "entities", 0, "value"), [1]),
    (("documents", 0, "doc_number", "serial"), None),
    (("documents", 0, "doc_number"), "嘉政发〔2019〕15号"),
    (("toc",), {"a": 1}),
    (("source",), []),
    (("documents", 0, "metadata"), [["k", "v"]]),
    (("documents", 0, "title"), 5),
    (("documents", 0, "body", 0, "number"), "one"),
    (("documents", 0, "body", 0, "level"), "1"),
    (("documents", 0, "body", 0, "children", 0, "text"), None),
    (("documents", 0, "addressees"), "各单位"),
    (("documents", 0, "body", 0, "style"), "bogus"),
    (("documents", 0, "body", 0, "span"), "x"),
    (("documents", 0, "body", 0, "span"), {"start": "a", "end": 1}),
])
def test_json_with_wrong_types_is_a_format_error_with_a_path(small_tree, path, value):
    data = json.loads(jxparse.dumps(small_tree, "json"))
    text = json.dumps(_mutate(data, path, value), ensure_ascii=False)
    with pytest.raises(FormatError) as caught:
        jxparse.loads(text)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[:-1])
    assert where in str(caught.value), str(caught.value)


@pytest.mark.parametrize("text", ["", "[]", "5", '"x"', "null", "{", '{"type": "bulletin"}',
                                  '{"type": "bulletin", "schema": "jxparse/0"}', "\ufeff{}", b"\xff\xfe{}"])
def test_json_that_is_not_a_bulletin(text):
    with pytest.raises(FormatError):
        jxparse.loads(text, format="json")


# --------------------------------------------------------------------------- awkward file names


@pytest.mark.parametrize("stem", ["with space", "中文 名称", "new\nline", " lead-trail ", "(括号)〔2019〕"])
def test_awkward_file_names_on_the_command_line(stem, tmp_path, runner):
    if sys.platform == "win32" and "\n" in stem:
        pytest.skip("no newline in Windows file names")
    source = tmp_path / "in" / f"{stem}.txt"
    source.parent.mkdir()
    source.write_text("关于某事的通知\n嘉政发〔2019〕15号\n一、总则\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(source), "-o", str(out), "-t", "json,xml"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [f"{stem}.json", f"{stem}.xml"]
    bulletin = jxparse.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert bulletin == jxparse.parse_file(source) and bulletin.source.name == f"{stem}.txt"


# --------------------------------------------------------------------------- catastrophic backtracking

# Measured on the development machine (2 cores, Python 3.11; fuzzing on the other core): seconds
# for jxparse.pipeline. The bound is 5x that, at least 10 s.
ADVERSARIAL = {
    "paren": ("（" * 100_000, 0.1),
    "one-dot": ("1." * 100_000, 4.8),
    "di": ("第" * 100_000, 0.1),
    "fujian": ("附 件" * 50_000, 0.2),
    "year": ("2019 年" * 50_000, 3.3),
    "docnum-open": ("嘉政发〔" * 50_000, 0.2),
    "bracket-mix": ("（（（〔〔【" * 20_000, 0.1),
    "long-digits": ("1" * 100_000 + "万元", 0.1),
    "digits-comma": ("1,000," * 30_000, 0.9),
    "percent": ("百分之" * 50_000, 1.0),
    "title-open": ("《" * 100_000, 0.1),
    "duty-open": ("（市" * 50_000, 0.1),
    "hanzi-markers": ("一、" * 100_000, 0.1),
    "circled": ("①" * 100_000, 0.1),
    "ellipsis": ("…" * 100_000, 0.1),
    "colons": ("各县：" * 50_000, 0.1),
    "spaces": ("一" + " " * 100_000 + "、", 0.1),
    "han-date": ("二○一九年" * 30_000, 0.8),
    "amount-chain": ("10万元、" * 30_000, 2.0),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_no_catastrophic_backtracking(name):
    text, measured = ADVERSARIAL[name]
    bound = max(10.0, 5 * measured)
    bulletin, seconds = timed(jxparse.parse, text)
    print(f"{name}: {len(text)} chars in {seconds:.2f} s (bound {bound:.0f} s)")
    assert seconds < bound, f"{name}: {seconds:.1f} s for {len(text)} characters"
    assert bulletin.text == text


# --------------------------------------------------------------------------- fuzz findings


def _crash_files():
    if not CRASHES.is_dir():
        return []
    return sorted(p for p in CRASHES.iterdir()
                  if p.suffix in (".parse", ".text", ".html", ".layout", ".ofd", ".pdf", ".loads"))



# sha1 prefix -> diagnosis, for stored inputs that still fail (filled from scripts/fuzz.py runs).
KNOWN_CRASHES: dict[str, str] = {}


@pytest.mark.parametrize("text", ["# 标题\n正文\n", "## 标题\n嘉政发〔2019〕15号\n", "甲\n# 乙\n"])
def test_hash_prefix_in_plain_text_keeps_spans(text):
    check(jxparse.parse(text))


@pytest.mark.parametrize("text", ["【法宝引证码】CLI.12.748997\n", "原文链接：https://example.org/a\n"])
def test_export_header_without_document_is_kept(text):
    check(jxparse.parse(text))


def _replay(path: Path) -> None:
    from jxparse.pipeline import parse_source
    from jxparse.readers.html import read_html
    from jxparse.readers.text import read_text

    data = path.read_bytes()
    if path.suffix == ".layout":  # pages of glyph boxes for the PDF layout
        invariants.check_layout(invariants.layout_pages(data))
        return
    if path.suffix == ".loads":  # serialized output: FormatError, or a bulletin that reads back
        try:
            bulletin = jxparse.loads(data.decode("utf-8", "surrogatepass"))
        except JxParseError:
            return
        assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
        return
    if path.suffix == ".pdf":
        try:
            bulletin = jxparse.parse_file(path)
        except JxParseError:
            return
        check(bulletin)
        return
    if path.suffix == ".parse":
        bulletin = jxparse.parse(data.decode("utf-8", "surrogatepass"))
    else:
        from jxparse.readers.ofd import read_ofd

        reader = {".text": read_text, ".html": read_html, ".ofd": read_ofd}[path.suffix]
        try:
            source = reader(data, name=path.name)
        except JxParseError:
            return
        bulletin = parse_source(source)
    check(bulletin)
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
    assert jxparse.loads(jxparse.dumps(bulletin, "xml"), format="xml") == bulletin


def _crash_params():
    params = []
    for path in _crash_files():
        reason = next((why for prefix, why in KNOWN_CRASHES.items() if path.stem.startswith(prefix)), None)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=path.name[:12] + path.suffix, marks=marks))
    return params or [pytest.param(None, id="none", marks=pytest.mark.skip(reason="no stored fuzz inputs"))]


@pytest.mark.parametrize("path", _crash_params())
def test_fuzz_findings_replay(path):
    _replay(path)


# --- issue 20.11: loads and validate on hostile serialized input ------------------------------------

_HEAD = '{"type": "bulletin", "schema": "jxparse/1", "x": '
_HOSTILE_SERIALIZED = {
    "deep-array": "[" * 100_000 + "]" * 100_000,
    "deep-object": '{"a": ' * 50_000 + "1" + "}" * 50_000,
    "huge-int": _HEAD + "9" * 5000 + "}",
    "nan": _HEAD + "NaN}",
    "infinity": _HEAD + "-Infinity}",
    "tiny-exponent": _HEAD + "1e-999999999}",
    "huge-exponent": _HEAD + "1.5e999999999}",
    "deep-xml": "<a>" * 5000 + "</a>" * 5000,
}


@pytest.mark.parametrize("name", sorted(_HOSTILE_SERIALIZED))
def test_loads_and_validate_refuse_hostile_serialized_input(name, runner, tmp_path):
    text = _HOSTILE_SERIALIZED[name]
    with pytest.raises(FormatError):
        jxparse.loads(text)
    with pytest.raises(FormatError):
        jxparse.loads(text.encode("utf-8"))
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and f"{path}:" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("value", [None, 5, 1.5, ["{}"], {"type": "bulletin"}])
def test_loads_refuses_what_is_not_text(value):
    with pytest.raises(FormatError, match="loads reads str or bytes"):
        jxparse.loads(value)


def test_own_xml_with_a_text_node_over_10_mb_reads_back():
    bulletin = jxparse.parse("通知\n\n" + "数" * 10_500_000 + "\n")  # libxml2's limit without huge_tree: 10 MB
    assert jxparse.loads(jxparse.dumps(bulletin, format="xml")) == bulletin


@pytest.mark.parametrize("text", [' <?xml version="1.0" encoding="UTF-8"?><bulletin/>', "<a>\x00</a>", "<a>\ud800</a>",
                                  "<?xml version='1.0' encoding='UTF-8'&e;ma:1\" schema=\"jxparse/1\">"])
def test_loads_xml_that_lxml_refuses_as_str(text):  # found by scripts/fuzz.py --target loads
    with pytest.raises(FormatError, match="malformed XML"):
        jxparse.loads(text)


def test_markdown_holding_only_front_matter_keeps_its_metadata(tmp_path):  # issue 20.12
    path = tmp_path / "only.md"
    path.write_text("---\ntitle: 测试通知\n文号: 嘉政发〔2019〕15号\n---\n", encoding="utf-8")
    bulletin = jxparse.parse_file(path)
    [document] = bulletin.documents
    assert document.metadata == (("title", "测试通知"), ("文号", "嘉政发〔2019〕15号"))
    assert document.title == "测试通知" and document.doc_number.serial == 15
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
    assert jxparse.loads(jxparse.dumps(bulletin, "xml")) == bulletin
