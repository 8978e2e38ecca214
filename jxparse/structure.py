"""Read documents out of typed lines: the step around the grammar that needs lookahead.

The line grammar says what each line looks like; this module decides what it
is from its neighbours: a text line is a title because a 文号 line follows, a
short line is a signatory because a date follows, lines after a 印发 notice's
sign-off are the text it issues. Every rule here looks at line shapes and
punctuation only, never at one issuer's wording.

Order of work, for a bulletin:
  1. catalogs (发文目录: runs of ``文号<TAB>标题`` rows) are taken out;
  2. document heads are found (title lines + 文号 line, or the first lines of a
     single document) and the 目录 before the first head is read as TOC;
  3. each document is split into addressees, body, attachment list, sign-off,
     notes and what follows the sign-off (enclosure or attachment bodies);
  4. bodies become paragraphs and headings (page-break repair, run-in headings)
     and are folded into sections.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .ast import (Attachment, Catalog, CatalogEntry, Diagnostic, DocNumber, Document, Furniture, Issue, Paragraph,
                  SectionStyle, Severity, Span, Table, TocEntry, cover)
from .data import merge_metadata
from .bulletin_sections import section_starts, shape_section
from .issue import build_issue, give_head_dates, read_cover, retype_bulletin_heads, take_issue_lines
from .lines import Line
from .numbers import parse_date
from .paragraphs import TextBuilder, ends_open, is_unfinished, joinable_kinds
from .sections import HeadingItem, fold_sections
from .surroundings import Taken, split_glued_heads, take_surroundings
from .toc import link_entries, mark_entry_lines, read_toc
from .vocabulary import (DIGIT, DOCNUM_SIGN, DOCNUM_SQUARE_CLOSE, DOCNUM_SQUARE_OPEN, RPAREN, ZH_BLANK, docnum,
                         docnum_serial, docnum_year)
from .wrapping import mark_wrapped

# Characters that end a sentence or a clause that is complete.
_TITLE_STOPS = "。；;：:！!？?，,、"
_MAX_TITLE_LINES = 4
_MAX_TITLE_LENGTH = 120
_MAX_SIGNATORY_LENGTH = 40
_MAX_SIGNATORY_LINES = 4
# 文种 (genre) words, longest first so that 实施意见 wins over 意见.
_KINDS = sorted(["通知", "通报", "意见", "决定", "批复", "复函", "函", "报告", "请示", "办法", "方案", "规定",
                 "公告", "通告", "令", "决议", "命令", "议案", "纪要", "条例", "细则", "规划", "计划", "要点",
                 "预案", "制度", "规则", "章程", "清单", "公报", "规范", "指引", "指南", "目录", "标准",
                 "名单", "办法(试行)", "通令", "批示"], key=len, reverse=True)
_ISSUING_WORDS = ("印发", "转发", "批转", "颁发", "发布", "公布")
_PAGE_SUFFIX = re.compile(r"[ \t\u3000]*[(（][ \t\u3000]*([0-9０-９]{1,4})[ \t\u3000]*[)）]$")
_NOTE = re.compile(r"^[(（][^()（）]{1,40}[)）]$")
_RUN_IN_STOP = "。"
_MAX_RUN_IN_HEADING = 60
_CLAUSE_MARKS = "。；;，,：:"
_MAX_ARTICLE_HEADING = 20
_SPLIT_SIGNATORIES = re.compile(r"\u3000+|[ \t]{2,}")
_BRACKETS = {"(": ")", "（": "）", "〔": "〕", "[": "]", "【": "】", "《": "》", "“": "”", "﹝": "﹞"}


@dataclass
class _Context:
    """What the structure step shares while it walks one source."""

    text: str
    doc_number_parser: object
    entity_finder: object
    """Finds the entities of many (text, positions) pairs at once (entities.find_entities_batch)."""
    markdown: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pending_entities: list[tuple[object, str, Sequence[int]]] = field(default_factory=list)
    """Paragraphs and headings built without their entities yet: (node, text, positions)."""

    def entities_later(self, node, text: str, positions: Sequence[int]):
        """Note that ``node`` (a Paragraph or HeadingItem) needs the entities of ``text``; returns the node."""
        self.pending_entities.append((node, text, positions))
        return node

    def with_entities(self, nodes: list) -> list:
        """``nodes`` with the entities of every pending node filled in, found in one batch: the
        grammar's fixed cost per parse is paid once per body, not once per sentence."""
        pending, self.pending_entities = self.pending_entities, []
        if not pending:
            return nodes
        found = self.entity_finder([(text, positions) for _, text, positions in pending])
        by_node = {id(node): entities for (node, _, _), entities in zip(pending, found) if entities}
        return [replace(node, entities=by_node[id(node)]) if id(node) in by_node else node for node in nodes]

    def warn(self, code: str, message: str, span: Span | None, severity=Severity.WARNING) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, span))


@dataclass
class Structure:
    """What the structure step read from a source's lines."""

    title: str | None
    title_span: Span | None
    toc: tuple[TocEntry, ...]
    toc_span: Span | None
    documents: tuple[Document, ...]
    catalogs: tuple[Catalog, ...]
    diagnostics: list[Diagnostic]
    furniture: tuple[Furniture, ...] = ()
    """Web-page chrome taken out of the text."""
    issue: Issue | None = None
    """The issue's metadata (jxparse.issue)."""


