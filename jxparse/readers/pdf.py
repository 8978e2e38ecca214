"""PDF reader: a PDF's text layer -> :class:`~jxparse.readers.SourceText`.

Two engines extract characters with boxes and font sizes, ruling lines and table cells:

- ``pdfplumber`` (default): pdfplumber's characters and its table finder; the layout-rich reference.
- ``pdfium``: pypdfium2's character boxes and path objects, about 10x faster.

Both feed the same layout step (:mod:`jxparse.readers.layout`), so they give the same text.
Neither engine is imported before a PDF is read (``import pdfplumber`` alone costs ~180 ms).

Every problem with the file itself (empty, not a PDF, encrypted, damaged, no text layer) raises
:class:`~jxparse.errors.PdfError` naming the file; no engine exception escapes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import struct
from dataclasses import replace
import time
from functools import cache
from pathlib import Path

from ..ast import Diagnostic, Furniture, Severity
from ..errors import PdfError
from ..gc_pause import cyclic_gc_paused
from . import SourceText, page_ranges
from .pdf_bounds import MAX_GLYPHS, MAX_PAGE_GLYPHS, MAX_PAGE_SECONDS, check_streams
from .layout import zero_advance
from .layout import Char, Layout, PageInput, text_direction, turn_box, turn_glyphs
from .pdf_tables import close_open_tables, find_tables

ENGINES = ("pdfplumber", "pdfium")


def read_pdf(
    path: str | os.PathLike,
    *,
    engine: str = "pdfplumber",
    password: str | None = None,
    name: str | None = None,
) -> SourceText:
    """Read a PDF's text layer into one text, with page provenance and page furniture.

    ``engine`` is ``"pdfplumber"`` or ``"pdfium"``; ``password`` opens an encrypted PDF; ``name`` is
    the source name to record (default: the file name). Raises :class:`PdfError` for files that are
    not readable PDFs, and :class:`ValueError` for an unknown engine.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; use one of {', '.join(ENGINES)}")
    path = Path(path)
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfError(f"cannot read the file: {exc.strerror or exc}", source=label) from None
    if not data:
        raise PdfError("the file is empty (0 bytes), not a PDF", source=label)
    if b"%PDF-" not in data[:1024]:
        kind = "text" if _looks_like_text(data[:4096]) else "binary data"
        raise PdfError(f"not a PDF file: it does not start with %PDF- (it holds {kind})", source=label)
    sha256 = hashlib.sha256(data).hexdigest()
    truncated = b"%%EOF" not in data[-2048:]
    check_streams(data, label)  # a decompression bomb is refused before an engine inflates it
    # The engines read these bytes, not the path again: the text and the sha256 are of one snapshot
    # of the file even when it is replaced or truncated while being converted.

    if engine == "pdfium":
        # Glyph records by the thousand and no reference cycles: the collector's passes over them
        # would find nothing. (pdfminer, under pdfplumber, leaves cyclic garbage on every page.)
        with cyclic_gc_paused():
            try:
                return _read_pdf(data, engine, password, name, label, sha256, truncated)
            except _Stacked as stacked:
                # PDFium's text page drops a glyph drawn where the same glyph was just drawn, which
                # a font without widths does for every repeated character (1000 -> 10): read the
                # file with pdfplumber, whose glyphs this reader sorts out itself (layout.dedupe).
                note = Diagnostic(Severity.INFO, "pdf-engine-fallback",
                                  f"page {stacked.page} draws glyphs without advancing (a font without widths), "
                                  "where PDFium drops repeated characters; read with pdfplumber instead")
                source = _read_pdf(data, "pdfplumber", password, name, label, sha256, truncated)
                return replace(source, diagnostics=(note, *source.diagnostics))
    return _read_pdf(data, engine, password, name, label, sha256, truncated)


