"""XML writer and reader: round trips, mixed content, control characters, safety, errors.

The hand-built trees here (``sample_bulletins``) cover every node type and every field; the schema
and tree-writer tests import them.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from lxml import etree

from jxparse import ast
from jxparse.ast import (
    Amount,
    Attachment,
    Bulletin,
    Catalog,
    CatalogEntry,
    DateMention,
    Diagnostic,
    DocNumber,
    DocRef,
    Document,
    Duty,
    Fraction,
    Furniture,
    Paragraph,
    Percent,
    Quantity,
    Section,
    SectionStyle,
    Severity,
    Source,
    Span,
    Table,
    TitleRef,
    TocEntry,
)
from jxparse.data import to_data
from jxparse.errors import FormatError
from jxparse.writers import get_writer
from jxparse.writers.xml import NAMESPACE, XmlWriter, decode_attribute, encode_attribute, from_xml, schema_errors

BIG = Decimal("1234567890123456789012345678901234567890")  # 40 digits

# --------------------------------------------------------------------------- sample trees


def _entities_paragraph() -> Paragraph:
    text = (
        "对新建的给予每亩40元补助，最高不超过1000万元；比例不低于50%，0.5%~3.0%之间；三分之一以上；"
        "面积50亩、3.4个百分点；2019年8月、2019年8月1日前、2020年底完成；按照嘉政发〔2019〕15号和《嘉兴市\x00办法》执行"
        "(市农业农村局牵头,市财政局、市市场监管局配合)。"
    )

    def at(fragment: str, occurrence: int = 0) -> Span:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(fragment, start + 1)
        return Span(start, start + len(fragment))

    entities = (
        Amount("每亩40元", value=Decimal("40"), per="亩", span=at("每亩40元")),
        Amount("最高不超过1000万元", value=Decimal("10000000"), bound="max", span=at("最高不超过1000万元")),
        Percent("不低于50%", value=Decimal("50"), bound="min", span=at("不低于50%")),
        Percent("0.5%~3.0%", min=Decimal("0.5"), max=Decimal("3.0"), span=at("0.5%~3.0%")),
        Fraction("三分之一", numerator=1, denominator=3, span=at("三分之一")),
        Quantity("50亩", value=Decimal("50"), unit="亩", bound="min", span=at("50亩")),
        Quantity("3.4个百分点", value=Decimal("3.4"), unit="个百分点", span=at("3.4个百分点")),
        DateMention("2019年8月", year=2019, month=8, span=at("2019年8月")),
        DateMention("2019年8月1日", value="2019-08-01", span=at("2019年8月1日")),
        DateMention("2020年底", year=2020, part="end", span=at("2020年底")),
        DocRef("嘉政发〔2019〕15号", DocNumber("嘉政发〔2019〕15号", "嘉政发", 2019, 15, span=at("嘉政发〔2019〕15号")), span=at("嘉政发〔2019〕15号")),
        TitleRef("《嘉兴市\x00办法》", title="嘉兴市\x00办法", span=at("《嘉兴市\x00办法》")),
        Duty(
            "(市农业农村局牵头,市财政局、市市场监管局配合)",
            lead=("市农业农村局",),
            cooperate=("市财政局", "市市场监管局"),
            span=at("(市农业农村局牵头,市财政局、市市场监管局配合)"),
        ),
    )
    return Paragraph(text, entities, span=Span(400, 400 + len(text)), page=2, bbox=(56.7, 100.25, 538.0, 160.5))


def full_bulletin() -> Bulletin:
    """A bulletin with every node type and every field set somewhere."""
    number = DocNumber("嘉政发〔2019〕15号", "嘉政发", 2019, 15, span=Span(60, 71))
    heading_text = "支持资金2.5亿元与25000元 & <special> \"quoted\" 'single'"
    heading = Section(
        id="d1.s1.1",
        style=SectionStyle.PAREN_HANZI,
        marker="（一）",
        number=1,
        level=2,
        heading=heading_text,
        children=(
            Paragraph("A & B < C > D \"E\" 'F' ]]> 中文\t制表\r回车", span=Span(300, 330)),
            Table(
                (("项目", "金额（万元）"), ("补助 & 奖励", "25000"), ("", "\x0b竖排")),
                span=Span(330, 360),
                page=2,
                bbox=(0.0, 1.5, 595.2755905511812, 841.8897637795276),
            ),
            _entities_paragraph(),
            Section(
                id="d1.s1.1.1",
                style=SectionStyle.ARABIC,
                marker="1.",
                number=None,
                level=3,
                heading="",
                children=(Paragraph("", span=Span(600, 600)),),
                span=Span(590, 600),
                heading_span=None,
            ),
        ),
        entities=(
            Amount("2.5亿元", value=Decimal("250000000"), span=Span(210, 215)),
            Amount("25000元", value=Decimal("25000"), span=Span(216, 222)),
        ),
        span=Span(200, 600),
        heading_span=Span(203, 240),
        page=1,
        bbox=(10.0, 20.0, 30.0, 40.0),
    )
    enclosure = Document(
        id="d1.e1",
        title="市区支持农业农村发展若干财政政策意见",
        kind="意见",
        body=(
            Section(
                id="d1.e1.s1",
                style=SectionStyle.CHAPTER,
                marker="第一章",
                number=1,
                level=1,
                heading="总则",
                children=(
                    Section(
                        id="d1.e1.s1.1",
                        style=SectionStyle.ARTICLE,
                        marker="第一条",
                        number=1,
                        level=2,
                        heading="目的",
                        children=(Paragraph("为了……制定本意见。", span=Span(900, 910)),),
                    ),
                ),
            ),
        ),
        attachments=(Attachment(None, "附表", omitted=True),),
        signatories=("嘉兴市财政局", "嘉兴市农业农村局"),
        date="2019-07-10",
        span=Span(800, 1000),
    )
    document = Document(
        id="d1",
        title="嘉兴市人民政府关于印发\x1f市区支持农业农村发展若干财政政策意见的通知",
        kind="通知",
        issuer_mark="嘉兴市人民政府文件",
        doc_number=number,
        addressees=("各县(市、区)人民政府", "市政府各部门、直属各单位"),
        body=(
            Paragraph("现将《意见》印发给你们，请认真贯彻执行。", span=Span(100, 120)),
            Section(
                id="d1.s1",
                style=SectionStyle.HANZI,
                marker="一、",
                number=1,
                level=1,
                heading="总体要求",
                children=(heading,),
                span=Span(190, 600),
                heading_span=Span(192, 196),
            ),
        ),
        attachments=(
            Attachment(
                1,
                "补助标准表",
                omitted=False,
                body=(Paragraph("附件正文 & 说明", span=Span(700, 710)), Table((("a",),))),
                span=Span(690, 720),
            ),
            Attachment(2, "申报表（略）", omitted=True, span=Span(720, 730), header_span=Span(731, 740)),
        ),
        signatories=("嘉兴市人民政府",),
        date="2019-07-15",
        notes=("此件公开发布", "本文有删减"),
        enclosures=(enclosure,),
        metadata=(("索引号", "002541934/2019-123456"), ("发布机构", "市政府办公室 & <信息科>"), ("ctrl\x01key", "值\x02")),
        title_entities=(TitleRef("若干财政政策意见", title="若干财政政策意见", span=Span(20, 28)),),
        span=Span(0, 1000),
        title_span=Span(10, 50),
        addressees_span=Span(72, 95),
        signoff_span=Span(740, 770),
        notes_span=Span(770, 790),
        issuer_mark_span=Span(0, 9),
        doc_number_span=Span(10, 30),
        metadata_span=Span(0, 5),
        page=1,
    )
    return Bulletin(
        source=Source(name="jiaxing-2019-07.pdf", format="pdf", encoding=None, sha256="ab" * 32, pages=12),
        title="嘉兴市人民政府公报 2019年第7期",
        toc=(
            TocEntry("嘉兴市人民政府关于印发……的通知", category="市政府文件", doc_number=number, page=2, span=Span(0, 30)),
            TocEntry("人事任免", span=Span(31, 40)),
        ),
        documents=(document,),
        catalogs=(
            Catalog(
                "2019年市政府发文目录",
                entries=(
                    CatalogEntry("关于……的通知", DocNumber("嘉政发〔2019〕1号", "嘉政发", 2019, 1), span=Span(1010, 1030)),
                    CatalogEntry("嘉兴市人民政府令", DocNumber("嘉兴市人民政府令第5号", "嘉兴市人民政府令", None, 5)),
                ),
                span=Span(1000, 1100),
                title_span=Span(1000, 1009),
            ),
        ),
        furniture=(
            Furniture("page_header", "嘉兴市人民政府公报", 3),
            Furniture("page_footer", "— 3 —", 3),
            Furniture("page_number", "3", 3),
        ),
        diagnostics=(
            Diagnostic(Severity.WARNING, "numbering-gap", "（二） follows （一）… & <gap>", span=Span(250, 260)),
            Diagnostic(Severity.INFO, "page-break-joined", "joined"),
            Diagnostic(Severity.ERROR, "unplaced-text", "text\x0cwith form feed"),
        ),
        title_span=Span(0, 4),
        toc_span=Span(5, 40),
        text="(not serialized)",
    )


def minimal_bulletin() -> Bulletin:
    """Everything at its default: empty lists, nulls."""
    return Bulletin()


def single_document_bulletin() -> Bulletin:
    return Bulletin(
        source=Source(name=None, format="text", encoding="gb18030"),
        documents=(Document(id="d1", title="关于做好2019年防汛工作的通知", body=(Paragraph("各单位："),)),),
    )


def nasty_bulletin() -> Bulletin:
    """Control characters and backslashes everywhere, unplaceable and overlapping entities."""
    ctrl = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800"
    text = f"开头{ctrl}中间 1000万元 结尾\\n\\\\"
    entities = (
        Amount(f"中间{ctrl[:2]}", value=BIG, unit="元\x00", per="年·村\\", span=Span(0, 1)),  # not found after 中间? found later
        Amount("1000万元", value=Decimal("10000000"), bound="max", span=Span(10, 16)),
        Amount("1000万元", value=Decimal("-0.000001"), min=Decimal("2.5"), max=BIG, span=Span(10, 16)),  # overlaps: not placed
        Quantity("不在文中", value=None, unit="亩\t\\u0041", min=Decimal("1E+3"), max=Decimal("0.10")),  # not in the text
        Duty("", lead=("", "a\tb", "c\\d\x00"), cooperate=(), responsible=("",)),
        DateMention("", value="not-a-date?", month=None, end_year=2022, part="mid\x1f"),
        Fraction("结尾", numerator=-1, denominator=0),
    )
    return Bulletin(
        source=Source(name="we\x01ird\\name.txt", format="text", encoding="utf-8", sha256=None, pages=0),
        title=ctrl,
        documents=(
            Document(
                id="d\x02\\1",
                title=ctrl + "标题",
                kind="通\x03知",
                issuer_mark="",
                doc_number=DocNumber("\x00", "\\", None, 0, span=Span(0, 0)),
                addressees=("", "\x0b"),
                body=(Paragraph(text, entities),),
                title_entities=(TitleRef(ctrl, title=ctrl),),
                date="2019-7-1?",
                metadata=(("", ""), ("k\\", "\x00")),
            ),
        ),
        diagnostics=(Diagnostic(Severity.ERROR, "code\\\x00", ctrl),),
    )


def sample_bulletins() -> dict[str, Bulletin]:
    """Every hand-built sample, by name (also used by the schema and tree-writer tests)."""
    return {
        "full": full_bulletin(),
        "minimal": minimal_bulletin(),
        "single": single_document_bulletin(),
        "nasty": nasty_bulletin(),
    }


SAMPLES = sorted(sample_bulletins())


def _valid(name: str) -> bool:
    """Whether the sample keeps to the vocabularies the schemas check (nasty has non-ISO dates on purpose)."""
    return name != "nasty"


def _walk(value):
    """Every dataclass instance in a tree."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk(item)


