"""Write the bundled bulletin (samples/jiaxing-2019-07.txt) as Word files, and small DOCX test files.

Standard library only (zipfile and string XML), so tests import it and build their DOCX files in a
temporary folder; nothing it writes is committed. Two renderings of the bulletin:

- ``jiaxing-2019-07-typed.docx``: every heading number typed in the text, as most offices do;
- ``jiaxing-2019-07-auto.docx``: the heading numbers of paragraphs that start with one (一、, (一),
  1., (1), ①, 第一章, 第一条 …) come from Word's automatic numbering (numbering.xml) and the
  paragraph's text is the heading without its number. One single-level list definition per number
  form, as WPS's 公文 template does, reached through a paragraph style (``公文标题 N``); where the
  number typed is not the next one, the paragraph gets a new ``w:num`` with ``w:startOverride``
  directly (Word's "set numbering value"), and the paragraphs after it, numbered by their style
  again, go on from there (Word counts all instances of one list definition in one sequence).

Both: blocks separated by blank lines become paragraphs; a block whose lines all hold a TAB becomes
a table (one row per line, one cell per TAB-separated field); a block that ends in a date (an
issuer over its date) becomes right-aligned paragraphs, one per line; any other block of several
lines is one paragraph with soft line breaks.

    python scripts/make_docx_samples.py [OUT_DIR]     # default: build/docx-samples
"""

from __future__ import annotations

import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "jiaxing-2019-07.txt"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:v="urn:schemas-microsoft-com:vml" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT_TYPES = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "word/numbering.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "word/footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "word/endnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "word/header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
_PART_RELATIONSHIP = {
    "word/styles.xml": "styles", "word/numbering.xml": "numbering", "word/footnotes.xml": "footnotes",
    "word/endnotes.xml": "endnotes", "word/header1.xml": "header", "word/footer1.xml": "footer",
}


# --------------------------------------------------------------------------- XML pieces


def run(text: str, *, hidden: bool = False) -> str:
    """A run of ``text``; a line break in the text is a soft line break (``w:br``)."""
    props = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    parts = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' if line else "" for line in text.split("\n")]
    return f"<w:r>{props}{'<w:br/>'.join(parts)}</w:r>"


def paragraph(content: str = "", *, style: str | None = None, num: tuple[int, int] | None = None,
              align: str | None = None, raw: bool = False) -> str:
    """A ``w:p``: ``content`` is text (one run) or, with ``raw``, ready-made inline XML.

    ``num`` is (numId, ilvl) for direct numbering; ``style`` a paragraph style id; ``align`` a ``w:jc``.
    """
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    body = content if raw else (run(content) if content else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def table(rows: list[list[str]]) -> str:
    """A ``w:tbl`` of text cells (one paragraph per cell)."""
    out = ["<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"]
    for row in rows:
        out.append("<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, suffix: str = "nothing", style: str | None = None) -> str:
    """A ``w:lvl`` of a list definition."""
    link = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{link}'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/>'
            '<w:lvlJc w:val="left"/></w:lvl>')


def numbering_xml(abstracts: dict[int, list[str]], nums: dict[int, tuple[int, dict[int, int]]]) -> str:
    """numbering.xml: ``abstracts`` abstractNumId -> levels; ``nums`` numId -> (abstractNumId, {ilvl: start})."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NAMESPACES}>']
    for aid, levels in abstracts.items():
        out.append(f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>')
    for nid, (aid, starts) in nums.items():
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
                            for i, s in starts.items())
        out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>')
    out.append("</w:numbering>")
    return "".join(out)


def styles_xml(styles: dict[str, tuple[str, tuple[int, int] | None, str | None]] | None = None) -> str:
    """styles.xml: styleId -> (name, (numId, ilvl) or None, basedOn or None), plus Normal."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NAMESPACES}>',
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>']
    for sid, (name, num, based) in (styles or {}).items():
        props = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
        base = f'<w:basedOn w:val="{based}"/>' if based else ""
        out.append(f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{escape(name)}"/>'
                   f'{base}{props}</w:style>')
    out.append("</w:styles>")
    return "".join(out)


def docx_bytes(body: str, *, parts: dict[str, str | bytes] | None = None, sect: str = "",
               document_part: str = "word/document.xml") -> bytes:
    """A DOCX package around ``body`` (the children of ``w:body``).

    ``parts`` adds parts by name (word/styles.xml, word/numbering.xml, word/footnotes.xml,
    word/header1.xml …), each related to the document; ``sect`` is extra ``w:sectPr`` content
    (header and footer references use the ids ``rIdheader1``/``rIdfooter1``).
    """
    parts = dict(parts or {})
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>'
                f'{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>')
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for name in parts:
        kind = _PART_RELATIONSHIP.get(name)
        if kind:
            rel_id = "rId" + Path(name).stem
            rels.append(f'<Relationship Id="{rel_id}" Type="{_REL}{kind}" Target="{Path(name).name}"/>')
    rels.append("</Relationships>")
    types = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>']
    for name in [document_part, *parts]:
        if name in _CONTENT_TYPES:
            types.append(f'<Override PartName="/{name}" ContentType="{_CONTENT_TYPES[name]}"/>')
    types.append("</Types>")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "".join(types))
        archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{_REL}officeDocument" Target="{document_part}"/>'
                         '</Relationships>')
        archive.writestr(document_part, document)
        folder = str(Path(document_part).parent)
        archive.writestr(f"{folder}/_rels/{Path(document_part).name}.rels", "".join(rels))
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the bulletin

