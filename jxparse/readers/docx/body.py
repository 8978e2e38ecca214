"""The text of a WordprocessingML story (body, note, header, footer) as blocks, in document order.

A block is a paragraph (its displayed text, automatic number label included) or a table row (cells
joined by TAB). What Word shows is what is read: tracked insertions are kept and deletions dropped
(the document with all changes accepted), a field shows its result and never its code, hidden runs
(``w:vanish``) are not shown, a soft line break is a line break inside the paragraph, a tab is a
space (TAB separates table cells in the extracted text). Text boxes (VML ``v:textbox`` and DrawingML
``wps:txbx``) are read once, after the paragraph that anchors them; of an ``mc:AlternateContent``
only one branch is read (the first ``mc:Choice``, else ``mc:Fallback``), so a box that Word stores
twice (DrawingML and its VML fallback) is not read twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_ALTERNATE = "{%s}AlternateContent" % MC_NS
_MC_CHOICE = "{%s}Choice" % MC_NS
_MC_FALLBACK = "{%s}Fallback" % MC_NS
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_SPACE_CHARS = re.compile(r"[\t\r\n]")
_WPS_DATA = "{http://www.wps.cn/officeDocument/2013/wpsCustomData}"
_DOCFIELD_START = _WPS_DATA + "docfieldStart"
_DOCFIELD_END = _WPS_DATA + "docfieldEnd"
_DOCFIELD_SKIP = frozenset({"正文"})  # the whole body: not metadata
_DOCFIELD_MAX = 400


@dataclass
class Block:
    """One line-level unit of the extracted text."""

    kind: str
    """``para`` or ``row``."""
    text: str
    para: int | None
    """1-based index of the (first) paragraph in the story, in document order; None outside the body."""
    table: int | None = None
    """For rows: which table (rows of one table are rendered on consecutive lines)."""
    align: str | None = None
    """The paragraph's alignment (``center``, ``right`` …) where set directly or by its style."""
    box: int | None = None
    """For paragraphs of a text box: which box (a box's paragraphs are rendered on consecutive lines)."""
    cells: tuple[str, ...] = ()
    """For rows: the cells, ``text`` being them joined by TAB (empty cells at the row's end left out)."""


@dataclass
class Stats:
    """What the walk met that the reader reports in diagnostics."""

    inserted: int = 0
    deleted: int = 0
    deleted_chars: int = 0
    hidden_chars: int = 0
    hidden_sample: str = ""
    boxes: int = 0
    images: int = 0
    alt_chunks: int = 0
    missing_notes: int = 0
    code_chars: int = 0
    broken_fields: bool = False
    numbered: int = 0
    tables: list = field(default_factory=list)
    docfields: list = field(default_factory=list)
    """WPS 公文 element markers: (GB/T 33476 element name, text between start and end), in order."""
    footnote_refs: list = field(default_factory=list)
    endnote_refs: list = field(default_factory=list)


