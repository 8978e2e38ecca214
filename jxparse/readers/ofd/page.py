"""The objects of one OFD page (or template page) as glyph boxes and ruled lines, in PDF points.

A glyph's box: its object's ``Boundary`` origin + ``CTM`` applied to the pen position (``TextCode``
``X``/``Y`` and the ``DeltaX``/``DeltaY`` advances, ``g N width`` expanded) and to a box of the font
size; the glyphs go, as plain tuples in :class:`~jxparse.readers.layout.Char` order, to the layout
step the PDF engines use. Straight rules of visible ``PathObject`` elements become the segments the
table finder (:mod:`~jxparse.readers.pdf_tables`) reads.
"""

from __future__ import annotations

import unicodedata
from math import hypot

from ...ast import Furniture
from .package import Package, local

MM = 72 / 25.4
"""PDF points per millimetre: OFD measures in millimetres, ``bbox`` is in points."""
MAX_GLYPHS_PER_PAGE = 1_000_000
"""Bound on the glyphs of one page (its own and its templates' each): a real page holds a few thousand."""
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_ASCENT, _DESCENT = 0.86, 0.14
"""Where a glyph's box lies around its baseline, as fractions of the font size (OFD has no metrics)."""


class PageObjects:
    """The glyphs and ruled lines of one page's (or template page's) content, in points, top-left origin."""

    def __init__(self, package: Package, entry: str, box: tuple[float, float, float, float]) -> None:
        self.package = package
        self.entry = entry
        self.box = box
        self.left, self.top = box[0], box[1]
        self.chars: list[tuple] = []
        self.turned: dict[int, list[tuple]] = {}
        self.hsegs: list[tuple[float, float, float]] = []
        self.vsegs: list[tuple[float, float, float]] = []
        self.images = 0
        self.glyphs = 0
        self.textless = 0
        self.texts: dict[str, str] = {}
        """Text object ID -> its text."""
        """Text objects with glyph indexes (CGTransform) but no Unicode text."""

    def has_text(self) -> bool:
        """Whether any text object here gave a glyph."""
        return bool(self.chars) or any(self.turned.values())

    def walk(self, content) -> None:
        """Read the objects of a ``Content`` element, layers and blocks nested in drawing order."""
        if content is None:
            return
        stack = [iter(content)]
        while stack:
            for element in stack[-1]:
                tag = element.tag
                if not isinstance(tag, str):  # a comment or processing instruction
                    continue
                if tag.endswith("}TextObject") or tag == "TextObject":
                    self._text(element)
                    continue
                kind = local(tag)
                if kind == "PathObject":
                    self._path(element)
                elif kind == "ImageObject":
                    self.images += 1
                elif kind in ("Layer", "PageBlock", "CompositeObject"):
                    stack.append(iter(element))
                    break
            else:
                stack.pop()

    def _frame(self, element):
        """The object's transform (a, b, c, d, e, f) from its space to the space of its Boundary, the
        Boundary's origin on the page (mm) and its width and height, or None when unusable."""
        boundary = _floats(element.get("Boundary"), 4)
        ctm = element.get("CTM")
        ctm = _floats(ctm, 6) if ctm else _IDENTITY
        if boundary is None or ctm is None:
            return None
        return ctm, (boundary[0] - self.left, boundary[1] - self.top), (boundary[2], boundary[3])

    def _text(self, element) -> None:
        frame = self._frame(element)
        size = _float(element.get("Size"))
        # (the children's tags end the same in every namespace: cheaper than a namespaced search)
        codes = [child for child in element if isinstance(child.tag, str) and child.tag.endswith("TextCode")]
        if not any(code.text for code in codes):
            # glyphs drawn from glyph indexes alone (CGTransform) with no Unicode text: nothing to read
            if any(isinstance(child.tag, str) and child.tag.endswith("CGTransform") for child in element):
                self.textless += 1
            return
        object_id = element.get("ID")
        if object_id is not None:  # for the tag files, which name objects by ID
            self.texts[object_id] = "".join(code.text or "" for code in codes)
        if frame is None or size is None:
            if any((code.text or "").strip() for code in codes):
                raise self.package.error(
                    f"text object {element.get('ID')!r} has no usable Boundary, CTM or Size: its text cannot be "
                    "placed", self.entry)
            return
        (a, b, c, d, e, f), (ox, oy), (bw, _) = frame
        hscale = _float(element.get("HScale")) or 1.0
        glyph_size = size * hypot(c, d) * MM  # the size across the line, in points
        direction = 0 if b == 0 and a > 0 else _direction(a, b)
        out = self.chars.append if direction == 0 else self.turned.setdefault(direction, []).append
        upright = b == 0 and c == 0 and a > 0 and d > 0
        up, down = _ASCENT * size, _DESCENT * size
        # upright objects (nearly all): page points straight from the pen position
        ax, ex, dy_, fy = a * MM, (e + ox) * MM, d * MM, (f + oy) * MM
        right = (ox + bw) * MM  # the Boundary's right edge, in points
        em_size = size * hscale
        narrow_limit = 1.2 * size
        em_of = _EM_WIDTHS.get
        pen_x = pen_y = None
        for code in codes:
            text = code.text or ""
            x = _float(code.get("X"))
            y = _float(code.get("Y"))
            x = pen_x if x is None else x
            y = pen_y if y is None else y
            if x is None or y is None:
                if not text.strip():
                    continue
                raise self.package.error(
                    f"text object {element.get('ID')!r}: the text {text[:20]!r} has no position (TextCode X/Y "
                    "missing)", self.entry)
            if len(text) > MAX_GLYPHS_PER_PAGE - self.glyphs:
                raise self.package.error(
                    f"more than {MAX_GLYPHS_PER_PAGE} glyphs on one page: not a document page; refused", self.entry)
            self.glyphs += len(text)
            dx = _deltas(code.get("DeltaX"), len(text))
            dy = _deltas(code.get("DeltaY"), len(text))
            n_dx = len(dx)
            n_dy = len(dy)
            top = dy_ * (y - up) + fy
            bottom = dy_ * (y + down) + fy
            for i, ch in enumerate(text):
                em = em_of(ch)
                if em is None:
                    em = _em_width(ch)
                estimate = em_size * em
                # the glyph's own width, as a PDF engine gives it: the advance includes the spacing
                # that office software puts between CJK and digits ("第 24 次"), and that spacing is a
                # gap the layout reads as a space; a narrow punctuation mark takes its whole advance,
                # as it does in CJK fonts, which set it in a wider box than Latin fonts do
                if i < n_dx:
                    step = dx[i]
                    if step <= 0:
                        width = estimate
                    elif step < estimate or em < 1.0 and step <= narrow_limit and not ch.isalnum():
                        width = step
                    else:
                        width = estimate
                else:
                    width = step = estimate
                if upright:
                    x0 = ax * x + ex
                    x1 = x0 + ax * width
                    if x0 < right < (x0 + x1) / 2:
                        # the Boundary encloses the ink: a box whose middle falls outside it was
                        # estimated too wide (a narrow 、 set alone), and would leave its table cell
                        x1 = right
                    out((ch, x0, top, x1, bottom, glyph_size))
                else:
                    xs = []
                    ys = []
                    for px, py in ((x, y - up), (x + width, y - up), (x, y + down), (x + width, y + down)):
                        xs.append(a * px + c * py + e)
                        ys.append(b * px + d * py + f)
                    out((ch, (min(xs) + ox) * MM, (min(ys) + oy) * MM, (max(xs) + ox) * MM, (max(ys) + oy) * MM,
                         glyph_size))
                # (otherwise the Boundary does not cut a box: a PDF engine gives the advance, so a
                # full-width 〕 keeps its full em, as in a PDF of the same page)
                x += step
                if i < n_dy:
                    y += dy[i]
                    top = dy_ * (y - up) + fy
                    bottom = dy_ * (y + down) + fy
            pen_x, pen_y = x, y

    def _path(self, element) -> None:
        """The axis-parallel straight segments of a visible path (table rules), in points, top-left origin."""
        frame = self._frame(element)
        data = element.findtext("{*}AbbreviatedData")
        if frame is None or not data:
            return
        stroke = element.get("Stroke", "true") != "false"
        fill = element.get("Fill", "false") == "true"
        visible = (stroke and not _white(element.find("{*}StrokeColor"), default_black=True)) or (
            fill and not _white(element.find("{*}FillColor"), default_black=True))
        if not visible:
            return
        (a, b, c, d, e, f), (ox, oy), _ = frame
        e, f = e + ox, f + oy
        tokens = data.split()
        # an outline drawing (a letterhead or a seal drawn as curves, a glyph's outline) holds no rules
        if len(tokens) > 2000 or fill and any(op in ("B", "Q", "A") for op in tokens):
            return
        segments = []
        current = start = None
        i = 0
        try:
            while i < len(tokens):
                op = tokens[i]
                if op in ("M", "S"):
                    current = start = (float(tokens[i + 1]), float(tokens[i + 2]))
                    i += 3
                elif op == "L":
                    point = (float(tokens[i + 1]), float(tokens[i + 2]))
                    if current is not None:
                        segments.append((current, point))
                    current = point
                    i += 3
                elif op == "Q":
                    current = (float(tokens[i + 3]), float(tokens[i + 4]))
                    i += 5
                elif op == "B":
                    current = (float(tokens[i + 5]), float(tokens[i + 6]))
                    i += 7
                elif op == "A":
                    current = (float(tokens[i + 6]), float(tokens[i + 7]))
                    i += 8
                elif op == "C":
                    if current is not None and start is not None and current != start:
                        segments.append((current, start))
                    current = start
                    i += 1
                else:  # an unknown operator: the rest cannot be read
                    break
        except (IndexError, ValueError):
            pass
        for (x0, y0), (x1, y1) in segments:
            p0 = ((a * x0 + c * y0 + e) * MM, (b * x0 + d * y0 + f) * MM)
            p1 = ((a * x1 + c * y1 + e) * MM, (b * x1 + d * y1 + f) * MM)
            if abs(p0[1] - p1[1]) < 0.5 and abs(p1[0] - p0[0]) >= 1:
                self.hsegs.append((p0[1], min(p0[0], p1[0]), max(p0[0], p1[0])))
            elif abs(p0[0] - p1[0]) < 0.5 and abs(p1[1] - p0[1]) >= 1:
                self.vsegs.append((p0[0], min(p0[1], p1[1]), max(p0[1], p1[1])))


