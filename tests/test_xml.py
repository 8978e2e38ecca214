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
    Bulletin,
    Document,
    Paragraph,
)
from jxparse.data import to_data
from jxparse.errors import FormatError
from jxparse.writers import get_writer
from jxparse.loaders.xml import from_xml, schema_errors
from jxparse.writers.xml import XmlWriter
from jxparse.xml_layout import NAMESPACE, decode_attribute, encode_attribute

from trees import walk_nodes
from trees import BIG, entities_paragraph, full_bulletin, minimal_bulletin, nasty_bulletin, sample_bulletins, single_document_bulletin  # noqa: F401

SAMPLES = sorted(sample_bulletins())


def _valid(name: str) -> bool:
    """Whether the sample keeps to the vocabularies the schemas check (nasty has non-ISO dates on purpose)."""
    return name != "nasty"


def _xsd():
    from jxparse.loaders.xml import _xml_schema

    return _xml_schema()


# --------------------------------------------------------------------------- coverage of the samples


def test_samples_cover_every_node_type_and_field():
    nodes = [node for tree in sample_bulletins().values() for node in walk_nodes(tree)]
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
    for before, after in zip(walk_nodes(tree), walk_nodes(back), strict=True):
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
    paragraph = entities_paragraph()
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
    from jxparse.xml_layout import LAYOUTS

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
        ('format="text"', 'format="odt"'),  # enumeration
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
    from jxparse.loaders import xml as xml_module

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
