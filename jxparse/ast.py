"""The typed tree that jxparse produces: one closed set of node types.

Every node is a frozen, slotted dataclass. Children are tuples, so a tree is
immutable and hashable where its values are. Positions (``span``, ``page``,
``bbox`` and the other ``*_span`` fields) are declared with ``compare=False``:
two trees that differ only in where their text stood are equal. That is what
lets the same bulletin read from GB18030 with CRLF line ends compare equal to
its UTF-8 twin, and what makes JSON -> tree -> JSON round trips testable.

The names follow ``docs/tree.md`` (the output contract) (schema ``jxparse/1``).

One declaration per node type
-----------------------------
This module is the one place a node's schema is written. Each field has a docstring (the string
literal under it) and, where the writers cannot tell from its type alone, metadata saying how it is
written (``dataclasses.field(metadata=…)``, through :func:`_field` and :func:`_position`). The JSON
mapping (:mod:`jxparse.data`, :mod:`jxparse.writers.json`), the XML layout
(:mod:`jxparse.xml_layout`, shared by the XML writer and reader) and the tree dump
(:mod:`jxparse.writers.tree`) are derived from it; the shipped JSON Schema and XSD are checked
against it by ``tests/test_declaration.py``. The metadata keys:

``position``
    True for a field recording where a node stood (spans, ``page``, ``bbox``): not part of equality.
``key``
    The JSON key when it is not the field name (a Furniture's ``kind`` is its ``type`` tag).
``serialized``
    False for a field no format writes (the Bulletin's source ``text``).
``map``
    True for ``(key, value)`` pairs, written as a JSON object, as ``<meta key="…">`` elements and
    as ``key: value`` lines in the tree dump.
``xml``
    Where the field goes in XML (default: ``attr`` for a scalar, a span or a list of strings;
    ``child`` for a node; ``items`` for a list of nodes):
    ``attr`` an attribute (a span: ``X_start``/``X_end``, X being ``xml_name``; a 文号 inside an
    entity: the ``doc_number`` attribute and its parts beside it); ``text`` the element's own
    content; ``child`` a child element ``xml_name`` holding the text, or the node's own element;
    ``items`` one child element per item (``xml_name`` for strings; the node's tag for nodes);
    ``body`` the blocks wrapped in a ``<body>``; ``rows`` ``<row>``/``<cell>``; ``meta``
    ``<meta key="…">`` pairs; ``inline`` entities placed inside the text of the field whose
    ``inline`` names them.
``xml_name``
    The attribute or element name (for a secondary span, the prefix of ``X_start``/``X_end``).
``xml_after``
    For an attribute written out of declaration order: the field it follows.
``inline``
    For a text field: the field holding the entities placed inside it (XML mixed content).
``tree``
    How the tree dump shows the field (default: ``head`` for a scalar, ``span`` for the field
    ``span``, ``children`` for nodes): ``head`` ``name=value`` on the node's line; ``last`` the same,
    after the other ``head`` fields; ``label`` the bare value after the span (an entity's text);
    ``span`` the node's own ``[start:end]``; ``line`` a line of its own, ``name [tree_span] value``,
    with the entities named by ``tree_entities`` under it; ``children`` the nodes one level down;
    ``group`` a line ``name`` with the nodes (or ``key: value`` pairs) under it; ``strings`` a line
    ``name [tree_span]`` (``tree_name`` when given) with the fields named by ``tree_with`` as
    ``name=value``, one line per item under it; ``pairs`` ``key: value`` lines one level down;
    ``rows`` one ``row`` line per table row; ``hidden`` not shown (declared, never by default).
    A field named by another field's ``tree_span``, ``tree_entities`` or ``tree_with`` is shown there.
"""

from __future__ import annotations

import enum
from dataclasses import MISSING, dataclass, field
from decimal import Decimal

SCHEMA = "jxparse/1"


def _field(default=MISSING, *, factory=MISSING, **declared):
    """A field with its writing declared (the metadata keys of the module docstring)."""
    return field(default=default, default_factory=factory, metadata=declared)


