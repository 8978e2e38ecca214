"""What an OFD package says about its document besides the page text: DocInfo, signatures and seals,
stamp annotations, and the tag files that name the 公文 elements (GB/T 33476) or a form's fields.

All of it goes to the source metadata as evidence, never into the text: a seal's name is not page
text, an annotation's caption is not page text, a tag names objects whose text the page already has.
"""

from __future__ import annotations

import re

from ...ast import Diagnostic, Severity
from ...errors import OfdError
from .package import Package, local


def doc_info(body) -> list[tuple[str, str]]:
    """``DocInfo`` title, author and creation date, as ``doc_info_*`` pairs."""
    info = body.find("{*}DocInfo") if body is not None else None
    if info is None:
        return []
    out = []
    for tag, key in (("Title", "doc_info_title"), ("Author", "doc_info_author"), ("CreationDate", "doc_info_date")):
        value = (info.findtext("{*}" + tag) or "").strip()
        if value:
            out.append((key, value))
    return out


def signatures(package: Package, body, root_entry: str, page_index: dict[str, int]) -> list[tuple[str, str]]:
    """Signature facts for the metadata: signed yes/no, how many, the signers (seal names) and pages."""
    location = body.findtext("{*}Signatures") if body is not None else None
    if not location or not location.strip():
        return [("signed", "no")]
    entry = package.resolve(location, root_entry)
    listing = package.optional(entry, root_entry)
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
        sig_entry = package.resolve(loc, entry)
        sig = package.optional(sig_entry, entry)
        if sig is None:
            continue
        for stamp in sig.iterfind("{*}SignedInfo/{*}StampAnnot"):
            ref = stamp.get("PageRef")  # a page ID, not an index
            if ref in page_index:
                pages.add(page_index[ref])
        seal_loc = sig.findtext("{*}SignedInfo/{*}Seal/{*}BaseLoc")
        if seal_loc:
            seal_entry = package.find(package.resolve(seal_loc, sig_entry))
            if seal_entry is not None:
                try:
                    seal_name = _seal_name(package.read_bytes(seal_entry))
                except OfdError as exc:
                    package.diagnostics.append(Diagnostic(Severity.WARNING, "ofd-unreadable-part",
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


def _listing(package: Package, document, doc_entry: str, child: str):
    """(entry, parsed XML) of the listing a Document.xml child names (Annotations, CustomTags), or None
    where the document names none or the part is missing."""
    location = document.findtext("{*}" + child)
    if not location or not location.strip():
        return None
    entry = package.resolve(location, doc_entry)
    listing = package.optional(entry, doc_entry)
    return None if listing is None else (entry, listing)


def annotations(package: Package, document, doc_entry: str) -> list[tuple[str, str]]:
    """How many stamp annotations the pages carry (their text is never page text)."""
    found = _listing(package, document, doc_entry, "Annotations")
    if found is None:
        return []
    entry, listing = found
    stamps = 0
    for page in listing.iterfind("{*}Page"):
        loc = page.findtext("{*}FileLoc")
        if not loc:
            continue
        annotations = package.optional(package.resolve(loc, entry), entry)
        if annotations is None:
            continue
        stamps += sum(1 for annot in annotations.iterfind("{*}Annot") if annot.get("Type") == "Stamp")
    return [("stamp_annotations", str(stamps))] if stamps else []


def tags(package: Package, document, doc_entry: str, texts: dict[str, str]) -> list[tuple[str, str]]:
    """Metadata from the document's tag files (``CustomTags``): GB/T 33476 公文 elements
    (``Tag_OfficeDoc.xml``: 标题, 发文字号, 成文日期 …) and custom field names (a licence's 发证机关 …),
    each with the text of the objects it names. Evidence only: 标题, 发文字号 and 成文日期 fill a
    document's fields where its text has none, as HTML metadata does."""
    found = _listing(package, document, doc_entry, "CustomTags")
    if found is None:
        return []
    entry, listing = found
    out: list[tuple[str, str]] = []
    for tag in listing.iterfind("{*}CustomTag"):
        loc = tag.findtext("{*}FileLoc")
        if not loc or not loc.strip():
            continue
        root = package.optional(package.resolve(loc, entry), entry)
        if root is None:
            continue
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            name = local(element.tag)
            parent = element.getparent()
            if parent is not None and local(parent.tag) == "发文字号":  # its parts: in 发文字号
                continue
            refs = [c for c in element if isinstance(c.tag, str) and local(c.tag) == "ObjectRef"]
            if name == "发文字号" and not refs:  # 发文机关代字 / 年份 / 发文顺序号, brackets not tagged
                parts = {local(c.tag): _tag_text(c, texts) for c in element if isinstance(c.tag, str)}
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


_UNTAGGED = frozenset(("正文", "公文体", "版头", "主体", "版记", "附件", "电子公文"))
"""Tag names whose objects are the body or a whole part: too long for a metadata value."""


def _tag_text(element, texts: dict[str, str]) -> str:
    """The text of the objects an element's ``ObjectRef`` descendants name, in order, spaces squeezed."""
    parts = [texts.get((ref.text or "").strip(), "") for ref in element.iter()
             if isinstance(ref.tag, str) and local(ref.tag) == "ObjectRef"]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


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