def build_structure(lines: list[Line], text: str, *, doc_number_parser, entity_finder,
                    markdown: bool = False, plain_text: bool = False) -> Structure:
    """Read the bulletin's parts from the typed ``lines`` of ``text``.

    ``plain_text``: the lines are the file's own (not a reader's, which already joined paragraphs),
    so they may have been hard-wrapped at a fixed width.
    """
    ctx = _Context(text, doc_number_parser, entity_finder, markdown)
    if plain_text:
        lines = mark_wrapped(lines, text)
    lines, issue_lines = take_issue_lines(lines)  # colophon and running heads belong to the issue
    lines, taken = take_surroundings(split_glued_heads(lines))
    lines, head_dates = retype_bulletin_heads(lines)  # （2019年7月15日 浙政发〔2019〕12号） under a title
    lines = mark_entry_lines(lines, text)  # 目录 lines ending in leaders and a page are never title lines
    catalogs, lines = _take_catalogs(lines, ctx)
    heads = _find_heads(lines)
    toc: list[TocEntry] = []
    toc_span = None
    title = None
    first_start = heads[0].start if heads else _first_document_line(lines)
    leading = lines[:first_start]
    toc_index = next((i for i, line in enumerate(leading) if line.kind == "toc_title"), None)
    if toc_index is not None:
        toc = read_toc(leading[toc_index + 1:], ctx.text, ctx.doc_number_parser, markdown=ctx.markdown)
        toc_span = cover(Span(line.start, line.end) for line in leading[toc_index:])
        front = leading[:toc_index]
    else:
        front = leading
    front, issue_cover = read_cover(front)
    title_span = cover(Span(line.start, line.end) for line in front)
    if front:
        title = " ".join(_reading(line, ctx) for line in front)
        if len(front) > 2:
            ctx.warn("unplaced-text", f"text before the first document kept as the bulletin title: {title}",
                     title_span)
    documents = []
    if not heads and first_start < len(lines):
        title_start = _after_letterhead(lines, first_start)
        heads = [_Head(start=first_start, title_lines=_leading_title(lines, title_start), number_index=None,
                       issuer_mark=lines[first_start:title_start])]
    heads = _with_section_heads(heads, lines, toc, first_start)
    for index, head in enumerate(heads):
        end = heads[index + 1].start if index + 1 < len(heads) else len(lines)
        documents.append(_read_document(lines, head, end, f"d{index + 1}", ctx))
    furniture = _give_surroundings(documents, taken, lines, ctx)
    documents = give_head_dates(documents, head_dates)
    issue = build_issue(issue_cover, issue_lines)
    documents = [shape_section(document, issue.year if issue else None) for document in documents]
    return Structure(title=title, title_span=title_span, toc=link_entries(toc, documents), toc_span=toc_span,
                     documents=tuple(documents), catalogs=tuple(catalogs), diagnostics=ctx.diagnostics,
                     furniture=tuple(issue_lines.furniture) + tuple(furniture), issue=issue)


def _with_section_heads(heads: list[_Head], lines: list[Line], toc, first_start: int) -> list[_Head]:
    """``heads`` and a head for each bulletin section without 文号 (jxparse.bulletin_sections), in order."""
    taken = set()
    for head in heads:
        end = head.body_start if head.number_index is not None else head.start + len(head.issuer_mark) + len(head.title_lines)
        taken.update(range(head.start, max(end, head.start + 1)))
    starts = section_starts(lines, toc, first_start, taken)
    if not starts:
        return heads
    added = [_Head(start=index, title_lines=[lines[index]], number_index=None) for index in starts]
    return sorted(heads + added, key=lambda head: head.start)


# --------------------------------------------------------------------------- surroundings


def _give_surroundings(documents: list[Document], taken: list[Taken], lines: list[Line], ctx: _Context) -> list[Furniture]:
    """Give each line taken out around the documents to the document it stands beside.

    A run taken out just before a document's first line belongs to that document (a metadata block
    above its title); any other run belongs to the document it stands in or after (a metadata block
    under a sign-off). Page chrome becomes the bulletin's furniture. Returns the furniture.
    """
    furniture: list[Furniture] = []
    by_document: dict[int, list[Taken]] = {}
    starts = [document.span.start if document.span is not None else None for document in documents]
    kept_starts = [line.start for line in lines]
    for item in taken:
        if item.role in ("header", "footer"):
            furniture.append(Furniture(kind="page_header" if item.role == "header" else "page_footer",
                                       text=item.line.text, page=None, span=Span(item.line.start, item.line.end)))
            continue
        index = _owner(item, starts, kept_starts)
        if index is None:
            ctx.warn("unplaced-text", f"{item.role} line without a document: {item.line.text}", Span(item.start, item.end))
            continue
        by_document.setdefault(index, []).append(item)
    for index, items in by_document.items():
        document = documents[index]
        pairs = tuple((item.label, item.value or "") for item in items if item.role == "metadata")
        notes = [item for item in items if item.role == "note"]
        changes = {}
        if pairs:
            changes["metadata"] = merge_metadata(pairs + document.metadata)
            changes["metadata_span"] = cover([document.metadata_span] + [Span(item.start, item.end) for item in items
                                                                         if item.role == "metadata"])
        if notes:
            changes["notes"] = tuple(_note_text(item.line.text) for item in notes) + document.notes
            changes["notes_span"] = cover([document.notes_span] + [Span(item.start, item.end) for item in notes])
        documents[index] = replace(document, **changes)
    return furniture


def _owner(item: Taken, starts: list[int | None], kept_starts: list[int]) -> int | None:
    """The index of the document a taken line belongs to (see :func:`_give_surroundings`)."""
    if not starts:
        return None
    following = bisect_left(kept_starts, item.end)
    next_start = kept_starts[following] if following < len(kept_starts) else None
    for index, start in enumerate(starts):
        if start is not None and start == next_start:
            return index  # directly above this document's first line
    owner = 0
    for index, start in enumerate(starts):
        if start is not None and start <= item.start:
            owner = index
    return owner


# --------------------------------------------------------------------------- catalogs


def _take_catalogs(lines: list[Line], ctx: _Context):
    catalogs = []
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        piped = _pipe_catalog(lines, index, ctx) if ctx.markdown and _is_pipe_row(line) else None
        if line.kind != "catalog_row" and piped is None:
            kept.append(line)
            index += 1
            continue
        rows = []
        if piped is not None:
            rows, entries = piped
            index += len(rows)
        else:
            while index < len(lines) and lines[index].kind == "catalog_row":
                rows.append(lines[index])
                index += 1
            entries = tuple(CatalogEntry(title=row.rest.strip(), doc_number=ctx.doc_number_parser(row.marker, row.start),
                                         span=Span(row.start, row.end)) for row in rows)
        title_line = None
        if kept and (_is_title_like(kept[-1]) or _is_empty_heading(kept[-1])):
            title_line = kept.pop()  # 2019 年 7 月份市政府、市政府办公室发文目录, above its rows
        span = cover([Span(title_line.start, title_line.end) if title_line else None, Span(rows[0].start, rows[-1].end)])
        catalogs.append(Catalog(title=title_line.text if title_line else "", entries=entries, span=span,
                                title_span=Span(title_line.start, title_line.end) if title_line else None))
    return catalogs, kept


_CATALOG_NUMBER = re.compile(docnum(ZH_BLANK, ordinal=""))


def _pipe_catalog(lines: list[Line], index: int, ctx: _Context):
    """(rows, entries) of a 发文目录 written as a Markdown pipe table (| 文号 | 标题 |) at ``index``, or None.

    A pipe table is a catalog when every row below its header has two cells and the first is a
    文号, as the rows of a catalog in text are ``文号<TAB>标题``.
    """
    run = [lines[index]]
    while index + len(run) < len(lines):
        following = lines[index + len(run)]
        if not _is_pipe_row(following) or following.blank_before:
            break
        run.append(following)
    if len(run) < 3 or not _PIPE_DELIMITER.fullmatch(run[1].text):
        return None
    entries = []
    for row in run[2:]:
        cells = _pipe_cells(row, ctx)
        if len(cells) != 2 or not _CATALOG_NUMBER.fullmatch(cells[0]):
            return None
        entries.append(CatalogEntry(title=cells[1], doc_number=ctx.doc_number_parser(cells[0], row.start),
                                    span=Span(row.start, row.end)))
    return run, tuple(entries)