def _position(default=None, **declared):
    """A field that records where a node stood; never part of equality."""
    return field(default=default, compare=False, repr=False, metadata={"position": True, **declared})


@dataclass(frozen=True, slots=True)
class Span:
    """Code-point offsets into the source text: ``text[start:end]`` is the node's raw text."""

    start: int
    """Offset of the first code point."""
    end: int
    """Offset just after the last code point."""

    def cover(self, other: Span | None) -> Span:
        """The smallest span holding both ``self`` and ``other``."""
        if other is None:
            return self
        return Span(min(self.start, other.start), max(self.end, other.end))


def cover(spans) -> Span | None:
    """The smallest span holding every non-None span given, or None."""
    result = None
    for span in spans:
        if span is not None:
            result = span if result is None else result.cover(span)
    return result


class SectionStyle(str, enum.Enum):
    """The family of a heading's marker; the order is GB/T 9704's rank, outermost first."""

    PART = "part"  #: 第一编
    CHAPTER = "chapter"  #: 第一章
    SUBCHAPTER = "subchapter"  #: 第一节
    ARTICLE = "article"  #: 第一条
    DECIMAL = "decimal"  #: 1 / 1.1 / 1.1.1 outline numbering
    HANZI = "hanzi"  #: 一、
    PAREN_HANZI = "paren_hanzi"  #: (一) （一） ㈠
    ARABIC = "arabic"  #: 1. 1． 1、
    PAREN_ARABIC = "paren_arabic"  #: (1) （1）
    CIRCLED = "circled"  #: ①