def _xsd():
    from jxparse.writers.xml import _xml_schema

    return _xml_schema()


# --------------------------------------------------------------------------- coverage of the samples


def test_samples_cover_every_node_type_and_field():
    nodes = [node for tree in sample_bulletins().values() for node in _walk(tree)]
    seen_types = {type(node) for node in nodes}
    assert set(ast.NODE_TYPES.values()) <= seen_types
    assert {ast.DocNumber, ast.Source, ast.Furniture, ast.Diagnostic, ast.Span} <= seen_types
    # every field of every class is set to something other than its default somewhere
    for cls in seen_types:
        for f in dataclasses.fields(cls):
            if cls is Bulletin and f.name == "text":
                continue
            default = f.default if f.default is not dataclasses.MISSING else None
            if f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            assert any(
                getattr(node, f.name) not in (None, ()) and getattr(node, f.name) != default
                for node in nodes
                if type(node) is cls
            ), f"{cls.__name__}.{f.name} never set in the samples"


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_equal_tree(name):
    tree = sample_bulletins()[name]
    back = from_xml(XmlWriter().write(tree), validate=_valid(name))
    assert back == tree


@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_keeps_spans(name):
    tree = sample_bulletins()[name]
    back = from_xml(XmlWriter().write(tree), validate=_valid(name))
    assert to_data(back) == to_data(tree)
    # positions are compare=False, so check them node by node as well
    for before, after in zip(_walk(tree), _walk(back), strict=True):
        assert type(before) is type(after)
        for f in dataclasses.fields(before):
            if ast.Bulletin is type(before) and f.name == "text":
                continue
            assert getattr(before, f.name) == getattr(after, f.name), f"{type(before).__name__}.{f.name}"


