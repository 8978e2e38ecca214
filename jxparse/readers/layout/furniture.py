"""Page furniture: running headers and footers and page numbers, found over the whole document.

Evidence: a line's place (the top or bottom 15 % of its page), its text's shape (a page number:
``— 3 —``, ``第3页``, ``3/12`` …) and its repetition (the same text, digits ignored, at about the same
place on several pages).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .glyphs import turned_size
from .lines import Line, LineKind


_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]+\s*\d{1,4}\s*[-—–－~～]+|[·•]\s*\d{1,4}\s*[·•]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class FurnitureItem:
    kind: str
    text: str
    page: int


def find_furniture(pages: list[tuple[float, list[Line]]]) -> tuple[set[int], list[FurnitureItem]]:
    """Find running headers, footers and page numbers.

    ``pages`` holds each page's height and lines. Returns the ids (``id(line)``) of furniture lines and
    the furniture in page order. A line is furniture when it lies in the top or bottom band (15 % of the
    page height) and either looks like a page number (``— 3 —``, ``- 3 -``, ``·3·``, ``第3页``, ``3``,
    ``3/12``) or its text (digits ignored) repeats at about the same place on at least two pages (and on
    a fifth of the pages, for long documents).
    """
    n = len(pages)
    cands: list[tuple[str, Line]] = []
    for page_height, lines in pages:
        for ln in lines:
            if ln.kind is not LineKind.TEXT:
                continue
            # sideways text: the bands of its own turned page (a whole page set sideways has its
            # running head and page number sideways too)
            height = page_height if ln.frame is None else turned_size(*ln.frame)[1]
            if ln.bottom <= height * 0.15:
                cands.append(("top", ln))
            elif ln.top >= height * 0.85:
                cands.append(("bottom", ln))
    keys: Counter = Counter()
    for band, ln in cands:
        keys[(band, _DIGITS.sub("#", ln.text.replace(" ", "")), round(ln.top / 12))] += 1
    ids: set[int] = set()
    items = []
    need = max(2, n // 5)
    for band, ln in cands:
        compact = ln.text.replace(" ", "")
        key = (band, _DIGITS.sub("#", compact), round(ln.top / 12))
        repeated = sum(keys.get((key[0], key[1], key[2] + d), 0) for d in (-1, 0, 1)) >= need
        if _PAGE_NUMBER.match(ln.text.strip()) and (n == 1 or repeated or not compact.isdigit()):
            items.append(FurnitureItem("page_number", ln.text, ln.page))
            ids.add(id(ln))
        elif repeated and n > 1:
            items.append(FurnitureItem("page_header" if band == "top" else "page_footer", ln.text, ln.page))
            ids.add(id(ln))
    items.sort(key=lambda f: (f.page, {"page_header": 0, "page_number": 1, "page_footer": 2}[f.kind]))
    return ids, items
