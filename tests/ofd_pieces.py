"""Small OFD packages built in memory, for the OFD reader's tests and the fuzzer.

:func:`minimal_entries` is a valid two-page 公文 as OFD entries (name -> bytes); tests change or drop
entries and :func:`package` zips them, so each hostile case differs from a good file in one way.
"""

from __future__ import annotations

import io
import zipfile

NS = "http://www.ofdspec.org/2016"


def _text_object(oid: int, x: float, y: float, text: str, size: float = 5.6, extra: str = "") -> str:
    """One line of text at (x, y) mm (the Boundary's top left): advances of an em (CJK), half an em
    for digits and Latin letters."""
    advances = [size if ord(ch) > 0x2000 else size / 2 for ch in text[:-1]]
    deltas = f' DeltaX="{" ".join(f"{a:g}" for a in advances)}"' if advances else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{x} {y} {size * len(text) + 1} {size * 1.2}" Font="1" '
            f'Size="{size}"{extra}><ofd:TextCode X="0" Y="{size}"{deltas}>{text}</ofd:TextCode></ofd:TextObject>')


def page_xml(objects: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="90">'
            f"{objects}</ofd:Layer></ofd:Content></ofd:Page>").encode("utf-8")


def minimal_entries() -> dict[str, bytes]:
    """A 通知 on two A4 pages: title, 文号, 主送, two numbered sections, sign-off, page numbers."""
    first = "".join([
        _text_object(10, 70, 40, "嘉兴市人民政府文件", 8.0),
        _text_object(11, 80, 60, "嘉政发〔2019〕15号"),
        _text_object(12, 45, 80, "嘉兴市人民政府关于测试工作的通知", 7.7),
        _text_object(13, 28, 100, "各县（市、区）人民政府："),
        _text_object(14, 39, 112, "一、总体要求"),
        _text_object(15, 39, 124, "全市安排资金100万元用于测试。"),
        _text_object(16, 95, 270, "— 1 —", extra=""),
    ])
    second = "".join([
        _text_object(20, 39, 40, "二、工作措施"),
        _text_object(21, 39, 52, "各地要认真落实。"),
        _text_object(22, 120, 80, "嘉兴市人民政府"),
        _text_object(23, 120, 92, "2019年7月15日"),
        _text_object(24, 95, 270, "— 2 —"),
    ])
    return {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
                    "<ofd:DocBody><ofd:DocInfo><ofd:DocID>t</ofd:DocID></ofd:DocInfo>"
                    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>").encode("utf-8"),
        "Doc_0/Document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}">'
                               "<ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea>"
                               "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
                               '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
                               '<ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages>'
                               "</ofd:Document>").encode("utf-8"),
        "Doc_0/Pages/Page_0/Content.xml": page_xml(first),
        "Doc_0/Pages/Page_1/Content.xml": page_xml(second),
    }


def add_office_tags(entries: dict[str, bytes], tag_xml: str) -> None:
    """Give the package of ``entries`` a GB/T 33476 tag file (``Tag_OfficeDoc.xml``) holding ``tag_xml``,
    listed in the document's CustomTags."""
    entries["Doc_0/Document.xml"] = entries["Doc_0/Document.xml"].replace(
        b"</ofd:Pages>", b"</ofd:Pages><ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>")
    entries["Doc_0/Tags/CustomTags.xml"] = (f'<ofd:CustomTags xmlns:ofd="{NS}"><ofd:CustomTag TypeID="od">'
                                            "<ofd:FileLoc>Tag_OfficeDoc.xml</ofd:FileLoc></ofd:CustomTag>"
                                            "</ofd:CustomTags>").encode("utf-8")
    entries["Doc_0/Tags/Tag_OfficeDoc.xml"] = tag_xml.encode("utf-8")


def package(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The entries as a ZIP package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as out:
        for name, data in entries.items():
            out.writestr(name, data)
    return buffer.getvalue()
