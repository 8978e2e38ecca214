"""The bulletin issue's own lines: cover, colophon, running heads, and document heads in bulletin form.

A 政府公报 prints around its documents what belongs to the issue, not to any document:

* the cover: the bulletin's name (``嘉兴市人民政府公报``, often letter-spaced), the issue number
  (``2019年第7期``, ``第7期``, ``总第245期``) and the frequency (``（半月刊）``);
* the colophon (版权页), on the cover or at the back: ``主办：`` ``编辑出版：`` ``地址：`` ``电话：``
  ``邮编：`` ``国内统一连续出版物号：CN 33-1xxx/D`` ``印刷：`` ``出版日期：``, one field a line;
* running heads that a PDF's text keeps between pages: the name with the issue number
  (``嘉兴市人民政府公报 2019年第7期``, repeated on every page), a section head (``·政府文件·``) and
  page numbers (``－3－``).

:func:`take_issue_lines` takes the colophon and the running heads out of the line stream (so no
document's body ends in them), :func:`read_cover` reads the lines before the first document, and
:func:`build_issue` joins what they found into the :class:`~jxparse.ast.Issue`.

Bulletins also print a document's 文号 and date in brackets under its title instead of a sign-off:
``（2019年7月15日 浙政发〔2019〕12号）``. :func:`retype_bulletin_heads` makes such a line a 文号 line
for the structure step and remembers its date; :func:`give_head_dates` gives the date to the document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..ast import Furniture, Issue, Span, cover
from ..data import merge_metadata
from .drafts import DocumentDraft
from .lines import Line, LineKind
from ..numbers import parse_date, to_ascii_digits
from ..vocabulary import ZH_WS, docnum

_BLANKS = " \t\u3000\u00a0"
_WIDE = re.compile(f"[{_BLANKS}]+")
_D = "0-9０-９"

# 2019年第7期 / 第7期 / 总第245期 / （总第245期）, alone or after the name.
_ISSUE_NUMBER = re.compile(rf"(?:(?P<year>[{_D}]{{4}})年)?第(?P<number>[{_D}]{{1,3}})期")
_TOTAL = re.compile(rf"总第(?P<total>[{_D}]{{1,5}})期")
_FREQUENCY = re.compile(r"[(（]?(?P<frequency>半月刊|月刊|旬刊|周刊|双月刊|季刊|双周刊)[)）]?")
# The bulletin's name: ends in 公报 (人民政府公报, 国务院公报, 公报 of a 厅/局).
_NAME = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,30}公报)")
# A line made only of issue parts: name? 2019年第7期? (总第245期)? (半月刊)?
_ISSUE_LINE = re.compile(rf"^(?:[\u4e00-\u9fff]{{2,30}}公报)?(?:(?:[{_D}]{{4}}年)?第[{_D}]{{1,3}}期)?"
                         rf"(?:[(（]?总第[{_D}]{{1,5}}期[)）]?)?(?:[(（]?(?:半月刊|月刊|旬刊|周刊|双月刊|季刊|双周刊)[)）]?)?$")
# A section's running head: ·政府文件· / •部门文件•.
_SECTION_HEAD = re.compile(r"^[·•・‧]\s*[\u4e00-\u9fff]{2,12}\s*[·•・‧]$")
# A page number printed as a line of its own: －3－, - 3 -, — 3 —.
_PAGE_NUMBER = re.compile(rf"^[－\-—–][{_BLANKS}]*[{_D}]{{1,4}}[{_BLANKS}]*[－\-—–]$")

# Colophon labels; the strong ones name a periodical's publishing details and nothing else.
_STRONG_LABELS = ("主办单位", "主办", "主管单位", "主管", "编辑出版", "编辑发行", "国内统一连续出版物号",
                  "国际标准连续出版物号", "出版日期", "印刷单位", "印刷", "编印")
_WEAK_LABELS = ("出版", "发行", "编辑", "地址", "通讯地址", "电话", "联系电话", "传真", "邮编", "邮政编码", "网址",
                "电子邮箱", "邮箱", "定价", "承办", "发送", "准印证号")
_LABELS = sorted(_STRONG_LABELS + _WEAK_LABELS, key=len, reverse=True)
_FIELD = re.compile("^(?P<label>" + "|".join(_LABELS) + r")[ \t\u3000]*[：:]?[ \t\u3000]*(?P<value>\S.*)$")
_SERIAL = re.compile(r"^(?P<label>CN|ISSN)[ \t\u3000]*(?P<value>[0-9A-Za-z][0-9A-Za-z\-/xX]{3,12})$")
_SERIAL_LABELS = {"CN": "国内统一连续出版物号", "ISSN": "国际标准连续出版物号"}


@dataclass
class IssueLines:
    """The issue's lines taken out of the stream, by what they are."""

    colophon: list[Line] = field(default_factory=list)
    running_heads: list[Line] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)


