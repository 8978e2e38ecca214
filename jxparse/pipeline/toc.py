"""Read a bulletin's 目录 (table of contents) in any of the layouts issuers print.

A 目录 entry is a title, perhaps a 文号 and perhaps a page number, under perhaps a category. Issuers
set these in many ways, and this module reads each part from its shape, never from a fixed layout:

* the page at the right end: ``(3)`` ``（3）`` ``3`` ``－3－`` ``-3-`` or a range ``3-5`` / ``3～5``
  (the entry's ``page`` is the first page), after dot leaders of any character (``……`` ``....``
  ``·····`` ``____`` ``－－－``), after blanks, or after a 文号 in brackets;
* the 文号 in ``( )`` / ``（ ）`` or bare, at the end of the title line or on a line of its own (above
  or below the page, which may stand on that line too);
* a title wrapped over several lines: lines without a page or 文号 wait for the line that ends the entry;
* a category as ``【市政府文件】``, as ``一、省政府文件``, or as a short bare line (``省政府文件``) that
  cannot be the first line of a wrapped title (no 关于, no 《, no genre word at its end).

Running heads and page numbers between the pages of a long 目录 are taken out before (jxparse.issue).
:func:`link_entries` then links every entry to the document of the issue it lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..ast import DocNumber, Document, Span, TocEntry
from .lines import Line, LineKind
from ..numbers import to_ascii_digits
from .paragraphs import TextBuilder
from ..vocabulary import ZH_WS, docnum, docnum_serial

_BLANK = " \t\u3000\u00a0"
_DIGITS = "0-9０-９"
# Dot leaders: any run of two or more leader characters (blanks may stand between them).
_LEADER_CHARS = "…⋯·・•‧.．_＿－—-─━ \t\u3000\u00a0"
_DASHES = "－—–\\-─"
# The page at the end of an entry line, in each printed form.
_PAGE = re.compile(
    rf"(?:[(（][{_BLANK}]*(?P<paren>[{_DIGITS}]{{1,4}})[{_BLANK}]*[)）]"
    rf"|[{_DASHES}][{_BLANK}]*(?P<dashed>[{_DIGITS}]{{1,4}})[{_BLANK}]*[{_DASHES}]"
    rf"|(?P<bare>[{_DIGITS}]{{1,4}})(?:[{_BLANK}]*[-－~～—–至][{_BLANK}]*[{_DIGITS}]{{1,4}})?)[{_BLANK}]*$")
# A 文号 at the end of what is left, in brackets or bare: 浙政发〔2019〕12号, 国令第707号.
_NUMBER = rf"{docnum(ZH_WS)}|(?:[\u3400-\u9fff]{{0,12}}令[{_BLANK}]*)?第[{_BLANK}]*{docnum_serial(ZH_WS)}"
_NUMBER_END = re.compile(rf"(?:[(（][{_BLANK}]*(?P<in>{_NUMBER})[{_BLANK}]*[)）]|(?P<bare>{_NUMBER}))[{_BLANK}]*$")
_HANZI_CATEGORY = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．][ \t\u3000]*(?P<name>\S.{0,15})$")
_MAX_CATEGORY = 12
# Words that only a title (or its first wrapped line) holds, never a 目录 category.
_TITLE_WORDS = ("关于", "《", "的通知", "的意见", "的决定", "的批复", "办法", "通知")


@dataclass
class _Parts:
    """What one 目录 line holds: the title text (up to ``title_end``), a 文号 and a page."""

    title_end: int
    """Offset in the source where the line's title text ends (leaders, 文号 and page cut off)."""
    number_text: str | None
    number_at: int
    page: int | None
    empty: bool
    """True when the line holds no title text at all (only a 文号 and/or a page)."""


