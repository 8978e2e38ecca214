"""The tree writer: the deterministic, one-node-per-line golden format."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from jxparse import ast
from jxparse.ast import Amount, Bulletin, DocNumber, DocRef, Document, Paragraph, Section, SectionStyle, Source, Span
from jxparse.writers import WRITERS, get_writer
from jxparse.writers.tree import TreeWriter, handled_types
from jxparse.loaders.xml import from_xml
from jxparse.writers.xml import XmlWriter

from trees import full_bulletin, nasty_bulletin, sample_bulletins


def test_registered():
    assert WRITERS["tree"] is TreeWriter
    assert isinstance(get_writer("tree"), TreeWriter)
    assert TreeWriter.extension == ".tree"


def test_golden_small_tree():
    tree = Bulletin(
        source=Source(name="a.txt", format="text", encoding="utf-8"),
        documents=(
            Document(
                id="d1",
                title="关于印发办法的通知",
                kind="通知",
                doc_number=DocNumber("嘉政发〔2019〕15号", "嘉政发", 2019, 15, span=Span(10, 21)),
                addressees=("各县(市、区)",),
                body=(
                    Section(
                        id="d1.s1",
                        style=SectionStyle.HANZI,
                        marker="一、",
                        number=1,
                        level=1,
                        heading="总\u3000则",
                        children=(
                            Paragraph(
                                "补助2.5万元，依据嘉政发〔2019〕1号。",
                                (
                                    Amount("2.5万元", value=Decimal("25000"), span=Span(42, 47)),
                                    DocRef("嘉政发〔2019〕1号", DocNumber("嘉政发〔2019〕1号", "嘉政发", 2019, 1), span=Span(50, 61)),
                                ),
                                span=Span(40, 62),
                                page=1,
                                bbox=(56.0, 100.5, 540.0, 120.0),
                            ),
                        ),
                        span=Span(30, 62),
                        heading_span=Span(32, 35),
                    ),
                ),
                signatories=("嘉兴市人民政府",),
                date="2019-07-15",
                span=Span(0, 80),
                title_span=Span(0, 9),
                addressees_span=Span(22, 29),
                signoff_span=Span(63, 80),
            ),
        ),
    )
    assert TreeWriter().write(tree) == (
        "bulletin schema='jxparse/1'\n"
        "  source name='a.txt' format='text' encoding='utf-8'\n"
        "  document [0:80] id='d1' kind='通知'\n"
        "    title [0:9] '关于印发办法的通知'\n"
        "    doc_number [10:21] text='嘉政发〔2019〕15号' agency='嘉政发' year=2019 serial=15\n"
        "    addressees [22:29]\n"
        "      '各县(市、区)'\n"
        "    body\n"
        "      section [30:62] id='d1.s1' style=hanzi marker='一、' number=1 level=1\n"
        "        heading [32:35] '总\\u3000则'\n"
        "        paragraph [40:62] page=1 bbox=[56.0, 100.5, 540.0, 120.0]\n"
        "          text '补助2.5万元，依据嘉政发〔2019〕1号。'\n"
        "          amount [42:47] '2.5万元' value=25000 unit='元'\n"
        "          doc_ref [50:61] '嘉政发〔2019〕1号'\n"
        "            doc_number text='嘉政发〔2019〕1号' agency='嘉政发' year=2019 serial=1\n"
        "    signoff [63:80] date='2019-07-15'\n"
        "      '嘉兴市人民政府'\n"
    )


@pytest.mark.parametrize("name", sorted(sample_bulletins()))
def test_stable(name):
    tree = sample_bulletins()[name]
    first = TreeWriter().write(tree)
    assert TreeWriter().write(sample_bulletins()[name]) == first
    # the same tree read back from XML dumps identically (spans included)
    assert TreeWriter().write(from_xml(XmlWriter().write(tree), validate=False)) == first


@pytest.mark.parametrize("name", sorted(sample_bulletins()))
def test_one_node_per_line_and_indentation(name):
    text = TreeWriter().write(sample_bulletins()[name])
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text.splitlines()
    assert lines[0] == "bulletin schema='jxparse/1'"
    previous = 0
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0 and indent <= previous + 2, line
        assert line.strip(), "no blank lines"
        previous = indent
    # control characters never reach the output raw
    assert not any(ord(c) < 32 for c in text.replace("\n", ""))


def _count(tree, cls) -> int:
    count = 0

    def walk(value):
        nonlocal count
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value) is cls:
                count += 1
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(tree)
    return count


def test_contains_each_node():
    tree = full_bulletin()
    lines = [line.strip() for line in TreeWriter().write(tree).splitlines()]
    names = dict(ast.TYPE_NAMES) | {ast.DocNumber: "doc_number", ast.Source: "source", ast.Furniture: "furniture", ast.Diagnostic: "diagnostic"}
    for cls, name in names.items():
        expected = _count(tree, cls)
        assert expected > 0, name
        found = sum(1 for line in lines if line == name or line.startswith(name + " "))
        assert found == expected, name


def test_fields_are_shown():
    text = TreeWriter().write(full_bulletin())
    for fragment in (
        "per='亩'",
        "bound='max'",
        "min=0.5 max=3",
        "numerator=1 denominator=3",
        "value=3.4 unit='个百分点'",
        "year=2019 month=8",
        "year=2020 part='end'",
        "value='2019-08-01'",
        "lead=['市农业农村局'] cooperate=['市财政局', '市市场监管局']",
        "title_ref [20:28] '若干财政政策意见' title='若干财政政策意见'",
        "omitted=true",
        "style=paren_hanzi marker='（一）'",
        "issuer_mark [0:9] '嘉兴市人民政府文件'",
        "notes [770:790]",
        "'发布机构': '市政府办公室 & <信息科>'",
        "row '补助 & 奖励' '25000'",
        "furniture kind='page_footer' page=3 text='— 3 —'",
        "diagnostic [250:260] severity=warning code='numbering-gap'",
        "catalog_entry title='嘉兴市人民政府令'",
        "doc_number text='嘉兴市人民政府令第5号' agency='嘉兴市人民政府令' serial=5",
        "toc_entry [0:30] category='市政府文件' page=2",
        "enclosures",
        "sha256='" + "ab" * 32 + "' pages=12",
    ):
        assert fragment in text, fragment


def test_control_characters_and_big_numbers_are_visible():
    text = TreeWriter().write(nasty_bulletin())
    assert "title '\\x00\\x01\\x08\\x0b\\x0c\\x0e\\x1f\\ufffe\\uffff\\ud800'" in text
    assert "value=1234567890123456789012345678901234567890" in text
    assert "value=-0.000001" in text
    text.encode("utf-8")  # lone surrogates are escaped, so the dump can be written as UTF-8


def test_every_node_type_is_handled():
    assert set(ast.NODE_TYPES.values()) <= handled_types()
    assert {ast.DocNumber, ast.Source, ast.Furniture, ast.Diagnostic} <= handled_types()


def test_unknown_node_type_raises():
    @dataclasses.dataclass(frozen=True)
    class Footnote:
        text: str

    for tree in (
        Bulletin(documents=(Document(id="d", title="t", body=(Footnote("x"),)),)),
        Bulletin(documents=(Document(id="d", title="t", body=(Paragraph("x", (Footnote("x"),)),)),)),
        Bulletin(diagnostics=(Footnote("x"),)),
    ):
        with pytest.raises(TypeError, match="Footnote"):
            TreeWriter().write(tree)