def _compact(text: str) -> str:
    return _WIDE.sub("", text)


# Issue lines, running heads and colophon fields are short; longer lines are never looked at closely.
_MAX_ISSUE_LINE = 60
_LABEL_FIRSTS = frozenset(label[0] for label in _LABELS) | {"C", "I"}


def _field(line: Line) -> tuple[str, str] | None:
    """(label, value) of a colophon line, or None."""
    text = line.text.strip(_BLANKS)
    if not text or text[0] not in _LABEL_FIRSTS:
        return None
    match = _SERIAL.match(text)
    if match:
        return _SERIAL_LABELS[match.group("label")], text
    match = _FIELD.match(text)
    if match is None:
        return None
    label, value = match.group("label"), match.group("value").strip(_BLANKS)
    if label in ("国内统一连续出版物号", "国际标准连续出版物号") or label in _STRONG_LABELS:
        return label, value
    # A weak label must be followed by a separator: 电话：0573-… (not 电话费用…).
    after = text[len(label):].lstrip(_BLANKS)
    return (label, value) if after[:1] in ("：", ":") or text[len(label):len(label) + 1] in _BLANKS else None


def _is_issue_line(line: Line) -> bool:
    if len(line.text) > _MAX_ISSUE_LINE or ("期" not in line.text and "刊" not in line.text):
        return False
    compact = _compact(line.text)
    return bool(compact) and bool(_ISSUE_LINE.match(compact)) and bool(
        _ISSUE_NUMBER.search(compact) or _TOTAL.search(compact) or _FREQUENCY.fullmatch(compact))


def take_issue_lines(lines: list[Line]) -> tuple[list[Line], IssueLines]:
    """The lines without the issue's colophon and running heads, and those lines.

    A colophon is a run of two or more field lines (or issue-number lines) among which at least one
    label only a periodical prints (主办, 编辑出版, 国内统一连续出版物号, 出版日期, 印刷 …). A running
    head is a line of the bulletin's name with or without the issue number that stands more than once
    (a cover prints it once), a ``·section·`` line, or a ``－3－`` page number.
    """
    found = IssueLines()
    repeated = Counter(compact for compact in (_compact(line.text) for line in lines
                                               if line.kind == LineKind.TEXT and len(line.text) <= _MAX_ISSUE_LINE
                                               and "公报" in line.text)
                       if _NAME.match(compact) and _ISSUE_LINE.match(compact))
    kept: list[Line] = []
    cut = False
    index = 0
    no_colophon_before = 0  # a run without a periodical's label has no colophon in any of its tails
    while index < len(lines):
        line = lines[index]
        if index >= no_colophon_before:
            run, end = _colophon_run(lines, index)
            if run:
                found.colophon.extend(lines[index:index + run])
                index += run
                cut = True
                continue
            no_colophon_before = end
        else:
            run = 0
        role = None
        short = line.kind == LineKind.TEXT and len(line.text) <= _MAX_ISSUE_LINE
        if short and repeated and repeated.get(_compact(line.text), 0) >= 2:
            role = "page_header"
        elif short and _SECTION_HEAD.match(line.text.strip(_BLANKS)):
            role = "page_header"
        elif short and _PAGE_NUMBER.match(line.text.strip(_BLANKS)):
            role = "page_number"
        if role is not None:
            if role == "page_header":
                found.running_heads.append(line)
            found.furniture.append(Furniture(kind=role, text=line.text, page=None, span=Span(line.start, line.end)))
            index += 1
            cut = True
            continue
        if cut and kept:
            line = replace(line, blank_before=True, cut_before=True)
        cut = False
        kept.append(line)
        index += 1
    return kept, found


def _colophon_run(lines: list[Line], index: int) -> tuple[int, int]:
    """The length of the colophon run starting at ``index`` (0 for none), and where the run of field
    lines looked at ends."""
    end = index
    strong = False
    fields = 0
    while end < len(lines):
        line = lines[end]
        pair = _field(line) if line.kind in (LineKind.TEXT, LineKind.DATE) else None
        if pair is not None:
            fields += 1
            strong = strong or pair[0] in _STRONG_LABELS or pair[0] in _SERIAL_LABELS.values()
        elif not _is_issue_line(line):
            break
        end += 1
    return (end - index if strong and fields >= 2 else 0), max(end, index + 1)


