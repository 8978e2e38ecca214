"""The typed tree that jxparse produces: one closed set of node types.

Every node is a frozen, slotted dataclass. Children are tuples, so a tree is
immutable and hashable where its values are. Positions (``span``, ``page``,
``bbox`` and the other ``*_span`` fields) are declared with ``compare=False``:
two trees that differ only in where their text stood are equal. That is what
lets the same bulletin read from GB18030 with CRLF line ends compare equal to
its UTF-8 twin, and what makes JSON -> tree -> JSON round trips testable.

The names follow ``output-contract.md`` (schema ``jxparse/1``); the JSON and
XML writers derive their keys from the field names declared here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

SCHEMA = "jxparse/1"


def _position(default=None):
    """A field that records where a node stood; never part of equality."""
    return field(default=default, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Span:
    """Code-point offsets into the source text: ``text[start:end]`` is the node's raw text."""

    start: int
    end: int

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

    text: str
    """The number exactly as written, brackets and spaces included."""
    agency: str
    """发文机关代字, e.g. 嘉政办发, 国办函."""
    year: int | None
    """The bracketed year, or None for 令 numbers."""
    serial: int
    """The serial number before 号."""
    span: Span | None = _position()


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class Amount:
    """Money, normalized to yuan (``value``), or a range (``min``/``max``)."""

    text: str
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


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage (50%, 百分之五十) or a range of them (0.5%~3.0%)."""

    text: str
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    bound: str | None = None
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Fraction:
    """A fraction written out, such as 三分之一."""

    text: str
    numerator: int
    denominator: int
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Quantity:
    """Any other measured amount (50亩, 60吨, 3.4个百分点) with its unit."""

    text: str
    value: Decimal | None
    unit: str
    min: Decimal | None = None
    max: Decimal | None = None
    bound: str | None = None
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date inside the text: full (``value``) or partial (``year``, ``month``, ``part``)."""

    text: str
    value: str | None = None
    """ISO ``YYYY-MM-DD`` for a full date."""
    year: int | None = None
    month: int | None = None
    part: str | None = None
    """For partial dates: ``end`` (年底, 年末), ``start`` (年初) or None."""
    end_year: int | None = None
    """For year ranges (2019-2022年): the last year; ``year`` is the first."""
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class DocRef:
    """A cited 文号 in running text."""

    text: str
    doc_number: DocNumber
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class TitleRef:
    """A cited title in 《》 (with 〈〉 allowed inside); ``title`` is without the outer brackets."""

    text: str
    title: str
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Duty:
    """A responsibility note such as (市农业农村局牵头,市市场监管局配合)."""

    text: str
    lead: tuple[str, ...] = ()
    cooperate: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    span: Span | None = _position()


Entity = Amount | Percent | Fraction | Quantity | DateMention | DocRef | TitleRef | Duty

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text, re-joined where a page break cut it."""

    text: str
    """The text with page-break and line-wrap breaks removed."""
    entities: tuple[Entity, ...] = ()
    span: Span | None = _position()
    page: int | None = _position()
    """For PDF input: the 1-based page where the paragraph starts."""
    bbox: tuple[float, float, float, float] | None = _position()
    """For PDF input: [x0, top, x1, bottom] in PDF points on ``page``."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cell texts."""

    rows: tuple[tuple[str, ...], ...]
    span: Span | None = _position()
    page: int | None = _position()
    bbox: tuple[float, float, float, float] | None = _position()


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading and everything under it, down to the next heading of its rank or higher."""

    id: str
    """Stable within the bulletin, e.g. ``d1.s2.3``."""
    style: SectionStyle
    marker: str
    """The marker as written, e.g. ``(二)`` or ``第三条``."""
    number: int | None
    """The marker's number (二 -> 2); for decimal outlines the last component."""
    level: int
    """Depth in this document's section tree, 1 = top."""
    heading: str
    """Heading text without its marker; for run-in headings only the part before 。."""
    children: tuple[Block, ...] = ()
    entities: tuple[Entity, ...] = ()
    """Entities inside the heading text."""
    span: Span | None = _position()
    heading_span: Span | None = _position()
    page: int | None = _position()
    bbox: tuple[float, float, float, float] | None = _position()


Block = Paragraph | Table | Section


@dataclass(frozen=True, slots=True)
class Attachment:
    """An entry of a 附件 list, with the attachment's own text where the input holds it."""

    number: int | None
    title: str
    omitted: bool = False
    """True for entries marked (略)."""
    body: tuple[Block, ...] = ()
    span: Span | None = _position()
    """The entry in the 附件 list, or the attachment's header where it is not listed."""
    header_span: Span | None = _position()
    """The 附件N header and title lines above the attachment's own text, where the input has it."""