def page_input(number: int, box, chars, turned, hsegs, vsegs):
    """What the layout step takes for a page: its size in points, glyphs, tables from its rules."""
    from ..layout import PageInput  # noqa: PLC0415
    from ..pdf_tables import close_open_tables, find_tables  # noqa: PLC0415

    tables = []
    if len(hsegs) + len(vsegs) >= 4:
        tables = find_tables(hsegs + close_open_tables(hsegs, vsegs), vsegs)
    # a grid of rules with (nearly) no text in its cells (an ornamental border, a drawing) is no table
    tables = [t for t in tables if any(len(row) >= 2 for row in t) and _holds_text(t, chars)]
    turned = {direction: glyphs for direction, glyphs in turned.items() if glyphs}
    return PageInput(number, box[2] * MM, box[3] * MM, chars, tables, turned)


def _holds_text(table, chars) -> bool:
    """Whether a table found from the rules is one: at least three in ten of its cells hold a glyph
    (an ornamental border or a drawing gives grids of empty cells, each an empty row of tabs)."""
    x0 = min(box[0] for row in table for box in row)
    top = min(box[1] for row in table for box in row)
    x1 = max(box[2] for row in table for box in row)
    bottom = max(box[3] for row in table for box in row)
    inside = []
    for glyph in chars:
        mx, my = (glyph[1] + glyph[3]) / 2, (glyph[2] + glyph[4]) / 2
        if x0 <= mx <= x1 and top <= my <= bottom and glyph[0].strip():
            inside.append((mx, my))
    if not inside:
        return False
    cells = [box for row in table for box in row]
    if len(cells) * len(inside) > 2_000_000:  # too big to check cheaply: keep it, as the PDF engines do
        return True
    filled = sum(1 for c0, c_top, c1, c_bottom in cells
                 if any(c0 <= mx <= c1 and c_top <= my <= c_bottom for mx, my in inside))
    return filled >= 0.3 * len(cells)


