"""OFD reader (GB/T 33190): an OFD package's text layer -> :class:`~jxparse.readers.SourceText`.

An OFD file is a ZIP of XML: ``OFD.xml`` -> ``DocBody/DocRoot`` (``Document.xml``) -> its pages and
template pages -> each page's ``Content.xml`` with ``TextObject`` elements (``Boundary``, ``CTM``,
``Size``) holding ``TextCode`` runs (``X``, ``Y``, ``DeltaX``/``DeltaY`` with the ``g N width``
shorthand). This module only turns those into glyph boxes, in PDF points (OFD measures in
millimetres; ``bbox`` is in points for every format) with a top-left origin, and hands them, with the
ruled lines of the page's ``PathObject`` elements, to the layout step the PDF engines use
(:mod:`~jxparse.readers.layout`): lines, paragraphs, running heads and page numbers, tables,
columns and sideways text are found there, so an OFD and a PDF of the same document give the same text.

What is read, and why:

- a glyph's box: the object's ``Boundary`` origin + its ``CTM`` applied to the glyph's pen position
  and to a box of the font size (ascent 0.86, descent 0.14 of the size; OFD gives no glyph metrics),
  as wide as the glyph itself: its advance to the next glyph (``DeltaX``) where that is no wider
  than the glyph can be, else an estimate (an em for CJK, Helvetica-like widths for Latin), so that
  the spacing office software sets between CJK and digits stays a gap, as in a PDF; a box whose
  middle would fall outside its object's ``Boundary`` is cut at it;
- template pages (``TemplatePage``): their text is drawn under the page's own. A template shared by
  several pages is page furniture (a letterhead or running head printed on every page); a template
  that serves one page is that page's background (an electronic licence keeps its labels there),
  and its text is page text, as is the text of any template of a page without text of its own;
- glyphs drawn twice at the same place (some producers draw each label twice) are read once (the
  layout step's doubled-glyph filter);
- annotations (``Annots``) are never read as text: their text (a stamp's caption, a note) is not
  part of the page;
- signatures (``Signatures.xml``): recorded in the metadata (``signed`` yes/no, ``signatures``,
  ``signer``: the seal's name where the seal file states one, ``seal_pages``), never in the text;
- images and outlines hold no text (a seal, a letterhead drawn as curves, a form scanned as a
  picture): a diagnostic says on which pages images stand, nothing is invented.

Tag files (``CustomTags``, ``Tag_OfficeDoc.xml``) are read with recovery as metadata evidence: each
tag with the text of the objects it names. The hints (``SourceText.hints``: title, 文号, date) are
read from all of these pairs by :func:`~jxparse.readers.hints_from_pairs`: the GB/T 33476 tags
(标题, 发文字号, 成文日期) are labels of its table, and so is a form field that a custom tag names
with one (名称). ``DocInfo``'s Title is no hint: producers write an issuer or a serial there
(``No:0000001``), not the title.

A damaged or hostile package stops with :class:`~jxparse.errors.OfdError` naming the file and the
entry: not a ZIP, ``OFD.xml`` missing or broken, an entry name that leaves the archive (``../``), a
decompression bomb (total size and ratio bounded), XML with a DOCTYPE or entity declarations, text
without positions, no text at all.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ...ast import Diagnostic, Furniture, Severity
from ...errors import OfdError
from .. import SourceText, hints_from_pairs, page_ranges
from .evidence import annotations, doc_info, signatures, tags
from .package import Package, local
from .page import MM, PageObjects, page_input, parse_box, template_furniture

__all__ = ["MM", "is_ofd", "read_ofd"]


def is_ofd(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a ZIP package with an ``OFD.xml`` at its root (content, not extension)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as package:
            return any(name.lower() == "ofd.xml" for name in package.namelist())
    except (OSError, zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
        return False


def read_ofd(source: str | os.PathLike | bytes, *, name: str | None = None) -> SourceText:
    """Read an OFD package (a path, or its bytes) into one text with page provenance and furniture.

    ``name`` is the source name to record (default: the file name). Raises :class:`OfdError` naming
    the file and the entry for a package that cannot be read.
    """
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        label = name or "<input>"
    else:
        path = Path(source)
        label = str(path)
        name = name if name is not None else path.name
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise OfdError("is a directory, not a file", source=label) from None
        except OSError as exc:
            raise OfdError(f"cannot read the file: {exc.strerror or exc}", source=label) from None
    if not data:
        raise OfdError("the file is empty (0 bytes), not an OFD package", source=label)
    if not data.startswith(b"PK"):
        raise OfdError("not an OFD file: an OFD file is a ZIP package, and this is no ZIP", source=label)
    from ...gc_pause import cyclic_gc_paused

    with cyclic_gc_paused():
        return _read(Package(data, label, name))


def _read(package: Package) -> SourceText:
    """The text of every page of the document the package holds, through the PDF layout step."""
    from ..layout import Layout  # noqa: PLC0415

    root_entry = package.find("OFD.xml")
    if root_entry is None:
        raise package.error("not an OFD package: it has no OFD.xml at its root")
    ofd = package.xml(root_entry)
    if local(ofd.tag) != "OFD":
        raise package.error(f"the root element is <{local(ofd.tag)}>, not <OFD>", root_entry)
    body = ofd.find("{*}DocBody")
    doc_root = body.findtext("{*}DocRoot") if body is not None else None
    if not doc_root or not doc_root.strip():
        raise package.error("OFD.xml names no document (DocBody/DocRoot is missing)", root_entry)
    doc_entry = package.resolve(doc_root, root_entry)
    document = package.xml(doc_entry, referrer=root_entry)
    metadata = doc_info(body)

    common = document.find("{*}CommonData")
    default_box = parse_box((common.findtext("{*}PageArea/{*}PhysicalBox") if common is not None else None)
                       or "0 0 210 297")
    templates: dict[str, tuple[str, str]] = {}  # ID -> (entry, z-order)
    if common is not None:
        for template in common.iterfind("{*}TemplatePage"):
            loc = template.get("BaseLoc")
            if template.get("ID") and loc:
                templates[template.get("ID")] = (package.resolve(loc, doc_entry), template.get("ZOrder") or "")
    pages = []  # (ID, entry)
    for page in document.iterfind("{*}Pages/{*}Page"):
        loc = page.get("BaseLoc")
        if not loc:
            raise package.error(f"page {len(pages) + 1} names no content (BaseLoc missing)", doc_entry)
        pages.append((page.get("ID") or "", package.resolve(loc, doc_entry)))
    if not pages:
        raise package.error("the document has no pages", doc_entry)

    # each page's objects as glyph tuples and rules (its XML tree is dropped at once), and the
    # templates it names: whether a template serves several pages is known only after all
    read_pages: list[tuple[PageObjects, list[str]]] = []
    for _, entry in pages:
        content = package.xml(entry, referrer=doc_entry)
        box = parse_box(content.findtext("{*}Area/{*}PhysicalBox") or "") or default_box
        own = PageObjects(package, entry, box)
        own.walk(content.find("{*}Content"))
        read_pages.append((own, _templates_of(package, content, templates)))
        del content
    page_templates = [ids for _, ids in read_pages]
    uses: dict[str, int] = {}
    for ids in page_templates:
        for template_id in set(ids):
            uses[template_id] = uses.get(template_id, 0) + 1
    template_cache: dict[str, PageObjects] = {}

    layout = Layout()
    furniture: list[Furniture] = []
    image_pages: list[int] = []
    textless_pages: list[int] = []
    object_texts: dict[str, str] = {}
    template_furniture_pages: list[int] = []
    for number, ((_, entry), (own, ids)) in enumerate(zip(pages, read_pages), 1):
        box = own.box
        background = []
        for template_id in ids:
            if template_id not in template_cache:
                t_entry, _ = templates[template_id]
                template_page = PageObjects(package, t_entry, box)
                t_root = package.xml(t_entry, referrer=entry)
                template_page.walk(t_root.find("{*}Content"))
                template_cache[template_id] = template_page
                object_texts.update(template_page.texts)
            background.append((template_id, template_cache[template_id]))
        chars: list = []
        turned: dict[int, list] = {}
        hsegs: list = []
        vsegs: list = []
        images = own.images
        for template_id, template_page in background:
            images += template_page.images
            shared = uses.get(template_id, 0) > 1
            if shared and own.has_text():
                furniture.extend(template_furniture(template_page, number, box))
                if template_page.has_text():
                    template_furniture_pages.append(number)
            else:
                chars += template_page.chars
                for direction, glyphs in template_page.turned.items():
                    turned.setdefault(direction, []).extend(glyphs)
            hsegs += template_page.hsegs
            vsegs += template_page.vsegs
        chars += own.chars
        for direction, glyphs in own.turned.items():
            turned.setdefault(direction, []).extend(glyphs)
        hsegs += own.hsegs
        vsegs += own.vsegs
        if images:
            image_pages.append(number)
        object_texts.update(own.texts)
        if own.textless or any(template_page.textless for _, template_page in background):
            textless_pages.append(number)
        layout.add_page(page_input(number, box, chars, turned, hsegs, vsegs))
        read_pages[number - 1] = (None, ids)  # its glyphs are in the layout now

    if layout.char_count() == 0:
        if textless_pages:
            raise package.error(
                f"no text: the text objects on pages {page_ranges(textless_pages)} give glyph indexes "
                "(CGTransform) but no Unicode text, and the fonts are not read for a mapping")
        raise package.error(
            f"no text: none of its {len(pages)} page{'s' if len(pages) != 1 else ''} holds text objects "
            "(scanned pages or text drawn as outlines need OCR first)")
    if textless_pages:
        diagnostics_head = Diagnostic(
            Severity.WARNING, "ofd-glyphs-without-text",
            f"text objects with glyph indexes (CGTransform) but no Unicode text are left out on pages "
            f"{page_ranges(textless_pages)}: their fonts are not read for a mapping")
        package.diagnostics.append(diagnostics_head)
    metadata += signatures(package, body, root_entry, {page_id: i for i, (page_id, _) in enumerate(pages, 1)})
    metadata += annotations(package, document, doc_entry)
    metadata += tags(package, document, doc_entry, object_texts)

    diagnostics = package.diagnostics
    if template_furniture_pages:
        diagnostics.append(Diagnostic(
            Severity.INFO, "ofd-template-furniture",
            "the text of template pages shared by several pages (letterhead, running heads) is page "
            f"furniture, not body: pages {page_ranges(template_furniture_pages)}"))
    if image_pages:
        diagnostics.append(Diagnostic(
            Severity.INFO, "ofd-images",
            f"images (seals, letterheads or form labels drawn as pictures) hold no readable text: pages "
            f"{page_ranges(image_pages)}"))
    if layout.unmapped:
        count = sum(bad for _, bad, _ in layout.unmapped)
        diagnostics.append(Diagnostic(
            Severity.WARNING, "ofd-unmapped-glyphs",
            f"{count} glyph{'s' if count != 1 else ''} without Unicode text (control characters, private-use "
            f"code points or U+FFFD) on pages {page_ranges([page for page, _, _ in layout.unmapped])}"))
    if layout.unplaced:
        diagnostics.append(Diagnostic(
            Severity.WARNING, "ofd-glyphs-without-position",
            f"{len(layout.unplaced)} glyphs with no usable position (a broken CTM or Boundary) left out of the "
            f"text: {''.join(text for _, text in layout.unplaced)[:200]!r}"))

    laid_out = layout.finish()
    diagnostics.extend(laid_out.table_diagnostics)
    order = {"page_header": 0, "page_number": 1, "page_footer": 2}
    all_furniture = sorted([*furniture, *(Furniture(kind=f.kind, text=f.text, page=f.page) for f in laid_out.furniture)],
                           key=lambda f: (f.page, order.get(f.kind, 3)))
    return SourceText(
        text=laid_out.text, format="ofd", name=package.name, encoding=None, sha256=package.sha256, pages=len(pages),
        metadata=tuple(metadata), hints=hints_from_pairs(metadata), furniture=tuple(all_furniture),
        origins=laid_out.origins, diagnostics=tuple(diagnostics), tables=laid_out.tables)


def _templates_of(package: Package, content, templates: dict) -> list[str]:
    """The IDs of the template pages a page names (an unknown one gets a warning)."""
    ids = []
    for template in content.iterfind("{*}Template"):
        template_id = template.get("TemplateID")
        if template_id in templates:
            ids.append(template_id)
        elif template_id:
            package.diagnostics.append(Diagnostic(
                Severity.WARNING, "ofd-missing-template",
                f"a page names template page {template_id!r}, which the document does not define"))
    return ids