class Severity(str, enum.Enum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A 文号 such as 嘉政发〔2019〕15号, split into its parts.

    A 令 number (国令第707号) has ``year=None``.
    """

    text: str = _field(xml="text")
    """The number exactly as written, brackets and spaces included."""
    agency: str
    """发文机关代字, e.g. 嘉政办发, 国办函."""
    year: int | None
    """The bracketed year, or None for 令 numbers."""
    serial: int
    """The serial number before 号."""
    span: Span | None = _position()
    """Where the number stands in the source text."""


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class Amount:
    """Money, normalized to yuan (``value``), or a range (``min``/``max``)."""

    text: str = _field(xml="text", tree="label")
    """The exact source text, e.g. ``最高不超过250万元``."""
    value: Decimal | None = None
    """The amount in yuan; None for ranges."""
    unit: str = "元"
    """The currency unit of ``value`` (always 元 after normalization)."""
    per: str | None = None
    """What the amount is paid per (亩, 人, 年, 年·村 …), or None."""
    bound: str | None = None
    """``max`` for caps (不超过, 以内 …), ``min`` for floors (以上, 不低于 …), or None."""
    min: Decimal | None = None
    """Lower end of a range, in yuan."""
    max: Decimal | None = None
    """Upper end of a range, in yuan."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage (50%, 百分之五十) or a range of them (0.5%~3.0%)."""

    text: str = _field(xml="text", tree="label")
    """The exact source text, e.g. ``不低于50%``."""
    value: Decimal | None = None
    """The percentage (50 for 50%); None for ranges."""
    min: Decimal | None = None
    """Lower end of a range."""
    max: Decimal | None = None
    """Upper end of a range."""
    bound: str | None = None
    """``max`` for caps, ``min`` for floors, or None."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class Fraction:
    """A fraction written out, such as 三分之一."""

    text: str = _field(xml="text", tree="label")
    """The exact source text."""
    numerator: int
    """The number above the line (一 in 三分之一)."""
    denominator: int
    """The number below the line (三 in 三分之一)."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """Any other measured amount (50亩, 60吨, 3.4个百分点) with its unit."""

    text: str = _field(xml="text", tree="label")
    """The exact source text."""
    value: Decimal | None
    """The number, or None for ranges."""
    unit: str
    """The unit as written (亩, 吨, 个百分点 …)."""
    min: Decimal | None = None
    """Lower end of a range."""
    max: Decimal | None = None
    """Upper end of a range."""
    bound: str | None = None
    """``max`` for caps, ``min`` for floors, or None."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date inside the text: full (``value``) or partial (``year``, ``month``, ``part``)."""

    text: str = _field(xml="text", tree="label")
    """The exact source text."""
    value: str | None = None
    """ISO ``YYYY-MM-DD`` for a full date."""
    year: int | None = None
    """For partial dates: the year, or None."""
    month: int | None = None
    """For partial dates: the month, or None."""
    part: str | None = None
    """For partial dates: ``end`` (年底, 年末), ``start`` (年初) or None."""
    end_year: int | None = None
    """For year ranges (2019-2022年): the last year; ``year`` is the first."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class DocRef:
    """A cited 文号 in running text."""

    text: str = _field(xml="text", tree="label")
    """The exact source text."""
    doc_number: DocNumber = _field(xml="attr")
    """The cited number, split into its parts."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class TitleRef:
    """A cited title in 《》 (with 〈〉 allowed inside); ``title`` is without the outer brackets."""

    text: str = _field(xml="text", tree="label")
    """The exact source text, brackets included."""
    title: str
    """The title without the outer 《》."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


@dataclass(frozen=True, slots=True)
class Duty:
    """A responsibility note such as (市农业农村局牵头,市市场监管局配合)."""

    text: str = _field(xml="text", tree="label")
    """The exact source text, brackets included."""
    lead: tuple[str, ...] = ()
    """The bodies that lead (牵头)."""
    cooperate: tuple[str, ...] = ()
    """The bodies that cooperate (配合)."""
    responsible: tuple[str, ...] = ()
    """The bodies responsible (负责) without a lead/cooperate split."""
    span: Span | None = _position()
    """Where the text stands in the source text."""


Entity = Amount | Percent | Fraction | Quantity | DateMention | DocRef | TitleRef | Duty

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text, re-joined where a page break cut it."""

    text: str = _field(xml="text", inline="entities", tree="line")
    """The text with page-break and line-wrap breaks removed."""
    entities: tuple[Entity, ...] = _field((), xml="inline")
    """Entities inside the text, in text order."""
    span: Span | None = _position()
    """Where the paragraph stands in the source text."""
    page: int | None = _position()
    """For PDF input: the 1-based page where the paragraph starts."""
    bbox: tuple[float, float, float, float] | None = _position()
    """For PDF input: [x0, top, x1, bottom] in PDF points on ``page``."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cell texts."""

    rows: tuple[tuple[str, ...], ...] = _field(xml="rows", tree="rows")
    """The rows, each a tuple of cell texts (rows may differ in length)."""
    span: Span | None = _position()
    """Where the table stands in the source text."""
    page: int | None = _position()
    """For PDF input: the 1-based page where the table starts."""
    bbox: tuple[float, float, float, float] | None = _position()
    """For PDF input: [x0, top, x1, bottom] in PDF points on ``page``."""


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading and everything under it, down to the next heading of its rank or higher."""

    id: str
    """Stable within the bulletin, e.g. ``d1.s2.3``."""
    style: SectionStyle
    """The family of the heading's marker."""
    marker: str
    """The marker as written, e.g. ``(二)`` or ``第三条``."""
    number: int | None
    """The marker's number (二 -> 2); for decimal outlines the last component."""
    level: int
    """Depth in this document's section tree, 1 = top."""
    heading: str = _field(xml="child", inline="entities", tree="line", tree_span="heading_span",
                          tree_entities="entities")
    """Heading text without its marker; for run-in headings only the part before 。."""
    children: tuple[Block, ...] = _field(())
    """The blocks under the heading, sections of lower rank included."""
    entities: tuple[Entity, ...] = _field((), xml="inline")
    """Entities inside the heading text."""
    span: Span | None = _position()
    """Where the section stands, heading to last block."""
    heading_span: Span | None = _position()
    """Where the heading line stands."""
    page: int | None = _position()
    """For PDF input: the 1-based page of the heading."""
    bbox: tuple[float, float, float, float] | None = _position()
    """For PDF input: the heading's [x0, top, x1, bottom] in PDF points on ``page``."""


Block = Paragraph | Table | Section


@dataclass(frozen=True, slots=True)
class Attachment:
    """An entry of a 附件 list, with the attachment's own text where the input holds it."""

    number: int | None
    """The entry's number (附件2 -> 2), or None for a single unnumbered attachment."""
    title: str = _field(xml="child", tree="last")
    """The attachment's title as listed."""
    omitted: bool = False
    """True for entries marked (略)."""
    body: tuple[Block, ...] = _field((), xml="body")
    """The attachment's own text, where the input has it."""
    span: Span | None = _position()
    """The entry in the 附件 list, or the attachment's header where it is not listed."""
    header_span: Span | None = _position(tree="hidden")
    """The 附件N header and title lines above the attachment's own text, where the input has it."""


@dataclass(frozen=True, slots=True)
class ChronicleEntry:
    """A dated item of a 大事记 (chronicle) section: ``7月1日，…``."""

    text: str = _field(xml="text", tree="last")
    """The item's text as in its paragraph, date included."""
    date: str | None = None
    """ISO ``YYYY-MM-DD`` where the year is known (from the section's title or the issue), else None."""
    month: int | None = None
    """The month the item starts with."""
    day: int | None = None
    """The day the item starts with."""
    span: Span | None = _position()
    """Where the item stands in the source text."""


@dataclass(frozen=True, slots=True)
class Document:
    """One 公文: its metadata, body, attachments, sign-off and the texts it issues."""

    id: str
    """Stable within the bulletin, e.g. ``d1`` (an enclosure: ``d1.e1``)."""
    title: str = _field(xml="child", inline="title_entities", tree="line", tree_span="title_span",
                        tree_entities="title_entities")
    """The document's title, joined from its title lines."""
    kind: str | None = None
    """文种, from the title's end (通知, 意见, 办法 …); for a bulletin's sections that are no 公文, the
    section's kind: 令, 任免, 解读, 大事记, 统计."""
    issuer_mark: str | None = _field(None, xml="child", tree="line", tree_span="issuer_mark_span")
    """发文机关标志 (letterhead) of an original 公文, or None."""
    doc_number: DocNumber | None = None
    """The document's 文号, or None."""
    addressees: tuple[str, ...] = _field((), xml="items", xml_name="addressee", tree="strings",
                                         tree_span="addressees_span")
    """主送机关, in order."""
    body: tuple[Block, ...] = _field((), xml="body", tree="group")
    """The document's text: paragraphs, tables and sections."""
    attachments: tuple[Attachment, ...] = ()
    """The 附件 list, with each attachment's text where the input holds it."""
    signatories: tuple[str, ...] = _field((), xml="items", xml_name="signatory", tree="strings",
                                          tree_name="signoff", tree_span="signoff_span",
                                          tree_with=("date", "date_source"))
    """The names signing the document (发文机关署名), in order."""
    date: str | None = None
    """成文日期 as ISO ``YYYY-MM-DD``."""
    date_source: str | None = None
    """Where ``date`` came from: ``text`` (the sign-off) or ``metadata`` (a portal's metadata block, an
    HTML table or front matter, where the text itself has no sign-off date); None without a date."""
    notes: tuple[str, ...] = _field((), xml="items", xml_name="note", tree="strings", tree_span="notes_span")
    """附注 such as 此件公开发布, without their brackets."""
    enclosures: tuple[Document, ...] = _field((), tree="group")
    """The texts the document issues (印发…的通知 and its 意见), each a document of its own."""
    chronicle: tuple[ChronicleEntry, ...] = _field((), tree="group")
    """For a 大事记 section: its dated items, in order (the paragraphs stay in ``body`` as well)."""
    metadata: tuple[tuple[str, str], ...] = _field((), map=True, xml="meta", xml_name="meta", tree="group")
    """Source metadata not covered by the fields above (HTML tables, front matter), in order."""
    title_entities: tuple[Entity, ...] = _field((), xml="inline")
    """Entities inside the title."""
    span: Span | None = _position()
    """Where the whole document stands."""
    title_span: Span | None = _position()
    """Where the title lines stand."""
    addressees_span: Span | None = _position()
    """Where the 主送 line stands."""
    signoff_span: Span | None = _position()
    """Covers the signatory and date lines."""
    notes_span: Span | None = _position()
    """Where the notes stand."""
    issuer_mark_span: Span | None = _position(xml_after="title_span")
    """Where the letterhead stands."""
    doc_number_span: Span | None = _position(xml_name="doc_number_line", tree="hidden")
    """The 文号 line as it stands, wrapping brackets included."""
    metadata_span: Span | None = _position(tree="hidden")
    """Metadata lines of the text itself (an export's header lines), where there are any."""
    page: int | None = _position()
    """For PDF input: the 1-based page where the document starts."""


# --------------------------------------------------------------------------- bulletin level


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A line of the issue's 目录."""

    title: str = _field(xml="child", tree="last")
    """The entry's title as printed."""
    category: str | None = None
    """The 目录's category line above the entry (市政府文件, 部门文件 …), or None."""
    doc_number: DocNumber | None = None
    """The 文号 printed with the entry, or None."""
    page: int | None = None
    """The first page of the entry (a range 3-5 gives 3), whatever way it is printed: (3), 3, －3－."""
    document: str | None = None
    """The ``id`` of the document of this issue that the entry lists, or None where it is not in the issue."""
    span: Span | None = _position()
    """Where the entry stands in the source text."""


@dataclass(frozen=True, slots=True)
class Issue:
    """The bulletin issue's own metadata, from its cover, colophon and running heads."""

    name: str | None = None
    """The bulletin's name as printed, letter-spacing removed (嘉兴市人民政府公报)."""
    year: int | None = None
    """The year of the issue number (2019年第7期), else of the publication date."""
    number: int | None = None
    """The issue number within the year (第7期)."""
    total_number: int | None = None
    """The running number over all years (总第245期)."""
    published: str | None = None
    """Publication date (出版日期) as ISO ``YYYY-MM-DD``."""
    details: tuple[tuple[str, str], ...] = _field((), map=True, xml="meta", xml_name="meta", tree="pairs")
    """The other publishing details by their printed label, in order: 主办, 编辑出版, 地址, 电话, 邮编,
    国内统一连续出版物号, 印刷, 刊期 (半月刊) …"""
    span: Span | None = _position()
    """Covers the cover's issue lines (number, frequency, details printed on the cover)."""
    colophon_span: Span | None = _position(tree="hidden")
    """Covers the colophon (版权页) block, wherever it stands."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A row of a 发文目录."""

    title: str = _field(xml="child")
    """The listed document's title."""
    doc_number: DocNumber | None = None
    """The listed document's 文号, or None."""
    span: Span | None = _position()
    """Where the row stands in the source text."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """A 发文目录 or similar list of documents issued."""

    title: str = _field(xml="child", tree="line", tree_span="title_span")
    """The catalog's title (2019年市政府发文目录)."""
    entries: tuple[CatalogEntry, ...] = ()
    """The rows, in order."""
    span: Span | None = _position()
    """Where the whole catalog stands."""
    title_span: Span | None = _position()
    """Where the title stands."""


@dataclass(frozen=True, slots=True)
class Furniture:
    """A running header, footer or page number taken out of a PDF's body, or the chrome of a web
    page (breadcrumbs, 打印本页, 关闭窗口) taken out of a text: ``page_header`` above the document,
    ``page_footer`` below it."""

    kind: str = _field(key="type")
    """``page_header``, ``page_footer`` or ``page_number`` (the JSON ``type`` tag)."""
    text: str = _field(xml="text", tree="last")
    """The line's text as it stood."""
    page: int | None = None
    """1-based page of a PDF; None for chrome found in a text."""
    span: Span | None = _position()
    """Where the line stands in the source text (chrome found in a text; None for PDF furniture,
    which is not part of the extracted text)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the parser noticed: a numbering gap, unplaced text, a repaired break."""

    severity: Severity
    """How serious it is."""
    code: str
    """A stable kebab-case code (numbering-gap, unplaced-text …)."""
    message: str = _field(xml="text")
    """What was noticed, for a reader."""
    span: Span | None = _position()
    """Where it was noticed, or None."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a bulletin came from."""

    name: str | None = None
    """The input's file name, or None."""
    format: str = "text"
    """``text``, ``markdown``, ``html``, ``pdf``, ``docx`` or ``ofd``."""
    encoding: str | None = None
    """The text encoding the input was decoded from, or None (binary formats, str input)."""
    sha256: str | None = None
    """The SHA-256 of the input's bytes, hex."""
    pages: int | None = None
    """For paged input (PDF, OFD): the number of pages."""


@dataclass(frozen=True, slots=True)
class Bulletin:
    """The root: a bulletin issue, or a single document wrapped as one."""

    source: Source = _field(factory=Source)
    """Where the bulletin came from."""
    title: str | None = _field(None, xml="child", tree="line")
    """The issue's title, or None."""
    issue: Issue | None = None
    """The issue's number, date and publishing details, or None where the input shows none."""
    toc: tuple[TocEntry, ...] = ()
    """The issue's 目录, in order."""
    documents: tuple[Document, ...] = ()
    """The documents, in order."""
    catalogs: tuple[Catalog, ...] = ()
    """发文目录 and similar lists."""
    furniture: tuple[Furniture, ...] = ()
    """Running headers, footers, page numbers and web-page chrome taken out of the text."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """What the parser noticed, in order."""
    title_span: Span | None = _position(tree="hidden")
    """Where the bulletin title stood."""
    toc_span: Span | None = _position(tree="hidden")
    """Covers the whole 目录: its heading, category lines and entries."""
    text: str | None = field(default=None, compare=False, repr=False, metadata={"serialized": False})
    """The source text that every span points into (not serialized)."""


NODE_TYPES: dict[str, type] = {
    "bulletin": Bulletin,
    "toc_entry": TocEntry,
    "catalog": Catalog,
    "catalog_entry": CatalogEntry,
    "document": Document,
    "attachment": Attachment,
    "chronicle_entry": ChronicleEntry,
    "section": Section,
    "paragraph": Paragraph,
    "table": Table,
    "amount": Amount,
    "percent": Percent,
    "fraction": Fraction,
    "quantity": Quantity,
    "date": DateMention,
    "doc_ref": DocRef,
    "title_ref": TitleRef,
    "duty": Duty,
}
"""The ``type`` tag of each node class in JSON and XML."""

TYPE_NAMES: dict[type, str] = {cls: name for name, cls in NODE_TYPES.items()}

VALUE_TYPES: dict[str, type] = {
    "source": Source,
    "issue": Issue,
    "doc_number": DocNumber,
    "furniture": Furniture,
    "diagnostic": Diagnostic,
}
"""The node classes written without a ``type`` tag of their own (their JSON key names them), by their
XML element and tree-dump name (a Furniture's JSON ``type`` is its kind)."""

NAMES: dict[type, str] = TYPE_NAMES | {cls: name for name, cls in VALUE_TYPES.items()}
"""Every node class by its XML element and tree-dump name; the classes every writer must handle."""


__all__ = [
    "SCHEMA", "Span", "cover", "SectionStyle", "Severity", "DocNumber", "Amount", "Percent", "Fraction",
    "Quantity", "DateMention", "DocRef", "TitleRef", "Duty", "Paragraph", "Table", "Section", "Attachment",
    "Document", "TocEntry", "CatalogEntry", "Catalog", "Furniture", "Diagnostic", "Source", "Bulletin",
    "NODE_TYPES", "TYPE_NAMES", "VALUE_TYPES", "NAMES", "Entity", "Block",
]