# --------------------------------------------------------------------------- heads


_LETTERHEAD_END = re.compile(r"文[ \t\u3000]*件$")


@dataclass
class _Head:
    start: int
    """Index of the document's first line (issuer mark or title)."""
    title_lines: list[Line]
    number_index: int | None
    issuer_mark: list[Line] = field(default_factory=list)
    body_start: int = 0


def _ends_open(text: str) -> bool:
    return not text or text[-1] in _TITLE_STOPS


# A line that ends like a 文号 (〔…〕N号) but is none the grammar knows (嘉政发〔20l9〕号, 〔2019〕15号).
_NUMBER_LIKE = re.compile(rf"{DOCNUM_SQUARE_OPEN}[^〔〕\[\]［］﹝﹞【】]{{1,8}}{DOCNUM_SQUARE_CLOSE}{ZH_BLANK}*{DIGIT}*{ZH_BLANK}*"
                          rf"{DOCNUM_SIGN}{RPAREN}?$")


def _is_title_like(line: Line) -> bool:
    """Could this line be (part of) a document title?"""
    if line.kind != "text" or "\t" in line.text or line.prose:
        return False
    text = line.text
    if (line.md_prefix or "").startswith("#"):
        return not _ends_open(text) or not text  # a Markdown heading line says it is a title line
    if _NUMBER_LIKE.search(text):
        return False
    if _ends_open(text) or len(text) > _MAX_TITLE_LENGTH or "。" in text:
        return False
    # A 目录 entry ends in its page number, (17); a note stands wholly in brackets: neither is a title,
    # though without blank lines either may stand right above one.
    return not (_NOTE.match(text) or _PAGE_SUFFIX.search(text) or _is_parenthetical(text))


def _is_parenthetical(text: str) -> bool:
    """True when the whole text is one bracket pair: (可登陆…网站查询,网址:…)."""
    if len(text) < 2 or text[0] not in "(（" or text[-1] not in ")）":
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char in "(（"
        depth -= char in ")）"
        if depth == 0:
            return index == len(text) - 1
    return False


def _find_heads(lines: list[Line]) -> list[_Head]:
    heads: list[_Head] = []
    for index, line in enumerate(lines):
        if line.kind != "doc_number":
            continue
        lower = heads[-1].body_start if heads else 0
        titles: list[Line] = []
        cursor = index - 1
        if cursor >= lower and _is_empty_heading(lines[cursor]):
            titles, cursor = [lines[cursor]], lower - 1  # "##" above the 文号: no title, said so
        while cursor >= lower and len(titles) < _MAX_TITLE_LINES and _is_title_like(lines[cursor]):
            titles.insert(0, lines[cursor])
            if lines[cursor].blank_before:
                break  # a title's lines stand together; a blank line ends the run
            cursor -= 1
        start = index - len(titles)
        issuer_mark: list[Line] = []
        letterhead_end = next((i for i in range(len(titles) - 1, -1, -1) if _LETTERHEAD_END.search(titles[i].text)), None)
        if letterhead_end is not None:
            # 发文机关标志: issuer names (stacked for joint documents) ending in 文件; the title, where
            # it stands between the letterhead and the 文号 (no blank line apart), after it.
            issuer_mark, titles = titles[:letterhead_end + 1], titles[letterhead_end + 1:]
            while start - 1 >= lower and len(issuer_mark) < 2 * _MAX_TITLE_LINES and _is_issuer_line(lines[start - 1]):
                issuer_mark.insert(0, lines[start - 1])
                start -= 1
        elif start - 1 >= lower and lines[start - 1].kind == "text" and _LETTERHEAD_END.search(lines[start - 1].text):
            issuer_mark = [lines[start - 1]]
            start -= 1
            # Joint letterheads stack the issuers' names above one 文件 (or print 文件 on a line of its own).
            while start - 1 >= lower and len(issuer_mark) < _MAX_TITLE_LINES and _is_issuer_line(lines[start - 1]):
                issuer_mark.insert(0, lines[start - 1])
                start -= 1
        body_start = index + 1
        if not titles:
            # Original 公文 layout: letterhead, 文号, then the title under the red rule.
            while body_start < len(lines) and len(titles) < _MAX_TITLE_LINES and _is_title_like(lines[body_start]) \
                    and not _run_text(lines, body_start).endswith(("：", ":")):
                titles.append(lines[body_start])
                body_start += 1
        heads.append(_Head(start=start, title_lines=titles, number_index=index, issuer_mark=issuer_mark,
                           body_start=body_start))
    # After a 目录 line, heads directly followed by the next head (no body between) are its entries
    # (title and 文号 without a page), not documents; the first head with a body ends the 目录.
    toc = next((i for i, line in enumerate(lines) if line.kind == "toc_title"), None)
    if toc is None or not heads or heads[0].start < toc:
        return heads
    first_document = next((i for i, head in enumerate(heads)
                           if i + 1 >= len(heads) or heads[i + 1].start > head.body_start), len(heads))
    return heads[first_document:]


_NOT_IN_ISSUER = set("。，,：:；;、（）()《》“”\t") | set("0123456789０１２３４５６７８９")


def _is_issuer_line(line: Line) -> bool:
    """A line of a letterhead's issuer stack: a short organ name, no punctuation, no digits."""
    text = _WIDE_BLANKS.sub("", line.text)
    return (line.kind == "text" and not line.md_prefix and 2 <= len(text) <= 30
            and not any(char in _NOT_IN_ISSUER for char in text) and text.endswith(_ORGAN_ENDINGS))


def _after_letterhead(lines: list[Line], start: int) -> int:
    """Where the title starts under a letterhead at ``start`` (issuer names stacked above one 文件), or
    ``start`` where no letterhead stands there."""
    end = start
    cursor = start
    while cursor < len(lines) and cursor - start < 2 * _MAX_TITLE_LINES:
        line = lines[cursor]
        closes = line.kind == "text" and _LETTERHEAD_END.search(line.text) \
            and not any(char in _NOT_IN_ISSUER for char in line.text) and len(line.text) <= 60
        if closes:
            end = cursor + 1
        elif not _is_issuer_line(line):
            break
        cursor += 1
    return end


def _first_document_line(lines: list[Line]) -> int:
    """Without any 文号: skip a leading 目录 and its entries; the document starts after them."""
    index = next((i for i, line in enumerate(lines) if line.kind == "toc_title"), None)
    if index is None:
        return 0
    first_entry = index + 1
    index = first_entry
    while index < len(lines):
        line = lines[index]
        entry_title = line.kind == "text" and index + 1 < len(lines) and lines[index + 1].kind == "toc_ref"
        if not (line.kind in ("category", "toc_ref") or _PAGE_SUFFIX.search(line.text) or entry_title):
            break
        index += 1
    return index if index > first_entry else 0  # a 目录 line with no entries is no table of contents


