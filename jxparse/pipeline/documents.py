"""A document's parts: addressees, body, attachment list, sign-off, notes, and the texts it issues.

Evidence, for each part: addressees are the first line when it ends in a colon and lists organs;
the sign-off is a run of short organ-like lines above a date line; notes are bracketed lines
under the sign-off; a 印发/转发/批转 notice issues the text whose title it names in 《》.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..ast import DocNumber, Severity, Span, cover
from ..numbers import parse_date, to_ascii_digits
from ..vocabulary import ZH_BLANK, docnum_serial, docnum_year
from .attachments import attachment_bodies, is_list_lead, take_attachment_list
from .bodies import body_blocks, line_reading
from .context import BuildContext
from .drafts import DocumentDraft
from .heads import Head, is_title_like, leading_title, NOTE_LINE, ORGAN_ENDINGS, title_text, WIDE_BLANKS, wrapped_run
from .lines import Line, LineKind

_MAX_SIGNATORY_LENGTH = 40

_MAX_SIGNATORY_LINES = 4

# 文种 (genre) words, longest first so that 实施意见 wins over 意见.
_KINDS = sorted(["通知", "通报", "意见", "决定", "批复", "复函", "函", "报告", "请示", "办法", "方案", "规定",
                 "公告", "通告", "令", "决议", "命令", "议案", "纪要", "条例", "细则", "规划", "计划", "要点",
                 "预案", "制度", "规则", "章程", "清单", "公报", "规范", "指引", "指南", "目录", "标准",
                 "名单", "办法(试行)", "通令", "批示"], key=len, reverse=True)

_ISSUING_WORDS = ("印发", "转发", "批转", "颁发", "发布", "公布")

_SPLIT_SIGNATORIES = re.compile(r"\u3000+|[ \t]{2,}")

_BRACKETS = {"(": ")", "（": "）", "〔": "〕", "[": "]", "【": "】", "《": "》", "“": "”", "﹝": "﹞"}


def read_document(lines: list[Line], head: Head, end: int, doc_id: str, ctx: BuildContext) -> DocumentDraft:
    """The draft of the document that ``head`` starts and line ``end`` ends."""
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
    first = lines[head.start] if head.start < end else None
    span = cover([Span(first.start, lines[end - 1].end) if first else None, number_span])
    return _read_parts(lines[body_start:end], doc_id, ctx, title_lines=title_lines, title_span_lines=head.title_lines,
                       head=_HeadFields(doc_number=number, issuer_mark=_issuer_mark(head.issuer_mark),
                                        issuer_mark_span=cover(Span(line.start, line.end) for line in head.issuer_mark),
                                        span=span, doc_number_span=number_span))


@dataclass(slots=True)
class _HeadFields:
    """What a document's head gives its Document beside the title: 文号, issuer mark, the spans."""

    doc_number: DocNumber | None = None
    issuer_mark: str | None = None
    issuer_mark_span: Span | None = None
    span: Span | None = None
    """The whole document's span."""
    doc_number_span: Span | None = None


