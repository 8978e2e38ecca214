#!/usr/bin/env python3
"""Fuzz jxparse for a given time: parse(), the text, HTML, DOCX and OFD readers and the PDF layout.

    python scripts/fuzz.py --seconds 600            # all targets, round robin
    python scripts/fuzz.py --seconds 60 --target html

Inputs come from hypothesis strategies (random unicode mixed with the markers, 文号, dates
and brackets the grammars look for, plus byte-level mutations of the bundled sample and
generated HTML pages). Every input is run through

    parse:  jxparse.parse(text)
    text:   jxparse.readers.text.read_text(bytes) -> jxparse.pipeline.parse_source
    html:   jxparse.readers.html.read_html(bytes) -> jxparse.pipeline.parse_source
    layout: pages of glyph boxes (columns, sideways text, tables, NaN and infinite boxes) ->
            jxparse.readers.layout.Layout, checked by tests/invariants.check_layout
    docx:   generated WordprocessingML (runs, fields, tracked changes, text boxes, tables, content
            controls, random numbering.xml and styles) or a damaged package of the sample ->
            jxparse.readers.docx.read_docx -> jxparse.pipeline.parse_source
    ofd:    mutations of a small OFD package (tests/ofd_pieces.py) ->
            jxparse.readers.ofd.read_ofd(bytes) -> jxparse.pipeline.parse_source
    pdf:    hostile PDFs (decompression bombs, dense pages, zero-advance fonts, damaged) ->
            jxparse.readers.pdf_bounds.check_streams, then jxparse.readers.pdf.read_pdf (pdfplumber)
    loads:  jxparse JSON/XML with hostile pieces spliced in (NaN, huge numbers, deep nesting,
            DOCTYPE) -> jxparse.loads, which may only raise FormatError
    tables: dense tables (up to thousands of TAB-separated rows with LF, CRLF or CR; HTML <table>s
            with th/td, colspan, unclosed cells, nested tables; ragged rows, huge cells, headings
            between rows) -> the text or HTML reader -> jxparse.pipeline.parse_source, each example
            bounded in time (TABLE_SECONDS)

and the result is checked like the tests do: only jxparse.errors.JxParseError may be raised,
every span lies inside the text and gives back its node's text (tests/invariants.check_spans),
no non-blank character is lost (tests/invariants.uncovered), and the JSON and XML round trips
give an equal tree. A failing input is stored as tests/fuzz_crashes/<sha1>.<target> (the raw
input: UTF-8 text for ``parse``, bytes for ``text``, ``html`` and ``ofd``) with the traceback in
<sha1>.txt beside it; tests/test_hostile.py replays every stored input. At most
``--per-signature`` inputs are kept per distinct failure (exception type + innermost jxparse
frame), so one bug does not fill the folder.

Ends with a summary line: seconds, examples run per target, failures, distinct signatures.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import jxparse  # noqa: E402
from jxparse.errors import JxParseError  # noqa: E402

import invariants  # noqa: E402  (tests/invariants.py)

CRASHES = ROOT / "tests" / "fuzz_crashes"
SAMPLE = ROOT / "samples" / "jiaxing-2019-07.txt"

# ----------------------------------------------------------------------------- strategies

MARKERS = ["一、", "二、", "十一、", "(一)", "（二）", "㈢", "1.", "2．", "3、", "(1)", "（2）", "①", "②", "⑳",
           "第一章", "第二章", "第一节", "第一条", "第十二条", "第一编", "1 ", "1.1 ", "1.1.1 ", "第", "附件",
           "附件1", "附件：", "附 件", "目录", "目  录", "# ", "## ", "- ", "> ", "**", "\\"]
FRAGMENTS = ["嘉政发〔2019〕15号", "嘉政办发〔2019〕3号", "国办发[2019]6号", "浙政发（2020）1号", "第707号",
             "〔2019〕15号", "嘉政发〔20l9〕号", "2019年7月15日", "二○一九年七月十五日", "2019年", "年底",
             "10万元", "250万元", "每亩300元", "50%", "百分之五十", "三分之一", "50亩", "《某某办法》",
             "（市农业农村局牵头，市财政局配合）", "各县（市、区）人民政府：", "嘉兴市人民政府",
             "关于做好某某工作的通知", "的通知", "的意见", "实施办法", "（此件公开发布）", "印发", "现将",
             "总理　李克强", "【法宝引证码】", "原文链接：", "---", "标题：", "文号：", "：", ":", "。", "，"]
BRACKETS = list("（）()〔〕[]【】《》〈〉<>{}「」『』“”\"'")
SPACES = ["\n", "\n\n", "\r\n", "\r", " ", "\u3000", "\t", "\u00a0", "\x0c", "\u2028", "\x00", "\ufeff"]

piece = st.one_of(
    st.sampled_from(MARKERS), st.sampled_from(FRAGMENTS), st.sampled_from(BRACKETS), st.sampled_from(SPACES),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8),
    st.text(alphabet="0123456789一二三四五六七八九十百千万亿零○〇元年月日号第章条节", max_size=6),
    st.text(max_size=6),
)
hostile_text = st.lists(piece, max_size=60).map("".join)


@st.composite
def sample_mutation(draw) -> bytes:
    """The bundled sample (a window of it) with a few byte-level changes."""
    data = SAMPLE.read_bytes()
    start = draw(st.integers(0, max(0, len(data) - 1)))
    size = draw(st.integers(0, 3000))
    data = bytearray(data[start:start + size])
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "splice"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            codec = draw(st.sampled_from(["utf-8", "gb18030"]))
            data[at:at] = draw(st.one_of(st.binary(max_size=8),
                                         st.sampled_from(MARKERS + FRAGMENTS).map(lambda s: s.encode(codec))))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            data[at:at] = data[:draw(st.integers(0, 200))]
    return bytes(data)


@st.composite
def text_bytes(draw) -> bytes:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.binary(max_size=400))
    if choice == 1:
        return draw(sample_mutation())
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
    text = draw(hostile_text)
    data = text.encode(codec, "replace") if codec != "utf-16-le" else text.encode(codec, "surrogatepass")
    if choice == 3 and data:  # damage it
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


TAGS = ["p", "div", "span", "br", "table", "tr", "td", "th", "script", "style", "pre", "h1", "li", "ul", "b",
        "font", "img", "a", "meta", "title", "head", "body", "html", "section", "article", "nav", "footer",
        "iframe", "noscript", "template", "svg", "math", "textarea", "!--", "![CDATA["]
ATTRS = ['', ' id="UCAP-CONTENT"', ' class="TRS_Editor"', ' class="content"', ' class="zoom"',
         ' charset="gbk"', ' charset="utf-8"', ' http-equiv="Content-Type" content="text/html; charset=gb2312"',
         ' src="x.png" alt="图"', ' style="display:none"', ' colspan="3"', ' onload="alert(1)"']
ENTITIES = ["&nbsp;", "&amp;", "&lt;", "&gt;", "&#12288;", "&#x4e00;", "&#0;", "&#xD800;", "&#99999999;", "&bogus;",
            "&", "&#", "&ensp;", "&emsp;", "&quot;"]


@st.composite
def html_bytes(draw) -> bytes:
    parts = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["<!DOCTYPE html>", '<?xml version="1.0" encoding="gbk"?>',
                                           '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', ""])))
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            tag = draw(st.sampled_from(TAGS))
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(ENTITIES)))
        else:
            parts.append(draw(hostile_text))
    text = "".join(parts)
    codec = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
    data = text.encode(codec, "replace")
    if draw(st.integers(0, 9)) == 0 and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


def _docx_maker():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docx_samples", ROOT / "scripts" / "make_docx_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MK = _docx_maker()
NUM_FORMATS = ["decimal", "chineseCounting", "chineseCountingThousand", "ideographTraditional", "decimalEnclosedCircle",
               "decimalEnclosedParen", "upperLetter", "lowerRoman", "bullet", "none", "bogus", "decimalZero"]
LVL_TEXTS = ["%1、", "（%1）", "(%1)", "%1.", "%1.%2", "%9", "", "第%1条", "%1%1%1", "%", "%0", "\uf0b7", "%2）"]
FIELD_CHARS = ["begin", "separate", "end"]
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@st.composite
def docx_inline(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 9 if depth < 2 else 5))
        text = _XML_INVALID.sub("", draw(hostile_text))
        if kind <= 1:
            parts.append(MK.run(text, hidden=draw(st.integers(0, 9)) == 0))
        elif kind == 2:
            parts.append(draw(st.sampled_from(["<w:r><w:tab/></w:r>", "<w:r><w:br/></w:r>", "<w:r><w:cr/></w:r>",
                                               '<w:r><w:sym w:char="F06C"/></w:r>', "<w:r><w:noBreakHyphen/></w:r>",
                                               '<w:r><w:footnoteReference w:id="1"/></w:r>'])))
        elif kind == 3:
            parts.append(f'<w:r><w:fldChar w:fldCharType="{draw(st.sampled_from(FIELD_CHARS))}"/></w:r>')
        elif kind == 4:
            parts.append(f"<w:r><w:instrText>{MK.escape(text)}</w:instrText></w:r>")
        elif kind == 5:
            parts.append(f"<w:del><w:r><w:delText>{MK.escape(text)}</w:delText></w:r></w:del>")
        elif kind == 6:
            tag = draw(st.sampled_from(["w:ins", "w:hyperlink", "w:smartTag", "w:fldSimple", "w:moveTo"]))
            parts.append(f"<{tag}>{draw(docx_inline(depth + 1))}</{tag}>")
        elif kind == 7:  # a text box, DrawingML with a VML fallback
            box = draw(docx_blocks(depth + 1))
            parts.append(f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>{box}"
                         f"</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
                         f"<w:txbxContent>{box}</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
                         "</mc:AlternateContent></w:r>")
        else:
            parts.append(f"<w:sdt><w:sdtContent>{draw(docx_inline(depth + 1))}</w:sdtContent></w:sdt>")
    return "".join(parts)


@st.composite
def docx_blocks(draw, depth: int = 0) -> str:
    out = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 5 if depth < 2 else 2))
        if kind <= 2:
            num = draw(st.one_of(st.none(), st.tuples(st.integers(-1, 5), st.integers(-1, 9))))
            style = draw(st.sampled_from([None, "gw1", "gw2", "missing"]))
            align = draw(st.sampled_from([None, "center", "right", "both"]))
            out.append(MK.paragraph(draw(docx_inline(depth)), style=style, num=num, align=align, raw=True))
        elif kind == 3:
            rows = draw(st.integers(0, 3))
            cells = draw(st.integers(0, 3))
            out.append("<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{draw(docx_blocks(depth + 1))}</w:tc>"
                                                            for _ in range(cells)) + "</w:tr>" for _ in range(rows))
                       + "</w:tbl>")
        elif kind == 4:
            out.append(f"<w:sdt><w:sdtContent>{draw(docx_blocks(depth + 1))}</w:sdtContent></w:sdt>")
        else:
            out.append(f"<w:ins>{draw(docx_blocks(depth + 1))}</w:ins>")
    return "".join(out)


@st.composite
def docx_bytes(draw) -> bytes:
    """A Word package: generated WordprocessingML with random numbering, or a damaged sample package."""
    if draw(st.integers(0, 4)) == 0:
        data = bytearray(MK.bulletin_docx(SAMPLE.read_text(encoding="utf-8")[:4000], automatic=True))
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data) - 1))
            data[at:at + draw(st.integers(0, 4))] = draw(st.binary(max_size=4))
        return bytes(data)
    abstracts = {}
    for aid in range(draw(st.integers(0, 3))):
        abstracts[aid] = [MK.level(ilvl, draw(st.sampled_from(NUM_FORMATS)), draw(st.sampled_from(LVL_TEXTS)),
                                   start=draw(st.integers(-3, 30)), suffix=draw(st.sampled_from(["tab", "space", "nothing"])),
                                   style=draw(st.sampled_from([None, "gw1", "gw2"])))
                          for ilvl in sorted(set(draw(st.lists(st.integers(0, 8), max_size=4))))]
    nums = {nid: (draw(st.integers(0, 3)), draw(st.dictionaries(st.integers(0, 8), st.integers(-2, 50), max_size=2)))
            for nid in range(1, draw(st.integers(1, 5)))}
    styles = {"gw1": ("公文标题 1", (1, 0), draw(st.sampled_from([None, "gw2"]))),
              "gw2": ("公文标题 2", draw(st.sampled_from([None, (2, 1)])), draw(st.sampled_from([None, "gw1"])))}
    footnotes = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {MK.NAMESPACES}>'
                 f'<w:footnote w:id="1">{draw(docx_blocks(1))}</w:footnote></w:footnotes>')
    parts = {"word/numbering.xml": MK.numbering_xml(abstracts, nums), "word/styles.xml": MK.styles_xml(styles),
             "word/footnotes.xml": footnotes}
    return MK.docx_bytes(draw(docx_blocks()), parts=parts)


# ----------------------------------------------------------------------------- targets


def check_tree(bulletin) -> None:
    """The invariants every tree must satisfy (raises AssertionError or whatever breaks)."""
    invariants.check_spans(bulletin)
    body_start = 0
    missing = invariants.uncovered(bulletin, body_start)
    assert missing == [], f"non-blank characters not placed: {missing[:5]}"
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin, "JSON round trip differs"
    assert jxparse.loads(jxparse.dumps(bulletin, "xml"), format="xml") == bulletin, "XML round trip differs"


def run_parse(data: bytes) -> None:
    text = data.decode("utf-8", "surrogatepass")
    check_tree(jxparse.parse(text))


def run_text(data: bytes) -> None:
    from jxparse.pipeline import parse_source
    from jxparse.readers.text import read_text

    try:
        source = read_text(data, name="fuzz.txt")
    except JxParseError:
        return
    check_tree(parse_source(source))


def run_html(data: bytes) -> None:
    from jxparse.pipeline import parse_source
    from jxparse.readers.html import read_html

    try:
        source = read_html(data, name="fuzz.html")
    except JxParseError:
        return
    check_tree(parse_source(source))


@st.composite
def layout_bytes(draw) -> bytes:
    """Pages of glyphs as a PDF engine hands them over, stored as JSON (see invariants.layout_pages)."""
    import json

    glyph_texts = st.sampled_from(list("一二三四五六七八九十年月日元的和、。，：0123456789abcXYZ.,-")
                                  + [" ", "\u3000", "\u00ad", "\x0b", "", "fi", "\ufffd", "\x01"])
    numbers = st.one_of(st.floats(-100, 1000), st.sampled_from([0.0, float("nan"), float("inf"), -float("inf")]))
    sizes = st.sampled_from([9.0, 10.5, 12.0, 16.0, 0.0, 0.5, 300.0, float("nan")])

    def glyphs(width):
        # text set in 1 to 3 columns of rows, some glyphs anywhere
        columns = draw(st.integers(1, 3))
        out = []
        for _ in range(draw(st.integers(0, 80))):
            size = draw(sizes)
            if draw(st.integers(0, 4)):
                x0 = 50 + draw(st.integers(0, columns - 1)) * width / columns + draw(st.integers(0, 20)) * 10.5
                top = 60 + draw(st.integers(0, 40)) * 16.0
            else:
                x0, top = draw(numbers), draw(numbers)
            out.append([draw(glyph_texts), x0, top, x0 + draw(st.sampled_from([10.5, 5.0, 0.0, -3.0])),
                        top + draw(st.sampled_from([10.5, 0.0, 12.0])), size])
        return out

    pages = []
    for _ in range(draw(st.integers(1, 3))):
        width, height = draw(st.sampled_from([(595.0, 842.0), (842.0, 595.0), (100.0, 100.0)]))
        xs = sorted(draw(st.lists(st.floats(0, width), min_size=2, max_size=4)))
        ys = sorted(draw(st.lists(st.floats(0, height), min_size=2, max_size=4)))
        table = [[[xs[i], ys[j], xs[i + 1], ys[j + 1]] for i in range(len(xs) - 1)] for j in range(len(ys) - 1)]
        pages.append({
            "width": width, "height": height, "chars": glyphs(width),
            "tables": [table] if draw(st.booleans()) else [],
            "turned": {str(direction): glyphs(width)
                       for direction in draw(st.lists(st.sampled_from([90, 180, 270]), max_size=2, unique=True))},
        })
    return json.dumps(pages).encode("utf-8")


def run_layout(data: bytes) -> None:
    invariants.check_layout(invariants.layout_pages(data))


def run_docx(data: bytes) -> None:
    from jxparse.pipeline import parse_source
    from jxparse.readers.docx import read_docx

    try:
        source = read_docx(data, name="fuzz.docx")
    except JxParseError:
        return
    check_tree(parse_source(source))


@st.composite
def ofd_bytes(draw) -> bytes:
    """A small OFD package (tests/ofd_pieces.py) with a few random mutations: attribute values made
    junk (NaN, huge, negative, words), TextCodes and DeltaX lists mangled, entries dropped, cut, or
    given a DOCTYPE, references pointed out of the package, bytes of the ZIP flipped."""
    import re as regex

    from ofd_pieces import minimal_entries, package

    entries = minimal_entries()
    junk = st.sampled_from(["nan", "inf", "-1e308", "1e308", "0", "-5", "abc", "", "1 2", "g", "g 99999999 1",
                            "g -3 2", "0 1 -1 0 0 0", "0 0 0 0 0 0", "1 0 0 1 0 0 7"])
    names = sorted(entries)
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(names))
        if name not in entries:
            continue
        text = entries[name].decode("utf-8", "surrogatepass")
        how = draw(st.integers(0, 7))
        if how <= 2:  # an attribute value replaced
            attrs = list(regex.finditer(r'(\w+)="([^"]*)"', text))
            if attrs:
                m = draw(st.sampled_from(attrs))
                text = text[:m.start(2)] + draw(junk) + text[m.end(2):]
        elif how == 3:  # an attribute added where the reader looks for it
            attr = draw(st.sampled_from(["CTM", "DeltaX", "DeltaY", "HScale", "Boundary", "Size", "X", "Y"]))
            text = text.replace("<ofd:TextCode ", f'<ofd:TextCode {attr}="{draw(junk)}" ', 1).replace(
                "<ofd:TextObject ", f'<ofd:TextObject {attr}="{draw(junk)}" ', 1)
        elif how == 4:  # cut
            text = text[: draw(st.integers(0, len(text)))]
        elif how == 5:  # text of a TextCode replaced
            text = regex.sub(r">([^<>]+)</ofd:TextCode>", lambda m: ">" + draw(st.text(max_size=12)).replace(
                "<", "").replace("&", "") + "</ofd:TextCode>", text, count=1)
        elif how == 6:
            text = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + text.split("?>", 1)[-1]
        else:
            entries.pop(name, None)
            continue
        entries[name] = text.encode("utf-8", "surrogatepass")
    data = bytearray(package(entries))
    for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 3)) == 0 else 0):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data)


def run_ofd(data: bytes) -> None:
    from jxparse.pipeline import parse_source
    from jxparse.readers.ofd import read_ofd

    try:
        source = read_ofd(data, name="fuzz.ofd")
    except JxParseError:
        return
    check_tree(parse_source(source))


@st.composite
def pdf_bytes(draw) -> bytes:
    """Hostile PDFs (tests/hostile_pdfs.py): decompression bombs (1 to 3 chained Flate stages, some
    over the 128 MiB bound), dense pages, zero-advance fonts, form XObjects drawn thousands of times,
    then damaged: bytes flipped, cut short, a slice repeated."""
    hostile_pdfs = _hostile_pdfs()

    kind = draw(st.sampled_from(["bomb", "big-bomb", "dense", "zero", "forms"]))
    if kind == "bomb":
        data = hostile_pdfs.bomb_pdf(draw(st.integers(1, 4)), draw(st.integers(1, 3)),
                                     draw(st.sampled_from([b" ", b"BT ET ", b"(A) Tj "])))
    elif kind == "big-bomb":
        data = hostile_pdfs.bomb_pdf(130, draw(st.integers(1, 3)))
    elif kind == "forms":
        data = hostile_pdfs.xobject_bomb_pdf(draw(st.integers(1, 100)), draw(st.integers(1, 400)))
    elif kind == "dense":
        data = hostile_pdfs.text_pdf(draw(st.integers(1, 4000)))
    else:
        data = hostile_pdfs.zero_advance_pdf(font=draw(st.sampled_from([b"Helvetica", b"JxZero"])))
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["flip", "cut", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:]
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
    return bytes(data)


@__import__("functools").cache
def _hostile_pdfs():
    """tests/hostile_pdfs.py with its builders cached: a 130 MiB bomb takes a second to compress."""
    import functools
    import types

    import hostile_pdfs

    return types.SimpleNamespace(**{name: functools.lru_cache(maxsize=64)(getattr(hostile_pdfs, name))
                                    for name in ("bomb_pdf", "text_pdf", "zero_advance_pdf", "xobject_bomb_pdf")})


def run_pdf(data: bytes) -> None:
    """The stream bounds, then the pdfplumber engine and the tree (PDFium is left out: a native crash
    would end the fuzzing process; batch runs isolate it in a worker)."""
    import tempfile

    from jxparse.pipeline import parse_source
    from jxparse.readers.pdf import read_pdf
    from jxparse.readers.pdf_bounds import check_streams

    try:
        check_streams(data, "fuzz.pdf")
    except JxParseError:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz.pdf")
        path.write_bytes(data)
        try:
            source = read_pdf(path)
        except JxParseError:
            return
    check_tree(parse_source(source))


_SERIALIZED_PIECES = ["NaN", "-Infinity", "1e-999999999", "1e999999999", "9" * 5000, "[" * 3000, "{\"a\":" * 3000,
                      "null", "true", "\"\\ud800\"", "<a>" * 3000, "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;",
                      "-0", "0.0000000000000000000001", "{}", "[]", "\"type\": \"bulletin\""]


@st.composite
def serialized_bytes(draw) -> bytes:
    """jxparse JSON or XML of a sample piece, with hostile pieces spliced in and bytes damaged."""
    pieces = _sample_pieces()
    bulletin = jxparse.parse(draw(st.sampled_from(pieces)))
    text = jxparse.dumps(bulletin, draw(st.sampled_from(["json", "xml"])))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 40))
        text = text[:at] + draw(st.sampled_from(_SERIALIZED_PIECES)) + text[at + cut:]
    return text.encode("utf-8", "surrogatepass")


_PIECES: list[str] = []


def _sample_pieces() -> list[str]:
    if not _PIECES:
        from sample_pieces import split_documents  # tests/sample_pieces.py

        _PIECES.extend(split_documents(SAMPLE.read_text(encoding="utf-8")))
    return _PIECES


def run_loads(data: bytes) -> None:
    """loads() raises FormatError (a JxParseError) or gives a bulletin that writes and reads back."""
    text = data.decode("utf-8", "surrogatepass")
    bulletin = jxparse.loads(text)
    for format in ("json", "xml"):
        assert jxparse.loads(jxparse.dumps(bulletin, format), format=format) == bulletin, f"{format} round trip"


# --- dense tables (issue 20, item 4: rows were once quadratic) ------------------------------------

CELL_PIECES = ["", " ", "\u3000", "1", "12", "2019", "1,234.56", "10万元", "250.5万元", "50%", "合计", "小计", "—",
               "-", "嘉兴市", "南湖区", "市财政局", "项目名称", "序号", "备注", "（一）", "一、", "1.", "第一条",
               "2019年7月15日", "嘉政发〔2019〕15号", "《某某办法》", "|", "\\", "**", "#", "<", "&", "\u00a0"]
HEADINGS = ["一、总则", "二、资金安排", "（一）补助标准", "1.项目", "第一章 总则", "第一条 为了规范", "附件1",
            "附件：某某项目明细表", "合计", "嘉兴市人民政府", "2019年7月15日"]


@st.composite
def table_cell(draw) -> str:
    """A cell: a few pieces, sometimes a huge one (one piece repeated thousands of times)."""
    if draw(st.integers(0, 30)) == 0:
        return draw(st.sampled_from(CELL_PIECES[3:] + ["某"])) * draw(st.integers(500, 20000))
    return "".join(draw(st.lists(st.one_of(st.sampled_from(CELL_PIECES), st.sampled_from(FRAGMENTS),
                                           st.text(alphabet=st.characters(min_codepoint=0x4E00,
                                                                          max_codepoint=0x9FFF), max_size=4)),
                                 max_size=3)))


@st.composite
def table_rows(draw) -> list:
    """Rows (lists of cells, ragged) and headings (str) between them.

    A few drawn templates are repeated up to thousands of times, the row number put in the first
    cell, so that a dense table costs hypothesis a few draws, not one per row.
    """
    templates = draw(st.lists(st.one_of(st.lists(table_cell(), min_size=1, max_size=12),
                                        st.sampled_from(HEADINGS)), min_size=1, max_size=8))
    count = draw(st.one_of(st.integers(0, 40), st.integers(200, 5000)))
    heading_every = draw(st.one_of(st.none(), st.integers(1, 500)))
    rows: list = []
    for index in range(count):
        template = templates[index % len(templates)]
        if isinstance(template, list):
            rows.append([str(index + 1), *template[1:]] if index % 7 else list(template))
        else:
            rows.append(template)
        if heading_every and index % heading_every == heading_every - 1:
            rows.append(draw(st.sampled_from(HEADINGS)))
    return rows


@st.composite
def table_text_bytes(draw) -> bytes:
    """Plain text: a document head, then TAB-separated rows (LF, CRLF or CR) with headings between."""
    rows = draw(table_rows())
    head = draw(st.sampled_from(["", "嘉兴市人民政府关于印发某某办法的通知\n\n嘉政发〔2019〕15号\n\n",
                                 "某某项目资金分配表\n\n", "单位：万元\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
    separator = draw(st.sampled_from(["\t", "\t\t", " \t", "\t\u3000"]))
    lines = [row if isinstance(row, str) else separator.join(row) for row in rows]
    text = head + newline.join(lines) + draw(st.sampled_from(["", newline, "\n嘉兴市人民政府\n2019年7月15日\n"]))
    data = text.lstrip("<").encode(draw(st.sampled_from(["utf-8", "gb18030"])), "replace")
    return data if not data.lstrip().startswith(b"<") else b" " + data


@st.composite
def table_html_bytes(draw) -> bytes:
    """An HTML page whose content holds dense <table>s: th and td, colspan, cells left unclosed,
    tables nested in a cell, <p> headings between tables (each heading ends one table)."""
    import html

    rows = draw(table_rows())
    close_cells = draw(st.booleans())
    close_rows = draw(st.booleans())
    header = draw(st.booleans())
    nest = draw(st.integers(0, 20)) == 0
    raw = draw(st.integers(0, 5)) == 0  # cell text not escaped: a stray < or & as careless pages have them
    parts = ['<html><head><meta charset="utf-8"><title>某某表</title></head><body>',
             f'<div class="{draw(st.sampled_from(["TRS_Editor", "content", "zoom"]))}">',
             "<p>嘉兴市人民政府关于印发某某办法的通知</p><p>嘉政发〔2019〕15号</p>"]
    open_table = False
    for number, row in enumerate(rows):
        if isinstance(row, str):
            if open_table:
                parts.append("</table>")
                open_table = False
            parts.append(f"<p>{html.escape(row)}</p>")
            continue
        if not open_table:
            parts.append("<table border=\"1\">")
            open_table = True
        tag = "th" if header and number == 0 else "td"
        cells = []
        for position, cell in enumerate(row):
            text = cell if raw else html.escape(cell)
            if nest and position == 1:
                text = f"<table><tr><td>{text}</td><td>{number}</td></tr></table>"
            span = ' colspan="2"' if position == len(row) - 1 and number % 5 == 0 else ""
            cells.append(f"<{tag}{span}>{text}" + (f"</{tag}>" if close_cells else ""))
        parts.append("<tr>" + "".join(cells) + ("</tr>" if close_rows else ""))
    if open_table:
        parts.append("</table>")
    parts.append("<p>嘉兴市人民政府</p><p>2019年7月15日</p></div></body></html>")
    return "".join(parts).encode(draw(st.sampled_from(["utf-8", "gb18030"])), "replace")


table_bytes = st.one_of(table_text_bytes(), table_html_bytes())

TABLE_SECONDS = 10.0
"""Seconds an example of the ``tables`` target may take, plus one per 50 KB of input: five times
what a 3 MB example took on a loaded 2-core machine (reading, structure and the invariants, which
write and read back JSON and XML), so that only a path that grows faster than the input (the
quadratic row scan of issue 20 took 35 s for 80 000 rows) passes it."""


class ExampleTooSlow(Exception):
    """An example over its time bound (see :data:`TABLE_SECONDS`)."""


def _time_bound(seconds: float):
    """A context that raises :class:`ExampleTooSlow` in this thread after ``seconds`` (SIGALRM:
    Unix, main thread; elsewhere no bound). A native call (a regex, lxml) is interrupted when it
    returns to Python."""
    import contextlib
    import signal
    import threading

    @contextlib.contextmanager
    def bound():
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            yield
            return

        def expired(signum, frame):
            raise ExampleTooSlow(f"example over its time bound of {seconds:.1f} s")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return bound()


def run_tables(data: bytes) -> None:
    """Dense tables through the HTML reader (input starting with ``<``) or the text reader, the
    structure step and the tree invariants, within :data:`TABLE_SECONDS`; text holding a line of
    two filled TAB-separated cells or more must give a Table."""
    from jxparse.ast import Table
    from jxparse.pipeline import parse_source
    from jxparse.readers.html import read_html
    from jxparse.readers.text import read_text

    is_html = data.lstrip().startswith(b"<")
    with _time_bound(TABLE_SECONDS + len(data) / 50_000):
        try:
            source = read_html(data, name="fuzz.html") if is_html else read_text(data, name="fuzz.txt")
        except JxParseError:
            return
        bulletin = parse_source(source)
        check_tree(bulletin)
    rows = [line for line in re.split(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", source.text)
            if sum(1 for cell in line.split("\t") if cell.strip()) >= 2]
    if rows:  # two filled cells or more: a row of a table wherever it stands
        tables = [node for node in invariants.walk(bulletin) if isinstance(node, Table)]
        assert tables, f"{len(rows)} TAB-separated rows (the first {rows[0][:40]!r}) but no Table in the tree"


TARGETS = {"parse": run_parse, "text": run_text, "html": run_html, "layout": run_layout, "docx": run_docx,
           "ofd": run_ofd, "pdf": run_pdf, "loads": run_loads, "tables": run_tables}


def replay(path: Path) -> None:
    """Run one stored input through its target (raises what the target raises)."""
    TARGETS[path.suffix.lstrip(".")](path.read_bytes())


# ----------------------------------------------------------------------------- runner


class Fuzzer:
    def __init__(self, out: Path, per_signature: int, verbose: bool) -> None:
        self.out = out
        self.per_signature = per_signature
        self.verbose = verbose
        self.examples = dict.fromkeys(TARGETS, 0)
        self.failures = 0
        self.signatures: dict[str, list[str]] = {}
        self.deadline = 0.0

    def signature(self, error: BaseException) -> str:
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "jxparse" in f.filename or "invariants" in f.filename] or frames
        last = ours[-1] if ours else None
        where = f"{Path(last.filename).name}:{last.name}:{last.lineno}" if last else "?"
        kind = ""
        if isinstance(error, AssertionError):  # tell apart the node types of one generic check
            match = re.match(r"\('([A-Z][A-Za-z]+)'", str(error))
            kind = f" [{match.group(1)}]" if match else ""
        return f"{type(error).__name__} at {where}{kind}"

    def run(self, target: str, data: bytes) -> None:
        if time.monotonic() > self.deadline:
            return
        self.examples[target] += 1
        try:
            TARGETS[target](data)
        except JxParseError:
            pass  # a documented error for a bad input (parse() itself should not raise one, but may)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 - every other exception is a finding
            self.failures += 1
            self.store(target, data, error)

    def store(self, target: str, data: bytes, error: BaseException) -> None:
        signature = self.signature(error)
        kept = self.signatures.setdefault(signature, [])
        if len(kept) >= self.per_signature:
            return
        digest = hashlib.sha1(data).hexdigest()
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{digest}.{target}").write_bytes(data)
        text = "".join(traceback.format_exception(error))
        (self.out / f"{digest}.txt").write_text(f"target: {target}\nsignature: {signature}\n\n{text}",
                                                encoding="utf-8")
        kept.append(digest)
        if self.verbose:
            print(f"FOUND {target} {digest}: {signature}", file=sys.stderr, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long to fuzz (default 600)")
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--out", type=Path, default=CRASHES, help="where failing inputs go (tests/fuzz_crashes)")
    parser.add_argument("--per-signature", type=int, default=3, help="inputs kept per distinct failure")
    parser.add_argument("--chunk", type=int, default=200, help="hypothesis examples per round")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)

    fuzzer = Fuzzer(args.out, args.per_signature, not args.quiet)
    strategies = {"parse": hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
                  "text": text_bytes(), "html": html_bytes(), "layout": layout_bytes(), "docx": docx_bytes(),
                  "ofd": ofd_bytes(), "pdf": pdf_bytes(), "loads": serialized_bytes(),
                  "tables": table_bytes}
    targets = list(TARGETS) if args.target == "all" else [args.target]
    started = time.monotonic()
    fuzzer.deadline = started + args.seconds
    jxparse.parse("预热\n")  # build the grammars before the clock matters
    rounds = 0
    while time.monotonic() < fuzzer.deadline:
        target = targets[rounds % len(targets)]
        rounds += 1

        @settings(max_examples=args.chunk, deadline=None, database=None, derandomize=False,
                  phases=[__import__("hypothesis").Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategies[target])
        def once(data):
            fuzzer.run(current, data)

        current = target
        once()
        if not args.quiet and rounds % 10 == 0:
            elapsed = time.monotonic() - started
            print(f"[{elapsed:6.0f} s] examples {fuzzer.examples} failures {fuzzer.failures} "
                  f"signatures {len(fuzzer.signatures)}", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    total = sum(fuzzer.examples.values())
    print(f"fuzz: {elapsed:.0f} s, {total} examples {fuzzer.examples}, {fuzzer.failures} failures, "
          f"{len(fuzzer.signatures)} distinct signatures")
    for signature, digests in fuzzer.signatures.items():
        print(f"  {signature}: {', '.join(digests)}")
    return 1 if fuzzer.failures else 0


if __name__ == "__main__":
    sys.exit(main())