def _is_empty_heading(line: Line) -> bool:
    return line.text == "" and (line.md_prefix or "").startswith("#")


def _leading_title(lines: list[Line], start: int) -> list[Line]:
    if start < len(lines) and _is_empty_heading(lines[start]):
        return [lines[start]]  # "##": the document says it has no title
    titles = []
    cursor = start
    while cursor < len(lines) and len(titles) < _MAX_TITLE_LINES and _is_title_like(lines[cursor]):
        if titles and lines[cursor].blank_before:
            break
        titles.append(lines[cursor])
        cursor += 1
    return titles


# --------------------------------------------------------------------------- TOC


# The 目录 itself is read by jxparse.toc (every leader, page and 文号 layout).


def _ascii(digits: str) -> str:
    from .numbers import to_ascii_digits

    return to_ascii_digits(digits)


def _title(lines: list[Line], ctx: "_Context", cut: int = 0) -> tuple[str, list[int]]:
    """A title re-joined from wrapped lines (``cut`` characters off the last), with its positions."""
    builder = TextBuilder(ctx.text, markdown=ctx.markdown, title=True)
    for index, line in enumerate(lines):
        end = line.end - (cut if index == len(lines) - 1 else 0)
        builder.add(line.content_start, end, span_start=line.start)
    text, positions = builder.result()
    return text, positions


# --------------------------------------------------------------------------- documents


def _read_document(lines: list[Line], head: _Head, end: int, doc_id: str, ctx: _Context) -> Document:
    number = None
    number_span = None
    title_lines = _dedupe_title(head.title_lines)
    if head.number_index is not None:
        number_line = lines[head.number_index]
        number = ctx.doc_number_parser(number_line.text, number_line.start)
        number_span = Span(number_line.start, number_line.end)
        if number is None:
            number = _order_number(number_line, title_lines, ctx)
    body_start = (head.body_start if head.number_index is not None
                  else head.start + len(head.issuer_mark) + len(head.title_lines))
    document = _read_parts(lines[body_start:end], doc_id, ctx, title_lines=title_lines, title_span_lines=head.title_lines)
    first = lines[head.start] if head.start < end else None
    span = cover([Span(first.start, lines[end - 1].end) if first else None, number_span])
    return replace(document, doc_number=number, issuer_mark=_issuer_mark(head.issuer_mark),
                   issuer_mark_span=cover(Span(line.start, line.end) for line in head.issuer_mark),
                   span=span, doc_number_span=number_span)


def _read_parts(lines: list[Line], doc_id: str, ctx: _Context, *, title_lines, depth: int = 0,
                title_span_lines=None) -> Document:
    """Addressees, body, attachment list, sign-off, notes and what follows, from a document's lines."""
    title, title_positions = _title(title_lines, ctx)
    title_span = cover(Span(line.start, line.end) for line in (title_span_lines or title_lines))
    index = 0
    addressees: tuple[str, ...] = ()
    addressees_span = None
    addressee_lines = _wrapped_run(lines, 0)
    if addressee_lines and _is_addressee_line(addressee_lines):
        addressees = _split_addressees("".join(_reading(line, ctx) for line in addressee_lines).rstrip("：:"))
        addressees_span = Span(addressee_lines[0].start, addressee_lines[-1].end)
        index = len(addressee_lines)
    rest = lines[index:]
    signoff = _find_signoff(rest)
    issued = _issued_names(title) if depth < 2 else []
    issued_at = _issued_text_start(rest, issued) if signoff is None and issued else None
    if issued_at is not None:
        # No sign-off, but the text the cover issues starts where its title (named by the cover) stands.
        body_lines, signatory_lines, date_line, after = rest[:issued_at], [], None, rest[issued_at:]
    elif signoff is None:
        # Without a sign-off, the attachments' own texts start at the first bare 附件N header.
        cut = next((i for i, line in enumerate(rest) if line.kind == "attachment_header"
                    and not _is_list_lead(rest, i)), len(rest))
        body_lines, signatory_lines, date_line, after = rest[:cut], [], None, rest[cut:]
    else:
        first_signatory, date_index = signoff
        body_lines = rest[:first_signatory]
        signatory_lines = rest[first_signatory:date_index]
        date_line = rest[date_index]
        after = rest[date_index + 1:]
    notes = []
    while after and after[0].kind == "text" and _NOTE.match(after[0].text):
        notes.append(after.pop(0))
    # Markdown block quotes ("> 本文有删减") are notices about the text, not part of it.
    notes += [line for line in body_lines if line.md_prefix == ">"]
    body_lines = [replace(line, cut_before=True) if index and body_lines[index - 1].md_prefix == ">" else line
                  for index, line in enumerate(body_lines) if line.md_prefix != ">"]
    body_lines, attachment_lists = _take_attachment_list(body_lines, ctx)
    attachments = list(attachment_lists)
    enclosures: list[Document] = []
    trailing: list[Line] = []
    if after:
        issued_here = issued and _issued_text_start(after, issued, at_start=True) == 0
        if after[0].kind in ("attachment_header", "attachment") and not issued_here:
            attachments = _attachment_bodies(after, attachments, doc_id, ctx)
        elif depth < 2 and (issued_here or _leading_title(after, 0)):
            label = 1 if after[0].kind == "attachment_header" else 0  # a bare 附件 above the issued text
            enclosure_titles = _leading_title(after, label)
            enclosure = _read_parts(after[label + len(enclosure_titles):], f"{doc_id}.e1", ctx,
                                    title_lines=enclosure_titles, depth=depth + 1)
            enclosure_span = cover(Span(line.start, line.end) for line in (after[0], after[-1]))
            enclosures.append(replace(enclosure, span=enclosure_span))
        else:
            trailing = after
            ctx.warn("after-signoff", "text after the sign-off that is neither an attachment nor an issued "
                     "document is kept at the end of the body", cover(Span(line.start, line.end) for line in after),
                     severity=Severity.INFO)
    body = _body_blocks(body_lines + trailing, doc_id, ctx)
    signatories = tuple(name for line in signatory_lines for name in _signatory_names(_reading(line, ctx)))
    signoff_span = cover([Span(line.start, line.end) for line in signatory_lines]
                         + ([Span(date_line.start, date_line.end)] if date_line else []))
    title_entities = ctx.entity_finder([(title, title_positions)])[0] if title else ()
    return Document(
        id=doc_id, title=title, kind=_kind(title), addressees=addressees, body=body,
        attachments=tuple(attachments), signatories=signatories,
        date=parse_date(date_line.text) if date_line else None,
        date_source="text" if date_line and parse_date(date_line.text) else None,
        notes=tuple(_note_text(line.text) for line in notes), enclosures=tuple(enclosures),
        title_entities=title_entities,
        title_span=title_span, addressees_span=addressees_span, signoff_span=signoff_span,
        notes_span=cover(Span(line.start, line.end) for line in notes),
        span=cover(Span(line.start, line.end) for line in (title_lines[:1] + lines[-1:])),
    )


