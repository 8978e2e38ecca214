"""Perturbations that add one real-world phenomenon to a clean document, and the facts that must not move.

Each perturbation takes the clean text and the clean parse (so that it knows where the title is and
what the document says) and returns the text as an exporter, a web page or a re-typesetting would
have left it. :func:`facts` reads off what a user relies on: titles, 文号, addressees, dates,
issuers, enclosure and attachment titles, the section skeleton and the money values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jxparse.ast import Amount, Attachment, Bulletin, Document, Paragraph, Section

_SPACES = re.compile(r"[ \t\u3000]+")


def _flat(text: str | None) -> str | None:
    return _SPACES.sub("", text) if text is not None else None


# --------------------------------------------------------------------------- facts


def _blocks_facts(blocks, skeleton: list[str], money: list) -> None:
    for block in blocks:
        if isinstance(block, Section):
            skeleton.append(f"{block.style.value}:{block.number}:{_flat(block.heading)}")
            _entity_money(block.entities, money)
            _blocks_facts(block.children, skeleton, money)
        elif isinstance(block, Paragraph):
            _entity_money(block.entities, money)


def _entity_money(entities, money: list) -> None:
    for entity in entities:
        if isinstance(entity, Amount):
            money.append((entity.value, entity.min, entity.max, entity.per, entity.bound))


def document_facts(document: Document, *, issuer_mark: bool = True) -> dict:
    """What a user reads off one document; ``issuer_mark=False`` leaves the letterhead out."""
    skeleton: list[str] = []
    money: list = []
    _blocks_facts(document.body, skeleton, money)
    attachments = []
    for attachment in document.attachments:
        attachment_skeleton: list[str] = []
        _blocks_facts(attachment.body, attachment_skeleton, money)
        attachments.append((attachment.number, _flat(attachment.title), attachment_skeleton))
    facts = {
        "title": _flat(document.title),
        "doc_number": document.doc_number.text.replace(" ", "") if document.doc_number else None,
        "addressees": [_flat(a) for a in document.addressees],
        "signatories": [_flat(s) for s in document.signatories],
        "date": document.date,
        "sections": skeleton,
        "money": sorted(money, key=repr),
        "attachments": attachments,
        "enclosures": [document_facts(e) for e in document.enclosures],
    }
    if issuer_mark:
        facts["issuer_mark"] = _flat(document.issuer_mark)
    return facts


def facts(bulletin: Bulletin, *, issuer_mark: bool = True) -> dict:
    """The facts of every document and of the issue's table of contents."""
    return {
        "toc": [(_flat(e.title), e.doc_number.text if e.doc_number else None, e.page) for e in bulletin.toc],
        "documents": [document_facts(d, issuer_mark=issuer_mark) for d in bulletin.documents],
    }


# --------------------------------------------------------------------------- perturbations


def _title_line_range(text: str, document: Document) -> tuple[int, int] | None:
    span = document.title_span
    if span is None or not document.title:
        return None
    return span.start, span.end


def export_notice(text: str, bulletin: Bulletin) -> str:
    """A notice that whoever exported the text put above it (a quoted Markdown line)."""
    return "> 本文由某法规数据库提取，仅供学习参考；正式文本以发布机关公布的为准。\n\n" + text


def page_chrome(text: str, bulletin: Bulletin) -> str:
    """Web-page chrome around the text: breadcrumbs, font-size switch, print and close links, QR hint."""
    head = ("首页 > 政务公开 > 政策文件\n字号：大 中 小\n【打印本页】 【关闭窗口】\n收藏\n")
    tail = "\n\n打印本页\n关闭窗口\n扫一扫在手机打开当前页\n"
    return head + text.rstrip("\n") + tail


def metadata_block(text: str, bulletin: Bulletin) -> str:
    """A portal's metadata block, one field per line with values on the next line or empty, then the
    title printed again above the document."""
    document = bulletin.documents[0]
    number = document.doc_number.text if document.doc_number else ""
    issuer = "、".join(document.signatories) if document.signatories else ""
    fields = [("索引号", "000014349/2020-00087"), ("主题分类", "综合政务"), ("发布机构", issuer),
              ("文件编号", number), ("成文日期", ""), ("标题", document.title.replace("\n", "")),
              ("有效性", "有效"), ("主题词", "")]
    block = "".join(f"{label}：\n{value}\n" if value else f"{label}：\n" for label, value in fields)
    return block + "\n" + text


def no_blank_lines(text: str, bulletin: Bulletin) -> str:
    """Paragraphs separated by single newlines: every blank line removed."""
    return re.sub(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+", "\n", text)


def hard_wrap(text: str, bulletin: Bulletin, width: int = 40) -> str:
    """Every line cut at ``width`` characters, without indentation (a fixed-width export)."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip(" \u3000")
        if len(stripped) <= width or "\t" in line:
            out.append(line)
            continue
        out.extend(stripped[i:i + width] for i in range(0, len(stripped), width))
    return "\n".join(out)


def split_title(text: str, bulletin: Bulletin) -> str:
    """The first document's title set over two lines (as a typeset head breaks it)."""
    document = bulletin.documents[0]
    where = _title_line_range(text, document)
    if where is None:
        return text
    start, end = where
    line = text[start:end]
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] in "\r\n")
    if "\n" in line or len(line) < 12 or not whole_line:
        return text  # a title sharing its line with other text (a glued 令 head) is not set apart
    middle = len(line) // 2
    # Never inside 《…》 or a bracket pair: move the cut to a place outside every pair.
    depth = 0
    cuts = []
    for index, char in enumerate(line):
        if char in "《（(〔[":
            depth += 1
        elif char in "》）)〕]":
            depth -= 1
        elif depth == 0 and 4 <= index <= len(line) - 4 and _breakable(line[index - 1], char):
            cuts.append(index)
    if not cuts:
        return text
    cut = min(cuts, key=lambda index: abs(index - middle))
    return text[:start] + line[:cut] + "\n" + line[cut:] + text[end:]


def _breakable(before: str, after: str) -> bool:
    """Where a typesetter may break a title: between two ideographs, never inside 第N号 or 〔…〕N号."""
    return all("\u4e00" <= char <= "\u9fff" and char not in "第号令" for char in (before, after))


def letterhead(text: str, bulletin: Bulletin) -> str:
    """A joint letterhead: two issuers stacked, one 文件 beside them, above the first document."""
    document = bulletin.documents[0]
    where = _title_line_range(text, document)
    if where is None:
        return text
    start = document.span.start if document.span is not None else where[0]
    start = text.rfind("\n", 0, start) + 1
    return text[:start] + "某某市人民政府办公室\n某某市财政局\n文件\n\n" + text[start:]


PERTURBATIONS: dict[str, Callable[[str, Bulletin], str]] = {
    "export-notice": export_notice,
    "page-chrome": page_chrome,
    "metadata-block": metadata_block,
    "no-blank-lines": no_blank_lines,
    "hard-wrap-40": hard_wrap,
    "split-title": split_title,
    "letterhead": letterhead,
}
"""Every perturbation by name."""

COMPOSITIONS = [("page-chrome", "no-blank-lines"), ("metadata-block", "hard-wrap-40"),
                ("split-title", "export-notice"), ("letterhead", "no-blank-lines")]
"""Pairs applied one after the other. The second sees the first's text but the clean parse, so a
perturbation that finds its place by the clean parse's spans (split-title, letterhead) comes first."""

LETTERHEAD_MARK = "某某市人民政府办公室 某某市财政局 文件"


