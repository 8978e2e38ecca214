"""Paragraph styles (styles.xml): what the DOCX reader takes from them, following ``w:basedOn``.

Two things only: the numbering a style gives (``w:pPr/w:numPr``, which makes a heading style number
its paragraphs) and the alignment (``w:jc``), which groups consecutive centred or right-aligned
paragraphs into one block. Style names are never used: they do not say what a paragraph is (the
corpus has ``heading 3`` on a 文号 and ``heading 1`` on a news headline).
"""

from __future__ import annotations


class Styles:
    """The paragraph styles of a document, by style id."""

    def __init__(self, root, ns: str) -> None:
        w = "{%s}" % ns
        self.based_on: dict[str, str] = {}
        self.numpr: dict[str, tuple[str | None, int | None]] = {}
        self.jc: dict[str, str] = {}
        self.default: str | None = None
        """The default paragraph style: the style of a paragraph without ``w:pStyle``."""
        self._cache: dict[tuple[str, str | None], object] = {}  # answers per style: asked once a paragraph
        if root is None:
            return

        def val(el, name):
            child = el.find(w + name)
            return None if child is None else child.get(w + "val")

        for style in root.iter(w + "style"):
            if style.get(w + "type") not in (None, "paragraph"):
                continue
            sid = style.get(w + "styleId")
            if not sid:
                continue
            if style.get(w + "default") in ("1", "true", "on") and self.default is None:
                self.default = sid
            based = val(style, "basedOn")
            if based:
                self.based_on[sid] = based
            ppr = style.find(w + "pPr")
            if ppr is None:
                continue
            if val(ppr, "jc"):
                self.jc[sid] = val(ppr, "jc")
            numpr = ppr.find(w + "numPr")
            if numpr is not None:
                self.numpr[sid] = (val(numpr, "numId"), _int(val(numpr, "ilvl")))

    def chain(self, style: str | None) -> list[str]:
        """``style`` (None: the default style) and the styles it is based on, nearest first; loops cut."""
        style = style or self.default
        chain: list[str] = []
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            chain.append(style)
            style = self.based_on.get(style)
        return chain

    def numbering(self, style: str | None) -> tuple[str | None, int | None]:
        """The (numId, ilvl) a paragraph style gives, each taken from the nearest style that sets it."""
        key = ("numbering", style)
        if key not in self._cache:
            self._cache[key] = self._numbering(style)
        return self._cache[key]

    def _numbering(self, style: str | None) -> tuple[str | None, int | None]:
        num_id = ilvl = None
        for sid in self.chain(style):
            if sid in self.numpr:
                snum, slvl = self.numpr[sid]
                num_id = num_id if num_id is not None else snum
                ilvl = ilvl if ilvl is not None else slvl
                if num_id is not None and ilvl is not None:
                    break
        return num_id, ilvl

    def alignment(self, style: str | None) -> str | None:
        """The paragraph alignment (``w:jc``) a paragraph style gives."""
        key = ("alignment", style)
        if key not in self._cache:
            self._cache[key] = next((self.jc[sid] for sid in self.chain(style) if sid in self.jc), None)
        return self._cache[key]


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None