_NAMED = re.compile(r"《([^《》]{2,80})》")
_ISSUED_BY_WORD = re.compile(r"(?:" + "|".join(_ISSUING_WORDS) + r")[ \t\u3000]*(.{2,80}?)的(?:通知|通报|决定|批复|函)$")
_FLAT = re.compile(r"[ \t\u3000《》]+")
_MAX_ISSUED_TITLE_LINES = 3


def _issued_names(title: str) -> list[str]:
    """What a 印发 / 转发 / 批转 cover says it issues: the titles it names in 《》, or the words between
    the issuing verb and 的通知 (关于印发 市区支持…意见的通知). Blanks and 《》 removed."""
    if not any(word in title for word in _ISSUING_WORDS):
        return []
    names = _NAMED.findall(title)
    if not names:
        match = _ISSUED_BY_WORD.search(title)
        names = [match.group(1)] if match else []
    return [flat for flat in (_FLAT.sub("", name) for name in names) if len(flat) >= 4]


def _names_issued_text(printed: str, names: list[str]) -> bool:
    """Is ``printed`` (a title line or lines, flattened) the title of a text the cover issues? A 转发 names
    the text with its issuer (民政部关于…意见), which the text itself may print without."""
    return any(printed == name or printed.startswith("关于") and name.endswith(printed) for name in names)


def _issued_text_start(lines: list[Line], names: list[str], *, at_start: bool = False) -> int | None:
    """Where the text a cover issues starts in ``lines`` (at its title, or at a bare 附件 label right
    above it), found by the title the cover names; None where it is not there.

    ``at_start``: only at the first line (after a sign-off). Otherwise anywhere after the first line,
    for covers that end without a sign-off.
    """
    candidates = [0] if at_start else range(1, len(lines))
    for index in candidates:
        label = 1 if index < len(lines) and lines[index].kind == "attachment_header" else 0
        first = index + label
        if first > 0 and lines[first - 1].continued:
            continue  # the middle of a wrapped line starts no title
        printed = ""
        for count in range(_MAX_ISSUED_TITLE_LINES):
            if first + count >= len(lines) or not _is_title_like(lines[first + count]):
                break
            printed += _FLAT.sub("", lines[first + count].text)
            if _names_issued_text(printed, names):
                return index
    return None


def _issuer_mark(lines: list[Line]) -> str | None:
    """The letterhead as one string: joint issuers in order, spaced-out characters closed up, 文件 kept."""
    if not lines:
        return None
    names = [_WIDE_BLANKS.sub("", line.text) for line in lines]
    return " ".join(name for name in names if name)


_WIDE_BLANKS = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")


def _note_text(text: str) -> str:
    """A note without its wrapping brackets: （此件公开发布） -> 此件公开发布."""
    return text[1:-1].strip() if _NOTE.match(text) else text


def _dedupe_title(title_lines: list[Line]) -> list[Line]:
    """Exports print the title twice, line for line: keep one copy (the span still covers both)."""
    half = len(title_lines) // 2
    if half and len(title_lines) % 2 == 0 and [l.text for l in title_lines[:half]] == [l.text for l in title_lines[half:]]:
        return title_lines[:half]
    return title_lines


_ORDER_NUMBER = re.compile(rf"(?:{docnum_year(ZH_BLANK, group='year')}{ZH_BLANK}*)?"
                           rf"第{ZH_BLANK}*{docnum_serial(ZH_BLANK, group='serial')}")


def _order_number(line: Line, title_lines: list[Line], ctx: _Context) -> DocNumber | None:
    """A 令 or 公告 number printed alone ("第707号" under "中华人民共和国国务院令", "〔2001〕第 1 号" under
    "中国人民银行令"): the title names the agency; a year in brackets is the number's year."""
    match = _ORDER_NUMBER.search(line.text)
    if not match or not title_lines:
        return None
    title, _ = _title(title_lines, ctx)
    text = line.text[match.start():match.end()]
    start = line.content_start + match.start()
    year = int(_ascii(match.group(1))) if match.group(1) else None
    return DocNumber(text=text, agency=title, year=year, serial=int(_ascii(match.group(2))),
                     span=Span(start, start + len(text)))


def _kind(title: str) -> str | None:
    core = re.sub(r"[(（][^()（）]*[)）]$", "", title.strip()).strip()
    for kind in _KINDS:
        if core.endswith(kind):
            return kind
    return None


def _is_addressee_line(run: list[Line]) -> bool:
    """Is this line (with the lines a fixed-width wrap cut it into) a 主送 line?"""
    text = "".join(line.text for line in run)
    return (all(line.kind == "text" for line in run) and text.endswith(("：", ":")) and "。" not in text
            and len(text) <= 300 * len(run) and not text.startswith(("附件", "抄送")))


def _run_text(lines: list[Line], index: int) -> str:
    """The text of the line at ``index`` joined with the lines a fixed-width wrap cut it into."""
    return "".join(line.text for line in _wrapped_run(lines, index))


def _wrapped_run(lines: list[Line], index: int) -> list[Line]:
    """The line at ``index`` and the lines a fixed-width wrap cut it into (empty past the end)."""
    run = lines[index:index + 1]
    while run and run[-1].continued and index + len(run) < len(lines):
        run.append(lines[index + len(run)])
    return run


def split_top_level(text: str, separators: str) -> list[str]:
    """Split ``text`` at ``separators`` that stand outside every bracket pair."""
    parts, depth_stack, current = [], [], []
    for char in text:
        if char in _BRACKETS:
            depth_stack.append(_BRACKETS[char])
        elif depth_stack and char == depth_stack[-1]:
            depth_stack.pop()
        elif char in separators and not depth_stack:
            parts.append("".join(current).strip(" \u3000"))
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip(" \u3000"))
    return [part for part in parts if part]


def _split_addressees(text: str) -> tuple[str, ...]:
    return tuple(split_top_level(text, ",，;；"))


def _is_signatory_like(line: Line) -> bool:
    text = line.text
    return (line.kind == "text" and len(text) <= _MAX_SIGNATORY_LENGTH and not any(c in text for c in "。，,；;：:、“”《》\t")
            and not any(c.isdigit() for c in text) and not _NOTE.match(text))


_ORGAN_ENDINGS = ("厅", "部", "院", "委", "局", "办", "会", "府", "室", "署", "行", "社", "团", "处", "所", "中心",
                  "政府", "委员会", "办公室", "党委", "总局", "司", "军区", "公司", "集团", "协会", "组", "站", "馆")


