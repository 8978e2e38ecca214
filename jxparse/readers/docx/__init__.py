"""DOCX reader: a Word or WPS file (OOXML WordprocessingML) -> :class:`~jxparse.readers.SourceText`.

The package is a ZIP of XML parts read with :mod:`zipfile` and lxml (see :mod:`.package` for the
limits against decompression bombs and the hardened XML parser). The reader decides by content, not
by name: a ``.wps`` or ``.doc`` that is really an OOXML package is read; a Word 97–2003 or old WPS
binary file (an OLE2 compound file) and an encrypted package are refused with a message that says
so and how to convert.

Text conventions (``SourceText.text``)
    * One block per paragraph, blocks separated by a blank line (as the PDF reader separates
      paragraphs); a soft line break (``w:br``, ``w:cr``) is a line break inside the block.
    * An automatically numbered paragraph starts with the label Word displays (``一、``, ``（一）``,
      ``1.``, ``(1)``, ``①``, ``第一章`` …; see :mod:`.numbering`), followed by one space when the
      level's suffix is a tab or a space, by nothing when it is ``nothing``.
    * Data tables: one line per row, cells separated by TAB, a cell's paragraphs joined by a space;
      empty cells stay (merged cells are not expanded); rows of one table are on consecutive lines.
      A layout table (rows with at most one non-empty cell, or a table holding a table) is read as
      ordinary paragraphs, cell by cell. Each run of a data table's rows on consecutive lines is a
      ``SourceText.tables`` region: its rows and their cells as written.
    * Text boxes follow the paragraph that anchors them, one block per box paragraph.
    * Footnotes and endnotes: the reference is ``[注N]`` / ``[尾注N]`` in the text (N counts
      references in order, as Word numbers them by default), the note itself a paragraph
      ``[注N] …`` after the body.
    * Headers and footers are never text: they become ``SourceText.furniture`` (``page_header``,
      ``page_footer``, ``page_number`` for a footer that is only a page number); ``page`` is the first
      page of its section the part shows on (1; 2 for even pages and for the default part of a
      section with a distinct first page), since a DOCX file has no pages until it is laid out.
    * Typed spaces (indentation, blanks in forms) are kept as typed; a tab is one space.
    * WPS 公文 element markers (``wpsCustomData:docfieldStart docfieldname="标题"`` … ``docfieldEnd``,
      the GB/T 33476 element names: 份号, 密级, 紧急程度, 发文机关代字, 标题, 主送机关, 成文日期,
      抄送机关 …) become ``SourceText.metadata`` pairs (name without WPS's ``_1`` suffix, the text
      they wrap, blanks collapsed): evidence beside the text (the 正文 marker, the whole body, is not
      kept). Their 标题, 发文字号 and 成文日期 become ``SourceText.hints``
      (:func:`~jxparse.readers.hints_from_pairs`: the element names are the label table's), which
      fill a document's title, 文号 or date only where the text has none. The core properties'
      ``dc:title`` is no hint: producers leave a template's or a file name's there.
    * ``SourceText.origins`` has one entry per block with ``para``, the 1-based index of its
      paragraph in the body (paragraphs in tables and text boxes counted where they stand);
      ``page`` and ``bbox`` are None.

Diagnostics: ``docx-tracked-changes`` (warning: insertions kept, deletions dropped), ``docx-broken-field``
(warning: fields that do not balance; every text run is then read, so nothing after them is lost),
``docx-field-code`` (info: text inside a field code, i.e. of a nested field, left out), ``docx-hidden-text``
(warning: text formatted hidden, not shown by Word, left out), ``docx-table`` (info, with the rows'
span), ``docx-numbering`` (info: how many labels come from automatic numbering),
``docx-numbering-missing`` (warning: a paragraph refers to a list numbering.xml does not define),
``docx-text-boxes``, ``docx-notes``, ``docx-images``, ``docx-macros`` (info) and ``docx-alt-chunk``
(warning: an embedded HTML/RTF chunk whose text is not read).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from ...ast import Diagnostic, Furniture, Severity, Span
from ...errors import InputError
from .. import LineOrigin, SourceText, hints_from_pairs, table_region
from .body import Block, Stats, Walker
from .numbering import W_NAMESPACES, Numbering, format_number
from .package import Package
from .styles import Styles

__all__ = ["read_docx", "word_kind", "format_number", "OLE2_MAGIC", "ZIP_MAGIC"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""First bytes of an OLE2 compound file: Word 97–2003 ``.doc``, old WPS ``.wps``, encrypted OOXML."""
ZIP_MAGIC = b"PK\x03\x04"