@dataclass
class Cover:
    """What the lines before the first document said about the issue."""

    lines: list[Line] = field(default_factory=list)
    """The lines read as issue metadata (number, frequency, fields), no longer part of the title."""
    name_lines: list[Line] = field(default_factory=list)


def read_cover(front: list[Line]) -> tuple[list[Line], Cover]:
    """The front lines that remain the bulletin's title, and the cover's issue lines.

    The name line (…公报) stays in the title; issue-number, frequency and colophon lines leave it.
    """
    cover_found = Cover()
    remaining = []
    for line in front:
        compact = _compact(line.text)
        if _NAME.match(compact) and _ISSUE_LINE.match(compact):
            cover_found.name_lines.append(line)
            if _ISSUE_NUMBER.search(compact) or _TOTAL.search(compact):
                cover_found.lines.append(line)  # name and number on one line: the number part is issue data
            remaining.append(line)
        elif _is_issue_line(line) or _field(line) is not None:
            cover_found.lines.append(line)
        else:
            remaining.append(line)
    return remaining, cover_found


def build_issue(cover_found: Cover, taken: IssueLines) -> Issue | None:
    """The issue's metadata from its cover, colophon and running heads, or None where none shows."""
    name = year = number = total = published = None
    details: list[tuple[str, str]] = []
    sources = cover_found.name_lines + cover_found.lines + taken.colophon + taken.running_heads
    for line in sources:
        compact = _compact(line.text)
        match = _NAME.match(compact)
        if match and name is None and _ISSUE_LINE.match(compact):
            name = match.group("name")
        pair = _field(line)
        if pair is not None:
            label, value = pair
            if label == "出版日期" and published is None:
                published = parse_date(value)
            details.append((label, value))
            continue
        issue_number = _ISSUE_NUMBER.search(compact)
        if issue_number and number is None:
            number = int(to_ascii_digits(issue_number.group("number")))
            if issue_number.group("year"):
                year = int(to_ascii_digits(issue_number.group("year")))
        total_number = _TOTAL.search(compact)
        if total_number and total is None:
            total = int(to_ascii_digits(total_number.group("total")))
        frequency = _FREQUENCY.search(compact)
        if frequency and all(key != "刊期" for key, _ in details):
            details.append(("刊期", frequency.group("frequency")))
    if year is None and published is not None:
        year = int(published[:4])
    if name is None and number is None and total is None and not details:
        return None
    return Issue(name=name, year=year, number=number, total_number=total, published=published,
                 details=merge_metadata(details), span=cover(Span(line.start, line.end) for line in cover_found.lines),
                 colophon_span=cover(Span(line.start, line.end) for line in taken.colophon))


# --------------------------------------------------------------------------- heads in bulletin form

_NUMBER_PART = docnum(ZH_WS)
_DATE_PART = (rf"[{_D}]{{4}}[{_BLANKS}]*年[{_BLANKS}]*[{_D}]{{1,2}}[{_BLANKS}]*月[{_BLANKS}]*[{_D}]{{1,2}}[{_BLANKS}]*日"
              r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日")
# （2019年7月15日 浙政发〔2019〕12号） or （浙政发〔2019〕12号 2019年7月15日）, one bracket pair.
_DATED_NUMBER = re.compile(rf"^[(（][{_BLANKS}]*(?:(?P<date1>{_DATE_PART})[{_BLANKS}，,　]*(?P<number1>{_NUMBER_PART})"
                           rf"|(?P<number2>{_NUMBER_PART})[{_BLANKS}，,]*(?P<date2>{_DATE_PART}))[{_BLANKS}]*[)）]$")


def retype_bulletin_heads(lines: list[Line]) -> tuple[list[Line], dict[int, str]]:
    """Lines where each ``（date 文号）`` line under a title is a 文号 line, and the dates by line start."""
    dates: dict[int, str] = {}
    result = []
    for line in lines:
        if line.kind == LineKind.TEXT:
            match = _DATED_NUMBER.match(line.text)
            if match is not None:
                date = parse_date(match.group("date1") or match.group("date2"))
                if date is not None:
                    dates[line.start] = date
                    line = replace(line, kind=LineKind.DOC_NUMBER, text=match.group("number1") or match.group("number2"))
        result.append(line)
    return result, dates


def give_head_dates(documents: list[DocumentDraft], dates: dict[int, str]) -> None:
    """Give each document whose 文号 line carried a date that date, where its text signs with none."""
    for document in documents:
        span = document.doc_number_span
        date = dates.get(span.start) if span is not None else None
        if date is not None and document.date is None:
            document.update(date=date, date_source="text")
