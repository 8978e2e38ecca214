"""Properties of jxparse.pipeline over generated hostile text (hypothesis).

For any text mixing random unicode, CJK, heading markers, 文号, dates, brackets, blank lines
and CRLF: parse raises nothing but JxParseError subclasses; every span lies inside the input
and gives back its node's text; no non-blank character is lost; the JSON and XML round trips
give an equal tree; the Markdown writer's output parses back to the same outline.

Examples are kept moderate for CI (about 150 per property); scripts/fuzz.py runs the same
checks for as long as one likes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import jxparse
from jxparse.ast import Paragraph, Section
from jxparse.errors import JxParseError

import invariants

MARKERS = ["一、", "二、", "十一、", "(一)", "（二）", "1.", "2．", "3、", "(1)", "（2）", "①", "②", "第一章", "第二章",
           "第一节", "第一条", "第二条", "第一编", "1 ", "1.1 ", "附件", "附件1", "目录", "第"]
FRAGMENTS = ["嘉政发〔2019〕15号", "嘉政办发〔2019〕3号", "国办发[2019]6号", "〔2019〕15号", "嘉政发〔20l9〕号",
             "2019年7月15日", "二○一九年七月十五日", "2019年", "10万元", "每亩300元", "50%", "三分之一", "《某某办法》",
             "（市农业农村局牵头，市财政局配合）", "各县（市、区）人民政府：", "嘉兴市人民政府", "关于做好某某工作的通知",
             "（此件公开发布）", "印发", "：", "。", "，"]
BRACKETS = list("（）()〔〕[]【】《》〈〉")
SPACES = ["\n", "\n\n", "\r\n", " ", "\u3000", "\t"]

_piece = st.one_of(
    st.sampled_from(MARKERS), st.sampled_from(FRAGMENTS), st.sampled_from(BRACKETS), st.sampled_from(SPACES),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=6),
    st.text(alphabet="0123456789一二三四五六七八九十百千万元年月日号", max_size=5),
    st.text(max_size=5),
)
_line = st.lists(_piece, max_size=8).map("".join)
hostile_text = st.one_of(
    st.lists(_piece, max_size=40).map("".join),
    st.lists(st.tuples(st.sampled_from(MARKERS + ["", ""]), _line), max_size=15).map(
        lambda lines: "\n".join(marker + text for marker, text in lines)),
)

# Derandomized: the test command gives the same verdict on every run and machine; the random search
# for new failures is scripts/fuzz.py's job, and what it finds is pinned here with @example.
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _parse(text: str):
    try:
        return jxparse.parse(text)
    except JxParseError:
        return None  # a documented error is an acceptable outcome; anything else propagates


@SETTINGS
@given(hostile_text)
@example("")
@example("\r\n一、\r\n(一)\r\n")
@example("关于某事的通知\n〔2019〕15号\n")
def test_parse_raises_only_jxparse_errors_and_keeps_spans(text):
    bulletin = _parse(text)
    if bulletin is None:
        return
    assert bulletin.text == text
    invariants.check_spans(bulletin)


@SETTINGS
@given(hostile_text)
def test_no_non_blank_character_is_lost(text):
    bulletin = _parse(text)
    if bulletin is not None:
        assert invariants.uncovered(bulletin) == []


@SETTINGS
@given(hostile_text)
def test_json_round_trip(text):
    bulletin = _parse(text)
    if bulletin is not None:
        assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin


@SETTINGS
@given(hostile_text)
@example("正\x00文\x0b\ufffe。\n")
def test_xml_round_trip(text):
    bulletin = _parse(text)
    if bulletin is not None:
        assert jxparse.loads(jxparse.dumps(bulletin, "xml"), format="xml") == bulletin


def _outline(bulletin):
    """What Markdown must carry: titles, each section's style/number/heading, paragraph texts."""

    def blocks(items):
        for block in items:
            if isinstance(block, Section):
                yield ("section", block.style.value, block.number, block.heading)
                yield from blocks(block.children)
            elif isinstance(block, Paragraph):
                yield ("paragraph", block.text)

    return [(document.title, list(blocks(document.body))) for document in bulletin.documents]


_MD_FINDING = ("writers/markdown.py writes an untitled document's first paragraph (or its notes) as a bare "
               "line, and the reader's structure._leading_title then takes it as the title: '1.3、\\n(一)'")


@pytest.mark.skipif("md" not in jxparse.formats(), reason="no Markdown writer")
@SETTINGS
@given(hostile_text)
@example("一、总则\n正文。\n")
@example("1.3、\n(一)")  # paragraph joined from two lines -> one bare line -> re-read as the title
@example("（二）甲\t(一)（此件公开发布）")  # notes of an untitled document -> re-read as the title
# A long title written over two "##" lines, the first ending like a 文号: still title lines when re-read.
@example("一一一一一一一、一、一、一、一、一、一、一、一、一、一、一、一、十一、十一、①①嘉政发〔2019〕15号嘉政发〔2019〕15号"
         "嘉政发〔2019〕15号嘉政发〔2019〕15号嘉政发〔2019〕15号（")
def test_markdown_reparse_keeps_the_outline(text):
    bulletin = _parse(text)
    if bulletin is None:
        return
    markdown = jxparse.dumps(bulletin, "md")
    again = jxparse.parse(markdown, format="markdown")
    assert _outline(again) == _outline(bulletin)