@dataclass(frozen=True, slots=True)
class ChronicleEntry:
    """A dated item of a 大事记 (chronicle) section: ``7月1日，…``."""

    text: str
    """The item's text as in its paragraph, date included."""
    date: str | None = None
    """ISO ``YYYY-MM-DD`` where the year is known (from the section's title or the issue), else None."""
    month: int | None = None
    day: int | None = None
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Document:
    """One 公文: its metadata, body, attachments, sign-off and the texts it issues."""

    id: str
    title: str
    kind: str | None = None
    """文种, from the title's end (通知, 意见, 办法 …); for a bulletin's sections that are no 公文, the
    section's kind: 令, 任免, 解读, 大事记, 统计."""
    issuer_mark: str | None = None
    """发文机关标志 (letterhead) of an original 公文, or None."""
    doc_number: DocNumber | None = None
    addressees: tuple[str, ...] = ()
    body: tuple[Block, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    signatories: tuple[str, ...] = ()
    date: str | None = None
    """成文日期 as ISO ``YYYY-MM-DD``."""
    date_source: str | None = None
    """Where ``date`` came from: ``text`` (the sign-off) or ``metadata`` (a portal's metadata block, an
    HTML table or front matter, where the text itself has no sign-off date); None without a date."""
    notes: tuple[str, ...] = ()
    enclosures: tuple[Document, ...] = ()
    chronicle: tuple[ChronicleEntry, ...] = ()
    """For a 大事记 section: its dated items, in order (the paragraphs stay in ``body`` as well)."""
    metadata: tuple[tuple[str, str], ...] = ()
    """Source metadata not covered by the fields above (HTML tables, front matter), in order."""
    title_entities: tuple[Entity, ...] = ()
    span: Span | None = _position()
    title_span: Span | None = _position()
    addressees_span: Span | None = _position()
    signoff_span: Span | None = _position()
    """Covers the signatory and date lines."""
    notes_span: Span | None = _position()
    issuer_mark_span: Span | None = _position()
    doc_number_span: Span | None = _position()
    """The 文号 line as it stands, wrapping brackets included."""
    metadata_span: Span | None = _position()
    """Metadata lines of the text itself (an export's header lines), where there are any."""
    page: int | None = _position()


# --------------------------------------------------------------------------- bulletin level


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A line of the issue's 目录."""

    title: str
    category: str | None = None
    doc_number: DocNumber | None = None
    page: int | None = None
    """The first page of the entry (a range 3-5 gives 3), whatever way it is printed: (3), 3, －3－."""
    document: str | None = None
    """The ``id`` of the document of this issue that the entry lists, or None where it is not in the issue."""
    span: Span | None = _position()


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
    details: tuple[tuple[str, str], ...] = ()
    """The other publishing details by their printed label, in order: 主办, 编辑出版, 地址, 电话, 邮编,
    国内统一连续出版物号, 印刷, 刊期 (半月刊) …"""
    span: Span | None = _position()
    """Covers the cover's issue lines (number, frequency, details printed on the cover)."""
    colophon_span: Span | None = _position()
    """Covers the colophon (版权页) block, wherever it stands."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A row of a 发文目录."""

    title: str
    doc_number: DocNumber | None = None
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Catalog:
    """A 发文目录 or similar list of documents issued."""

    title: str
    entries: tuple[CatalogEntry, ...] = ()
    span: Span | None = _position()
    title_span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Furniture:
    """A running header, footer or page number taken out of a PDF's body, or the chrome of a web
    page (breadcrumbs, 打印本页, 关闭窗口) taken out of a text: ``page_header`` above the document,
    ``page_footer`` below it."""

    kind: str
    """``page_header``, ``page_footer`` or ``page_number``."""
    text: str
    page: int | None = None
    """1-based page of a PDF; None for chrome found in a text."""
    span: Span | None = _position()
    """Where the line stands in the source text (chrome found in a text; None for PDF furniture,
    which is not part of the extracted text)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the parser noticed: a numbering gap, unplaced text, a repaired break."""

    severity: Severity
    code: str
    message: str
    span: Span | None = _position()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a bulletin came from."""

    name: str | None = None
    format: str = "text"
    """``text``, ``markdown``, ``html``, ``pdf``, ``docx`` or ``ofd``."""
    encoding: str | None = None
    sha256: str | None = None
    pages: int | None = None


@dataclass(frozen=True, slots=True)
class Bulletin:
    """The root: a bulletin issue, or a single document wrapped as one."""

    source: Source = field(default_factory=Source)
    title: str | None = None
    issue: Issue | None = None
    """The issue's number, date and publishing details, or None where the input shows none."""
    toc: tuple[TocEntry, ...] = ()
    documents: tuple[Document, ...] = ()
    catalogs: tuple[Catalog, ...] = ()
    furniture: tuple[Furniture, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    title_span: Span | None = _position()
    toc_span: Span | None = _position()
    """Covers the whole 目录: its heading, category lines and entries."""
    text: str | None = field(default=None, compare=False, repr=False)
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


__all__ = [
    "SCHEMA", "Span", "cover", "SectionStyle", "Severity", "DocNumber", "Amount", "Percent", "Fraction",
    "Quantity", "DateMention", "DocRef", "TitleRef", "Duty", "Paragraph", "Table", "Section", "Attachment",
    "Document", "TocEntry", "CatalogEntry", "Catalog", "Furniture", "Diagnostic", "Source", "Bulletin",
    "NODE_TYPES", "TYPE_NAMES",
]
