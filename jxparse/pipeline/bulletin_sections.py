"""The sections of a bulletin that are no 公文: 政府令, 人事任免, 政策解读, 大事记, 统计资料.

A bulletin prints them between or after its documents, and most of them have no 文号, so nothing in a
document head announces them. Two pieces of evidence do, and only in a bulletin (a 目录 is there):

* the 目录 lists them: an entry without 文号 whose title stands again, alone on a line, after the
  目录 (``人事任免``, ``2019年7月大事记``);
* the line names a section kind by its end (…任免, …大事记, …解读, 统计资料 …), short and alone.

:func:`section_starts` finds those lines; :func:`shape_section` gives each such document its ``kind``
and its own fields: a 大事记's dated items (``chronicle``), a 解读's author line (``metadata``).
A 政府令 has its 令 number as 文号 (``第12号``), so it is found as a document head already; it gets
the kind 令 from its title, its signer in ``signatories`` and its date from the sign-off.
"""

from __future__ import annotations

import re

from ..ast import ChronicleEntry, Paragraph, TocEntry
from ..data import merge_metadata
from .drafts import DocumentDraft
from .lines import Line, LineKind
from ..numbers import to_ascii_digits

_BLANKS = re.compile(r"[ \t\u3000\u00a0]+")
# Section kinds by the end of their title line, longest first.
_KIND_ENDINGS = (("人事任免", "任免"), ("任免名单", "任免"), ("任免事项", "任免"), ("任免", "任免"),
                 ("政策解读", "解读"), ("解读", "解读"), ("大事记", "大事记"), ("统计资料", "统计"),
                 ("统计数据", "统计"), ("主要统计指标", "统计"), ("经济指标", "统计"))
_MAX_SECTION_TITLE = 40
_SENTENCE = re.compile(r"[。；;，,：:！？]")
_CHRONICLE_DATE = re.compile(r"^(?P<month>[0-9０-９]{1,2})月(?P<day>[0-9０-９]{1,2})日")
_YEAR = re.compile(r"(?P<year>[0-9０-９]{4})[ \t\u3000]*年")
# A 解读's author line: 作者：…, 撰稿：…, 文/…, or (市发展改革委 供稿) / （解读人：…）.
_AUTHOR = re.compile(r"^(?:(?P<label>作者|撰稿|撰文|供稿|解读人|解读单位|来源|文)[：:／/][ \t\u3000]*(?P<value>\S.{0,40})"
                     r"|[(（](?P<inner>[^()（）]{2,30}?)[ \t\u3000]*(?P<word>供稿|撰稿|解读)[)）])$")


def section_kind(title: str | None) -> str | None:
    """The kind of a bulletin section named by ``title`` (任免, 解读, 大事记, 统计), or None."""
    compact = _BLANKS.sub("", title or "")
    for ending, kind in _KIND_ENDINGS:
        if compact.endswith(ending):
            return kind
    return None


def section_starts(lines: list[Line], toc: list[TocEntry], first: int, taken: set[int]) -> list[int]:
    """Indices of lines from ``first`` on that start a bulletin section with no 文号 (see the module
    docstring); ``taken`` holds the indices of lines that are already part of a document head."""
    if not toc:
        return []
    listed = {_BLANKS.sub("", entry.title) for entry in toc if entry.doc_number is None and entry.title}
    starts = []
    for index in range(first, len(lines)):
        line = lines[index]
        if index in taken or line.kind != LineKind.TEXT or line.md_prefix and not line.md_prefix.startswith("#"):
            continue
        compact = _BLANKS.sub("", line.text)
        if not compact or len(compact) > _MAX_SECTION_TITLE or _SENTENCE.search(compact):
            continue
        if compact in listed or (section_kind(compact) is not None and (line.blank_before or line.md_prefix)):
            starts.append(index)
            listed.discard(compact)
    return starts


def shape_section(document: DocumentDraft, year: int | None) -> None:
    """Give ``document`` the kind and the fields of the bulletin section it is, where it is one."""
    kind = section_kind(document.title)
    if kind is None or document.doc_number is not None:
        return
    changes: dict[str, object] = {"kind": document.kind or kind}
    if kind == "大事记":
        title_year = _YEAR.search(document.title)
        known = int(to_ascii_digits(title_year.group("year"))) if title_year else year
        changes["chronicle"] = tuple(_chronicle(document.body, known))
    if kind == "解读" and document.body:
        first = document.body[0]
        match = _AUTHOR.match(first.text) if isinstance(first, Paragraph) else None
        if match is not None:
            label = match.group("label") or match.group("word")
            value = (match.group("value") or match.group("inner")).strip()
            changes["metadata"] = merge_metadata(((label if label != "文" else "作者", value),) + document.metadata)
            changes["body"] = document.body[1:]
            changes["metadata_span"] = first.span
    document.update(**changes)


def _chronicle(blocks, year: int | None) -> list[ChronicleEntry]:
    entries = []
    for block in blocks:
        if isinstance(block, Paragraph):
            match = _CHRONICLE_DATE.match(block.text)
            if match is None:
                continue
            month, day = int(to_ascii_digits(match.group("month"))), int(to_ascii_digits(match.group("day")))
            valid = 1 <= month <= 12 and 1 <= day <= 31
            date = f"{year:04d}-{month:02d}-{day:02d}" if year is not None and valid else None
            entries.append(ChronicleEntry(text=block.text, date=date, month=month if valid else None,
                                          day=day if valid else None, span=block.span))
        elif hasattr(block, "children"):
            entries.extend(_chronicle(block.children, year))
    return entries