@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_from_bytes_and_is_stable(name):
    text = XmlWriter().write(sample_bulletins()[name])
    again = XmlWriter().write(from_xml(text.encode("utf-8"), validate=_valid(name)))
    assert again == text


@pytest.mark.parametrize("name", [name for name in SAMPLES if _valid(name)])
def test_output_validates_against_xsd(name):
    text = XmlWriter().write(sample_bulletins()[name])
    document = etree.fromstring(text.encode("utf-8"))
    schema = _xsd()
    assert schema.validate(document), schema.error_log


def test_nasty_output_is_valid_except_for_out_of_vocabulary_date():
    # The nasty sample keeps a non-ISO date to show it survives; only that breaks the XSD.
    tree = nasty_bulletin()
    doc = tree.documents[0]
    fixed = dataclasses.replace(
        tree,
        documents=(dataclasses.replace(doc, date=None, body=(dataclasses.replace(doc.body[0], entities=doc.body[0].entities[:4]),)),),
    )
    parsed = etree.ElementTree(etree.fromstring(XmlWriter().write(fixed).encode("utf-8")))
    assert schema_errors(parsed) == []


def test_declaration_namespace_and_registry():
    text = XmlWriter().write(full_bulletin())
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<bulletin xmlns=\"urn:jxparse:schema:1\" schema=\"jxparse/1\"")
    assert text.endswith("</bulletin>\n")
    assert NAMESPACE == "urn:jxparse:schema:1"
    assert isinstance(get_writer("xml"), XmlWriter)
    assert XmlWriter.extension == ".xml"