def _signatory_names(text: str) -> list[str]:
    """Joint issuers stand on one line apart by wide blanks; a title and a name (总理　李克强) are one signatory."""
    parts = [part for part in _SPLIT_SIGNATORIES.split(text.strip()) if part]
    if len(parts) > 1 and sum(part.endswith(_ORGAN_ENDINGS) for part in parts) >= 2:
        return parts
    return [" ".join(parts)] if parts else []


def _find_signoff(lines: list[Line]) -> tuple[int, int] | None:
    """(index of the first signatory line, index of the date line) of the first sign-off, or None."""
    for index, line in enumerate(lines):
        if line.kind != "date":
            continue
        first = index
        while first - 1 >= 0 and index - first < _MAX_SIGNATORY_LINES and _is_signatory_like(lines[first - 1]):
            first -= 1
            if lines[first].blank_before and first - 1 >= 0 and lines[first - 1].kind == "text" \
                    and not _is_signatory_like(lines[first - 1]):
                break
        return first, index
    return None


# --------------------------------------------------------------------------- attachments


_ATTACHMENT_ITEM = re.compile(r"^([0-9０-９]{1,3})[.．、]\s*")
_OMITTED = re.compile(r"[(（]\s*略\s*[)）]\s*$")


def _is_list_lead(lines: list[Line], index: int) -> bool:
    """``附件：`` alone on its line with the entry ``1. …`` on the next: the lead of a 附件 list."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (line.kind in ("attachment", "attachment_header") and line.text.rstrip(" \t\u3000").endswith(("：", ":"))
            and not line.rest.strip(" \t\u3000") and following is not None and following.kind == "heading"
            and following.style is SectionStyle.ARABIC and following.marker_number == 1)


def _take_attachment_list(lines: list[Line], ctx: _Context):
    """Take the 附件 list (附件:1. …(略) / 2. …) out of a body; return the other lines and the entries."""
    for index, line in enumerate(lines):
        lead_alone = None
        if _is_list_lead(lines, index):
            # "附件：" on a line of its own, the entries numbered below it (a Markdown list)
            lead_alone, items, cursor = line, [[lines[index + 1]]], index + 2
        elif line.kind != "attachment":
            continue
        else:
            items = [[line]]
            cursor = index + 1
        while cursor < len(lines):
            candidate = lines[cursor]
            expected = len(items) + 1
            if candidate.kind == "heading" and candidate.style is SectionStyle.ARABIC \
                    and candidate.marker_number == expected:
                items.append([candidate])
            elif candidate.kind in joinable_kinds and is_unfinished(items[-1][-1].text) \
                    and not _OMITTED.search(items[-1][-1].text):
                items[-1].append(candidate)
            else:
                break
            cursor += 1
        entries = [_attachment_entry(item, position == 0 and lead_alone is None, ctx)
                   for position, item in enumerate(items)]
        if lead_alone is not None:  # the lead's span belongs to the list's first entry
            entries[0] = replace(entries[0], span=Span(lead_alone.start, entries[0].span.end))
        after = [replace(lines[cursor], cut_before=True)] + lines[cursor + 1:] if cursor < len(lines) else []
        return lines[:index] + after, entries  # no paragraph continues across the list taken out
    return lines, []


def _attachment_entry(item_lines: list[Line], is_lead: bool, ctx: _Context) -> Attachment:
    first = item_lines[0]
    has_marker = is_lead or first.kind == "heading"
    start = first.rest_start if has_marker else first.content_start
    number = first.marker_number
    if is_lead:
        match = _ATTACHMENT_ITEM.match(first.rest)
        if match:  # 附件：1. 名单 — the number of the first entry follows the lead
            number = int(_ascii(match.group(1)))
            start = first.rest_start + match.end()
    builder = TextBuilder(ctx.text, markdown=ctx.markdown)
    builder.add(start, first.end)
    for line in item_lines[1:]:
        builder.add(line.content_start, line.end)
    title = builder.result()[0]
    omitted = bool(_OMITTED.search(title))
    if omitted:
        title = _OMITTED.sub("", title)
    return Attachment(number=number, title=title.strip(" \u3000"), omitted=omitted,
                      span=Span(first.start, item_lines[-1].end))


def _attachment_bodies(lines: list[Line], listed: list[Attachment], doc_id: str, ctx: _Context) -> list[Attachment]:
    """Split the text after a sign-off at its 附件 headers and give each attachment its body."""
    groups: list[list[Line]] = []
    for line in lines:
        if line.kind in ("attachment_header", "attachment") or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    # Where each listed entry stands in the result; an entry takes the first body given to it.
    by_number = {attachment.number: index for index, attachment in reversed(list(enumerate(listed)))}
    result = list(listed)
    numbered = any(group[0].marker_number is not None for group in groups)
    for position, group in enumerate(groups, start=1):
        header = group[0]
        is_header = header.kind in ("attachment_header", "attachment")
        number = header.marker_number if is_header else None
        if number is None and not numbered and (len(groups) > 1 or 1 in by_number):
            number = position  # 附件 … 附件 … without numbers: they count in order
        content = group[1:] if is_header else group
        title_lines = [] if header.kind == "attachment" else _leading_title(content, 0)
        body = _body_blocks(content[len(title_lines):], f"{doc_id}.a{position}", ctx)
        title, _ = _title(title_lines, ctx)
        if header.kind == "attachment":
            title = header.rest  # "附件1：登记表" carries its title on the header line
        header_span = cover([Span(header.start, header.end)] + [Span(line.start, line.end) for line in title_lines])
        index = by_number.pop(number, None)
        if index is not None:
            result[index] = replace(result[index], body=body, header_span=header_span)
        else:
            result.append(Attachment(number=number, title=title, omitted=False, body=body, span=header_span,
                                     header_span=header_span))
    return result


# --------------------------------------------------------------------------- bodies


def _body_blocks(lines: list[Line], id_prefix: str, ctx: _Context) -> tuple:
    lines = _demote_lists(_demote_contents_listing(lines))
    items = []
    for unit in _units(lines, ctx):
        items.extend(_unit_items(unit, ctx))
    blocks, diagnostics = fold_sections(ctx.with_entities(items), id_prefix)
    ctx.diagnostics.extend(diagnostics)
    return blocks


def _demote_contents_listing(lines: list[Line]) -> list[Line]:
    """A 目录 inside a body lists the headings that follow; its lines are text, not sections.

    The listing runs from the 目录 line to the line before the first repeat of its first entry.
    """
    for index, line in enumerate(lines):
        if line.kind != "toc_title" or index + 1 >= len(lines):
            continue
        first = lines[index + 1].text
        repeat = next((j for j in range(index + 2, len(lines)) if lines[j].text == first), None)
        if repeat is None:
            return lines
        demoted = [replace(item, kind="text", style=None, marker=None) for item in lines[index:repeat]]
        return lines[:index] + demoted + lines[repeat:]
    return lines


_LIST_STYLES = (SectionStyle.ARABIC, SectionStyle.PAREN_ARABIC, SectionStyle.CIRCLED)
_MIN_LIST_RUN = 3


def _is_list_item(line: Line, rest: str) -> bool:
    """A numbered line that is one whole sentence: 1.北京市大力推进外国人来华工作许可制度改革。
    ``rest`` is its text after the marker, with the lines a fixed-width wrap cut it into."""
    rest = rest.rstrip()
    return (line.kind == "heading" and line.style in _LIST_STYLES and rest[-1:] in ("。", "；", ";")
            and not any(mark in rest[:-1] for mark in "。；;"))


def _demote_lists(lines: list[Line]) -> list[Line]:
    """Numbered lines standing one after another are a list, not sections, when three of them in a row
    are one sentence each; the list then runs on over every directly following line that carries the
    next number, whatever its shape. Lines are read with the lines a wrap cut them into."""
    result = list(lines)
    starts = [i for i in range(len(result)) if i == 0 or not result[i - 1].continued]
    rests = [result[i].rest + "".join(line.text for line in _wrapped_run(result, i)[1:])
             if result[i].kind == "heading" else "" for i in starts]
    for position, rest in zip(starts, rests):
        if _runs_on_inline(result[position], rest):
            result[position] = replace(result[position], kind="text", style=None)
    logical = [result[i] for i in starts]
    index = 0
    while index < len(logical):
        end = index
        while end < len(logical) and _is_list_item(logical[end], rests[end]) and _next_in_list(logical, index, end):
            end += 1
        if end - index < _MIN_LIST_RUN:
            index += 1
            continue
        while end < len(logical) and logical[end].kind == "heading" and _next_in_list(logical, index, end):
            end += 1
        for position in starts[index:end]:
            result[position] = replace(result[position], kind="text", style=None)
        index = end
    return result


def _runs_on_inline(line: Line, rest: str) -> bool:
    """（1）有专职工作人员；（2）有…；（3）… — a numbered line that holds the next numbers itself is a
    running enumeration: it stays one paragraph of text."""
    if line.kind != "heading" or line.marker_number is None:
        return False
    following = line.marker_number + 1
    if line.style is SectionStyle.PAREN_ARABIC:
        pattern = rf"[(（]\s*{following}\s*[)）]"
    elif line.style is SectionStyle.PAREN_HANZI and following <= len(_HAN_NUMERALS):
        pattern = rf"[(（]{_HAN_NUMERALS[following - 1]}[)）]"
    elif line.style is SectionStyle.ARABIC:
        pattern = rf"(?<![0-9.．]){following}[.．、](?![0-9])"
    elif line.style is SectionStyle.CIRCLED and following <= 20:
        pattern = chr(0x2460 + following - 1)
    else:
        return False
    return re.search(pattern, rest) is not None


_HAN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                 "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十")


def _next_in_list(lines: list[Line], first: int, index: int) -> bool:
    return (lines[index].style is lines[first].style
            and lines[index].marker_number == (lines[first].marker_number or 0) + (index - first))


def _units(lines: list[Line], ctx: _Context) -> list[list[Line]]:
    """Group lines into paragraphs (a line that a page break or wrap cut is joined to the next) and
    tables (consecutive rows of TAB-separated cells, as the HTML and PDF readers write them)."""
    units: list[list[Line]] = []
    markdown = ctx.markdown
    for line in lines:
        if _is_table_row(line, markdown):
            # a Markdown pipe table ends at a blank line (the next is a table of its own)
            if units and _is_table_row(units[-1][-1], markdown) \
                    and not (markdown and line.blank_before and _is_pipe_row(line)):
                units[-1].append(line)
            else:
                units.append([line])
        elif units and not _is_table_row(units[-1][-1], markdown) and _continues(units[-1], line, ctx):
            units[-1].append(line)
        else:
            units.append([line])
    return units


def _continues(unit: list[Line], line: Line, ctx: _Context) -> bool:
    first, last = unit[0], unit[-1]
    if line.kind not in joinable_kinds or line.cut_before or (line.md_prefix or "").startswith("#"):
        return False  # a Markdown heading line ("## …") starts a block of its own
    if last.continued:
        return True  # a fixed-width wrap cut the line: the next one goes on with it
    if ctx.markdown and line.blank_before:
        return False  # in Markdown a blank line ends a paragraph, whatever its last character
    if line.kind == "heading" and not ends_open(last.text):
        return False  # a heading-like line continues a paragraph only after an open 、，（“ …
    if first.kind == "heading":
        # A heading joins the next line only when paragraph text follows its marker on the line.
        if len(unit) == 1 and not _is_article_text(first) and _RUN_IN_STOP not in first.rest.rstrip(_RUN_IN_STOP):
            return False
    elif first.kind not in ("text", "attachment"):
        return False
    return is_unfinished(_reading(last, ctx))


def _reading(line: Line, ctx: _Context) -> str:
    """The line as read: in Markdown, escapes and character references count as the characters they stand for."""
    if ctx.markdown and ("\\" in line.text or "&" in line.text):
        builder = TextBuilder(ctx.text, markdown=True)
        builder.add(line.content_start, line.end)
        return builder.result()[0]
    return line.text


def _is_table_row(line: Line, markdown: bool = False) -> bool:
    # A row may start with 一、 or （一） (a table of a report): a TAB makes it a row, not a heading.
    # In Markdown a pipe table row (| a | b |) is a row too.
    return "\t" in line.text or (markdown and _is_pipe_row(line))


def _is_pipe_row(line: Line) -> bool:
    """``| a | b |``: a line that starts and ends with an unescaped pipe (GitHub-flavoured tables)."""
    text = line.text.rstrip(" \t\u3000")
    return (line.md_prefix is None and len(text) >= 2 and text.startswith("|") and text.endswith("|")
            and not _escaped_end(text))


def _escaped_end(text: str) -> bool:
    """Whether the last character of ``text`` is escaped by an odd run of backslashes before it."""
    run = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return run % 2 == 1


_PIPE_DELIMITER = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t\u3000]*")


def _pipe_cells(row: Line, ctx: _Context) -> tuple[str, ...]:
    """The cells of a pipe table row: split at unescaped pipes, each cell's Markdown escapes read."""
    text = ctx.text
    line_end = _LINE_END.search(text, row.end)
    end = line_end.start() if line_end else len(text)
    bounds = []
    index = row.content_start
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "|":
            bounds.append(index)
        index += 1
    cells = []
    for left, right in zip(bounds, bounds[1:]):
        raw = text[left + 1:right]
        if not raw.strip(" \t\u3000"):
            cells.append("")
            continue
        builder = TextBuilder(text, markdown=True)
        builder.add(left + 1, right)
        cells.append(builder.result(strip=False)[0].strip(" \t\u3000"))
    return tuple(cells)


