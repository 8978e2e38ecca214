"""One declaration per node type: ``jxparse/ast.py`` says what each field is, every writer follows it.

The contract (docutils' "every writer handles every node"), kept as tests rather than import-time
assertions, so that adding a field or a node type never breaks ``import jxparse.writers`` but fails
here, naming the writer or schema that lacks it:

* every field of every node type is documented (a docstring under it) and its declaration reads;
* every writer's dispatch table covers every node type, and a node type that is not declared gets a
  clear error from every writer, never silent skipping;
* every serialized field reaches JSON, XML and the tree dump (changing it changes each output),
  and both shipped schemas (JSON Schema, XSD) describe it as the declaration places it;
* a field added to a node shows up in the JSON mapping, the XML layout and the tree dump at once,
  and the schema checks report it until the schemas describe it.
"""

from __future__ import annotations

import ast as pyast
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

import jxparse
from jxparse import ast, declaration
from jxparse.data import serialized_names, to_data
from jxparse.schemas import read_schema
from jxparse.writers import WRITERS, json as json_writer, markdown, tree, xml as xml_writer
from jxparse.xml_layout import LAYOUTS, build_layout

from trees import sample_bulletins, walk_nodes

AST_SOURCE = Path(ast.__file__).read_text(encoding="utf-8")
NODE_CLASSES = list(ast.NAMES)


# --------------------------------------------------------------------------- the declaration itself


def _class_defs() -> dict[str, pyast.ClassDef]:
    return {node.name: node for node in pyast.parse(AST_SOURCE).body if isinstance(node, pyast.ClassDef)}


@pytest.mark.parametrize("cls", NODE_CLASSES + [ast.Span], ids=lambda cls: cls.__name__)
def test_every_field_has_a_docstring_under_it(cls):
    body = _class_defs()[cls.__name__].body
    documented = set()
    for statement, following in zip(body, body[1:]):
        if isinstance(statement, pyast.AnnAssign) and isinstance(following, pyast.Expr) \
                and isinstance(following.value, pyast.Constant) and isinstance(following.value.value, str):
            documented.add(statement.target.id)
    undocumented = [f.name for f in dataclasses.fields(cls) if f.name not in documented]
    assert undocumented == [], f"{cls.__name__}: fields without a docstring under them: {undocumented}"


def test_ast_imports_nothing_of_jxparse():
    for node in pyast.walk(pyast.parse(AST_SOURCE)):
        if isinstance(node, pyast.ImportFrom):
            assert node.level == 0 and not (node.module or "").startswith("jxparse"), pyast.dump(node)
        elif isinstance(node, pyast.Import):
            assert not any(alias.name.startswith("jxparse") for alias in node.names)


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_every_declaration_reads(cls):
    """Each field has a kind the writers know, and its metadata names only known keys and fields."""
    known = {"position", "key", "serialized", "map", "xml", "xml_name", "xml_after", "inline", "tree", "tree_span",
             "tree_entities", "tree_with", "tree_name"}
    names = {f.name for f in dataclasses.fields(cls)}
    for info in declaration.fields_of(cls):
        assert info.kind in declaration.KINDS
        assert set(info.meta) <= known, (cls.__name__, info.name, set(info.meta) - known)
        for key in ("inline", "xml_after", "tree_span", "tree_entities"):
            if info.get(key):
                assert info.get(key) in names, (cls.__name__, info.name, key)
        assert set(info.get("tree_with", ())) <= names
        field = next(f for f in dataclasses.fields(cls) if f.name == info.name)
        assert info.position == (not field.compare and info.key is not None), (cls.__name__, info.name)


# --------------------------------------------------------------------------- every writer, every node type


DISPATCH_TABLES = {
    "json": json_writer._DISPATCH,
    "xml": xml_writer._DISPATCH,
    "tree": tree._DISPATCH,
}


@pytest.mark.parametrize("writer", sorted(DISPATCH_TABLES))
def test_every_writer_dispatches_every_node_type(writer):
    missing = [cls.__name__ for cls in NODE_CLASSES if cls not in DISPATCH_TABLES[writer]]
    assert missing == [], f"the {writer} writer has no method for {missing}"