def test_pretty_printed_outside_mixed_content():
    text = XmlWriter().write(full_bulletin())
    assert "\n  <source " in text
    assert "\n    <body>\n      <paragraph " in text
    # no whitespace was added inside mixed content
    root = etree.fromstring(text.encode("utf-8"))
    para = root.find(f".//{{{NAMESPACE}}}paragraph")
    assert para.text == "现将《意见》印发给你们，请认真贯彻执行。"


# --------------------------------------------------------------------------- mixed content


def _string_value(element) -> str:
    return "".join(element.itertext())


def test_paragraph_text_content_equals_json_text():
    paragraph = _entities_paragraph()
    tree = Bulletin(documents=(Document(id="d1", title="t", body=(paragraph,)),))
    root = etree.fromstring(XmlWriter().write(tree).encode("utf-8"))
    element = root.find(f".//{{{NAMESPACE}}}paragraph")
    # the NUL inside the title_ref is a <ctrl/>: the string value is the text without it
    assert _string_value(element) == paragraph.text.replace("\x00", "")
    tags = [etree.QName(child).localname for child in element]
    assert tags == ["amount", "amount", "percent", "percent", "fraction", "quantity", "quantity", "date", "date", "date", "doc_ref", "title_ref", "duty"]
    title_ref = element.find(f"{{{NAMESPACE}}}title_ref")
    assert [etree.QName(c).localname for c in title_ref] == ["ctrl"]
    assert title_ref[0].get("code") == "0"
    amount = element.find(f"{{{NAMESPACE}}}amount")
    assert amount.text == "每亩40元" and amount.get("value") == "40" and amount.get("per") == "亩"
    assert amount.get("start") == str(paragraph.entities[0].span.start)


def test_well_formed_samples_place_every_entity_inline():
    for name in ("full", "single", "minimal"):
        text = XmlWriter().write(sample_bulletins()[name])
        root = etree.fromstring(text.encode("utf-8"))
        assert not [e for e in root.iter() if e.get("text") is not None], name


