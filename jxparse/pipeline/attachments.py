"""Attachments: the 附件 list under a body, and the attachments' own texts after the sign-off.

Evidence: a 附件 lead (附件：1.… 2.…) with numbered items; after the sign-off, bare 附件N headers,
matched to the listed entries by number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ast import Attachment, SectionStyle, Span, cover
from ..numbers import to_ascii_digits
from .bodies import body_blocks
from .context import BuildContext
from .heads import leading_title, title_text
from .lines import Line, LineKind
from .paragraphs import TextBuilder, is_unfinished, joinable_kinds

_ATTACHMENT_ITEM = re.compile(r"^([0-9０-９]{1,3})[.．、]\s*")

_OMITTED = re.compile(r"[(（]\s*略\s*[)）]\s*$")


def is_list_lead(lines: list[Line], index: int) -> bool:
    """``附件：`` alone on its line with the entry ``1. …`` on the next: the lead of a 附件 list."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (line.kind in (LineKind.ATTACHMENT, LineKind.ATTACHMENT_HEADER) and line.text.rstrip(" \t\u3000").endswith(("：", ":"))
            and not line.rest.strip(" \t\u3000") and following is not None and following.kind == LineKind.HEADING
            and following.style is SectionStyle.ARABIC and following.marker_number == 1)


def take_attachment_list(lines: list[Line], ctx: BuildContext):
    """Take the 附件 list (附件:1. …(略) / 2. …) out of a body; return the other lines and the entries."""
    for index, line in enumerate(lines):
        lead_alone = None
        if is_list_lead(lines, index):
            # "附件：" on a line of its own, the entries numbered below it (a Markdown list)
            lead_alone, items, cursor = line, [[lines[index + 1]]], index + 2
        elif line.kind != LineKind.ATTACHMENT:
            continue
        else:
            items = [[line]]
            cursor = index + 1
        while cursor < len(lines):
            candidate = lines[cursor]
            expected = len(items) + 1
            if candidate.kind == LineKind.HEADING and candidate.style is SectionStyle.ARABIC \
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


def _attachment_entry(item_lines: list[Line], is_lead: bool, ctx: BuildContext) -> Attachment:
    first = item_lines[0]
    has_marker = is_lead or first.kind == LineKind.HEADING
    start = first.rest_start if has_marker else first.content_start
    number = first.marker_number
    if is_lead:
        match = _ATTACHMENT_ITEM.match(first.rest)
        if match:  # 附件：1. 名单 — the number of the first entry follows the lead
            number = int(to_ascii_digits(match.group(1)))
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


def attachment_bodies(lines: list[Line], listed: list[Attachment], doc_id: str, ctx: BuildContext) -> list[Attachment]:
    """Split the text after a sign-off at its 附件 headers and give each attachment its body."""
    groups: list[list[Line]] = []
    for line in lines:
        if line.kind in (LineKind.ATTACHMENT_HEADER, LineKind.ATTACHMENT) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    # Where each listed entry stands in the result; an entry takes the first body given to it.
    by_number = {attachment.number: index for index, attachment in reversed(list(enumerate(listed)))}
    result = list(listed)
    numbered = any(group[0].marker_number is not None for group in groups)
    for position, group in enumerate(groups, start=1):
        header = group[0]
        is_header = header.kind in (LineKind.ATTACHMENT_HEADER, LineKind.ATTACHMENT)
        number = header.marker_number if is_header else None
        if number is None and not numbered and (len(groups) > 1 or 1 in by_number):
            number = position  # 附件 … 附件 … without numbers: they count in order
        content = group[1:] if is_header else group
        title_lines = [] if header.kind == LineKind.ATTACHMENT else leading_title(content, 0)
        body = body_blocks(content[len(title_lines):], f"{doc_id}.a{position}", ctx)
        title, _ = title_text(title_lines, ctx)
        if header.kind == LineKind.ATTACHMENT:
            title = header.rest  # "附件1：登记表" carries its title on the header line
        header_span = cover([Span(header.start, header.end)] + [Span(line.start, line.end) for line in title_lines])
        index = by_number.pop(number, None)
        if index is not None:
            result[index] = replace(result[index], body=body, header_span=header_span)
        else:
            result.append(Attachment(number=number, title=title, omitted=False, body=body, span=header_span,
                                     header_span=header_span))
    return result


__all__ = ["attachment_bodies", "is_list_lead", "take_attachment_list"]
