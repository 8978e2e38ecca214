r"""Markdown writer: one readable CommonMark page per bulletin, which jxparse reads back.

The page reads like the printed bulletin, and ``jxparse.parse(text, format="markdown")`` gives back
the same documents (titles, 文号, 主送, 署名, dates, kinds, notes, attachments, enclosures), the same
sections (style, marker, number, heading, nesting) and the same paragraph texts. Every line is
written in a shape that the line grammar (``grammar/bulletin.lark``) types as intended: the grammar
accepts the Markdown prefixes ``#…# ``, ``- ``, ``> `` before any line.

Layout
    * a single document's metadata as YAML front matter (the reader takes it back as metadata);
    * one H1 per page: the bulletin title as ``# 标题``, or, for a page holding one document and
      nothing else, that document's title;
    * the 目录 as ``## 目录``, each category as ``### 【市政府文件】``, its entries as one tight list,
      each entry two lines, the title and ``(文号) (页码)`` (an entry without 文号: ``- 标题 (页码)``);
    * each document: its title as a heading (``##`` in a bulletin), the 文号 on a line of its own,
      the 主送 line (addressees joined with ``，``, ending in ``：``), the body, the 附件 list, the
      sign-off (one line per signatory, then the date written back as ``2019年7月15日``), the notes
      as ``（此件公开发布）``, then the bodies of its attachments (a line ``附件1``, the attachment's
      title, its body) or the texts it issues (enclosures: a document of their own); sections,
      attachment titles and enclosures are one heading level below their document;
    * the 附件 list as a line ``附件：`` and one Markdown list ``1. 标题（略）`` ``2. 标题（略）`` …
      (a single unnumbered attachment: ``附件：标题``);
    * each 发文目录 as ``## 标题`` and a pipe table ``| 文号 | 标题 |``;
    * Furniture, diagnostics, spans and entities are not written: the page is a view of the text.

Headings
    Sections are headings in tree order with their marker kept in the text, one level below their
    document per section level: in a bulletin's document level 1 ``###``, level 2 ``####``, level 3
    ``#####``, level 4 and deeper ``######`` (Markdown has six levels; the marker keeps the deeper
    ones apart). jxparse nests sections by marker style, not by the
    number of ``#``, so the Markdown level is a view only. A blank separates the marker from the
    heading after an ASCII-dot marker (``1. 总体目标``), an ideographic space after a decimal
    outline number (``1.1　编制目的``, which the grammar needs); otherwise nothing (``一、推进…``).
    A run-in heading ("(一)落实责任。认真贯彻…") is written as the heading line ``#### (一)落实责任``
    followed by its paragraph: the same section when read back.

Paragraphs
    One paragraph, one line, blank lines between blocks (a text with line breaks: one line per
    text line, still one Markdown paragraph; jxparse joins such lines only where the first ends
    mid-sentence, so the breaks themselves do not come back). jxparse joins a line to the one
    before it when that one ends mid-sentence (``reading.joins_next``: no closing
    punctuation and 20 characters or more). So a paragraph that ends that way and is followed by
    another paragraph or a table row is written on two lines: a short last line (under 20
    characters) ends it for jxparse, and the same text comes back. The cut goes where CommonMark's
    soft line break shows least: after a ， or 、, else between two Chinese characters, never
    inside a run of ASCII (a URL, a number, a word). A paragraph that ends in ， 、 （ “ 《 — -
    cannot be closed that way (jxparse's own reading never leaves one before a text line).

Tables
    Tables are GitHub-flavoured pipe tables, cells escaped as running text and their pipes as
    ``\|``; the first row is the header when it is the widest and not empty, else an empty header
    stands above all rows (the reader drops it). jxparse's Markdown reader reads pipe rows as table
    rows (and a pipe table whose rows are ``文号 | 标题`` as a catalog); a blank line ends a table. A
    paragraph whose text holds a TAB gets each TAB written as ``&#9;``, so that it stays a
    paragraph; a paragraph line that starts with ``|`` is guarded.

Escaping (Markdown and jxparse both)
    *Line starts.* A written paragraph line or table row is guarded when jxparse's line grammar
    (asked directly, so the rule follows the grammar) would type it as anything but plain text: a
    heading marker (``一、`` ``（一）`` ``(一)`` ``㈠`` ``1.`` ``1、`` ``（1）`` ``①`` ``第一条`` ``第一章``
    ``1.1 `` ``1　``), a 附件 lead or header, a 文号, a date, ``目录``, ``【…】``, a TOC reference,
    a catalog row, or a Markdown prefix (``# `` ``- `` ``* `` ``+ `` ``> ``); or when CommonMark
    would start a block with it (ATX heading, block quote, bullet or ordered list item, thematic
    break, setext underline, code fence, HTML block, link reference definition). The guard
    changes the line's first character only, by the first rule that applies:

    1. an ASCII punctuation character that jxparse's Markdown reader unescapes (one of
       ``\ ` * _ { } [ ] ( ) # + - . ! > | ~``) gets a backslash: ``\- …``, ``\# …``,
       ``\(一)…``, ``\> …``;
    2. a line that starts with ASCII digits and ``.`` or ``)`` gets a backslash before that
       character: ``1\. …``, ``1\.1 …``, ``1\) …``;
    3. otherwise the first character is written as a decimal numeric character reference:
       ``&#19968;、…`` for 一、, ``&#65288;一）…`` for （一）, ``&#49;、…`` for 1、,
       ``&#38468;件：…`` for 附件：, ``&#50;019年7月15日`` for a date. CommonMark renders it as the
       character itself; the line grammar sees ``&`` and types the line as text. jxparse's
       Markdown reader does not decode character references yet: until it does, such paragraphs
       come back with the reference in their text (the tests mark these round trips as expected
       failures, and pass them with the decoding patched in).

    No other line is guarded: ``1.5万元…``, ``2019年起…``, ``#话题``, ``-5℃…``, ``（此件公开发布）``
    in a body are written as they are.

    *Running text* (paragraphs, headings, document and TOC titles, which jxparse reads through
    its Markdown cleaning) is escaped only where markup would be read: a backslash before ASCII
    punctuation is doubled; ``*``, ``_`` and ``~`` runs only when the text holds a run that can
    open and a later one that can close (CommonMark's flanking rules), and ``**x**`` / ``__x__``
    always (jxparse strips them); backticks only when a code span could close; ``[`` only where
    ``[…](`` or ``[…][`` would make a link; ``<`` only before what CommonMark reads as an HTML tag
    or autolink, ``&`` only before what it reads as a character reference (jxparse does not
    unescape ``\<`` and ``\&`` yet); a trailing `` #`` run of a heading. Fields that jxparse takes
    verbatim from the line (文号, notes, categories) are written as they are; the bulletin title,
    主送, 署名, attachment list entries and table cells are escaped like running text (the reader
    unescapes them).

A node of a type the writer does not know raises :class:`TypeError`: nothing is skipped silently.
"""