def read_toc(lines: list[Line], text: str, doc_number_parser, *, markdown: bool = False) -> list[TocEntry]:
    """The entries of the 目录 whose lines (after its heading) are ``lines`` of ``text``.

    ``doc_number_parser(number_text, offset)`` parses a 文号 found at or after ``offset``.
    """
    entries: list[TocEntry] = []
    category = None
    pending: list[Line] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        name = _category(line, pending, following, text)
        if name is not None:
            if pending:
                entries.append(_entry(pending, None, None, category, text, doc_number_parser, markdown))
                pending = []
            category = name
            continue
        parts = _parts(line, text)
        if parts.empty:
            if pending:
                entries.append(_entry(pending, parts, line, category, text, doc_number_parser, markdown))
                pending = []
            elif entries and _adds_to(entries[-1], parts):
                # The 文号 (or page) printed on the line under an entry that already ended.
                last = entries[-1]
                number = last.doc_number or (doc_number_parser(parts.number_text, parts.number_at)
                                             if parts.number_text else None)
                entries[-1] = replace(last, doc_number=number, page=last.page if last.page is not None else parts.page,
                                      span=Span(last.span.start, line.end))
            else:
                pending.append(line)  # a lone number with nothing to add it to: keep it as text
            continue
        pending.append(line)
        if parts.page is not None or parts.number_text is not None:
            entries.append(_entry(pending, parts, line, category, text, doc_number_parser, markdown))
            pending = []
    if pending:
        entries.append(_entry(pending, None, None, category, text, doc_number_parser, markdown))
    return entries


def mark_entry_lines(lines: list[Line], text: str) -> list[Line]:
    """``lines`` with every 目录 line that ends an entry with dot leaders and a page (``…的通知……3``,
    ``（浙政发〔2019〕12号）····5``, ``－5－``) typed ``toc_ref``, so that no document head takes it
    for a title line where no blank line parts the 目录 from the first document.

    Only lines after a 目录 heading and before the first date line (a sign-off: documents have begun)
    are looked at. A 文号 line right under such a line is the entry's too and is typed ``toc_ref`` with
    it, so that no document head starts inside the 目录.
    """
    start = next((i for i, line in enumerate(lines) if line.kind == LineKind.TOC_TITLE), None)
    if start is None:
        return lines
    result = list(lines)
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.kind == LineKind.DATE:
            break
        if line.kind not in (LineKind.TEXT, LineKind.HEADING):
            continue
        if _ends_with_leader_and_page(text[line.content_start:line.end]):
            result[index] = replace(line, kind=LineKind.TOC_REF)
            if index + 1 < len(lines) and lines[index + 1].kind == LineKind.DOC_NUMBER:
                # The entry's 文号 printed under it: part of the entry, never a document head.
                result[index + 1] = replace(lines[index + 1], kind=LineKind.TOC_REF)
    return result


def _ends_with_leader_and_page(content: str) -> bool:
    match = _PAGE.search(content)
    if match is None or match.start() == 0:
        return False
    if match.group("dashed") is not None:
        return True
    before = content[:match.start()].rstrip(_BLANK)
    leaders = len(before) - len(before.rstrip("…⋯·・•‧.．_＿－—-─━"))
    return leaders >= 2


def _adds_to(entry: TocEntry, parts: _Parts) -> bool:
    return (entry.doc_number is None and parts.number_text is not None) or (entry.page is None and parts.page is not None
                                                                             and parts.number_text is None)


def _category(line: Line, pending: list[Line], following: Line | None, text: str) -> str | None:
    """The category a line names, or None for an entry line."""
    if line.kind == LineKind.CATEGORY:
        return line.text.strip("【】" + _BLANK)
    if pending:
        return None  # a title is waiting for its last line: this line goes on with it
    if following is not None and following.kind != LineKind.CATEGORY and _parts(following, text).empty:
        return None  # the 文号 or page of an entry follows: this line is that entry's title
    text = line.text.strip(_BLANK)
    if _PAGE.search(text) and _has_leader_or_blank_before_page(text):
        return None
    if _NUMBER_END.search(text):
        return None
    hanzi = _HANZI_CATEGORY.match(text)
    if hanzi:
        text = hanzi.group("name").strip(_BLANK)
    compact = re.sub(f"[{_BLANK}]", "", text)
    if not compact or len(compact) > _MAX_CATEGORY or any(word in compact for word in _TITLE_WORDS):
        return None
    if any(char in compact for char in "，,。；;：:（）()"):
        return None
    return compact