class _EngineLog(logging.Handler):
    """pdfminer's warnings while one PDF is read, kept as a diagnostic instead of reaching stderr
    (Python prints a library's warnings itself when nobody configured logging, even under ``-q``).
    Attached to the ``pdfminer`` logger only while reading; records still propagate to handlers
    an application configured."""

    KEEP = 5

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.more = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted engine message must not fail the read
            message = str(record.msg)
        if message in self.messages:
            return
        if len(self.messages) < self.KEEP:
            self.messages.append(message)
        else:
            self.more += 1

    def attach(self) -> None:
        logging.getLogger("pdfminer").addHandler(self)

    def detach(self) -> None:
        logging.getLogger("pdfminer").removeHandler(self)


class _Stacked(Exception):
    """A PDFium page with zero-advance glyphs (see :func:`read_pdf`)."""

    def __init__(self, page: int) -> None:
        super().__init__(page)
        self.page = page


def _read_pdf(
    path: Path | bytes, engine: str, password: str | None, name: str | None, label: str, sha256: str, truncated: bool
) -> SourceText:
    layout = Layout()
    diagnostics: list[Diagnostic] = []
    extract = _pages_pdfplumber if engine == "pdfplumber" else _pages_pdfium
    engine_log = _EngineLog()
    engine_log.attach()
    try:
        npages = glyphs = 0
        stacked: list[int] = []  # pages with zero-advance glyphs
        started = time.monotonic()
        for page in extract(path, password, label):
            npages += 1
            _check_page(page, label, time.monotonic() - started)
            if zero_advance(page.chars):
                if engine == "pdfium":
                    raise _Stacked(page.number)
                stacked.append(page.number)
            glyphs += len(page.chars) + sum(map(len, page.turned.values()))
            if glyphs > MAX_GLYPHS:
                raise PdfError(f"refused: over {MAX_GLYPHS:,} glyphs in the first {npages} pages", source=label)
            layout.add_page(page)
            started = time.monotonic()
    except (PdfError, _Stacked):
        raise
    except MemoryError:
        raise
    except ImportError as exc:
        extra = "pip install 'jxparse[fast]'" if engine == "pdfium" else "pip install pdfplumber"
        raise PdfError(f"the {engine} engine is not installed ({exc.name or exc}); {extra}", source=label) from None
    except Exception as exc:  # engine errors: never let pdfminer/pdfium tracebacks out
        raise _translate(exc, label, password, truncated) from None
    finally:
        engine_log.detach()
    if engine_log.messages:
        diagnostics.append(Diagnostic(
            Severity.INFO, "pdf-engine-log",
            f"the {engine} engine reported: " + "; ".join(engine_log.messages)
            + (f" (and {engine_log.more} more)" if engine_log.more else "")))

    if npages == 0:
        raise PdfError("the PDF has no pages" + (" (the file looks truncated)" if truncated else ""), source=label)
    if layout.char_count() == 0:
        raise PdfError(
            f"no text layer: none of its {npages} page{'s' if npages != 1 else ''} holds text; "
            "it looks like a scanned document that needs OCR first (e.g. ocrmypdf)",
            source=label,
        )
    empty = [i + 1 for i, (_, _, lines) in enumerate(layout.pages) if not lines]
    if truncated:
        diagnostics.append(
            Diagnostic(Severity.WARNING, "pdf-truncated", f"{label}: the file does not end with %%EOF; text may be missing")
        )
    if empty:
        diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "pdf-page-without-text",
                f"{len(empty)} of {npages} pages have no text layer (scanned?): pages {page_ranges(empty)}",
            )
        )
    if stacked:
        diagnostics.append(Diagnostic(
            Severity.INFO, "pdf-zero-advance",
            f"glyphs drawn without advancing (a font without widths) on pages {page_ranges(stacked)}: all kept, "
            "in the order they are drawn; repeated characters there are not taken for fake bold"))
    if layout.unmapped:
        count = sum(bad for _, bad, _ in layout.unmapped)
        worst = [page for page, bad, glyphs in layout.unmapped if bad >= 0.1 * glyphs]
        pages = page_ranges([page for page, _, _ in layout.unmapped])
        message = (
            f"{count} glyph{'s' if count != 1 else ''} without Unicode text (shown as U+FFFD or as control "
            f"characters) on pages {pages}"
        )
        if worst:
            message += (
                f"; on pages {page_ranges(worst)} they are a tenth of the glyphs or more: the text layer is unreliable "
                "there (a font without a ToUnicode map?), OCR those pages"
            )
        diagnostics.append(Diagnostic(Severity.WARNING if worst else Severity.INFO, "pdf-unmapped-glyphs", message))
    if layout.unplaced:
        by_page: dict[int, list[str]] = {}
        for number, text in layout.unplaced:
            by_page.setdefault(number, []).append(text)
        for number, texts in by_page.items():
            diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "pdf-glyphs-without-position",
                    f"page {number}: {len(texts)} glyph{'s' if len(texts) != 1 else ''} with no usable position "
                    f"(a broken text matrix) left out of the text: {''.join(texts)!r}",
                )
            )
    if layout.soft_hyphen_pages:
        diagnostics.append(
            Diagnostic(
                Severity.INFO,
                "pdf-soft-hyphen",
                "soft hyphens (U+00AD) read as '-' on pages " + page_ranges(layout.soft_hyphen_pages),
            )
        )

    laid_out = layout.finish()
    diagnostics.extend(laid_out.table_diagnostics)
    return SourceText(
        text=laid_out.text,
        format="pdf",
        name=name if name is not None else Path(label).name,
        encoding=None,
        sha256=sha256,
        pages=npages,
        furniture=tuple(Furniture(kind=f.kind, text=f.text, page=f.page) for f in laid_out.furniture),
        origins=laid_out.origins,
        diagnostics=tuple(diagnostics),
        tables=laid_out.tables,
    )