def template_furniture(page: PageObjects, number: int, box) -> list[Furniture]:
    """The lines of a shared template page's text, as furniture of page ``number``: a running head
    above the middle of the page, a running foot below it."""
    from ..layout import dedupe, group_lines  # noqa: PLC0415

    height = box[3] * MM
    out = []
    for line in group_lines(dedupe(page.chars) + [g for gs in page.turned.values() for g in gs], number):
        kind = "page_header" if (line.top + line.bottom) / 2 < height / 2 else "page_footer"
        out.append(Furniture(kind=kind, text=line.text, page=number))
    return out


def _float(value: str | None) -> float | None:
    """A number, or None for a missing or unreadable one (NaN and infinities pass: the layout step
    reports glyphs whose box is not finite)."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _floats(value: str | None, count: int) -> tuple[float, ...] | None:
    if not value:
        return None
    parts = value.replace(",", " ").split() if "," in value else value.split()
    if len(parts) != count:
        return None
    try:
        return tuple(map(float, parts))
    except ValueError:
        return None


def parse_box(value: str) -> tuple[float, float, float, float] | None:
    """A ``PhysicalBox`` (x, y, width, height in mm), or None unless its width and height are positive."""
    box = _floats(value, 4)
    if box is None or box[2] <= 0 or box[3] <= 0:
        return None
    return box


def _deltas(value: str | None, limit: int) -> list[float]:
    """A DeltaX/DeltaY list, with ``g N width`` (N times width) expanded; unreadable items end it.
    At most ``limit`` items are read (one per glyph: a run has no use for more)."""
    if not value:
        return []
    tokens = value.split()
    if "g" not in tokens:
        try:
            return list(map(float, tokens[:limit]))
        except ValueError:
            pass
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < limit:
        token = tokens[i]
        if token == "g":
            try:
                count = int(tokens[i + 1])
                width = float(tokens[i + 2])
            except (IndexError, ValueError):
                break
            out.extend([width] * max(0, min(count, limit - len(out))))
            i += 3
            continue
        number = _float(token)
        if number is None:
            break
        out.append(number)
        i += 1
    return out


_NARROW_WIDTHS = {
    **dict.fromkeys("il.,:;'|!`I", 0.4), **dict.fromkeys("fjrt()[]{}-/\\ ", 0.45), **dict.fromkeys("mw", 0.9),
    **dict.fromkeys("MW%@", 0.95), **dict.fromkeys("0123456789", 0.56), "J": 0.55,
}


_EM_WIDTHS: dict[str, float] = {}
"""Widths :func:`_em_width` computed, by character (at most ``_EM_CACHE_SIZE``)."""
_EM_CACHE_SIZE = 65536


def _em_width(ch: str) -> float:
    """A glyph's width in ems, where OFD gives none (the last glyph of a run): an em for wide (CJK)
    characters; for others a little more than Helvetica's widths (digits: their common width), so that
    a gap the layout reads as a space is a real one (OFD text keeps its spaces as characters)."""
    if ch.isascii():
        width = _NARROW_WIDTHS.get(ch)
        if width is None:
            width = 0.78 if ch.isupper() else 0.6
    else:
        width = 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.56
    if len(_EM_WIDTHS) < _EM_CACHE_SIZE:
        _EM_WIDTHS[ch] = width
    return width


def _direction(a: float, b: float) -> int:
    """The direction text runs in on the page (counter-clockwise degrees, as the PDF layout counts):
    from the CTM's first row, in OFD's space where y runs downwards."""
    from ..layout import text_direction  # noqa: PLC0415

    return text_direction(a, -b)


def _white(color, *, default_black: bool) -> bool:
    """Whether an OFD colour element (``Value="r g b"``, ``#hex`` values allowed) is white; no element
    means the default colour (black)."""
    if color is None:
        return not default_black
    value = color.get("Value")
    if not value:
        return not default_black
    numbers = []
    for part in value.split():
        try:
            numbers.append(int(part[1:], 16) if part.startswith("#") else float(part))
        except ValueError:
            return False
    return bool(numbers) and all(n >= 242 for n in numbers[:3])