_DATE_LINE = re.compile(r"[0-9０-９〇○零一二三四五六七八九十]{4}\s*年\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月"
                        r"\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日$")
_HAN = "〇一二三四五六七八九十百"
_MARKER = re.compile(r"(第)([一二三四五六七八九十百]+)([章节条])([ \u3000]?)"
                     r"|([（(]?)([一二三四五六七八九十]+|[0-9]+)([、.．)）])([ \u3000]?)"
                     r"|([①-⑳])([ \u3000]?)")


def _han_value(text: str) -> int:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if text == "十":
        return 10
    if "百" in text:
        head, _, rest = text.partition("百")
        return digits.get(head, 1) * 100 + (_han_value(rest.lstrip("〇零")) if rest else 0)
    if "十" in text:
        head, _, rest = text.partition("十")
        return (digits[head] if head else 1) * 10 + (digits[rest] if rest else 0)
    return digits.get(text, 0)


def heading_marker(line: str) -> tuple[str, str, int, str, int] | None:
    """(numFmt, lvlText, value, suffix, length) for a paragraph that starts with a heading number.

    The brackets must pair up: ``(一)`` and ``（1）`` are numbers, ``一)`` is not.
    """
    m = _MARKER.match(line)
    if not m:
        return None
    if m.group(1):
        value = _han_value(m.group(2))
        text, space = f"第%1{m.group(3)}", m.group(4)
        fmt = "chineseCounting"
    elif m.group(9):
        value = ord(m.group(9)) - 0x2460 + 1
        text, space, fmt = "%1", m.group(10), "decimalEnclosedCircle"
    else:
        opening, number, closing, space = m.group(5), m.group(6), m.group(7), m.group(8)
        pairs = {"(": ")", "（": "）"}
        if opening and pairs[opening] != closing or not opening and closing in ")）":
            return None
        if number.isdigit():
            fmt, value = "decimal", int(number)
        else:
            fmt, value = "chineseCounting", _han_value(number)
        text = f"{opening}%1{closing}"
    if value <= 0:
        return None
    return fmt, text, value, "space" if space == " " else ("nothing" if not space else "tab"), m.end()


class _Lists:
    """Numbering definitions made on the fly: one single-level list per number form, restarts as new nums."""

    def __init__(self) -> None:
        self.abstracts: dict[tuple[str, str, str], int] = {}
        self.levels: dict[int, list[str]] = {}
        self.nums: dict[int, tuple[int, dict[int, int]]] = {}
        self.current: dict[int, tuple[int, int]] = {}  # abstract -> (numId, last value)
        self.styles: dict[str, tuple[str, tuple[int, int] | None, str | None]] = {}

    def number(self, fmt: str, text: str, suffix: str, value: int) -> tuple[str | None, tuple[int, int] | None]:
        """The (style, direct numPr) that make Word display ``value`` in this form."""
        key = (fmt, text, suffix)
        if key not in self.abstracts:
            aid = len(self.abstracts)
            self.abstracts[key] = aid
            style = f"gw{aid + 1}"
            self.levels[aid] = [level(0, fmt, text, suffix=suffix, style=style)]
            nid = len(self.nums) + 1
            self.nums[nid] = (aid, {})
            self.styles[style] = (f"公文标题 {aid + 1}", (nid, 0), None)
            self.current[aid] = (nid, 0)
        aid = self.abstracts[key]
        nid, last = self.current[aid]
        if value == last + 1:  # the style's list goes on (after a restart too: Word shares the count)
            self.current[aid] = (nid, value)
            return f"gw{aid + 1}", None
        nid = len(self.nums) + 1
        self.nums[nid] = (aid, {0: value})
        self.current[aid] = (nid, value)
        return None, (nid, 0)


def bulletin_docx(text: str, *, automatic: bool) -> bytes:
    """The bulletin ``text`` as a DOCX package, heading numbers typed or automatic."""
    lists = _Lists()
    body: list[str] = []
    for block in re.split(r"\n[ \t\u3000]*\n", text):
        block = block.strip("\n")
        if not block.strip():
            continue
        lines = block.split("\n")
        if all("\t" in line for line in lines):
            body.append(table([line.split("\t") for line in lines]))
        elif len(lines) > 1 and _DATE_LINE.search(lines[-1].strip()) and all(len(x.strip()) <= 30 for x in lines):
            body.extend(paragraph(line.strip(), align="right") for line in lines)
        elif len(lines) > 1:
            body.append(paragraph(block))
        else:
            marker = heading_marker(block) if automatic else None
            if marker is None:
                body.append(paragraph(block))
            else:
                fmt, pattern, value, suffix, length = marker
                style, num = lists.number(fmt, pattern, suffix, value)
                body.append(paragraph(block[length:], style=style, num=num))
    parts: dict[str, str | bytes] = {"word/styles.xml": styles_xml(lists.styles)}
    if automatic:
        parts["word/numbering.xml"] = numbering_xml(lists.levels, lists.nums)
    return docx_bytes("".join(body), parts=parts)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "build" / "docx-samples"
    out.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for name, automatic in (("typed", False), ("auto", True)):
        target = out / f"jiaxing-2019-07-{name}.docx"
        target.write_bytes(bulletin_docx(text, automatic=automatic))
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