def _check_page(page: PageInput, label: str, seconds: float) -> None:
    """The per-page bounds of :mod:`jxparse.readers.pdf_bounds`."""
    count = len(page.chars) + sum(map(len, page.turned.values()))
    if count > MAX_PAGE_GLYPHS:
        raise PdfError(f"refused: page {page.number} holds {count:,} glyphs (at most {MAX_PAGE_GLYPHS:,})",
                       source=label)
    if seconds > MAX_PAGE_SECONDS:
        raise PdfError(f"refused: page {page.number} took {seconds:.0f} s to extract (at most "
                       f"{MAX_PAGE_SECONDS:.0f} s)", source=label)


def table_ranges(source: SourceText) -> list[tuple[int, int]]:
    """The ``(start, end)`` text ranges of the tables in a PDF's text (one line per row, cells TAB-separated)."""
    return [(region.start, region.end) for region in source.tables]


def _looks_like_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # cut inside a multi-byte character
                return True
    return False


def _translate(exc: Exception, label: str, password: str | None, truncated: bool) -> PdfError:
    """An engine exception -> a PdfError with a clear message."""
    # pdfplumber wraps pdfminer's exceptions (PdfminerException(original)); look inside
    for _ in range(3):
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc.__cause__
        if inner is None or inner is exc:
            break
        exc = inner
    names = {cls.__name__ for cls in type(exc).__mro__}
    text = f"{type(exc).__name__}: {exc}".strip()
    low = text.lower()
    if "PDFPasswordIncorrect" in names or "password" in low:
        if password:
            return PdfError("the PDF is encrypted and the password given is wrong", source=label)
        return PdfError("the PDF is encrypted; give its password with --password (password= in the API)", source=label)
    if "PDFEncryptionError" in names or "security" in low or "encrypt" in low:
        return PdfError(f"the PDF is encrypted in a way that cannot be read: {exc}", source=label)
    short = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    if truncated:
        return PdfError(f"the PDF is truncated or damaged and cannot be read ({short})", source=label)
    return PdfError(f"the PDF is damaged and cannot be read ({short})", source=label)


# --------------------------------------------------------------------------- pdfplumber engine