def test_markdown_dispatches_every_block_type_and_xml_lays_out_every_node_type():
    assert set(markdown._DRAFT) == set(ast.Block.__args__)
    assert set(LAYOUTS) == set(NODE_CLASSES)


@dataclasses.dataclass(frozen=True)
class Footnote:
    """A node type jxparse does not declare."""

    text: str


@dataclasses.dataclass(frozen=True)
class SubParagraph(ast.Paragraph):
    """A subclass of a declared type is a type of its own: not declared either."""


def _document(**fields) -> ast.Document:
    return ast.Document(id="d", title="t", **fields)


# Where a stranger may stand, and which writers read that place (Markdown is a view of the text: it
# writes no entities, furniture or diagnostics, and so never reads them).
PLACES = {
    "body": (lambda node: ast.Bulletin(documents=(_document(body=(node,)),)), {"json", "xml", "tree", "md"}),
    "section-child": (lambda node: ast.Bulletin(documents=(_document(body=(
        ast.Section("s", ast.SectionStyle.HANZI, "一、", 1, 1, "标题", (node,)),)),)), {"json", "xml", "tree", "md"}),
    "attachment-body": (lambda node: ast.Bulletin(documents=(_document(attachments=(
        ast.Attachment(1, "附表", body=(node,)),)),)), {"json", "xml", "tree", "md"}),
    "documents": (lambda node: ast.Bulletin(documents=(node,)), {"json", "xml", "tree", "md"}),
    "entities": (lambda node: ast.Bulletin(documents=(_document(body=(ast.Paragraph("x", (node,)),)),)),
                 {"json", "xml", "tree"}),
    "title-entities": (lambda node: ast.Bulletin(documents=(_document(title_entities=(node,)),)), {"json", "xml", "tree"}),
    "diagnostics": (lambda node: ast.Bulletin(diagnostics=(node,)), {"json", "xml", "tree"}),
    "enclosures": (lambda node: ast.Bulletin(documents=(_document(enclosures=(node,)),)), {"json", "xml", "tree", "md"}),
}


@pytest.mark.parametrize("stranger", [Footnote("x"), SubParagraph("x")], ids=["undeclared", "subclass"])
@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_undeclared_node_type_is_a_clear_error_from_every_writer(writer, place, stranger):
    build, readers = PLACES[place]
    if writer not in readers:
        pytest.skip(f"the {writer} writer does not write {place}")
    with pytest.raises(TypeError, match=type(stranger).__name__):
        jxparse.dumps(build(stranger), writer)


# --------------------------------------------------------------------------- every field reaches every output


def _changed(info: declaration.FieldInfo, value):
    """Another valid value for a field that is set."""
    kind = info.kind
    if kind == "str":
        return value + "改"
    if kind == "int":
        return value + 1
    if kind == "bool":
        return not value
    if kind == "decimal":
        return value + 1
    if kind == "float":
        return value + 1.0
    if kind == "enum":
        members = list(type(value))
        return members[(members.index(value) + 1) % len(members)]
    if kind == "span":
        return ast.Span(value.start + 1, value.end + 1)
    if kind == "bbox":
        return tuple(v + 1.0 for v in value)
    if kind == "strings":
        return value + ("又一",)
    if kind == "pairs":
        return value + (("又一", "值"),)
    if kind == "rows":
        return value + (("新",),)
    if kind in ("node", "nodes"):
        return value[:-1] if kind == "nodes" else None
    raise AssertionError(kind)


def _set(info, value) -> bool:
    return value is not None and value != () and value != ""


def _sample_setting(cls, name):
    """The first hand-built sample (tests/trees.py) with a node of ``cls`` whose field ``name`` is set."""
    info = declaration.field_of(cls, name)
    for sample in sample_bulletins().values():
        if any(type(node) is cls and _set(info, getattr(node, name)) for node in walk_nodes(sample)):
            return sample
    raise AssertionError(f"no sample sets {cls.__name__}.{name}: add it to tests/trees.py")