def _read_parts(lines: list[Line], doc_id: str, ctx: BuildContext, *, title_lines, depth: int = 0,
                head: _HeadFields, title_span_lines=None) -> DocumentDraft:
    """Addressees, body, attachment list, sign-off, notes and what follows, from a document's lines;
    ``head`` gives what the document's head said (an enclosure's head gives only its span)."""
    title, title_positions = title_text(title_lines, ctx)
    title_span = cover(Span(line.start, line.end) for line in (title_span_lines or title_lines))
    index = 0
    addressees: tuple[str, ...] = ()
    addressees_span = None
    addressee_lines = wrapped_run(lines, 0)
    if addressee_lines and _is_addressee_line(addressee_lines):
        addressees = _split_addressees("".join(line_reading(line, ctx) for line in addressee_lines).rstrip("：:"))
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
        cut = next((i for i, line in enumerate(rest) if line.kind == LineKind.ATTACHMENT_HEADER
                    and not is_list_lead(rest, i)), len(rest))
        body_lines, signatory_lines, date_line, after = rest[:cut], [], None, rest[cut:]
    else:
        first_signatory, date_index = signoff
        body_lines = rest[:first_signatory]
        signatory_lines = rest[first_signatory:date_index]
        date_line = rest[date_index]
        after = rest[date_index + 1:]
    notes = []
    while after and after[0].kind == LineKind.TEXT and NOTE_LINE.match(after[0].text):
        notes.append(after.pop(0))
    # Markdown block quotes ("> 本文有删减") are notices about the text, not part of it.
    notes += [line for line in body_lines if line.md_prefix == ">"]
    body_lines = [replace(line, cut_before=True) if index and body_lines[index - 1].md_prefix == ">" else line
                  for index, line in enumerate(body_lines) if line.md_prefix != ">"]
    body_lines, attachment_lists = take_attachment_list(body_lines, ctx)
    attachments = list(attachment_lists)
    enclosures: list[DocumentDraft] = []
    trailing: list[Line] = []
    if after:
        issued_here = issued and _issued_text_start(after, issued, at_start=True) == 0
        if after[0].kind in (LineKind.ATTACHMENT_HEADER, LineKind.ATTACHMENT) and not issued_here:
            attachments = attachment_bodies(after, attachments, doc_id, ctx)
        elif depth < 2 and (issued_here or leading_title(after, 0)):
            label = 1 if after[0].kind == LineKind.ATTACHMENT_HEADER else 0  # a bare 附件 above the issued text
            enclosure_titles = leading_title(after, label)
            enclosure_span = cover(Span(line.start, line.end) for line in (after[0], after[-1]))
            enclosures.append(_read_parts(after[label + len(enclosure_titles):], f"{doc_id}.e1", ctx,
                                          title_lines=enclosure_titles, depth=depth + 1,
                                          head=_HeadFields(span=enclosure_span)))
        else:
            trailing = after
            ctx.warn("after-signoff", "text after the sign-off that is neither an attachment nor an issued "
                     "document is kept at the end of the body", cover(Span(line.start, line.end) for line in after),
                     severity=Severity.INFO)
    body = body_blocks(body_lines + trailing, doc_id, ctx)
    signatories = tuple(name for line in signatory_lines for name in _signatory_names(line_reading(line, ctx)))
    signoff_span = cover([Span(line.start, line.end) for line in signatory_lines]
                         + ([Span(date_line.start, date_line.end)] if date_line else []))
    title_entities = ctx.entity_finder([(title, title_positions)])[0] if title else ()
    return DocumentDraft(
        id=doc_id, title=title, kind=_kind(title), addressees=addressees, body=body,
        doc_number=head.doc_number, issuer_mark=head.issuer_mark, issuer_mark_span=head.issuer_mark_span,
        doc_number_span=head.doc_number_span, page=ctx.page(head.span),
        attachments=tuple(attachments), signatories=signatories,
        date=parse_date(date_line.text) if date_line else None,
        date_source="text" if date_line and parse_date(date_line.text) else None,
        notes=tuple(note_text(line.text) for line in notes), enclosures=tuple(enclosures),
        title_entities=title_entities,
        title_span=title_span, addressees_span=addressees_span, signoff_span=signoff_span,
        notes_span=cover(Span(line.start, line.end) for line in notes),
        span=head.span,
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
        label = 1 if index < len(lines) and lines[index].kind == LineKind.ATTACHMENT_HEADER else 0
        first = index + label
        if first > 0 and lines[first - 1].continued:
            continue  # the middle of a wrapped line starts no title
        printed = ""
        for count in range(_MAX_ISSUED_TITLE_LINES):
            if first + count >= len(lines) or not is_title_like(lines[first + count]):
                break
            printed += _FLAT.sub("", lines[first + count].text)
            if _names_issued_text(printed, names):
                return index
    return None


def _issuer_mark(lines: list[Line]) -> str | None:
    """The letterhead as one string: joint issuers in order, spaced-out characters closed up, 文件 kept."""
    if not lines:
        return None
    names = [WIDE_BLANKS.sub("", line.text) for line in lines]
    return " ".join(name for name in names if name)


def note_text(text: str) -> str:
    """A note without its wrapping brackets: （此件公开发布） -> 此件公开发布."""
    return text[1:-1].strip() if NOTE_LINE.match(text) else text


def _dedupe_title(title_lines: list[Line]) -> list[Line]:
    """Exports print the title twice, line for line: keep one copy (the span still covers both)."""
    half = len(title_lines) // 2
    if half and len(title_lines) % 2 == 0 and [l.text for l in title_lines[:half]] == [l.text for l in title_lines[half:]]:
        return title_lines[:half]
    return title_lines


_ORDER_NUMBER = re.compile(rf"(?:{docnum_year(ZH_BLANK, group='year')}{ZH_BLANK}*)?"
                           rf"第{ZH_BLANK}*{docnum_serial(ZH_BLANK, group='serial')}")


def _order_number(line: Line, title_lines: list[Line], ctx: BuildContext) -> DocNumber | None:
    """A 令 or 公告 number printed alone ("第707号" under "中华人民共和国国务院令", "〔2001〕第 1 号" under
    "中国人民银行令"): the title names the agency; a year in brackets is the number's year."""
    match = _ORDER_NUMBER.search(line.text)
    if not match or not title_lines:
        return None
    title, _ = title_text(title_lines, ctx)
    text = line.text[match.start():match.end()]
    start = line.content_start + match.start()
    year = int(to_ascii_digits(match.group(1))) if match.group(1) else None
    return DocNumber(text=text, agency=title, year=year, serial=int(to_ascii_digits(match.group(2))),
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
    return (all(line.kind == LineKind.TEXT for line in run) and text.endswith(("：", ":")) and "。" not in text
            and len(text) <= 300 * len(run) and not text.startswith(("附件", "抄送")))


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
    return (line.kind == LineKind.TEXT and len(text) <= _MAX_SIGNATORY_LENGTH and not any(c in text for c in "。，,；;：:、“”《》\t")
            and not any(c.isdigit() for c in text) and not NOTE_LINE.match(text))


def _signatory_names(text: str) -> list[str]:
    """Joint issuers stand on one line apart by wide blanks; a title and a name (总理　李克强) are one signatory."""
    parts = [part for part in _SPLIT_SIGNATORIES.split(text.strip()) if part]
    if len(parts) > 1 and sum(part.endswith(ORGAN_ENDINGS) for part in parts) >= 2:
        return parts
    return [" ".join(parts)] if parts else []


def _find_signoff(lines: list[Line]) -> tuple[int, int] | None:
    """(index of the first signatory line, index of the date line) of the first sign-off, or None."""
    for index, line in enumerate(lines):
        if line.kind != LineKind.DATE:
            continue
        first = index
        while first - 1 >= 0 and index - first < _MAX_SIGNATORY_LINES and _is_signatory_like(lines[first - 1]):
            first -= 1
            if lines[first].blank_before and first - 1 >= 0 and lines[first - 1].kind == LineKind.TEXT \
                    and not _is_signatory_like(lines[first - 1]):
                break
        return first, index
    return None


__all__ = ["note_text", "read_document", "split_top_level"]