def _pages_pdfplumber(path: Path | bytes, password: str | None, label: str):
    import pdfplumber  # noqa: PLC0415 - heavy, imported only when a PDF is read

    if isinstance(path, bytes):
        path = io.BytesIO(path)
    with pdfplumber.open(path, password=password or "") as pdf:
        for number, page in enumerate(pdf.pages, 1):
            _bounded_layout(page, number, label)
            try:
                chars: list[Char] = []
                turned: dict[int, list[Char]] = {}  # glyphs of text set sideways, by direction
                for c in page.chars:
                    # pdfminer writes a glyph without a Unicode mapping as "(cid:N)": U+FFFD, as PDFium's
                    text = "\ufffd" if c["text"].startswith("(cid:") else c["text"]
                    glyph = (text, c["x0"], c["top"], c["x1"], c["bottom"], c["size"])
                    matrix = c.get("matrix")  # as displayed (pdfminer turns a /Rotate page)
                    direction = 0 if c.get("upright", True) or not matrix else text_direction(matrix[0], matrix[1])
                    if not direction:
                        chars.append(glyph)
                        continue
                    if direction != 180:  # pdfminer's size is the box's height: across sideways text, its width
                        glyph = (*glyph[:5], c["x1"] - c["x0"])
                    turned.setdefault(direction, []).append(glyph)
                tables = []
                graphics = [o for o in (*page.rects, *page.lines, *page.curves) if _visible_plumber(o)]
                if len(graphics) >= 2:
                    # pdfplumber's table finder on the visible rules only: office software draws white
                    # rectangles behind every text line (WPS), which would make a table of each page
                    drawn = page.filter(lambda o: o["object_type"] not in _GRAPHICS or _visible_plumber(o))
                    edges = drawn.edges
                    extra = close_open_tables(
                        [(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h"],
                        [(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"],
                    )
                    settings = {
                        "explicit_horizontal_lines": [
                            {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                             "orientation": "h", "object_type": "line"}
                            for y, x0, x1 in extra
                        ]
                    }
                    for table in drawn.find_tables(settings):
                        rows = [[cell for cell in row.cells if cell is not None] for row in table.rows]
                        rows = [row for row in rows if row]
                        if any(len(r) >= 2 for r in rows):
                            tables.append(rows)
                yield PageInput(number, float(page.width), float(page.height), chars, tables, turned)
            finally:
                page.close()


_GRAPHICS = frozenset(("rect", "line", "curve"))


def _bounded_layout(page, number: int, label: str) -> None:
    """Lay ``page`` out through a pdfminer device that stops past :data:`MAX_PAGE_GLYPHS` glyphs.

    pdfplumber builds a page's whole layout (about a kilobyte per glyph) before its characters can
    be counted, and a form XObject drawn ten thousand times multiplies its glyphs without any stream
    growing. This counts while interpreting and refuses the page at the bound; it fills the layout
    pdfplumber caches (``page._layout``), so the page is interpreted once. Where pdfplumber's
    internals differ (another version), pdfplumber lays the page out itself and the bound is checked
    after extraction.
    """
    try:
        from pdfminer.pdfinterp import PDFPageInterpreter  # noqa: PLC0415
        from pdfplumber.page import PDFPageAggregatorWithMarkedContent  # noqa: PLC0415
    except ImportError:
        return
    if hasattr(page, "_layout") or not hasattr(page, "page_obj"):
        return

    class Counting(PDFPageAggregatorWithMarkedContent):
        glyphs = 0

        def render_char(self, *args, **kwargs):
            Counting.glyphs += 1
            if Counting.glyphs > MAX_PAGE_GLYPHS:
                raise PdfError(f"refused: page {number} draws over {MAX_PAGE_GLYPHS:,} glyphs", source=label)
            return super().render_char(*args, **kwargs)

    device = Counting(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _white(color) -> bool:
    """Whether a pdfplumber colour (gray, RGB or CMYK tuple) is white."""
    if color is None:
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):  # pattern colours
        return False
    if len(values) == 4:
        return all(v <= 0.05 for v in values)
    return bool(values) and all(v >= 0.95 for v in values)


def _visible_plumber(obj) -> bool:
    """A rule or box that shows on the page: stroked or filled in a colour other than white."""
    if obj.get("stroke") and not _white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill")) and not _white(obj.get("non_stroking_color"))


# --------------------------------------------------------------------------- pdfium engine

_NO_GLYPH = frozenset("\r\n\x02")
"""Text-page entries that are no glyph: generated line breaks and PDFium's mark for a line-end hyphen.
(A glyph without Unicode, U+FFFE in PDFium, is kept as U+FFFD: see UNMAPPED in jxparse.readers.layout.glyphs.)"""


@cache
def _unchecked(name: str, restype=None):
    """The PDFium function ``name`` as a bare ctypes function (``restype``: its result type).

    pypdfium2.raw converts every argument through ``argtypes`` and releases the GIL around every
    call, which doubles the cost of the engine's calls for each character and page object; this copy
    does neither (PDFium is not thread-safe anyway). Callers pass only ctypes objects (pointers,
    ``byref`` for out parameters, ``c_ulong`` …) and Python ints for C ``int`` parameters, which ctypes
    passes as they are.
    """
    import ctypes  # noqa: PLC0415

    import pypdfium2.raw as raw  # noqa: PLC0415

    func = getattr(raw, name)
    fast = ctypes.PYFUNCTYPE(restype or func.restype)(ctypes.cast(func, ctypes.c_void_p).value)
    fast.argtypes = None
    return fast


def _pages_pdfium(path: Path | bytes, password: str | None, label: str):
    import ctypes  # noqa: PLC0415
    from math import hypot  # noqa: PLC0415

    import pypdfium2 as pdfium  # noqa: PLC0415 - imported only when a PDF is read
    import pypdfium2.raw as raw  # noqa: PLC0415

    get_box = _unchecked("FPDFText_GetLooseCharBox")
    get_object = _unchecked("FPDFText_GetTextObject", ctypes.c_void_p)  # an int: a dictionary key
    get_size = _unchecked("FPDFText_GetFontSize")
    get_matrix = _unchecked("FPDFText_GetMatrix")
    is_generated = _unchecked("FPDFText_IsGenerated")
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    read_rect = struct.Struct("4f").unpack_from  # left, top, right, bottom: one call, not four field reads
    read_matrix = struct.Struct("4f").unpack_from  # a b c d (e f: the position, not needed)
    matrix = raw.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    cl, cr, cb, ct = (ctypes.c_double() for _ in range(4))
    pdf = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path), password=password)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()  # as displayed, after /Rotate
                left, bottom, _, _ = page.get_cropbox()
                rotation = page.get_rotation() % 360
                # glyphs and rules are read on the unrotated page, then turned as it is displayed
                plain_width, plain_height = (width, height) if rotation in (0, 180) else (height, width)
                top_y = plain_height + bottom
                textpage = page.get_textpage()
                try:
                    n = textpage.count_chars()
                    if n > MAX_PAGE_GLYPHS:
                        # bounded before the glyphs are read one by one (the costly step: a Python
                        # tuple and five calls each); the text page's count includes the line
                        # breaks and spaces PDFium generates, a few in a hundred
                        raise PdfError(f"refused: page {index + 1} holds {n:,} characters (at most "
                                       f"{MAX_PAGE_GLYPHS:,} glyphs)", source=label)
                    text = textpage.get_text_range(0, n) if n else ""
                    if "\ufffe" in text:
                        text = text.replace("\ufffe", "\ufffd")
                    tp = textpage.raw
                    chars: list[Char] = []
                    turned: dict[int, list[Char]] = {}  # glyphs of text set sideways, by direction
                    append = upright = chars.append
                    # FPDFText_GetFontSize is the Tf operand; the matrix scales it (WPS: Tf 319 x 0.05)
                    # and gives the direction the text runs in. PDFium gives every glyph of a text
                    # object that object's Tf and matrix, so size and direction are computed once per
                    # object (addresses are unique within a page), with the largest box a glyph of that
                    # size can have and the list its glyphs go to; consecutive glyphs mostly share their
                    # object, so the last one is checked before the dictionary.
                    sizes: dict[int, tuple[float, float, object]] = {}
                    last_obj = -1  # no address
                    size = most = 0.0
                    for i, ch in enumerate(text if len(text) == n else _unicode(raw, tp, n)):
                        if ch in _NO_GLYPH or ch == " " and is_generated(tp, i):
                            continue
                        get_box(tp, i, rect_ref)
                        x0, box_top, x1, box_bottom = read_rect(rect)
                        obj = get_object(tp, i)
                        if obj != last_obj:
                            known = sizes.get(obj)
                            if known is None:
                                get_matrix(tp, i, matrix_ref)
                                a, b, c, d = read_matrix(matrix)
                                glyph_size = get_size(tp, i) * hypot(c, d)
                                to = upright
                                if rotation or a < abs(b):  # which way does the text run, as displayed?
                                    direction = (text_direction(a, b) - rotation) % 360
                                    if direction:
                                        to = turned.setdefault(direction, []).append
                                known = (glyph_size, 2.5 * glyph_size + 1, to)
                                if obj is not None:
                                    sizes[obj] = known
                            size, most, append = known
                            last_obj = -1 if obj is None else obj
                        if x1 - x0 > most or box_top - box_bottom > most:
                            # vertical-writing fonts (Identity-V) get a bogus loose box: use the glyph
                            # box, centred in a box of the font size
                            raw.FPDFText_GetCharBox(tp, i, cl, cr, cb, ct)
                            mid = top_y - (cb.value + ct.value) / 2
                            append((ch, cl.value - left, mid - size / 2, cr.value - left, mid + size / 2, size))
                        else:
                            append((ch, x0 - left, top_y - box_top, x1 - left, top_y - box_bottom, size))
                finally:
                    textpage.close()
                hsegs, vsegs = _pdfium_segments(raw, ctypes, page.raw, top_y, left, sizes)
                turned = {direction: glyphs for direction, glyphs in turned.items() if glyphs}
                if rotation:
                    # pdfplumber (pdfminer) reads a rotated page as displayed; so does this engine, so
                    # that both give the same text
                    turn = turn_box(rotation, plain_width, plain_height)
                    chars = turn_glyphs(turn, chars)
                    turned = {direction: turn_glyphs(turn, glyphs) for direction, glyphs in turned.items()}
                    hsegs, vsegs = _turned_rules(turn, hsegs, vsegs)
                tables = []
                if len(hsegs) + len(vsegs) >= 4:
                    tables = find_tables(hsegs + close_open_tables(hsegs, vsegs), vsegs)
                tables = [t for t in tables if any(len(row) >= 2 for row in t)]
                yield PageInput(index + 1, float(width), float(height), chars, tables, turned)
            finally:
                page.close()
    finally:
        pdf.close()


def _turned_rules(turn, hsegs, vsegs):
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules of an unrotated page, as the page
    is displayed after /Rotate: ``turn`` maps a box (see :func:`~jxparse.readers.layout.turn_box`);
    a quarter turn makes horizontal rules vertical and vertical ones horizontal."""
    boxes = [turn(x0, y, x1, y) for y, x0, x1 in hsegs] + [turn(x, top, x, bottom) for x, top, bottom in vsegs]
    horizontal = [(top, x0, x1) for x0, top, x1, bottom in boxes if top == bottom]
    vertical = [(x0, top, bottom) for x0, top, x1, bottom in boxes if top != bottom]
    return horizontal, vertical


def _unicode(raw, tp, n):
    """The text page's characters one by one (when its text does not match its character count)."""
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        yield "\ufffd" if code in (0, 0xFFFE) else chr(code)


def _pdfium_segments(raw, ctypes, page, top_y: float, left: float, text_objects):
    """Axis-parallel straight segments of the page's visible path objects, top-left origin.

    Finding the paths means visiting every page object, and a text-heavy page has hundreds of text
    objects: the visit skips those in ``text_objects`` (addresses the text page gave already) without
    a call, and uses unchecked functions for the others and for each path segment.
    """
    hsegs: list[tuple[float, float, float]] = []
    vsegs: list[tuple[float, float, float]] = []
    c_void_p, c_ulong, byref = ctypes.c_void_p, ctypes.c_ulong, ctypes.byref
    matrix = raw.FS_MATRIX()
    x = ctypes.c_float()
    y = ctypes.c_float()
    fillmode = ctypes.c_int()
    stroke = ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    matrix_ref, x_ref, y_ref, fillmode_ref, stroke_ref = map(byref, (matrix, x, y, fillmode, stroke))
    color_refs = tuple(map(byref, (r, g, b, a)))
    get_type = _unchecked("FPDFPageObj_GetType")
    get_matrix = _unchecked("FPDFPageObj_GetMatrix")
    count_form_objects = _unchecked("FPDFFormObj_CountObjects")
    get_form_object = _unchecked("FPDFFormObj_GetObject", c_void_p)
    count_segments = _unchecked("FPDFPath_CountSegments")
    get_draw_mode = _unchecked("FPDFPath_GetDrawMode")
    get_stroke_color = _unchecked("FPDFPageObj_GetStrokeColor")
    get_fill_color = _unchecked("FPDFPageObj_GetFillColor")
    get_segment = _unchecked("FPDFPath_GetPathSegment")
    get_point = _unchecked("FPDFPathSegment_GetPoint")
    segment_type = _unchecked("FPDFPathSegment_GetType")
    is_close = _unchecked("FPDFPathSegment_GetClose")
    PATH = raw.FPDF_PAGEOBJ_PATH
    FORM = raw.FPDF_PAGEOBJ_FORM
    MOVETO = raw.FPDF_SEGMENT_MOVETO
    LINETO = raw.FPDF_SEGMENT_LINETO

    get_object = _unchecked("FPDFPage_GetObject", c_void_p)
    page_objects = [get_object(page, k) for k in range(raw.FPDFPage_CountObjects(page))]
    # Depth first in drawing order, a form's objects where the form is drawn: a stack of the open
    # object lists (iterators) with their matrices, not a recursive closure, which would be a
    # reference cycle left to the garbage collector on every page.
    stack = [(iter(page_objects), (1, 0, 0, 1, 0, 0))]
    while stack:
        addresses, parent = stack[-1]
        for address in addresses:
            if address in text_objects:
                continue
            obj = c_void_p(address)
            kind = get_type(obj)
            if kind == FORM:
                get_matrix(obj, matrix_ref)
                m = _mul((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), parent)
                # the index is an unsigned long: passed as one
                stack.append((iter([get_form_object(obj, c_ulong(k)) for k in range(count_form_objects(obj))]), m))
                break
            if kind != PATH:
                continue
            nseg = count_segments(obj)
            if nseg < 2 or nseg > 200:
                continue
            get_draw_mode(obj, fillmode_ref, stroke_ref)
            visible = False
            if stroke.value and get_stroke_color(obj, *color_refs):
                visible = a.value > 0 and not (r.value >= 242 and g.value >= 242 and b.value >= 242)
            if not visible and fillmode.value and get_fill_color(obj, *color_refs):
                visible = a.value > 0 and not (r.value >= 242 and g.value >= 242 and b.value >= 242)
            if not visible:
                continue
            get_matrix(obj, matrix_ref)
            m = _mul((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), parent)
            poly = []
            cur = None
            first = None
            for k in range(nseg):
                seg = get_segment(obj, k)
                get_point(seg, x_ref, y_ref)
                p = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
                t = segment_type(seg)
                if t == MOVETO:
                    cur = first = p
                else:
                    if cur is not None and t == LINETO:
                        poly.append((cur, p))
                    cur = p
                if is_close(seg) and cur is not None and first is not None:
                    poly.append((cur, first))
                    cur = first
            for (x0, y0), (x1, y1) in poly:
                if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= 1:
                    hsegs.append((top_y - y0, min(x0, x1) - left, max(x0, x1) - left))
                elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= 1:
                    vsegs.append((x0 - left, top_y - max(y0, y1), top_y - min(y0, y1)))
        else:  # this list is done
            stack.pop()
    return hsegs, vsegs


def _mul(m, n):
    """Matrix product: apply ``m`` then ``n`` (PDF [a b c d e f] matrices)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


__all__ = [
    "ENGINES", "read_pdf", "table_ranges",
]