def test_heading_and_title_carry_entities_inline():
    text = XmlWriter().write(full_bulletin())
    root = etree.fromstring(text.encode("utf-8"))
    heading = root.find(f".//{{{NAMESPACE}}}section[@id='d1.s1.1']/{{{NAMESPACE}}}heading")
    assert _string_value(heading) == "支持资金2.5亿元与25000元 & <special> \"quoted\" 'single'"
    assert [a.get("value") for a in heading] == ["250000000", "25000"]
    title = root.find(f"{{{NAMESPACE}}}document/{{{NAMESPACE}}}title")
    assert title.find(f"{{{NAMESPACE}}}title_ref").text == "若干财政政策意见"
    assert title.find(f"{{{NAMESPACE}}}ctrl").get("code") == "31"


def test_unplaced_entity_keeps_its_text_in_an_attribute():
    tree = nasty_bulletin()
    root = etree.fromstring(XmlWriter().write(tree).encode("utf-8"))
    para = root.find(f".//{{{NAMESPACE}}}paragraph")
    amounts = para.findall(f"{{{NAMESPACE}}}amount")
    assert amounts[2].get("text") == "1000万元" and amounts[2].text is None and len(amounts[2]) == 0
    quantity = para.find(f"{{{NAMESPACE}}}quantity")
    assert quantity.get("text") == "不在文中"
    assert from_xml(XmlWriter().write(tree), validate=False) == tree


def test_decimals_are_exact():
    paragraph = Paragraph(
        "2.5元 25000元 大数",
        (
            Amount("2.5元", value=Decimal("2.5")),
            Amount("25000元", value=Decimal("2.5E+4")),
            Amount("大数", value=BIG, min=Decimal("0.10"), max=Decimal("1E+2")),
        ),
    )
    tree = Bulletin(documents=(Document(id="d", title="t", body=(paragraph,)),))
    text = XmlWriter().write(tree)
    assert 'value="2.5"' in text and 'value="25000"' in text
    assert f'value="{BIG}"' in text and 'min="0.1"' in text and 'max="100"' in text
    back = from_xml(text).documents[0].body[0].entities
    assert [e.value for e in back] == [Decimal("2.5"), Decimal("25000"), BIG]
    assert str(back[2].value) == "1234567890123456789012345678901234567890"


def test_non_finite_decimal_is_refused():
    tree = Bulletin(documents=(Document(id="d", title="t", body=(Paragraph("x", (Amount("x", value=Decimal("NaN")),)),)),))
    with pytest.raises(ValueError):
        XmlWriter().write(tree)


# --------------------------------------------------------------------------- control characters


def test_control_characters_become_ctrl_elements():
    text = XmlWriter().write(nasty_bulletin())
    assert "\x00" not in text and "\x0b" not in text and "\x1f" not in text
    for code in (0, 1, 8, 11, 12, 14, 31, 65534, 65535, 55296):
        assert f'<ctrl code="{code}"/>' in text
    root = etree.fromstring(text.encode("utf-8"))  # well-formed for a strict parser
    assert root.find(f"{{{NAMESPACE}}}title")[0].get("code") == "0"


def test_control_characters_in_attributes_are_escaped_reversibly():
    for value in ["", "plain 中文", "\\", "\\\\", "\\u0041", "a\x00b", "\ud800\udfff", "\ufffe\uffff", "\t\n\r", "\\x"]:
        encoded = encode_attribute(value)
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in encoded)
        assert decode_attribute(encoded) == value
    source = from_xml(XmlWriter().write(nasty_bulletin()), validate=False).source
    assert source.name == "we\x01ird\\name.txt"


def test_whitespace_survives():
    paragraph = Paragraph("  两端空格\n换行\r\n回车\t制表  ", ())
    tree = Bulletin(documents=(Document(id="d", title=" \n ", body=(paragraph, Paragraph(" "), Paragraph(""))),))
    assert from_xml(XmlWriter().write(tree)) == tree


def test_special_characters_are_escaped_by_lxml():
    text = XmlWriter().write(full_bulletin())
    assert "A &amp; B &lt; C &gt; D \"E\" 'F' ]]&gt; 中文" in text
    assert 'key="发布机构">市政府办公室 &amp; &lt;信息科&gt;</meta>' in text


# --------------------------------------------------------------------------- handling every node type


def test_every_node_type_has_an_xml_layout():
    from jxparse.writers.xml import LAYOUTS

    assert set(ast.NODE_TYPES.values()) <= set(LAYOUTS)
    for name, cls in ast.NODE_TYPES.items():
        assert LAYOUTS[cls].tag == name


