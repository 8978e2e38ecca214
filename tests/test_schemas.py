"""The shipped schemas (JSON Schema, XSD) and jxparse.validate."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest
from lxml import etree

from jxparse import ast
from jxparse.ast import Bulletin
from jxparse.data import from_data, to_data
from jxparse.errors import UnknownFormat
from jxparse.validate import detect_kind, schema_text, validate_text
from jxparse.writers.json import JsonWriter, loads_data
from jxparse.loaders.xml import from_xml
from jxparse.writers.xml import XmlWriter

from trees import full_bulletin, nasty_bulletin, sample_bulletins

VALID_SAMPLES = sorted(name for name in sample_bulletins() if name != "nasty")


def _json_schema() -> dict:
    return json.loads(schema_text("json"))


def _json_validator():
    return jsonschema.Draft202012Validator(_json_schema(), format_checker=None)


# --------------------------------------------------------------------------- the schema files


def test_json_schema_is_valid_draft_2020_12():
    schema = _json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_json_schema_is_strict_and_documented():
    schema = _json_schema()
    objects = [schema] + [d for d in schema["$defs"].values() if d.get("type") == "object" and "additionalProperties" in d]
    for definition in objects:
        assert definition["additionalProperties"] is False
        assert set(definition["required"]) == set(definition["properties"])
        for name, prop in definition["properties"].items():
            assert "description" in prop or "$ref" in prop, name


def test_json_schema_describes_every_node_type_and_field():
    defs = _json_schema()["$defs"]
    for name, cls in ast.NODE_TYPES.items():
        if cls is Bulletin:
            properties = _json_schema()["properties"]
            expected = {"schema", "type"} | {f.name for f in dataclasses.fields(cls) if f.name != "text"}
        else:
            properties = defs[name]["properties"]
            expected = {"type"} | {f.name for f in dataclasses.fields(cls)}
        assert set(properties) == expected, name
    for name, cls in {"doc_number": ast.DocNumber, "source": ast.Source, "diagnostic": ast.Diagnostic}.items():
        assert set(defs[name]["properties"]) == {f.name for f in dataclasses.fields(cls)}
    assert set(defs["furniture"]["properties"]) == {"type", "text", "page", "span"}
    assert defs["section"]["properties"]["style"]["enum"] == [style.value for style in ast.SectionStyle]
    assert defs["diagnostic"]["properties"]["severity"]["enum"] == [s.value for s in ast.Severity]


def test_xsd_is_valid_and_loads_from_the_package():
    text = schema_text("xml")
    assert schema_text("xsd") == text
    etree.XMLSchema(etree.fromstring(text.encode("utf-8")))
    with pytest.raises(UnknownFormat):
        schema_text("yaml")


def test_schemas_are_package_data():
    from importlib import resources

    names = {item.name for item in resources.files("jxparse.schemas").iterdir()}
    assert {"jxparse.schema.json", "jxparse.xsd", "__init__.py"} <= names


# --------------------------------------------------------------------------- JSON output against the JSON Schema


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_json_output_validates(name):
    text = JsonWriter().write(sample_bulletins()[name])
    errors = sorted(_json_validator().iter_errors(loads_data(text)), key=str)
    assert errors == []
    assert validate_text(text, name=f"{name}.json") == []


def test_json_numbers_are_exact():
    text = JsonWriter().write(full_bulletin())
    assert '"value": 250000000,' in text and '"value": 25000,' in text
    assert '"min": 0.5,' in text and '"max": 3,' in text  # Decimal("3.0") is integral
    assert '"value": 3.4,' in text


def test_json_schema_rejects_wrong_shapes():
    data = json.loads(JsonWriter().write(full_bulletin()))
    validator = _json_validator()
    assert validator.is_valid(data)
    section = data["documents"][0]["body"][1]
    for change in (
        lambda: section.update(style="roman"),
        lambda: section.update(extra=1),
        lambda: section.pop("level"),
        lambda: data["diagnostics"][0].update(severity="fatal"),
        lambda: data["furniture"][0].update(type="page_side"),
        lambda: data["documents"][0]["body"][1]["children"][0]["children"][2]["entities"][0].update(value="40"),
        lambda: data["documents"][0]["body"][1]["children"][0]["children"][2]["entities"][0].update(type="money"),
        lambda: data.update(schema="jxparse/2"),
    ):
        broken = json.loads(json.dumps(data))
        section = broken["documents"][0]["body"][1]
        data, original = broken, data
        change()
        assert not validator.is_valid(data)
        data = original
        section = data["documents"][0]["body"][1]


def test_nasty_json_breaks_only_the_date_patterns():
    text = JsonWriter().write(nasty_bulletin())
    errors = list(_json_validator().iter_errors(loads_data(text)))
    paths = sorted("/".join(map(str, e.absolute_path)) for e in errors)
    assert paths == ["documents/0/body/0/entities/5/value", "documents/0/date"]


# --------------------------------------------------------------------------- JSON <-> XML





@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_json_xml_json_chain(name):
    json_text = JsonWriter().write(sample_bulletins()[name])
    xml_text = XmlWriter().write(from_data(loads_data(json_text)))
    assert JsonWriter().write(from_xml(xml_text)) == json_text


def test_xml_and_json_carry_the_same_data():
    for tree in sample_bulletins().values():
        assert to_data(from_xml(XmlWriter().write(tree), validate=False)) == to_data(tree)


# --------------------------------------------------------------------------- validate_text


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_detect_kind():
    assert detect_kind('\ufeff  <?xml version="1.0"?><a/>') == "xml"
    assert detect_kind('\n {"a": 1}') == "json"
    assert detect_kind("一、总则") is None
    assert validate_text("一、总则", name="x.txt") == ["x.txt:1: neither JSON nor XML: jxparse output starts with '{' or '<'"]


def test_validate_xml_unknown_element_reports_its_line():
    text = XmlWriter().write(full_bulletin())
    broken = text.replace("<note>本文有删减</note>", "<footnote>本文有删减</footnote>")
    problems = validate_text(broken, name="b.xml")
    line = _line_of(broken, "<footnote>")
    assert problems and all(p.startswith(f"b.xml:{line}: ") for p in problems)
    assert "footnote" in problems[0]


def test_validate_xml_missing_required_attribute_reports_its_line():
    text = XmlWriter().write(full_bulletin())
    broken = text.replace(' level="2"', "", 1)
    line = _line_of(broken, 'id="d1.s1.1" ')
    problems = validate_text(broken, name="b.xml")
    assert len(problems) == 1 and problems[0].startswith(f"b.xml:{line}: ")
    assert "level" in problems[0]


def test_validate_xml_bad_enumeration_and_malformed():
    text = XmlWriter().write(full_bulletin())
    broken = text.replace('style="arabic"', 'style="roman"')
    assert validate_text(broken, name="b.xml")[0].startswith(f"b.xml:{_line_of(broken, 'roman')}: ")
    malformed = text.replace("<heading>总则</heading>", "<heading>总则</head>")
    problems = validate_text(malformed, name="m.xml")
    assert len(problems) == 1 and problems[0].startswith(f"m.xml:{_line_of(malformed, '</head>')}: malformed XML")


def test_validate_xml_checks_what_the_xsd_cannot():
    text = XmlWriter().write(full_bulletin())
    broken = text.replace('<title_ref title="若干财政政策意见"', '<title_ref text="x" title="若干财政政策意见"')
    problems = validate_text(broken, name="b.xml")
    line = _line_of(broken, 'text="x"')
    assert problems == [f"b.xml:{line}: <title_ref> has a text attribute and content"]


def test_validate_xml_refuses_doctype(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    text = XmlWriter().write(full_bulletin()).replace(
        "<bulletin ", f'<!DOCTYPE bulletin [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n<bulletin ', 1
    ).replace("<title>2019年市政府发文目录</title>", "<title>&x;</title>")
    problems = validate_text(text, name="x.xml")
    assert len(problems) == 1 and "DOCTYPE" in problems[0]
    assert "TOP-SECRET" not in problems[0]


def test_validate_json_reports_path_and_line():
    text = JsonWriter().write(full_bulletin())
    broken = text.replace('"style": "arabic"', '"style": "roman"')
    problems = validate_text(broken, name="b.json")
    line = _line_of(broken, '"roman"')
    assert len(problems) == 1
    assert problems[0].startswith(f"b.json:{line}: $.documents[0].body[1].children[0].children[3].style: ")
    assert "roman" in problems[0]


def test_validate_json_missing_key_points_at_the_object():
    text = JsonWriter().write(full_bulletin())
    data = json.loads(text)
    del data["catalogs"][0]["entries"][1]["doc_number"]
    broken = json.dumps(data, ensure_ascii=False, indent=2)
    problems = validate_text(broken, name="b.json")
    assert len(problems) == 1
    # the entry object starts on the line after '"entries": [ {...},'
    lines = broken.splitlines()
    line = int(problems[0].split(":")[1])
    assert lines[line - 1].strip() == "{" and '"catalog_entry"' in lines[line]
    assert "$.catalogs[0].entries[1]: 'doc_number' is a required property" in problems[0]


def test_validate_json_wrong_entity_field_is_specific():
    text = JsonWriter().write(full_bulletin())
    broken = text.replace('"numerator": 1', '"numerator": "1"')
    problems = validate_text(broken, name="b.json")
    line = _line_of(broken, '"numerator"')
    assert problems == [f"b.json:{line}: $.documents[0].body[1].children[0].children[2].entities[4].numerator: '1' is not of type 'integer'"]


def test_validate_json_syntax_error():
    text = JsonWriter().write(full_bulletin())
    broken = text.replace('"kind": "通知",', '"kind": "通知"', 1)
    problems = validate_text(broken, name="s.json")
    line = _line_of(broken, '"kind": "通知"') + 1
    assert len(problems) == 1 and problems[0].startswith(f"s.json:{line}: invalid JSON")


def test_validate_json_nullable_value_reports_the_inner_problem():
    text = JsonWriter().write(full_bulletin())
    broken = text.replace('"start": 300,', '"start": -1,', 1)
    problems = validate_text(broken, name="b.json")
    line = _line_of(broken, '"start": -1')
    assert problems == [f"b.json:{line}: $.documents[0].body[1].children[0].children[0].span.start: -1 is less than the minimum of 0"]