def _has_leader_or_blank_before_page(text: str) -> bool:
    match = _PAGE.search(text)
    if match is None:
        return False
    before = text[:match.start()]
    return not before or before[-1] in _LEADER_CHARS or before[-1] in ")）" or match.group("bare") is None


def _parts(line: Line, text: str) -> _Parts:
    """Cut the page, the leaders and the 文号 off the end of a 目录 line."""
    content = text[line.content_start:line.end]
    end = len(content)
    page = None
    match = _PAGE.search(content)
    if match and match.start() > 0 and _has_leader_or_blank_before_page(content):
        page = int(to_ascii_digits(match.group("paren") or match.group("dashed") or match.group("bare")))
        end = match.start()
    elif match and match.start() == 0 and match.group("bare") is None:
        page, end = int(to_ascii_digits(match.group("paren") or match.group("dashed"))), 0
    end = len(content[:end].rstrip(_LEADER_CHARS))
    number_text = None
    number_at = line.content_start
    number = _NUMBER_END.search(content, 0, end)
    if number is not None:
        number_text = number.group("in") or number.group("bare")
        number_at = line.content_start + number.start("in" if number.group("in") else "bare")
        end = number.start()
        end = len(content[:end].rstrip(_LEADER_CHARS))
    return _Parts(title_end=line.content_start + end, number_text=number_text, number_at=number_at, page=page,
                  empty=end == 0)


def _entry(title_lines: list[Line], parts: _Parts | None, last: Line | None, category, text: str, doc_number_parser,
           markdown: bool) -> TocEntry:
    builder = TextBuilder(text, markdown=markdown, title=True)
    for line in title_lines:
        end = parts.title_end if (parts is not None and line is last) else line.end
        if end > line.content_start:
            builder.add(line.content_start, end, span_start=line.start)
    title, _ = builder.result()
    number = doc_number_parser(parts.number_text, parts.number_at) if parts and parts.number_text else None
    if number is None and parts is not None and parts.number_text:
        number = _order_number(parts.number_text, parts.number_at, title)
    first = title_lines[0] if title_lines else last
    end_line = last if last is not None else title_lines[-1]
    return TocEntry(title=title, category=category, doc_number=number, page=parts.page if parts else None,
                    span=Span(first.start, end_line.end))


_ORDER = re.compile(rf"第[{_BLANK}]*{docnum_serial(ZH_WS, group='serial')}$")


def _order_number(number_text: str, at: int, title: str) -> DocNumber | None:
    """A 令 number listed alone (第707号 under 中华人民共和国国务院令): the title names the agency, as
    in the document itself."""
    match = _ORDER.search(number_text)
    if match is None or not title:
        return None
    return DocNumber(text=number_text, agency=title, year=None, serial=int(to_ascii_digits(match.group(1))),
                     span=Span(at, at + len(number_text)))


# --------------------------------------------------------------------------- links


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text or "")


def _number_key(document_number) -> tuple | None:
    if document_number is None:
        return None
    return (document_number.agency, document_number.year, document_number.serial)


def link_entries(entries, documents: tuple[Document, ...] | list[Document]) -> tuple[TocEntry, ...]:
    """Each entry with ``document`` set to the id of the document it lists: the one with the same 文号,
    else the one with the same title (whitespace ignored), else the one whose title starts with the
    entry's (a title the 目录 shortened). Each document is linked at most once, in 目录 order."""
    candidates = []
    for document in documents:
        candidates.append(document)
        candidates.extend(document.enclosures)
    used: set[str] = set()

    def find(entry: TocEntry) -> str | None:
        key = _number_key(entry.doc_number)
        title = _compact(entry.title)
        tests = []
        if key is not None:
            tests.append(lambda d: _number_key(d.doc_number) == key)
        if title:
            tests.append(lambda d: _compact(d.title) == title)
            if len(title) >= 8:
                tests.append(lambda d: _compact(d.title).startswith(title) or title.startswith(_compact(d.title) or "\0"))
        for test in tests:
            for document in candidates:
                if document.id not in used and test(document):
                    return document.id
        return None

    linked = []
    for entry in entries:
        found = find(entry)
        if found is not None:
            used.add(found)
        linked.append(replace(entry, document=found) if found != entry.document else entry)
    return tuple(linked)