_CONVERT = "convert it to .docx first, e.g. with LibreOffice: soffice --headless --convert-to docx FILE"
_PAGE_NUMBER = re.compile(r"^[\s\u3000\-—–－·•第页共/|]*[0-9０-９]+[\s\u3000\-—–－·•第页共/|0-9０-９]*$")


def word_kind(data: bytes) -> str | None:
    """What a file's bytes are, for format detection: ``docx`` (an OOXML Word package), ``ole2``
    (a compound file: legacy Word/WPS or an encrypted package) or None."""
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    if data.startswith(ZIP_MAGIC):
        try:
            package = Package(data, None)
        except InputError:
            return None
        return "docx" if package.main_part() is not None and (
            package.has("word/document.xml") or package.has("[content_types].xml")) else None
    return None


def read_docx(data: bytes, *, name: str | None = None) -> SourceText:
    """Read the bytes of a DOCX (or OOXML ``.wps``/``.docm``) file into a :class:`SourceText`.

    Raises :class:`~jxparse.errors.InputError` naming the file (and the part, where one is at fault)
    for a legacy binary file, an encrypted or macro-only package, a broken ZIP, a part beyond the
    size limits or not well-formed XML. ``format`` of the result is ``docx``.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"read_docx() needs bytes, not {type(data).__name__}")
    data = bytes(data)
    if data.startswith(OLE2_MAGIC):
        raise InputError(_ole2_message(data, name), source=name)
    if not data.startswith(ZIP_MAGIC):
        raise InputError(_not_zip_message(data), source=name)
    package = Package(data, name)
    main = package.main_part()
    if main is None:
        if package.has("word/vbaProject.bin"):
            raise InputError("a macro-only Word package (word/vbaProject.bin but no document part): "
                             "there is no document text to read; macros are never run", source=name)
        raise InputError("a ZIP without word/document.xml: not a Word (OOXML) document", source=name)
    diagnostics: list[Diagnostic] = []
    root = package.xml(main)
    ns = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    if ns not in W_NAMESPACES:
        raise InputError(f"part {main!r} is not WordprocessingML (root element {root.tag!r})", source=name)
    w = "{%s}" % ns
    rels = package.rels(main)

    def part_of(kind: str):
        for rel_type, target in rels.values():
            if rel_type.rsplit("/", 1)[-1] == kind and package.has(target):
                return package.xml(target)
        return None

    numbering = Numbering(part_of("numbering"), Styles(part_of("styles"), ns), ns)
    stats = Stats()
    walker = Walker(ns, numbering, stats)
    body = root.find(w + "body")
    if body is not None:
        stats.broken_fields = not walker.balance_fields(body)
    blocks: list[Block] = walker.blocks(body) if body is not None else []
    notes = _notes(walker, part_of, stats, ns)
    furniture = _furniture(package, root, rels, ns)

    text, origins, table_spans, regions = _render(blocks, notes)
    if package.has("word/vbaProject.bin"):
        diagnostics.append(Diagnostic(Severity.INFO, "docx-macros",
                                      "the package holds macros (word/vbaProject.bin); they are neither read nor run"))
    diagnostics.extend(_diagnostics(stats, numbering, table_spans, notes))
    metadata = tuple((re.sub(r"_\d+$", "", name), " ".join(value.split())) for name, value in stats.docfields
                     if value.strip())
    return SourceText(
        text=text,
        format="docx",
        metadata=metadata,
        hints=hints_from_pairs(metadata),
        name=name,
        encoding=None,
        sha256=hashlib.sha256(data).hexdigest(),
        furniture=tuple(furniture),
        origins=tuple(origins),
        diagnostics=tuple(diagnostics),
        tables=regions,
    )


# --------------------------------------------------------------------------- refusals


def _ole2_message(data: bytes, name: str | None) -> str:
    # Stream names in an OLE2 directory are UTF-16LE; their presence is evidence enough of the kind.
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ("an encrypted (password-protected) Word package; jxparse does not decrypt: save it without a "
                "password first")
    suffix = PurePosixPath(name or "").suffix.lower()
    if "WordDocument".encode("utf-16-le") in data:
        kind = ("a WPS Office binary document (.wps)" if suffix in (".wps", ".wpt")
                else "a Word 97–2003 binary document (.doc)")
    elif suffix in (".wps", ".wpt"):
        kind = "a WPS Office binary document (.wps)"
    else:
        kind = "an OLE2 compound file (legacy Office binary format), not a Word (OOXML) package"
    return f"{kind}: legacy binary formats are not read; {_CONVERT}"


def _not_zip_message(data: bytes) -> str:
    head = data[:16].lstrip()
    if head.startswith(b"{\\rtf"):
        return f"an RTF file, not a Word (OOXML) package: RTF is not read; {_CONVERT}"
    if b"w:wordDocument" in data[:4096]:
        return f"a Word 2003 XML document, not a Word (OOXML) package: it is not read; {_CONVERT}"
    if head[:1] == b"<":
        return "not a Word (OOXML) package: it looks like HTML or XML (a Word 'web page'? try --format html)"
    if head.upper().startswith(b"MIME-VERSION"):
        return f"a web archive (MHT), not a Word (OOXML) package: it is not read; {_CONVERT}"
    return "not a Word (OOXML) package: the file is not a ZIP archive"


# --------------------------------------------------------------------------- notes and furniture


def _notes(walker: Walker, part_of, stats: Stats, ns: str) -> list[Block]:
    """The notes referenced in the body, in reference order, as ``[注N] …`` blocks."""
    out: list[Block] = []
    w = "{%s}" % ns
    for kind, refs, prefix in (("footnotes", stats.footnote_refs, "注"), ("endnotes", stats.endnote_refs, "尾注")):
        if not refs:
            continue
        root = part_of(kind)
        notes = {}
        if root is not None:
            for note in root:
                if isinstance(note.tag, str) and note.get(w + "type") in (None, "normal"):
                    notes[note.get(w + "id")] = note
        note_walker = Walker(ns, walker.numbering, Stats(), count_paragraphs=False)
        for number, ref in enumerate(refs, 1):
            note = notes.get(ref)
            if note is None:
                stats.missing_notes += 1
                continue
            blocks = note_walker.blocks(note)
            if not blocks:
                continue
            first = blocks[0]
            label = f"[{prefix}{number}] "
            if first.kind == "row":  # the label goes before the row's first cell with text
                cells = list(first.cells)
                while len(cells) > 1 and not cells[0].strip():
                    cells.pop(0)
                cells[0] = label + cells[0].lstrip()
                out.append(Block(first.kind, "\t".join(cells), None, first.table, cells=tuple(cells)))
            else:
                out.append(Block(first.kind, label + first.text.lstrip(), None, first.table))
            out.extend(blocks[1:])
    return out


def _furniture(package: Package, root, rels, ns: str) -> list[Furniture]:
    w = "{%s}" % ns
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    seen: set[str] = set()
    out: list[Furniture] = []
    for sect in root.iter(w + "sectPr"):
        title_page = sect.find(w + "titlePg") is not None and sect.find(w + "titlePg").get(w + "val", "1") not in (
            "0", "false", "off")
        for ref in sect:
            local = ref.tag.rsplit("}", 1)[-1] if isinstance(ref.tag, str) else ""
            if local not in ("headerReference", "footerReference"):
                continue
            rel = rels.get(ref.get(r_id) or "")
            if rel is None or rel[1] in seen or not package.has(rel[1]):
                continue
            seen.add(rel[1])
            which = ref.get(w + "type") or "default"
            page = 2 if which == "even" or (which == "default" and title_page) else 1
            walker = Walker(ns, None, Stats(), count_paragraphs=False)
            for block in walker.blocks(package.xml(rel[1])):
                text = " ".join(block.text.split("\t")).strip(" \u3000\n")
                if not text:
                    continue
                if local == "headerReference":
                    kind = "page_header"
                else:
                    kind = "page_number" if _PAGE_NUMBER.match(text) else "page_footer"
                out.append(Furniture(kind=kind, text=text, page=page))
    return out


# --------------------------------------------------------------------------- rendering


def _render(blocks: list[Block], notes: list[Block]):
    """The text of the blocks, their origins, each table's span by number, and the table regions
    (a run of rows of one table on consecutive lines)."""
    parts: list[str] = []
    origins: list[LineOrigin] = []
    tables: dict[int, list[int]] = {}
    regions: list[list[tuple[int, tuple[str, ...]]]] = []
    pos = 0
    prev: Block | None = None
    for block in blocks + notes:
        cells = ()
        if block.kind == "row":  # one line (no line break in a cell), trailing blanks trimmed as below
            cells = (*block.cells[:-1], block.cells[-1].rstrip(" ")) if block.cells else ()
            text = "\t".join(cells)
        else:
            text = "\n".join(line.rstrip(" ") for line in block.text.split("\n")).strip("\n")
        if not text.strip(" \u3000\n"):
            continue
        same = prev is not None and _same_block(prev, block)
        if prev is not None:
            sep = "\n" if same else "\n\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(text)
        origins.append(LineOrigin(pos, pos + len(text), para=block.para))
        if block.kind == "row" and block.table is not None:
            span = tables.setdefault(block.table, [pos, pos + len(text)])
            span[1] = pos + len(text)
        if block.kind == "row":
            if not (same and prev.kind == "row"):
                regions.append([])
            regions[-1].append((pos, cells))
        pos += len(text)
        prev = block
    if parts:
        parts.append("\n")
    return "".join(parts), origins, tables, tuple(table_region(rows) for rows in regions)


_ENDS_SENTENCE = tuple("。！？；!?;")


def _same_block(prev: Block, block: Block) -> bool:
    """Whether two blocks are lines of one unit of text: rows of one table, paragraphs of one text box,
    or consecutive centred (or right-aligned) paragraphs, which is how a title broken by hand over
    two paragraphs, or an issuer over its date, is typed. The grammar decides what the lines are."""
    if block.kind == "row" or prev.kind == "row":
        return block.kind == prev.kind and block.table == prev.table
    if block.box is not None or prev.box is not None:
        return block.box == prev.box
    if prev.text.rstrip().endswith(_ENDS_SENTENCE):
        return False
    return prev.align == block.align and block.align in ("center", "right", "end")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _diagnostics(stats: Stats, numbering: Numbering, table_spans, notes) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if stats.inserted or stats.deleted:
        out.append(Diagnostic(Severity.WARNING, "docx-tracked-changes",
                              f"tracked changes: {_plural(stats.inserted, 'insertion')} kept and "
                              f"{_plural(stats.deleted, 'deletion')} ({stats.deleted_chars} characters) dropped; "
                              "the text is the document with all changes accepted"))
    if stats.broken_fields:
        out.append(Diagnostic(Severity.WARNING, "docx-broken-field",
                              "the fields of the body do not balance (a field begins and never ends, or ends "
                              "without beginning): every text run is read as shown, field codes left out, so no "
                              "text after a broken field is lost"))
    if stats.code_chars:
        out.append(Diagnostic(Severity.INFO, "docx-field-code",
                              f"{stats.code_chars} characters inside field codes (nested fields) left out: "
                              "a field shows its result only"))
    if stats.hidden_chars:
        out.append(Diagnostic(Severity.WARNING, "docx-hidden-text",
                              f"{stats.hidden_chars} characters formatted as hidden (not shown or printed by Word) "
                              f"left out of the text, beginning {stats.hidden_sample[:40]!r}"))
    for number, rows, cols in stats.tables:
        span = table_spans.get(number)
        out.append(Diagnostic(Severity.INFO, "docx-table",
                              f"table of {rows} rows, up to {cols} cells a row: one line per row, cells separated "
                              "by TAB", Span(span[0], span[1]) if span else None))
    if stats.numbered:
        out.append(Diagnostic(Severity.INFO, "docx-numbering",
                              f"{_plural(stats.numbered, 'paragraph label')} (一、, （一）, 1. …) computed from the "
                              "document's automatic numbering and put before the paragraph text"))
    if numbering.unknown:
        out.append(Diagnostic(Severity.WARNING, "docx-numbering-missing",
                              "paragraphs refer to lists that numbering.xml does not define (numId "
                              + ", ".join(sorted(numbering.unknown, key=lambda s: (len(s), s))) + "): no label given"))
    if stats.boxes:
        out.append(Diagnostic(Severity.INFO, "docx-text-boxes",
                              f"{_plural(stats.boxes, 'text box')} read after the paragraph that anchors it"))
    if notes or stats.missing_notes:
        message = (f"{_plural(len(stats.footnote_refs), 'footnote')} and {_plural(len(stats.endnote_refs), 'endnote')}"
                   " kept as paragraphs [注N] / [尾注N] after the body")
        if stats.missing_notes:
            message += f"; {stats.missing_notes} referenced notes are missing from the package"
        out.append(Diagnostic(Severity.INFO, "docx-notes", message))
    if stats.images:
        out.append(Diagnostic(Severity.INFO, "docx-images",
                              f"{_plural(stats.images, 'picture')} not read (text in a picture, such as a seal, "
                              "is not text)"))
    if stats.alt_chunks:
        out.append(Diagnostic(Severity.WARNING, "docx-alt-chunk",
                              f"{_plural(stats.alt_chunks, 'embedded HTML/RTF chunk')} (w:altChunk) not read: "
                              "their text is missing"))
    return out