def _replace_first(root, cls, name):
    """``root`` with the first node of ``cls`` whose field ``name`` is set given another value."""
    info = declaration.field_of(cls, name)
    done = False

    def rebuild(value):
        nonlocal done
        if done:
            return value
        if type(value) is cls and _set(info, getattr(value, name)):
            done = True
            return dataclasses.replace(value, **{name: _changed(info, getattr(value, name))})
        if dataclasses.is_dataclass(value) and not isinstance(value, type) and type(value) in ast.NAMES:
            changes = {f.name: rebuild(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **changes)
        if isinstance(value, tuple):
            return tuple(rebuild(item) for item in value)
        return value

    result = rebuild(root)
    assert done, f"the sample sets no {cls.__name__}.{name}"
    return result


SERIALIZED = [(cls, info.name) for cls in NODE_CLASSES for info in declaration.serialized_fields(cls)]


@pytest.mark.parametrize(("cls", "name"), SERIALIZED, ids=[f"{cls.__name__}.{name}" for cls, name in SERIALIZED])
def test_every_field_reaches_json_xml_and_the_tree(cls, name):
    if cls is ast.Bulletin and name == "source":
        pytest.skip("the source is always set; its fields are changed one by one")
    original = _sample_setting(cls, name)
    changed = _replace_first(original, cls, name)
    for writer in ("json", "xml", "tree"):
        hidden = writer == "tree" and declaration.field_of(cls, name).get("tree") == "hidden"
        same = jxparse.dumps(original, writer) == jxparse.dumps(changed, writer)
        if hidden:
            assert same, f"{cls.__name__}.{name} is declared hidden from the tree dump, yet the dump shows it"
        else:
            assert not same, f"the {writer} writer does not write {cls.__name__}.{name}"


# --------------------------------------------------------------------------- the schemas follow the declaration


def _json_schema() -> dict:
    return json.loads(read_schema("jxparse.schema.json"))


def json_schema_gaps(cls: type, schema: dict | None = None) -> list[str]:
    """How the JSON Schema's object for ``cls`` differs from the declaration (empty when it agrees)."""
    schema = schema or _json_schema()
    definition = schema if cls is ast.Bulletin else schema["$defs"][ast.NAMES[cls]]
    expected = set(serialized_names(cls))
    if cls is ast.Bulletin:
        expected |= {"schema"}
    if cls in ast.TYPE_NAMES or declaration.tag_field(cls) is not None:
        expected |= {"type"}
    found = set(definition["properties"])
    gaps = [f"JSON Schema {ast.NAMES[cls]} lacks {key!r}" for key in sorted(expected - found)]
    gaps += [f"JSON Schema {ast.NAMES[cls]} has {key!r}, which is no field" for key in sorted(found - expected)]
    if set(definition.get("required", ())) != found:
        gaps.append(f"JSON Schema {ast.NAMES[cls]} does not require every key")
    return gaps


XS = "{http://www.w3.org/2001/XMLSchema}"


def _xsd_types() -> dict[str, etree._Element]:
    root = etree.fromstring(read_schema("jxparse.xsd").encode("utf-8"))
    return {element.get("name"): element for element in root if element.tag in (XS + "complexType",
                                                                                   XS + "attributeGroup",
                                                                                   XS + "group")}


def _xsd_parts(definition, types) -> tuple[dict[str, bool], set[str]]:
    """(attribute name -> required, child element names) of an XSD type, with its groups and bases."""
    attributes: dict[str, bool] = {}
    elements: set[str] = set()
    for node in definition.iter():
        local = node.tag.replace(XS, "") if isinstance(node.tag, str) else ""
        if local == "attribute" and node.get("name"):
            attributes[node.get("name")] = node.get("use") == "required"
        elif local == "element" and node.get("name"):
            elements.add(node.get("name"))
        elif local in ("attributeGroup", "group", "extension") and (node.get("ref") or node.get("base")):
            name = (node.get("ref") or node.get("base")).split(":")[-1]
            if name in types:
                more_attributes, more_elements = _xsd_parts(types[name], types)
                attributes.update(more_attributes)
                elements |= more_elements
    return attributes, elements


def xsd_gaps(cls: type, layout=None) -> list[str]:
    """How the XSD's type for ``cls`` differs from its XML layout (empty when it agrees)."""
    types = _xsd_types()
    layout = layout or LAYOUTS[cls]
    attributes, elements = _xsd_parts(types[cls.__name__], types)
    expected: dict[str, bool] = {}
    for attr in layout.attrs:
        name = attr.name or attr.field
        if attr.kind == "span":
            prefix = attr.name + "_" if attr.name else ""
            expected[prefix + "start"] = expected[prefix + "end"] = False
        elif attr.kind == "doc_number":
            expected[name] = True
            expected.update({(a.name or a.field): a.required for a in declaration_doc_number_attrs()})
            expected[name + "_start"] = expected[name + "_end"] = False
        else:
            expected[name] = attr.required
    if cls is ast.Bulletin:
        expected["schema"] = True
    if layout.entity:
        expected["text"] = False  # an entity whose text could not be placed carries it here
    gaps = [f"XSD {cls.__name__} lacks the attribute {name!r}" for name in sorted(set(expected) - set(attributes))]
    gaps += [f"XSD {cls.__name__} has the attribute {name!r}, which no field fills"
             for name in sorted(set(attributes) - set(expected))]
    gaps += [f"XSD {cls.__name__}: attribute {name!r} required={attributes[name]}, declared {expected[name]}"
             for name in sorted(set(expected) & set(attributes)) if attributes[name] != expected[name]]
    wanted = set()
    for content in layout.content:
        if content.kind in ("child_text", "child_mixed", "value", "text_list", "body", "meta"):
            wanted.add(content.name)
        elif content.kind == "nodes":
            wanted |= set(content.tags)
        elif content.kind == "rows":
            wanted.add("row")
    gaps += [f"XSD {cls.__name__} lacks the element <{name}>" for name in sorted(wanted - elements)]
    return gaps


def declaration_doc_number_attrs():
    from jxparse.xml_layout import DOC_NUMBER_ATTRS

    return DOC_NUMBER_ATTRS


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_the_json_schema_describes_each_node_type_as_declared(cls):
    assert json_schema_gaps(cls) == []


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_the_xsd_describes_each_node_type_as_laid_out(cls):
    assert xsd_gaps(cls) == []


def test_enumerations_in_the_schemas_are_the_declared_ones():
    defs = _json_schema()["$defs"]
    for cls in NODE_CLASSES:
        for info in declaration.fields_of(cls):
            if info.kind == "enum":
                values = [member.value for member in info.enum_type]
                assert defs[ast.NAMES[cls]]["properties"][info.key]["enum"] == values
                simple = etree.fromstring(read_schema("jxparse.xsd").encode("utf-8")).find(
                    f"{XS}simpleType[@name='{info.enum_type.__name__}']")
                assert simple is not None and [e.get("value") for e in simple.iter(XS + "enumeration")] == values


# --------------------------------------------------------------------------- a field added to a node


@pytest.fixture
def amount_with_currency(monkeypatch):
    """``ast.Amount`` with one more field, declared as any new field would be (docstring, no metadata)."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Amount(ast.Amount):
        currency: str | None = None
        """The currency as written (人民币, 美元), or None."""

    monkeypatch.setitem(ast.NAMES, Amount, "amount")
    monkeypatch.setitem(ast.TYPE_NAMES, Amount, "amount")
    return Amount


def test_a_new_field_is_in_json_xml_and_the_tree_at_once(amount_with_currency):
    node = amount_with_currency("100元", value=Decimal(100), currency="人民币")
    assert to_data(node)["currency"] == "人民币"
    assert json.loads(json_writer.dumps_data(to_data(node)))["currency"] == "人民币"
    layout = build_layout(amount_with_currency)
    assert "currency" in {attr.field for attr in layout.attrs}
    plan = tree._plan(amount_with_currency)
    assert "currency" in plan.head
    lines: list[str] = []
    tree._Dumper(lines).visit_node(node, 0)
    assert "currency='人民币'" in lines[0]


def test_a_new_field_fails_the_schema_checks_until_the_schemas_describe_it(amount_with_currency):
    assert "JSON Schema amount lacks 'currency'" in json_schema_gaps(amount_with_currency)
    assert "XSD Amount lacks the attribute 'currency'" in xsd_gaps(amount_with_currency, build_layout(amount_with_currency))