class Walker:
    """Walks one story of a document; keeps field state, paragraph count and statistics."""

    def __init__(self, ns: str, numbering=None, stats: Stats | None = None, count_paragraphs: bool = True) -> None:
        self.w = "{%s}" % ns
        self.numbering = numbering
        self.stats = stats or Stats()
        self.count_paragraphs = count_paragraphs
        self.paragraphs = 0
        self.fields: list[str] = []  # complex fields open: "code" until w:separate, then "result"
        self.ignore_fields = False  # set for a story whose fields do not balance (see balance_fields)
        self.open_docfields: dict[str, tuple[str, list[str]]] = {}  # WPS marker id -> (name, text so far)
        self.tables = 0
        self.boxes = 0
        self.box: int | None = None  # the text box being read
        w = self.w
        self._containers = {w + "sdtContent", w + "customXml", w + "smartTag", w + "hyperlink", w + "fldSimple",
                             w + "ins", w + "moveTo", w + "bdo", w + "dir", w + "sdt"}
        self._skip_inline = {w + "pPr", w + "rPr", w + "sdtPr", w + "sdtEndPr", w + "customXmlPr", w + "smartTagPr",
                             w + "del", w + "moveFrom", w + "instrText", w + "delText", w + "delInstrText",
                             w + "bookmarkStart", w + "bookmarkEnd", w + "proofErr", w + "permStart", w + "permEnd",
                             w + "commentRangeStart", w + "commentRangeEnd", w + "commentReference",
                             w + "lastRenderedPageBreak"}

    def balance_fields(self, story) -> bool:
        """Check that every field of ``story`` that begins also ends. If not, read every text run as
        shown (field results and any text a broken field would hide) rather than lose the rest of the
        document after an unterminated field; returns False then."""
        w = self.w
        depth = 0
        for el in story.iter(w + "fldChar"):
            kind = el.get(w + "fldCharType")
            if kind == "begin":
                depth += 1
            elif kind == "end":
                depth -= 1
                if depth < 0:
                    break
        self.ignore_fields = depth != 0
        return not self.ignore_fields

    # ------------------------------------------------------------------ blocks

    def blocks(self, container) -> list[Block]:
        """The blocks of a block container (body, cell, text box, note, header)."""
        out: list[Block] = []
        self._blocks(container, out)
        return out

    def _blocks(self, container, out: list[Block]) -> None:
        w = self.w
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == w + "p":
                self.paragraph(child, out)
            elif tag == w + "tbl":
                self.table(child, out)
            elif tag in (w + "sdt", w + "sdtContent", w + "customXml", w + "ins", w + "moveTo"):
                if tag in (w + "ins", w + "moveTo"):
                    self.stats.inserted += 1
                self._blocks(child, out)
            elif tag in (w + "del", w + "moveFrom"):
                self._count_deleted(child)
            elif tag == _MC_ALTERNATE:
                branch = self._branch(child)
                if branch is not None:
                    self._blocks(branch, out)
            elif tag == w + "altChunk":
                self.stats.alt_chunks += 1
            elif tag in (_DOCFIELD_START, _DOCFIELD_END):
                self._docfield(child)

    def _count_deleted(self, el) -> None:
        self.stats.deleted += 1
        self.stats.deleted_chars += sum(len(t.text or "") for t in el.iter(self.w + "delText", self.w + "t"))

    @staticmethod
    def _branch(alternate):
        for child in alternate:
            if child.tag == _MC_CHOICE:
                return child
        for child in alternate:
            if child.tag == _MC_FALLBACK:
                return child
        return None

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, p, out: list[Block]) -> None:
        """Append the paragraph (and then the text boxes it anchors) to ``out``."""
        w = self.w
        index = None
        if self.count_paragraphs:
            self.paragraphs += 1
            index = self.paragraphs
        pieces: list[str] = []
        boxes: list[Block] = []
        self._inline(p, pieces, boxes)
        text = "".join(pieces)
        label = None
        align = None
        if self.numbering is not None:
            ppr = p.find(w + "pPr")
            style = num_id = ilvl = None
            if ppr is not None:
                style_el = ppr.find(w + "pStyle")
                style = style_el.get(w + "val") if style_el is not None else None
                jc = ppr.find(w + "jc")
                align = jc.get(w + "val") if jc is not None else None
            align = align or self.numbering.styles.alignment(style)
            if ppr is not None:
                numpr = ppr.find(w + "numPr")
                if numpr is not None:
                    num_el, lvl_el = numpr.find(w + "numId"), numpr.find(w + "ilvl")
                    num_id = num_el.get(w + "val") if num_el is not None else None
                    ilvl_text = lvl_el.get(w + "val") if lvl_el is not None else None
                    ilvl = int(ilvl_text) if ilvl_text and ilvl_text.strip().isdigit() else None
            label = self.numbering.label(style, num_id, ilvl)
        if label is not None and label[0]:
            mark, suffix = label
            self.stats.numbered += 1
            # A tab or space after the label: one space in the text, which the grammar reads as the
            # gap after a heading number; "nothing" joins label and text (一、总体要求).
            text = mark + ("" if suffix == "nothing" else " ") + text
        if text.strip():
            out.append(Block("para", text, index, align=align, box=self.box))
        out.extend(boxes)

    def _inline(self, el, pieces: list[str], boxes: list[Block]) -> None:
        w = self.w
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in self._skip_inline:
                if tag in (w + "del", w + "moveFrom"):
                    self._count_deleted(child)
                continue
            if tag == w + "r":
                self._run(child, pieces, boxes)
            elif tag in self._containers:
                if tag in (w + "ins", w + "moveTo"):
                    self.stats.inserted += 1
                self._inline(child, pieces, boxes)
            elif tag == _MC_ALTERNATE:
                branch = self._branch(child)
                if branch is not None:
                    self._inline(branch, pieces, boxes)
            elif tag in (_DOCFIELD_START, _DOCFIELD_END):
                self._docfield(child)
            elif tag == _MATH_T:
                if self._showing():
                    pieces.append(child.text or "")
            elif tag == w + "p":  # a paragraph nested where only runs belong (broken files): read it
                self.paragraph(child, boxes)
            else:
                self._inline(child, pieces, boxes)

    def _docfield(self, marker) -> None:
        """A WPS 公文 element marker (``wpsCustomData:docfieldStart``/``End``): remember the text it wraps."""
        ident = marker.get("id") or ""
        if marker.tag == _DOCFIELD_START:
            name = (marker.get("docfieldname") or "").strip()
            if name and name not in _DOCFIELD_SKIP:
                self.open_docfields[ident] = (name, [])
        elif ident in self.open_docfields:
            name, pieces = self.open_docfields.pop(ident)
            self.stats.docfields.append((name, "".join(pieces)[:_DOCFIELD_MAX]))

    def _shown(self, pieces: list[str], text: str) -> None:
        pieces.append(text)
        for _, wrapped in self.open_docfields.values():
            if sum(map(len, wrapped)) < _DOCFIELD_MAX:
                wrapped.append(text)

    def _showing(self) -> bool:
        return "code" not in self.fields

    def _run(self, run, pieces: list[str], boxes: list[Block]) -> None:
        w = self.w
        rpr = run.find(w + "rPr")
        hidden = False
        if rpr is not None:
            vanish = rpr.find(w + "vanish")
            hidden = vanish is not None and vanish.get(w + "val", "1") not in ("0", "false", "off")
        for child in run:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == w + "t":
                text = _SPACE_CHARS.sub(" ", child.text or "")
                if hidden:
                    self.stats.hidden_chars += len(text)
                    if len(self.stats.hidden_sample) < 40:
                        self.stats.hidden_sample += text
                elif self._showing():
                    self._shown(pieces, text)
                else:  # text inside a field's code: not displayed (a nested field's result, or a broken field)
                    self.stats.code_chars += len(text)
            elif tag == w + "fldChar":
                if self.ignore_fields:
                    continue
                kind = child.get(w + "fldCharType")
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif hidden or not self._showing():
                continue
            elif tag in (w + "tab", w + "ptab"):
                self._shown(pieces, " ")
            elif tag in (w + "br", w + "cr"):
                self._shown(pieces, "\n")
            elif tag == w + "noBreakHyphen":
                pieces.append("-")
            elif tag == w + "sym":
                pieces.append(_symbol(child.get(w + "char")))
            elif tag == w + "footnoteReference":
                self.stats.footnote_refs.append(child.get(w + "id"))
                pieces.append(f"[注{len(self.stats.footnote_refs)}]")
            elif tag == w + "endnoteReference":
                self.stats.endnote_refs.append(child.get(w + "id"))
                pieces.append(f"[尾注{len(self.stats.endnote_refs)}]")
            elif tag in (w + "drawing", w + "pict", w + "object"):
                self._floating(child, boxes)
            elif tag == _MC_ALTERNATE:
                branch = self._branch(child)
                if branch is not None:
                    self._floating(branch, boxes)

    def _floating(self, el, boxes: list[Block]) -> None:
        """Text boxes (and pictures, which are counted) inside a drawing, picture or alternate content."""
        w = self.w
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _MC_ALTERNATE:
                branch = self._branch(child)
                if branch is not None:
                    self._floating(branch, boxes)
            elif tag == w + "txbxContent":
                self.stats.boxes += 1
                self.boxes += 1
                saved, self.fields = (self.fields, self.box), []
                self.box = self.boxes
                self._blocks(child, boxes)
                self.fields, self.box = saved
            elif tag in (_PIC, _VML_IMAGE):
                self.stats.images += 1
            else:
                self._floating(child, boxes)

    # ------------------------------------------------------------------ tables

    def table(self, tbl, out: list[Block]) -> None:
        """Append a table: a data table as one TAB row per table row, a layout table as its blocks."""
        w = self.w
        rows: list[list[list[Block]]] = []
        nested = False
        starts: list[int] = []  # the index of each row's first paragraph
        for tr in _children(tbl, w + "tr", w):
            starts.append(self.paragraphs + 1)
            cells = []
            for tc in _children(tr, w + "tc", w):
                blocks = self.blocks(tc)
                nested = nested or any(b.kind == "row" for b in blocks) or tc.find(f".//{w}tbl") is not None
                cells.append(blocks)
            rows.append(cells)
        data = not nested and any(sum(1 for c in row if _cell_text(c)) > 1 for row in rows)
        if not data:
            for row in rows:
                for cell in row:
                    out.extend(cell)
            return
        self.tables += 1
        number = self.tables
        count = 0
        cols = 0
        for row, start in zip(rows, starts):
            cells = [_cell_text(c) for c in row]
            if not any(cells):
                continue
            cols = max(cols, len(cells))
            while not cells[-1]:
                cells.pop()  # empty cells at the row's end are not written
            out.append(Block("row", "\t".join(cells), start if self.count_paragraphs else None, number,
                             cells=tuple(cells)))
            count += 1
        self.stats.tables.append((number, count, cols))


def _cell_text(blocks: list[Block]) -> str:
    """A cell's paragraphs on one line, joined by a space (no TAB, no line break inside a cell: a TAB
    that a symbol or a math run put in the text is a space too, as TABs separate the row's cells)."""
    parts = [re.sub(r"\s*\n\s*", " ", b.text).replace("\t", " ").strip(" ") for b in blocks]
    return " ".join(p for p in parts if p)


def _children(el, tag: str, w: str):
    """``tag`` children of ``el``, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (w + "sdt", w + "sdtContent", w + "customXml"):
            yield from _children(child, tag, w)


def _symbol(code: str | None) -> str:
    """The character of a ``w:sym``, as given. Symbol fonts (Wingdings, Symbol) put their glyphs at
    U+F0xx, private-use code points: kept so, since the glyph's meaning depends on the font and
    guessing a Unicode character for it would invent text."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    return chr(value) if 0 < value < 0x110000 and not 0xD800 <= value <= 0xDFFF else ""
