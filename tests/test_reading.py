"""The reading contract (jxparse.pipeline.reading) answers as the reader reads.

The Markdown writer relies on these answers instead of importing the reader's stages; each case
here is checked against what the whole pipeline does with the same lines, so the contract cannot
drift from the reader.
"""

import pytest

import jxparse
from jxparse.ast import Paragraph, Section
from jxparse.pipeline import reading
from jxparse.pipeline.lines import LineKind

HEAD = "某某市人民政府关于某事的通知\n\n某政发〔2020〕1号\n\n各区人民政府：\n\n"


@pytest.mark.parametrize("line, kind", [
    ("一、总体要求", LineKind.HEADING),
    ("（二）工作措施", LineKind.HEADING),
    ("第三条　本办法自发布之日起施行。", LineKind.HEADING),
    ("嘉政发〔2019〕15号", LineKind.DOC_NUMBER),
    ("2019年7月15日", LineKind.DATE),
    ("附件：1.某某名单", LineKind.ATTACHMENT),
    ("附件2", LineKind.ATTACHMENT_HEADER),
    ("目录", LineKind.TOC_TITLE),
    ("全市各级财政部门要加强资金管理。", LineKind.TEXT),
    ("## 标题", reading.PREFIXED),
    ("   缩进的行", reading.PREFIXED),
    ("   ", reading.BLANK),
])
def test_classify(line, kind):
    assert reading.classify(line) == kind


def _paragraph_texts(bulletin) -> list[str]:
    texts = []

    def walk(blocks):
        for block in blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Section):
                walk(block.children)

    for document in bulletin.documents:
        walk(document.body)
    return texts


@pytest.mark.parametrize("previous, line", [
    ("各地要结合实际，认真研究制定本地区实施方案，", "确保各项工作落到实处。"),   # open comma
    ("各地要结合实际认真研究制定本地区的具体实施方案并报市政府", "备案后组织实施。"),  # long, no closing mark
    ("各地要结合实际认真研究制定实施方案。", "确保各项工作落到实处。"),             # sentence ended
    ("本办法由市财政局负责解释", "自发布之日起施行。"),                           # short, no mark
    ("各地要结合实际，认真研究制定本地区实施方案，", "二、保障措施"),               # a heading follows
    ("各地要结合实际，认真研究制定本地区实施方案，", "2020年3月1日"),               # a date follows
    ("各地要结合实际认真研究制定本地区的具体实施方案并报市政府", "二、保障措施"),    # heading, no open mark
])
def test_continues_answers_as_the_reader_joins(previous, line):
    joined = _paragraph_texts(jxparse.parse(f"{HEAD}{previous}\n{line}\n"))
    reader_joins = any(previous in text and line in text for text in joined)
    assert reading.continues(previous, line) == reader_joins


def test_min_cut_line_is_where_an_unpunctuated_line_starts_to_join():
    short = "甲" * (reading.MIN_CUT_LINE - 1)
    assert not reading.joins_next(short)
    assert reading.joins_next(short + "乙")
    assert reading.ends_open("所需经费，") and not reading.ends_open("所需经费。")