def test_unknown_node_type_raises():
    @dataclasses.dataclass(frozen=True)
    class Footnote:
        text: str

    for tree in (
        Bulletin(documents=(Document(id="d", title="t", body=(Footnote("x"),)),)),
        Bulletin(documents=(Document(id="d", title="t", body=(Paragraph("x", (Footnote("x"),)),)),)),
        Bulletin(documents=(Document(id="d", title="t", body=(Paragraph("x", (Paragraph("x"),)),)),)),
    ):
        with pytest.raises(TypeError):
            XmlWriter().write(tree)


# --------------------------------------------------------------------------- reading errors and safety


def _valid_text() -> str:
    return XmlWriter().write(single_document_bulletin())


def test_malformed_xml_raises_format_error_with_line():
    text = _valid_text().replace("</paragraph>", "</paragrph>")
    with pytest.raises(FormatError) as info:
        from_xml(text, source="x.xml")
    expected = next(i for i, line in enumerate(text.splitlines(), 1) if "</paragrph>" in line)
    assert info.value.line == expected
    assert str(info.value).startswith(f"x.xml:{expected}")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<paragraph>", "<footnote>"),  # unknown element
        ('<document id="d1">', "<document>"),  # missing required attribute
        ('<document id="d1">', '<document id="d1" colour="red">'),  # unknown attribute
        ('format="text"', 'format="docx"'),  # enumeration
    ],
)
def test_wrong_shape_raises_format_error_with_line(old, new):
    text = _valid_text()
    assert old in text
    broken = text.replace(old, new, 1)
    line = next(i for i, item in enumerate(broken.splitlines(), 1) if new in item)
    # the reader checks structure itself; vocabularies (enumerations) only through the XSD
    for validate in (True, False) if "format" not in old else (True,):
        with pytest.raises(FormatError) as info:
            from_xml(broken, validate=validate)
        assert info.value.line == line


def test_wrong_root_and_schema_version():
    with pytest.raises(FormatError):
        from_xml('<bulletin schema="jxparse/1"/>')  # no namespace
    with pytest.raises(FormatError):
        from_xml(f'<bulletin xmlns="{NAMESPACE}" schema="jxparse/2"><source format="text"/></bulletin>')
    with pytest.raises(FormatError):
        from_xml("")


def test_str_with_encoding_declaration_is_read():
    text = _valid_text()
    assert text.startswith("<?xml")
    assert from_xml(text) == from_xml(text.encode("utf-8")) == single_document_bulletin()


def test_external_entity_is_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    uri = secret.as_uri()
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE bulletin [<!ENTITY xxe SYSTEM "{uri}">]>\n'
        f'<bulletin xmlns="{NAMESPACE}" schema="jxparse/1">\n'
        '  <source format="text"/>\n'
        '  <document id="d1"><title>&xxe;</title></document>\n'
        "</bulletin>\n"
    )
    with pytest.raises(FormatError) as info:
        from_xml(text.encode("utf-8"))
    assert "TOP-SECRET-CONTENT" not in str(info.value)
    assert info.value.line is not None


def test_internal_entity_expansion_is_refused():
    text = (
        '<!DOCTYPE bulletin [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        f'<bulletin xmlns="{NAMESPACE}" schema="jxparse/1"><source format="text"/><title>&b;</title></bulletin>'
    )
    with pytest.raises(FormatError):
        from_xml(text)


def test_entity_reference_node_is_refused_even_without_validation():
    from jxparse.writers import xml as xml_module

    parser = xml_module.safe_parser()
    root = etree.fromstring(
        f'<!DOCTYPE b [<!ENTITY e SYSTEM "file:///etc/passwd">]><b xmlns="{NAMESPACE}">&e;</b>'.encode(),
        parser,
    )
    assert "root:" not in "".join(root.itertext())  # lxml kept it as an unexpanded reference
    with pytest.raises(FormatError):
        xml_module._read_text(root)


def test_comments_and_processing_instructions_are_skipped():
    text = _valid_text().replace("<paragraph>各单位：</paragraph>", "<paragraph>各<!-- c -->单<?pi x?>位：</paragraph>")
    assert from_xml(text) == single_document_bulletin()


def test_str_with_byte_order_mark_is_read():
    text = "\ufeff" + _valid_text()
    assert from_xml(text) == single_document_bulletin()
    assert from_xml(text.encode("utf-8")) == single_document_bulletin()