def _unit_items(unit: list[Line], ctx: _Context) -> list:
    first = unit[0]
    if _is_table_row(first, ctx.markdown):
        return [_table(unit, ctx)]
    if first.kind == "heading":
        return _heading_items(unit, ctx)
    builder = TextBuilder(ctx.text, markdown=ctx.markdown)
    for line in unit:
        builder.add(line.content_start, line.end, span_start=line.start)
    return [_paragraph(builder, ctx)]


def _table(rows: list[Line], ctx: _Context) -> Table:
    if not (ctx.markdown and any(_is_pipe_row(row) for row in rows)):
        return Table(rows=tuple(_row_cells(row, ctx) for row in rows), span=Span(rows[0].start, rows[-1].end))
    cells = []
    for index, row in enumerate(rows):
        if "\t" in row.text or not _is_pipe_row(row):
            cells.append(_row_cells(row, ctx))
        elif _PIPE_DELIMITER.fullmatch(row.text):
            continue  # the |---|---| line under a pipe table's header
        else:
            row_cells = _pipe_cells(row, ctx)
            delimiter_next = index + 1 < len(rows) and _PIPE_DELIMITER.fullmatch(rows[index + 1].text)
            if delimiter_next and not any(row_cells):
                continue  # an empty header: the table has no header row of its own
            cells.append(row_cells)
    return Table(rows=tuple(cells), span=Span(rows[0].start, rows[-1].end))


