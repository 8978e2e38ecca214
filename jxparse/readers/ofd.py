"""OFD reader (GB/T 33190): an OFD package's text layer -> :class:`~jxparse.readers.SourceText`.

An OFD file is a ZIP of XML: ``OFD.xml`` -> ``DocBody/DocRoot`` (``Document.xml``) -> its pages and
template pages -> each page's ``Content.xml`` with ``TextObject`` elements (``Boundary``, ``CTM``,
``Size``) holding ``TextCode`` runs (``X``, ``Y``, ``DeltaX``/``DeltaY`` with the ``g N width``
shorthand). This module only turns those into glyph boxes, in PDF points (OFD measures in
millimetres; ``bbox`` is in points for every format) with a top-left origin, and hands them, with the
ruled lines of the page's ``PathObject`` elements, to the layout step the PDF engines use
(:mod:`~jxparse.readers.pdf_layout`): lines, paragraphs, running heads and page numbers, tables,
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
tag with the text of the objects it names.

A damaged or hostile package stops with :class:`~jxparse.errors.OfdError` naming the file and the
entry: not a ZIP, ``OFD.xml`` missing or broken, an entry name that leaves the archive (``../``), a
decompression bomb (total size and ratio bounded), XML with a DOCTYPE or entity declarations, text
without positions, no text at all.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import unicodedata
import zipfile
from math import hypot
from pathlib import Path

from ..ast import Diagnostic, Furniture, Severity
from ..errors import OfdError
from . import LineOrigin, SourceText

MM = 72 / 25.4
"""PDF points per millimetre: OFD measures in millimetres, ``bbox`` is in points."""

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""Bound on the sum of the entries' uncompressed sizes (a decompression bomb stops here)."""
MAX_RATIO = 200
"""Bound on an entry's uncompressed / compressed size (for entries over ``_RATIO_FLOOR`` bytes)."""
_RATIO_FLOOR = 1024 * 1024
MAX_GLYPHS_PER_PAGE = 1_000_000
"""Bound on the glyphs of one page (its own and its templates' each): a real page holds a few thousand."""

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_ASCENT, _DESCENT = 0.86, 0.14
"""Where a glyph's box lies around its baseline, as fractions of the font size (OFD has no metrics)."""

_LENIENT = re.compile(r"(^|/)(Tags?|CustomTags?)(/|\.xml$)|Tag_[^/]*\.xml$|CustomTags?\.xml$", re.I)
"""Entries parsed with recovery: tag files (GB/T 33476 tags, custom tags) are not always well-formed."""


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
    from ..gc_pause import cyclic_gc_paused

    with cyclic_gc_paused():
        return _Reader(data, label, name).read()


