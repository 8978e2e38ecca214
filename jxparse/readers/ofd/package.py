"""An OFD package (a ZIP of XML) opened safely: entries checked, references resolved, XML parsed hardened.

Every entry name is checked before anything is read (no absolute names, no ``..``, no encrypted
entries) and the package's unpacked size is bounded in total and per entry (a decompression bomb
stops here); references (``BaseLoc``, ``DocRoot`` …) are resolved inside the package; XML is parsed
without DTDs, entities or network access, a DOCTYPE or an entity declaration is refused, and only
tag files (which real producers write malformed) are parsed with recovery.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile

from ...ast import Diagnostic, Severity
from ...errors import OfdError

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""Bound on the sum of the entries' uncompressed sizes (a decompression bomb stops here)."""
MAX_RATIO = 200
"""Bound on an entry's uncompressed / compressed size (for entries over ``_RATIO_FLOOR`` bytes)."""
_RATIO_FLOOR = 1024 * 1024

_LENIENT = re.compile(r"(^|/)(Tags?|CustomTags?)(/|\.xml$)|Tag_[^/]*\.xml$|CustomTags?\.xml$", re.I)
"""Entries parsed with recovery: tag files (GB/T 33476 tags, custom tags) are not always well-formed."""


def local(tag: str) -> str:
    """An element's name without its namespace (OFD files use two, sometimes mixed)."""
    return tag.rsplit("}", 1)[-1]


class Package:
    """An OFD package being read: its checked entries, their XML, the diagnostics of optional parts."""

    def __init__(self, data: bytes, label: str, name: str | None) -> None:
        """Open the package in ``data``; ``label`` names it in messages, ``name`` is the source name."""
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

    def error(self, message: str, entry: str | None = None) -> OfdError:
        """An :class:`OfdError` naming the package and, where given, the entry."""
        return OfdError(f"entry {entry!r}: {message}" if entry else message, source=self.label)

    def _check_entries(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise self.error(f"the package holds {len(infos)} entries (at most {MAX_ENTRIES} are read)")
        total = 0
        for info in infos:
            entry = info.filename
            parts = entry.replace("\\", "/").split("/")
            if entry.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", entry):
                raise self.error("the entry name leaves the package (absolute or with '..'); refused", entry)
            if info.flag_bits & 0x1:
                raise self.error("the entry is encrypted; encrypted OFD packages are not read", entry)
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise self.error(
                    f"the package unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB: a decompression "
                    "bomb or not a document; refused", entry)
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self.error(
                    f"the entry unpacks {info.file_size // max(info.compress_size, 1)} times its packed size "
                    f"(at most {MAX_RATIO}): a decompression bomb; refused", entry)
            if not entry.endswith("/"):
                self.entries[entry] = info
                self.lower.setdefault(entry.lower(), entry)

    def find(self, entry: str) -> str | None:
        """The entry's name as stored (matched case-insensitively as a fallback), or None."""
        if entry in self.entries:
            return entry
        return self.lower.get(entry.lower())

    def read_bytes(self, entry: str) -> bytes:
        """The unpacked bytes of an entry (at most the package's size bound)."""
        try:
            with self.zip.open(self.entries[entry]) as handle:
                return handle.read(MAX_TOTAL_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise self.error(f"cannot be unpacked ({exc})", entry) from None
        except Exception as exc:  # zlib.error and friends: a damaged stream
            raise self.error(f"cannot be unpacked ({type(exc).__name__}: {exc})", entry) from None

    def resolve(self, location: str, base: str) -> str:
        """The entry a ``BaseLoc``-style ``location`` names, relative to the entry ``base`` (``/`` = root)."""
        location = location.strip().replace("\\", "/")
        if location.startswith("/"):
            joined = location.lstrip("/")
        else:
            joined = posixpath.join(posixpath.dirname(base), location)
        normal = posixpath.normpath(joined)
        if normal.startswith("../") or normal == ".." or normal.startswith("/"):
            raise self.error(f"the reference {location!r} leaves the package; refused", base)
        return normal

    def xml(self, entry: str, *, referrer: str | None = None, required: bool = True):
        """The root element of the XML entry ``entry``, parsed without DTDs, entities or network.

        Tag files are parsed with recovery (they are not always well-formed); any other malformed
        entry raises. A missing entry raises when ``required``, else gives None.
        """
        from lxml import etree  # noqa: PLC0415 - imported when an OFD is read

        found = self.find(entry)
        if found is None:
            if not required:
                return None
            where = f" (named by {referrer!r})" if referrer else ""
            raise self.error(f"the entry is missing from the package{where}", entry)
        data = self.read_bytes(found)
        head = data[:4096] if b"<!" not in data[4096:] else data
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise self.error("XML with a DOCTYPE or entity declarations; refused", found)
        lenient = bool(_LENIENT.search(found))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True, remove_pis=True, recover=lenient)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            line = f"line {exc.lineno}: " if getattr(exc, "lineno", None) else ""
            raise self.error(f"not well-formed XML ({line}{exc.msg if hasattr(exc, 'msg') else exc})", found) from None
        except ValueError as exc:
            raise self.error(f"not readable XML ({exc})", found) from None
        if root is None:
            raise self.error("not well-formed XML (no root element)", found)
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise self.error("XML with a DOCTYPE; refused", found)
        return root


    def optional(self, entry: str, referrer: str):
        """An optional part (signatures, annotations): missing or malformed gives a warning, not an error;
        a DOCTYPE or an escaping name is still refused."""
        try:
            return self.xml(entry, referrer=referrer)
        except OfdError as exc:
            if "DOCTYPE" in exc.message or "leaves the package" in exc.message:
                raise
            self.diagnostics.append(Diagnostic(Severity.WARNING, "ofd-unreadable-part", f"{exc.message}; skipped"))
            return None