_LINE_END = re.compile(r"[\r\n]")


def _row_cells(row: Line, ctx: _Context) -> tuple[str, ...]:
    """The cells of a TAB-separated row, empty leading and trailing cells included (the line's
    indentation and trailing blanks are cells too, so they are read from the whole physical line)."""
    text = ctx.text
    begin = row.content_start if row.md_prefix else _physical_line_start(text, row.start)
    line_end = _LINE_END.search(text, row.end)
    end = line_end.start() if line_end else len(text)
    if ctx.markdown:  # escapes and character references (a leading TAB may be written &#9;)
        builder = TextBuilder(text, markdown=True)
        builder.add(begin, end)
        raw = builder.result(strip=False)[0]
    else:
        raw = text[begin:end]
    return tuple(cell.strip(" \u3000") for cell in raw.split("\t"))


def _physical_line_start(text: str, start: int) -> int:
    """The offset just after the line break before ``start`` (0 on the first line).

    Only the line's indentation lies between the two, so this walks back over it rather than
    searching the text before the line (``rfind(..., 0, start)``), which made a table of many
    rows in a long text quadratic when the line break it looked for was not there (CR in LF text).
    """
    begin = start
    while begin > 0 and text[begin - 1] not in "\r\n":
        begin -= 1
    return begin


def _paragraph(builder: "TextBuilder", ctx: _Context) -> Paragraph:
    text, positions = builder.result()
    return ctx.entities_later(Paragraph(text=text, entities=(), span=builder.span()), text, positions)


def _is_article_text(line: Line) -> bool:
    """第一条　为了…，制定本办法。 — what follows an article's marker is its first paragraph (款), unless
    it is a short caption without punctuation (第一条【立法目的】)."""
    return line.style is SectionStyle.ARTICLE and (any(c in line.rest for c in _CLAUSE_MARKS)
                                                   or len(line.rest) > _MAX_ARTICLE_HEADING)


def _heading_items(unit: list[Line], ctx: _Context) -> list:
    """A heading line's section heading and, for a run-in heading, the paragraph that follows it.

    The heading line is read with the lines a fixed-width wrap cut it into: its text after the
    marker is a list of source stretches (one per physical line).
    """
    first = unit[0]
    run = _wrapped_run(unit, 0)
    stretches = [(first.rest_start, first.end, first.start)] + [(line.content_start, line.end, line.start)
                                                               for line in run[1:]]
    rest = first.rest if len(run) == 1 else "".join(ctx.text[begin:end] for begin, end, _ in stretches)
    stop = rest.find(_RUN_IN_STOP)
    run_in = stop != -1 and (rest[stop + 1:].strip() or len(unit) > len(run))
    if first.style is SectionStyle.ARTICLE and (len(unit) > 1 or _is_article_text(first)):
        # 第一条　为了…，制定本办法。 — an article's text is its first paragraph (款), not a heading.
        heading_text, heading_end, body_start = "", first.rest_start, first.rest_start
    elif run_in and stop <= _MAX_RUN_IN_HEADING:
        heading_text = rest[:stop]
        heading_end = _source_offset(stretches, stop + 1)
        body_start = heading_end
    elif run_in:
        heading_text, heading_end, body_start = "", first.rest_start, first.rest_start
    else:
        heading_text = rest[:-1] if rest.endswith(_RUN_IN_STOP) else rest
        heading_end, body_start = run[-1].end, None
    heading_builder = TextBuilder(ctx.text, markdown=ctx.markdown, title=True)
    _add_stretches(heading_builder, stretches, first.rest_start, _source_offset(stretches, len(heading_text)))
    heading_clean, heading_positions = heading_builder.result()
    item = HeadingItem(style=first.style, marker=first.marker, number=first.marker_number, heading=heading_clean,
                       heading_span=Span(first.start, max(heading_end, first.start + len(first.marker))),
                       depth=first.level_hint, entities=())
    items: list = [ctx.entities_later(item, heading_clean, heading_positions) if heading_clean else item]
    builder = TextBuilder(ctx.text, markdown=ctx.markdown)
    if body_start is not None:
        _add_stretches(builder, stretches, body_start, run[-1].end)
    for line in unit[len(run):]:
        builder.add(line.content_start, line.end, span_start=line.start)
    if not builder.empty():
        items.append(_paragraph(builder, ctx))
    return items


def _source_offset(stretches: list[tuple[int, int, int]], index: int) -> int:
    """The source offset of character ``index`` of the stretches' joined text (or of their end)."""
    for begin, end, _ in stretches:
        if index <= end - begin:
            return begin + index
        index -= end - begin
    return stretches[-1][1]


def _add_stretches(builder: TextBuilder, stretches: list[tuple[int, int, int]], begin: int, end: int) -> None:
    """Add the parts of ``stretches`` that lie between source offsets ``begin`` and ``end``."""
    if len(stretches) == 1:  # the common case: one physical line
        if begin < end:
            builder.add(begin, end)
        return
    for index, (start, stop, line_start) in enumerate(stretches):
        start, stop = max(start, begin), min(stop, end)
        if start < stop:
            builder.add(start, stop, span_start=line_start if index else None)


__all__ = ["Structure", "build_structure", "split_top_level"]
