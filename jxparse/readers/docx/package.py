"""The OOXML package of a Word file: a ZIP of XML parts, opened defensively.

Only the parts the text needs are read (the main document, styles, numbering, notes, headers and
footers, their relationships), each one by name, never extracted to disk. Limits guard against
decompression bombs: the declared uncompressed size of the whole archive, the size of every part
actually read (counted while decompressing, so a lying header does not help) and the compression
ratio of a large part. XML is parsed by lxml with no DTD, no entity expansion and no network; a
part with a DOCTYPE is refused, since no OOXML part has one.
"""

from __future__ import annotations

import posixpath
import zipfile
from io import BytesIO

from lxml import etree

from ...errors import InputError

MAX_ARCHIVE_BYTES = 1 << 30
"""Refuse a package whose entries together declare more than this many uncompressed bytes (1 GiB)."""
MAX_PART_BYTES = 128 << 20
"""Refuse to decompress one XML part beyond this many bytes (128 MiB)."""
MAX_RATIO = 200
"""Refuse a part larger than 1 MiB that is compressed more than this many times (XML: 5–30)."""
MAX_ENTRIES = 10_000

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
"""Suffix of the relationship type of the main part (transitional and strict OOXML)."""

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                       huge_tree=False, remove_pis=True, remove_comments=True)


class Package:
    """An opened Word package: its entry names and a way to read and parse parts safely."""

    def __init__(self, data: bytes, name: str | None) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
            raise InputError(f"not a readable Word (OOXML) package: broken ZIP ({error})", source=name) from None
        if len(infos) > MAX_ENTRIES:
            raise InputError(f"the package has {len(infos)} entries (more than {MAX_ENTRIES}); refused", source=name)
        total = sum(info.file_size for info in infos)
        if total > MAX_ARCHIVE_BYTES:
            raise InputError(f"the package would unpack to {total} bytes (more than {MAX_ARCHIVE_BYTES}); "
                             "refused as a possible decompression bomb", source=name)
        # Part names are case-insensitive in OPC; keep the first spelling of each.
        self.entries: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self.entries.setdefault(info.filename.lstrip("/").lower(), info)

    def has(self, part: str) -> bool:
        """True when the package holds ``part`` (a path inside the ZIP, without leading slash)."""
        return part.lstrip("/").lower() in self.entries

    def read(self, part: str) -> bytes:
        """The bytes of ``part``, decompressed within the limits; InputError names the entry."""
        info = self.entries.get(part.lstrip("/").lower())
        if info is None:
            raise InputError(f"the package has no part {part!r}", source=self.name)
        if info.flag_bits & 0x1:
            raise InputError(f"part {info.filename!r} is encrypted; Word packages are not encrypted this way",
                             source=self.name)
        if info.file_size > MAX_PART_BYTES:
            raise InputError(f"part {info.filename!r} would unpack to {info.file_size} bytes (more than "
                             f"{MAX_PART_BYTES}); refused", source=self.name)
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"part {info.filename!r} is compressed {info.file_size // max(info.compress_size, 1)} "
                             f"times (more than {MAX_RATIO}); refused as a possible decompression bomb",
                             source=self.name)
        try:
            with self.zip.open(info) as stream:
                data = stream.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
            raise InputError(f"part {info.filename!r} cannot be unpacked: {error}", source=self.name) from None
        except Exception as error:  # zlib.error and friends from a damaged stream
            raise InputError(f"part {info.filename!r} cannot be unpacked: {error}", source=self.name) from None
        if len(data) > MAX_PART_BYTES:
            raise InputError(f"part {info.filename!r} unpacks to more than {MAX_PART_BYTES} bytes; refused",
                             source=self.name)
        return data

    def xml(self, part: str):
        """The root element of XML ``part``; InputError (naming the entry and line) if it is not well-formed."""
        data = self.read(part)
        parser = etree.XMLParser(**_PARSER_OPTIONS)
        try:
            root = etree.fromstring(data, parser=parser)
        except etree.XMLSyntaxError as error:
            raise InputError(f"part {part!r} is not well-formed XML: {error.msg}", source=self.name,
                             line=error.lineno if error.lineno else None) from None
        except ValueError as error:
            raise InputError(f"part {part!r} cannot be parsed: {error}", source=self.name) from None
        doctype = root.getroottree().docinfo
        if doctype.doctype or doctype.internalDTD is not None:
            raise InputError(f"part {part!r} has a DOCTYPE; OOXML parts never do, refused (entities are not expanded)",
                             source=self.name)
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """The internal relationships of ``part``: id -> (type, target part name)."""
        folder, base = posixpath.split(part.lstrip("/"))
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_part):
            return {}
        out: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_part):
            if not isinstance(rel.tag, str) or etree.QName(rel).localname != "Relationship":
                continue
            if (rel.get("TargetMode") or "").lower() == "external":
                continue
            target = rel.get("Target") or ""
            resolved = self.resolve(folder, target)
            if resolved is not None:
                out[rel.get("Id") or ""] = (rel.get("Type") or "", resolved)
        return out

    @staticmethod
    def resolve(folder: str, target: str) -> str | None:
        """A relationship target as a part name; None for a target outside the package."""
        if not target:
            return None
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        path = posixpath.normpath(path)
        if path.startswith("..") or path.startswith("/") or path == ".":
            return None
        return path

    def main_part(self) -> str | None:
        """The main document part named by the package relationships, or ``word/document.xml``."""
        for rel_type, target in self.rels("").values():
            if rel_type.endswith(OFFICE_DOCUMENT) and self.has(target):
                return target
        return "word/document.xml" if self.has("word/document.xml") else None