class _Reader:
    """One package being read: its entries, its XML, its pages."""

    def __init__(self, data: bytes, label: str, name: str | None) -> None:
        self.label = label
        self.name = name
        self.sha256 = hashlib.sha256(data).hexdigest()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, OSError) as exc:
            raise OfdError(f"not an OFD file: the ZIP package is damaged or of an unsupported kind ({exc})",
                           source=label) from None
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.lower: dict[str, str] = {}
        self._check_entries()
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------------ package

    def _error(self, message: str, entry: str | None = None) -> OfdError:
        return OfdError(f"entry {entry!r}: {message}" if entry else message, source=self.label)

    def _check_entries(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise self._error(f"the package holds {len(infos)} entries (at most {MAX_ENTRIES} are read)")
        total = 0
        for info in infos:
            entry = info.filename
            parts = entry.replace("\\", "/").split("/")
            if entry.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", entry):
                raise self._error("the entry name leaves the package (absolute or with '..'); refused", entry)
            if info.flag_bits & 0x1:
                raise self._error("the entry is encrypted; encrypted OFD packages are not read", entry)
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise self._error(
                    f"the package unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB: a decompression "
                    "bomb or not a document; refused", entry)
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self._error(
                    f"the entry unpacks {info.file_size // max(info.compress_size, 1)} times its packed size "
                    f"(at most {MAX_RATIO}): a decompression bomb; refused", entry)
            if not entry.endswith("/"):
                self.entries[entry] = info
                self.lower.setdefault(entry.lower(), entry)

    def _find(self, entry: str) -> str | None:
        if entry in self.entries:
            return entry
        return self.lower.get(entry.lower())

    def _bytes(self, entry: str) -> bytes:
        try:
            with self.zip.open(self.entries[entry]) as handle:
                return handle.read(MAX_TOTAL_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise self._error(f"cannot be unpacked ({exc})", entry) from None
        except Exception as exc:  # zlib.error and friends: a damaged stream
            raise self._error(f"cannot be unpacked ({type(exc).__name__}: {exc})", entry) from None

    def resolve(self, location: str, base: str) -> str:
        """The entry a ``BaseLoc``-style ``location`` names, relative to the entry ``base`` (``/`` = root)."""
        location = location.strip().replace("\\", "/")
        if location.startswith("/"):
            joined = location.lstrip("/")
        else:
            joined = posixpath.join(posixpath.dirname(base), location)
        normal = posixpath.normpath(joined)
        if normal.startswith("../") or normal == ".." or normal.startswith("/"):
            raise self._error(f"the reference {location!r} leaves the package; refused", base)
        return normal

    def xml(self, entry: str, *, referrer: str | None = None, required: bool = True):
        """The root element of the XML entry ``entry``, parsed without DTDs, entities or network.

        Tag files are parsed with recovery (they are not always well-formed); any other malformed
        entry raises. A missing entry raises when ``required``, else gives None.
        """
        from lxml import etree  # noqa: PLC0415 - imported when an OFD is read

        found = self._find(entry)
        if found is None:
            if not required:
                return None
            where = f" (named by {referrer!r})" if referrer else ""
            raise self._error(f"the entry is missing from the package{where}", entry)
        data = self._bytes(found)
        head = data[:4096] if b"<!" not in data[4096:] else data
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise self._error("XML with a DOCTYPE or entity declarations; refused", found)
        lenient = bool(_LENIENT.search(found))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True, remove_pis=True, recover=lenient)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            line = f"line {exc.lineno}: " if getattr(exc, "lineno", None) else ""
            raise self._error(f"not well-formed XML ({line}{exc.msg if hasattr(exc, 'msg') else exc})", found) from None
        except ValueError as exc:
            raise self._error(f"not readable XML ({exc})", found) from None
        if root is None:
            raise self._error("not well-formed XML (no root element)", found)
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise self._error("XML with a DOCTYPE; refused", found)
        return root

    # ------------------------------------------------------------------ document

    def read(self) -> SourceText:
        from .pdf import _ranges, _table_diagnostics  # noqa: PLC0415 - shared with the PDF reader
        from .pdf_layout import Layout, render  # noqa: PLC0415

        root_entry = self._find("OFD.xml")
        if root_entry is None:
            raise self._error("not an OFD package: it has no OFD.xml at its root")
        ofd = self.xml(root_entry)
        if _local(ofd.tag) != "OFD":
            raise self._error(f"the root element is <{_local(ofd.tag)}>, not <OFD>", root_entry)
        body = ofd.find("{*}DocBody")
        doc_root = body.findtext("{*}DocRoot") if body is not None else None
        if not doc_root or not doc_root.strip():
            raise self._error("OFD.xml names no document (DocBody/DocRoot is missing)", root_entry)
        doc_entry = self.resolve(doc_root, root_entry)
        document = self.xml(doc_entry, referrer=root_entry)
        metadata = self._doc_info(body)

        common = document.find("{*}CommonData")
        default_box = _box((common.findtext("{*}PageArea/{*}PhysicalBox") if common is not None else None)
                           or "0 0 210 297")
        templates: dict[str, tuple[str, str]] = {}  # ID -> (entry, z-order)
        if common is not None:
            for template in common.iterfind("{*}TemplatePage"):
                loc = template.get("BaseLoc")
                if template.get("ID") and loc:
                    templates[template.get("ID")] = (self.resolve(loc, doc_entry), template.get("ZOrder") or "")
        pages = []  # (ID, entry)
        for page in document.iterfind("{*}Pages/{*}Page"):
            loc = page.get("BaseLoc")
            if not loc:
                raise self._error(f"page {len(pages) + 1} names no content (BaseLoc missing)", doc_entry)
            pages.append((page.get("ID") or "", self.resolve(loc, doc_entry)))
        if not pages:
            raise self._error("the document has no pages", doc_entry)

        # each page's objects as glyph tuples and rules (its XML tree is dropped at once), and the
        # templates it names: whether a template serves several pages is known only after all
        read_pages: list[tuple[_Page, list[str]]] = []
        for _, entry in pages:
            content = self.xml(entry, referrer=doc_entry)
            box = _box(content.findtext("{*}Area/{*}PhysicalBox") or "") or default_box
            own = _Page(self, entry, box)
            own.walk(content.find("{*}Content"))
            read_pages.append((own, self._templates_of(content, templates)))
            del content
        page_templates = [ids for _, ids in read_pages]
        uses: dict[str, int] = {}
        for ids in page_templates:
            for template_id in set(ids):
                uses[template_id] = uses.get(template_id, 0) + 1
        template_cache: dict[str, _Page] = {}

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
                    template_page = _Page(self, t_entry, box)
                    t_root = self.xml(t_entry, referrer=entry)
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
                    furniture.extend(_template_furniture(template_page, number, box))
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
            layout.add_page(_page_input(number, box, chars, turned, hsegs, vsegs))
            read_pages[number - 1] = (None, ids)  # its glyphs are in the layout now

        if layout.char_count() == 0:
            if textless_pages:
                raise self._error(
                    f"no text: the text objects on pages {_ranges(textless_pages)} give glyph indexes "
                    "(CGTransform) but no Unicode text, and the fonts are not read for a mapping")
            raise self._error(
                f"no text: none of its {len(pages)} page{'s' if len(pages) != 1 else ''} holds text objects "
                "(scanned pages or text drawn as outlines need OCR first)")
        if textless_pages:
            diagnostics_head = Diagnostic(
                Severity.WARNING, "ofd-glyphs-without-text",
                f"text objects with glyph indexes (CGTransform) but no Unicode text are left out on pages "
                f"{_ranges(textless_pages)}: their fonts are not read for a mapping")
            self.diagnostics.append(diagnostics_head)
        metadata += self._signatures(body, root_entry, {page_id: i for i, (page_id, _) in enumerate(pages, 1)})
        metadata += self._annotations(document, doc_entry)
        metadata += self._tags(document, doc_entry, object_texts)

        diagnostics = self.diagnostics
        if template_furniture_pages:
            diagnostics.append(Diagnostic(
                Severity.INFO, "ofd-template-furniture",
                "the text of template pages shared by several pages (letterhead, running heads) is page "
                f"furniture, not body: pages {_ranges(template_furniture_pages)}"))
        if image_pages:
            diagnostics.append(Diagnostic(
                Severity.INFO, "ofd-images",
                f"images (seals, letterheads or form labels drawn as pictures) hold no readable text: pages "
                f"{_ranges(image_pages)}"))
        if layout.unmapped:
            count = sum(bad for _, bad, _ in layout.unmapped)
            diagnostics.append(Diagnostic(
                Severity.WARNING, "ofd-unmapped-glyphs",
                f"{count} glyph{'s' if count != 1 else ''} without Unicode text (control characters, private-use "
                f"code points or U+FFFD) on pages {_ranges([page for page, _, _ in layout.unmapped])}"))
        if layout.unplaced:
            diagnostics.append(Diagnostic(
                Severity.WARNING, "ofd-glyphs-without-position",
                f"{len(layout.unplaced)} glyphs with no usable position (a broken CTM or Boundary) left out of the "
                f"text: {''.join(text for _, text in layout.unplaced)[:200]!r}"))

        out, found = layout.build()
        text, spans = render(out)
        origins = tuple(LineOrigin(start, end, o.page, tuple(round(v, 2) for v in o.bbox)) for start, end, o in spans)
        diagnostics.extend(_table_diagnostics(spans))
        order = {"page_header": 0, "page_number": 1, "page_footer": 2}
        all_furniture = sorted([*furniture, *(Furniture(kind=f.kind, text=f.text, page=f.page) for f in found)],
                               key=lambda f: (f.page, order.get(f.kind, 3)))
        return SourceText(
            text=text, format="ofd", name=self.name, encoding=None, sha256=self.sha256, pages=len(pages),
            metadata=tuple(metadata), furniture=tuple(all_furniture), origins=origins,
            diagnostics=tuple(diagnostics))

    def _templates_of(self, content, templates: dict) -> list[str]:
        ids = []
        for template in content.iterfind("{*}Template"):
            template_id = template.get("TemplateID")
            if template_id in templates:
                ids.append(template_id)
            elif template_id:
                self.diagnostics.append(Diagnostic(
                    Severity.WARNING, "ofd-missing-template",
                    f"a page names template page {template_id!r}, which the document does not define"))
        return ids

    def _doc_info(self, body) -> list[tuple[str, str]]:
        info = body.find("{*}DocInfo") if body is not None else None
        if info is None:
            return []
        out = []
        for tag, key in (("Title", "doc_info_title"), ("Author", "doc_info_author"), ("CreationDate", "doc_info_date")):
            value = (info.findtext("{*}" + tag) or "").strip()
            if value:
                out.append((key, value))
        return out

    def _signatures(self, body, root_entry: str, page_index: dict[str, int]) -> list[tuple[str, str]]:
        """Signature facts for the metadata: signed yes/no, how many, the signers (seal names) and pages."""
        location = body.findtext("{*}Signatures") if body is not None else None
        if not location or not location.strip():
            return [("signed", "no")]
        entry = self.resolve(location, root_entry)
        listing = self._optional(entry, root_entry)
        if listing is None:
            return [("signed", "no")]
        signers: list[str] = []
        pages: set[int] = set()
        count = 0
        for signature in listing.iterfind("{*}Signature"):
            loc = signature.get("BaseLoc")
            count += 1
            if not loc:
                continue
            sig_entry = self.resolve(loc, entry)
            sig = self._optional(sig_entry, entry)
            if sig is None:
                continue
            for stamp in sig.iterfind("{*}SignedInfo/{*}StampAnnot"):
                ref = stamp.get("PageRef")  # a page ID, not an index
                if ref in page_index:
                    pages.add(page_index[ref])
            seal_loc = sig.findtext("{*}SignedInfo/{*}Seal/{*}BaseLoc")
            if seal_loc:
                seal_entry = self._find(self.resolve(seal_loc, sig_entry))
                if seal_entry is not None:
                    try:
                        seal_name = _seal_name(self._bytes(seal_entry))
                    except OfdError as exc:
                        self.diagnostics.append(Diagnostic(Severity.WARNING, "ofd-unreadable-part",
                                                           f"{exc.message}; the signer is not known"))
                        seal_name = None
                    if seal_name and seal_name not in signers:
                        signers.append(seal_name)
        if not count:
            return [("signed", "no")]
        out = [("signed", "yes"), ("signatures", str(count))]
        if signers:
            out.append(("signer", "；".join(signers)))
        if pages:
            out.append(("seal_pages", ", ".join(map(str, sorted(pages)))))
        return out

    def _annotations(self, document, doc_entry: str) -> list[tuple[str, str]]:
        """How many stamp annotations the pages carry (their text is never page text)."""
        location = document.findtext("{*}Annotations")
        if not location or not location.strip():
            return []
        entry = self.resolve(location, doc_entry)
        listing = self._optional(entry, doc_entry)
        if listing is None:
            return []
        stamps = 0
        for page in listing.iterfind("{*}Page"):
            loc = page.findtext("{*}FileLoc")
            if not loc:
                continue
            annotations = self._optional(self.resolve(loc, entry), entry)
            if annotations is None:
                continue
            stamps += sum(1 for annot in annotations.iterfind("{*}Annot") if annot.get("Type") == "Stamp")
        return [("stamp_annotations", str(stamps))] if stamps else []

    def _tags(self, document, doc_entry: str, texts: dict[str, str]) -> list[tuple[str, str]]:
        """Metadata from the document's tag files (``CustomTags``): GB/T 33476 公文 elements
        (``Tag_OfficeDoc.xml``: 标题, 发文字号, 成文日期 …) and custom field names (a licence's 发证机关 …),
        each with the text of the objects it names. Evidence only: 标题, 发文字号 and 成文日期 fill a
        document's fields where its text has none, as HTML metadata does."""
        location = document.findtext("{*}CustomTags")
        if not location or not location.strip():
            return []
        entry = self.resolve(location, doc_entry)
        listing = self._optional(entry, doc_entry)
        if listing is None:
            return []
        out: list[tuple[str, str]] = []
        for tag in listing.iterfind("{*}CustomTag"):
            loc = tag.findtext("{*}FileLoc")
            if not loc or not loc.strip():
                continue
            root = self._optional(self.resolve(loc, entry), entry)
            if root is None:
                continue
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                name = _local(element.tag)
                parent = element.getparent()
                if parent is not None and _local(parent.tag) == "发文字号":  # its parts: in 发文字号
                    continue
                refs = [c for c in element if isinstance(c.tag, str) and _local(c.tag) == "ObjectRef"]
                if name == "发文字号" and not refs:  # 发文机关代字 / 年份 / 发文顺序号, brackets not tagged
                    parts = {_local(c.tag): _tag_text(c, texts) for c in element if isinstance(c.tag, str)}
                    agency, year, serial = (parts.get(k, "") for k in ("发文机关代字", "年份", "发文顺序号"))
                    if agency and year and serial:
                        out.append((name, f"{agency}〔{year}〕{serial}号"))
                    continue
                if not refs or name in _UNTAGGED:
                    continue
                value = _tag_text(element, texts)
                if value and len(value) <= 200:
                    out.append((name, value))
        return out

    def _optional(self, entry: str, referrer: str):
        """An optional part (signatures, annotations): missing or malformed gives a warning, not an error;
        a DOCTYPE or an escaping name is still refused."""
        try:
            return self.xml(entry, referrer=referrer)
        except OfdError as exc:
            if "DOCTYPE" in exc.message or "leaves the package" in exc.message:
                raise
            self.diagnostics.append(Diagnostic(Severity.WARNING, "ofd-unreadable-part", f"{exc.message}; skipped"))
            return None


# --------------------------------------------------------------------------- page objects


class _Page:
    """The glyphs and ruled lines of one page's (or template page's) content, in points, top-left origin."""

    def __init__(self, reader: _Reader, entry: str, box: tuple[float, float, float, float]) -> None:
        self.reader = reader
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
        return bool(self.chars) or any(self.turned.values())

    def walk(self, content) -> None:
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
                kind = _local(tag)
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
                raise self.reader._error(
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
                raise self.reader._error(
                    f"text object {element.get('ID')!r}: the text {text[:20]!r} has no position (TextCode X/Y "
                    "missing)", self.entry)
            if len(text) > MAX_GLYPHS_PER_PAGE - self.glyphs:
                raise self.reader._error(
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


_UNTAGGED = frozenset(("正文", "公文体", "版头", "主体", "版记", "附件", "电子公文"))
"""Tag names whose objects are the body or a whole part: too long for a metadata value."""


def _tag_text(element, texts: dict[str, str]) -> str:
    """The text of the objects an element's ``ObjectRef`` descendants name, in order, spaces squeezed."""
    parts = [texts.get((ref.text or "").strip(), "") for ref in element.iter()
             if isinstance(ref.tag, str) and _local(ref.tag) == "ObjectRef"]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _page_input(number: int, box, chars, turned, hsegs, vsegs):
    from .pdf_layout import PageInput  # noqa: PLC0415
    from .pdf_tables import close_open_tables, find_tables  # noqa: PLC0415

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


def _template_furniture(page: _Page, number: int, box) -> list[Furniture]:
    """The lines of a shared template page's text, as furniture of page ``number``: a running head
    above the middle of the page, a running foot below it."""
    from .pdf_layout import dedupe, group_lines  # noqa: PLC0415

    height = box[3] * MM
    out = []
    for line in group_lines(dedupe(page.chars) + [g for gs in page.turned.values() for g in gs], number):
        kind = "page_header" if (line.top + line.bottom) / 2 < height / 2 else "page_footer"
        out.append(Furniture(kind=kind, text=line.text, page=number))
    return out


# --------------------------------------------------------------------------- small parsers


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


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


def _box(value: str) -> tuple[float, float, float, float] | None:
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
    from .pdf_layout import text_direction  # noqa: PLC0415

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


def _seal_name(data: bytes) -> str | None:
    """The seal's name from an electronic seal file (GB/T 38540 / GM/T 0031 ``SES_Seal``, DER): the
    first UTF8String or BMPString that holds a CJK character (the ``name`` of ``SES_ESPropertyInfo``)."""
    stack = [(0, len(data))]
    seen = 0
    while stack and seen < 4000:
        pos, end = stack.pop()
        items = []
        while pos + 2 <= end and seen < 4000:
            seen += 1
            tag = data[pos]
            length = data[pos + 1]
            pos += 2
            if length & 0x80:
                n = length & 0x7F
                if n == 0 or n > 4 or pos + n > end:
                    break
                length = int.from_bytes(data[pos:pos + n], "big")
                pos += n
            if pos + length > end:
                break
            if tag & 0x20:  # constructed: look inside, in order
                items.append((pos, pos + length))
            elif tag in (0x0C, 0x1E):
                raw = data[pos:pos + length]
                try:
                    value = raw.decode("utf-16-be" if tag == 0x1E else "utf-8")
                except UnicodeDecodeError:
                    value = ""
                if any("\u4e00" <= ch <= "\u9fff" for ch in value) and value.isprintable():
                    return value.strip()
            pos += length
        stack.extend(reversed(items))
    return None