from __future__ import annotations

import re
import typing
import unicodedata

from .. import ast
from ..pipeline import reading
from .base import Writer, build_dispatch, dispatch

_JX_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!>|~")
"""ASCII punctuation that jxparse's Markdown reader unescapes (paragraphs._MARKDOWN_ESCAPE)."""
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# CommonMark block starts that the line grammar does not know (it knows "# ", "- ", "* ", "+ ", "> ").
_COMMONMARK_BLOCK = re.compile(
    r"""^(?: \#{1,6}(?:[ \t]|$)          # ATX heading
           | >                            # block quote
           | [-*+](?:[ \t]|$)             # bullet list item
           | [0-9]{1,9}[.)](?:[ \t]|$)    # ordered list item
           | (?:\*[ \t]*){3,}$ | (?:-[ \t]*){3,}$ | (?:_[ \t]*){3,}$   # thematic break
           | =+[ \t]*$                    # setext underline (continuation lines)
           | `{3,} | ~{3,}                # code fence
           | <(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|!--|\?|![A-Za-z]|!\[CDATA\[)   # HTML block
           | \[[^\]]+\]:                  # link reference definition
           | [ ]{4} | \t                  # indented code
         )""",
    re.X,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_INLINE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|!--|\?|!\[CDATA\[|![A-Za-z]"
                          r"|[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@)")
_MAX_TITLE_LINE = 100
_MAX_SIGNATORY_LINES = 4


class MarkdownWriter(Writer):
    """Writes a bulletin as a readable Markdown page that jxparse reads back."""

    name = "md"
    extension = ".md"

    def write(self, bulletin) -> str:
        if not isinstance(bulletin, ast.Bulletin):
            raise TypeError(f"MarkdownWriter writes a Bulletin, not a {type(bulletin).__name__}")
        page = _Page()
        page.bulletin(bulletin)
        return page.text()

    def write_to(self, bulletin, stream) -> None:
        if not isinstance(bulletin, ast.Bulletin):
            raise TypeError(f"MarkdownWriter writes a Bulletin, not a {type(bulletin).__name__}")
        page = _Page(stream.write)
        page.bulletin(bulletin)
        stream.write("\n")


# --------------------------------------------------------------------------- line typing


def needs_guard(line: str) -> bool:
    """True when ``line``, written at the start of a Markdown line, would not come back as plain
    text: CommonMark would start a block with it, or jxparse's line grammar would type it as
    something else than text (a heading, a 附件 line, a 文号, a date, a TOC or catalog line, a
    Markdown prefix)."""
    if not line:
        return False
    if line.startswith("|"):
        return True  # a line starting with | may be read as a pipe table row
    return bool(_COMMONMARK_BLOCK.match(line)) or reading.classify(line) != reading.LineKind.TEXT


def guard(line: str) -> str:
    """``line`` with its first character escaped (rules 1-3 of the module docstring) where needed."""
    if not needs_guard(line):
        return line
    first = line[0]
    if first in _JX_ESCAPABLE:
        return "\\" + line
    match = re.match(r"[0-9]+([.)])", line)
    if match:
        return line[:match.start(1)] + "\\" + line[match.start(1):]
    return f"&#{ord(first)};{line[1:]}"


# --------------------------------------------------------------------------- inline escaping


def _is_punct(char: str) -> bool:
    return char in _ASCII_PUNCT or unicodedata.category(char)[0] in "PS"


def _is_space(char: str) -> bool:
    return char == "" or char.isspace()


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """CommonMark's (left-flanking, right-flanking) for the delimiter run ``text[start:end]``."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    left = not _is_space(after) and (not (after and _is_punct(after)) or _is_space(before)
                                     or (before and _is_punct(before)))
    right = not _is_space(before) and (not (before and _is_punct(before)) or _is_space(after)
                                       or (after and _is_punct(after)))
    return bool(left), bool(right)


def _delimiter_escapes(text: str, char: str) -> set[int]:
    """Positions of ``char`` to escape: every run that can open or close, when a pair is possible."""
    runs = []
    for match in re.finditer(re.escape(char) + "+", text):
        start, end = match.span()
        left, right = _flanking(text, start, end)
        if char == "_":
            before = text[start - 1] if start > 0 else ""
            after = text[end] if end < len(text) else ""
            opens = left and (not right or (before != "" and _is_punct(before)))
            closes = right and (not left or (after != "" and _is_punct(after)))
        else:
            opens, closes = left, right
        if opens or closes:
            runs.append((start, end, opens, closes))
    pair = any(r[2] and any(s[3] for s in runs if s[0] >= r[1]) for r in runs)
    if not pair:
        return set()
    return {i for start, end, _, _ in runs for i in range(start, end)}


_JX_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
"""What jxparse's reader takes for **bold** / __bold__ whatever CommonMark says (paragraphs._EMPHASIS)."""


def _jx_emphasis_escapes(text: str) -> set[int]:
    escapes = set()
    for match in _JX_EMPHASIS.finditer(text):
        escapes |= {match.start(), match.start() + 1, match.end() - 2, match.end() - 1}
    return escapes


def _backtick_escapes(text: str) -> set[int]:
    runs = [m.span() for m in re.finditer("`+", text)]
    lengths = [end - start for start, end in runs]
    if not any(lengths[i] in lengths[i + 1:] for i in range(len(runs))):
        return set()
    return {i for start, end in runs for i in range(start, end)}


def _link_escapes(text: str) -> set[int]:
    escapes = set()
    for match in re.finditer(r"\[[^\[\]]*\](?=[(\[])", text):
        escapes.add(match.start())
    return escapes


def escape_pieces(text: str) -> list[str]:
    """One written piece per character of ``text``: the character, escaped where CommonMark needs it."""
    escapes: set[int] = set()
    for char in "*_~":
        if char in text:
            escapes |= _delimiter_escapes(text, char)
    if "**" in text or "__" in text:
        escapes |= _jx_emphasis_escapes(text)
    if "`" in text:
        escapes |= _backtick_escapes(text)
    if "[" in text:
        escapes |= _link_escapes(text)
    if "<" in text:
        escapes |= {m.start() for m in _HTML_INLINE.finditer(text)}
    if "&" in text:
        escapes |= {m.start() for m in _ENTITY.finditer(text)}
    pieces = []
    for index, char in enumerate(text):
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ASCII_PUNCT:
            pieces.append("\\\\")
        elif index in escapes:
            pieces.append("\\" + char)
        else:
            pieces.append(char)
    return pieces


def escape_inline(text: str) -> str:
    """``text`` with the inline escapes of the module docstring."""
    return "".join(escape_pieces(text))


def _heading_text(text: str) -> str:
    escaped = escape_inline(text)
    # A closing sequence of "#" (after a blank, or the whole text) would be dropped by CommonMark.
    match = re.search(r"(?:^|[ \t])(#+)[ \t]*$", escaped)
    if match:
        escaped = escaped[:match.start(1)] + "\\" + escaped[match.start(1):]
    return escaped


# --------------------------------------------------------------------------- the page


def _iso_to_chinese(date: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if not match:
        raise ValueError(f"not an ISO date: {date!r}")
    year, month, day = (int(part) for part in match.groups())
    return f"{year}年{month}月{day}日"


def _marker_separator(section: ast.Section) -> str:
    if section.style is ast.SectionStyle.DECIMAL:
        return "\u3000"
    if section.marker.endswith((".", "．")) and section.heading:
        return " "
    if section.heading and section.style in _SPACED_STYLES:
        return " "  # 第一条 第一章: what follows 第X条 may change how the marker reads (第一条第一章 is a citation)
    if section.heading[:1].isdigit():
        return " "  # "3、1." would not read as a marker: a digit right after 3、 makes it a number
    return ""


_SPACED_STYLES = (ast.SectionStyle.PART, ast.SectionStyle.CHAPTER, ast.SectionStyle.SUBCHAPTER, ast.SectionStyle.ARTICLE)


class _Page:
    """Collects Markdown blocks (each a list of lines) and joins them with blank lines; or, given a
    ``sink`` (a callable taking str), writes each block as it comes (the caller ends the text with a
    line break), so a file output never holds the page whole."""

    def __init__(self, sink=None) -> None:
        self.blocks: list[list[str]] = []
        self.sink = sink
        self.written = False

    def text(self) -> str:
        return "\n\n".join("\n".join(block) for block in self.blocks) + "\n"

    def add(self, *lines: str) -> None:
        if self.sink is None:
            self.blocks.append(list(lines))
            return
        self.sink(("\n\n" if self.written else "") + "\n".join(lines))
        self.written = True

    # ----------------------------------------------------------------- bulletin level

    def bulletin(self, node: ast.Bulletin) -> None:
        if len(node.documents) == 1 and type(node.documents[0]) is ast.Document and node.documents[0].metadata:
            # The reader takes front matter as the metadata of a page's single document.
            self.add(*_front_matter(node.documents[0].metadata))
        if node.title:
            self.add("# " + _heading_text(node.title))
        if node.issue is not None:
            self.issue(node.issue, node.title)
        if node.toc:
            self.toc(node.toc)
        # One H1 per page: the bulletin's title, or the title of a document that stands alone.
        alone = not node.title and not node.toc and not node.catalogs and len(node.documents) == 1
        for document in node.documents:
            _check(document, ast.Document)
            self.document(document, level=1 if alone else 2)
        for catalog in node.catalogs:
            _check(catalog, ast.Catalog)
            self.catalog(catalog)

    def issue(self, issue: ast.Issue, title: str | None = None) -> None:
        """The issue number and the publishing details as the cover prints them; jxparse reads them back
        as the issue (jxparse.pipeline.issue), so they never become a title or a document."""
        number = ""
        if issue.number is not None:
            number = (f"{issue.year}年" if issue.year is not None else "") + f"第{issue.number}期"
        if issue.total_number is not None:
            number += f"（总第{issue.total_number}期）"
        if issue.name and issue.name not in "".join((title or "").split()):
            number = f"{issue.name} {number}".strip()  # the name where no title line carries it
        lines = [number] if number else []
        for key, value in issue.details:
            lines.append(f"（{value}）" if key == "刊期" else f"{key}：{value}")
        if issue.published is not None and not any(key == "出版日期" for key, _ in issue.details):
            lines.append(f"出版日期：{_iso_to_chinese(issue.published)}")
        if lines:
            self.add(*(escape_inline(line) for line in lines))

    def toc(self, entries) -> None:
        self.add("## 目录")
        category = None
        items: list[str] = []  # the entries of one category: one tight list, evenly spaced
        for entry in entries:
            _check(entry, ast.TocEntry)
            if entry.category is not None and entry.category != category:
                if items:
                    self.add(*items)
                    items = []
                self.add(f"### 【{entry.category}】")
                category = entry.category
            title = escape_inline(entry.title)
            if entry.page is not None and entry.doc_number is not None:
                items += [f"- {title}", f"  ({entry.doc_number.text}) ({entry.page})"]
            elif entry.page is not None:
                items.append(f"- {title} ({entry.page})")
            else:
                items.append(f"- {title}")
        if items:
            self.add(*items)

    def catalog(self, node: ast.Catalog) -> None:
        # "##" for a catalog without title, so that the line before its rows is not read as one
        self.add("## " + node.title if node.title else "##")
        rows = []
        for entry in node.entries:
            _check(entry, ast.CatalogEntry)
            number = entry.doc_number.text if entry.doc_number is not None else ""
            rows.append(f"| {_cell_text(number)} | {_cell_text(entry.title)} |")
        if rows:  # a pipe table with a header, which the reader knows for a catalog by its 文号 column
            self.add("| 文号 | 标题 |", "| --- | --- |", *rows)

    # ----------------------------------------------------------------- documents

    def document(self, node: ast.Document, *, enclosure: bool = False, level: int = 2) -> None:
        """A document whose title is a heading of ``level``; its sections, attachments and the texts
        it issues (enclosures) are one level below it."""
        if node.issuer_mark:
            self.add(node.issuer_mark)
        if node.title:
            self.title(node.title, level)
        else:
            self.add("#" * level)  # an empty heading: this document has no title (else a line near it would be read as one)
        if node.doc_number is not None and not enclosure:
            self.add(node.doc_number.text)
        if node.date is not None and node.date_source == "metadata":
            # A date the text did not sign with: written as the metadata line it came from, not as a sign-off.
            self.add(f"成文日期：{_iso_to_chinese(node.date)}")
        if node.addressees:
            self.add(escape_inline("，".join(node.addressees)) + "：")
        self.body(node.body, level)
        # A 附件 list reads back only as 1, 2, 3 … (or one unnumbered entry); other attachments are
        # written as "附件N" headers after the sign-off, as their own texts are.
        for attachment in node.attachments:
            _check(attachment, ast.Attachment)
        numbers = [attachment.number for attachment in node.attachments]
        listed = numbers == list(range(1, len(numbers) + 1)) or numbers == [None]
        if listed:
            self.attachment_list(node.attachments)
        signed = node.date is not None and node.date_source != "metadata"
        if node.signatories:
            if len(node.signatories) > _MAX_SIGNATORY_LINES:
                self.add(escape_inline("\u3000".join(node.signatories)))
            else:
                for name in node.signatories:
                    self.add(escape_inline(name))
        if signed:
            self.add(_iso_to_chinese(node.date))
        for note in node.notes:
            # After a date a note reads as printed (此件公开发布); without one, only a quote marks it as a note.
            self.add(f"（{note}）" if signed else f"> {escape_inline(note)}")
        for attachment in node.attachments:
            if attachment.body or not listed:
                self.add(f"附件{attachment.number if attachment.number is not None else ''}")
                self.title(attachment.title, min(level + 1, 6))
                self.body(attachment.body, min(level + 1, 6))
        for inner in node.enclosures:
            _check(inner, ast.Document)
            self.document(inner, enclosure=True, level=min(level + 1, 6))

    def title(self, title: str, level: int = 2) -> None:
        """``## title`` (``level`` marks); a title too long for one title line of jxparse goes on several."""
        marks = "#" * level + " "
        escaped = escape_inline(title)
        if len(escaped) <= _MAX_TITLE_LINE:
            self.add(marks + escaped)
            return
        pieces = escape_pieces(title)
        lines, current = [], ""
        for piece in pieces:
            if len(current) + len(piece) > _MAX_TITLE_LINE:
                lines.append(marks + current)
                current = ""
            current += piece
        lines.append(marks + current)
        self.add(*lines)

    def attachment_list(self, attachments) -> None:
        """``附件：`` then the numbered entries as one Markdown list (``1. 标题（略）`` …); a single
        unnumbered attachment stays ``附件：标题``."""
        entries = []
        for attachment in attachments:
            _check(attachment, ast.Attachment)
            number = f"{attachment.number}. " if attachment.number is not None else ""
            entries.append(f"{number}{escape_inline(attachment.title)}{'（略）' if attachment.omitted else ''}")
        if not entries:
            return
        if attachments[0].number is not None:
            self.add("附件：")
            self.add(*entries)
        else:
            self.add("附件：" + entries[0])

    # ----------------------------------------------------------------- blocks

    def body(self, blocks, level: int = 2) -> None:
        items: list = []
        _flatten(blocks, items)
        for index, item in enumerate(items):
            followed = index + 1 < len(items) and not isinstance(items[index + 1], ast.Section)
            lines = _draft(item, followed, level)
            self.add(*(lines if isinstance(item, (ast.Section, ast.Table)) else (guard(line) for line in lines)))


_YAML_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#\n]|:(?=\S)|(?<=\S)#)*")
_YAML_RESERVED = re.compile(r"(?:true|false|yes|no|on|off|null|~|[-+.0-9][-+.0-9eE_:xXoO]*)", re.I)


def _yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain where YAML reads it back as this string, else double-quoted."""
    if _YAML_PLAIN.fullmatch(value) and not _YAML_RESERVED.fullmatch(value) and value == value.strip():
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _front_matter(metadata) -> list[str]:
    """YAML front matter lines for a document's metadata (a JSON object: key -> string)."""
    items = metadata.items() if isinstance(metadata, dict) else metadata
    lines = ["---"]
    for key, value in items:
        lines.append(f"{_yaml_scalar(str(key))}: {_yaml_scalar(str(value))}")
    lines.append("---")
    return lines


def _check(node, cls) -> None:
    if type(node) is not cls:
        raise TypeError(f"MarkdownWriter cannot write a {type(node).__name__} here (expected {cls.__name__})")


def _flatten(blocks, items: list) -> None:
    """Sections (their heading), paragraphs and tables in reading order."""
    for block in blocks:
        if type(block) not in _DRAFT:
            raise TypeError(f"MarkdownWriter cannot write a {type(block).__name__}: not a jxparse block")
        items.append(block)
        if type(block) is ast.Section:
            _flatten(block.children, items)


def _draft(item, followed: bool, level: int = 2) -> list[str]:
    """The lines of one body item, escaped inline but not yet guarded at their start; sections are
    headings below the document's ``level``."""
    return dispatch(_DRAFT, item, "MarkdownWriter")(item, followed, level)


class _Blocks:
    """The Markdown writer's method per block type (the other node types are written by :class:`_Page`
    where they stand, or not at all: the page is a view of the text)."""

    @staticmethod
    def md_section(item: ast.Section, followed: bool, level: int) -> list[str]:
        marks = "#" * min(level + item.level, 6)
        heading = _heading_text(item.heading) if item.heading else ""
        return [marks + " " + item.marker + _marker_separator(item) + heading]

    @staticmethod
    def md_paragraph(item: ast.Paragraph, followed: bool, level: int) -> list[str]:
        return _paragraph_lines(item.text, followed)

    @staticmethod
    def md_table(item: ast.Table, followed: bool, level: int) -> list[str]:
        return _pipe_table(item.rows)


_DRAFT = build_dispatch(_Blocks, "md_", types=typing.get_args(ast.Block))


def _pipe_table(rows) -> list[str]:
    """A table as a GitHub-flavoured pipe table, which jxparse's Markdown reader reads back.

    The first row is the header when it is the widest and not empty; otherwise an empty header
    row stands above all rows (the reader drops an empty header), so every row comes back as it
    was, cell for cell, and no cell is cut off when the table is rendered (a renderer drops cells
    beyond the header's count).
    """
    width = max((len(row) for row in rows), default=0)
    if width == 0:
        return []

    def line(cells) -> str:
        return "| " + " | ".join(_cell_text(cell) for cell in cells) + " |"

    first = rows[0]
    if len(first) == width and any(cell.strip() for cell in first):
        head, body = first, rows[1:]
    else:
        head, body = ("",) * width, rows
    return [line(head), "| " + " | ".join(["---"] * width) + " |"] + [line(row) for row in body]


def _cell_text(cell: str) -> str:
    # a cell is one line of inline text: Markdown escapes as in paragraphs, and its pipes escaped
    return escape_inline(cell).replace("|", "\\|")


def _paragraph_lines(text: str, followed: bool) -> list[str]:
    """The written lines of one paragraph (see "Paragraphs" in the module docstring)."""
    raw_lines = [line.strip(" \t\u3000") for line in text.split("\n")]
    raw_lines = [line for line in raw_lines if line]
    if not raw_lines:
        return []
    last = raw_lines[-1]
    if followed and reading.joins_next(last):
        split = _split_tail(last, finished_tail=True)
        if split is not None:
            raw_lines[-1:] = list(split)
    # jxparse reads a line with a TAB as a table row, so a paragraph's TABs are written as &#9;.
    return ["".join(pieces).replace("\t", "&#9;") for pieces in _escape_lines(raw_lines)]


def _escape_lines(lines: list[str]) -> list[list[str]]:
    """Escape the lines of one paragraph together (CommonMark pairs delimiters across lines)."""
    pieces = escape_pieces("\n".join(lines))
    result, current = [], []
    for piece in pieces:
        if piece == "\n":
            result.append(current)
            current = []
        else:
            current.append(piece)
    result.append(current)
    return result


def _split_tail(line: str, *, finished_tail: bool) -> tuple[str, str] | None:
    """``line`` cut into a head that jxparse joins to the tail after it, or None; with
    ``finished_tail`` the tail is short enough to end the paragraph for jxparse.

    CommonMark renders the cut as a soft line break, so the cut goes where that shows least: after
    a ， or 、 (which also keeps the head open for jxparse), else between two Chinese characters,
    never inside a run of Latin letters, digits and ASCII punctuation (a URL, a number, a word).
    """
    if finished_tail and reading.ends_open(line):
        return None
    best = None
    # A short tail when it must end the paragraph; else a long one (a short last line before a
    # sign-off could pass for a signatory).
    cuts = range(len(line) - 2, max(len(line) - reading.MIN_CUT_LINE, 0), -1) if finished_tail else range(1, len(line) - 1)
    for cut in cuts:
        head, tail = line[:cut], line[cut:]
        before, after = head[-1], tail[0]
        if before in " \t\u3000" or after in " \t\u3000\\":
            continue
        if before.isascii() and after.isascii():
            continue
        if not reading.continues(head, tail) or (finished_tail and reading.joins_next(tail)) or needs_guard(tail):
            continue
        rank = 0 if before in "，、" else 1 if not before.isascii() and not after.isascii() else 2
        if best is None or rank < best[0]:
            best = (rank, head, tail)
        if rank == 0:
            break
    return None if best is None else (best[1], best[2])


__all__ = [
    "MarkdownWriter", "needs_guard", "guard", "escape_pieces", "escape_inline",
]
