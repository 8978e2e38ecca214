"""Typeset parts of samples/jiaxing-2019-07.txt into small test PDFs of different looks.

Dev-only: needs fpdf2 (``pip install fpdf2``), the WenQuanYi Zen Hei font
(``apt-get install fonts-wqy-zenhei``) and, for the encrypted fixture, qpdf. The PDFs it writes are
committed under tests/fixtures/pdf/, so CI never runs this script.

For every layout it writes ``<name>.pdf`` and ``<name>.json``; the JSON holds what the tests expect:
the source blocks in order (``blocks``: text, kind), and the furniture printed on each page
(``headers``, ``footers``, ``page_numbers`` as ``[page, text]``). It also writes the bad-PDF fixtures
(empty, not a PDF, truncated, corrupt, encrypted, image-only scan).

Layouts:

- ``layout-dash``: 16 pt, running header on every page with a rule, ``- 3 -`` page numbers centred;
- ``layout-even-header``: 14 pt, the mono variant of the font, header on even pages only,
  ``第3页`` at the bottom right;
- ``layout-letterhead``: 15 pt, red spaced-out letterhead (发文机关标志) with a red rule, no header,
  plain ``3`` page numbers on the outer side (odd right, even left), a footer line, a soft hyphen
  (U+00AD) in ``2014­2020``, and the 发文目录 as a ruled two-column table;
- ``layout-middot``: 12 pt, ``·3·`` page numbers, header from page 2 on, headings in fake bold
  (every heading drawn twice, 0.3 pt apart);
- ``layout-columns``: a magazine-style bulletin page: 10.5 pt justified text in two columns under a
  full-width title and 文号, paragraphs running on from the foot of one column to the head of the
  next, the second document's title centred in its column, ``— 3 —`` page numbers.

    python scripts/typeset_samples.py [LAYOUT ...]   # all layouts and the bad PDFs, or just these
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "samples" / "jiaxing-2019-07.txt"
OUT = ROOT / "tests" / "fixtures" / "pdf"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
MM = 72 / 25.4

HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、])")
DOCNUM = re.compile(r"^\S+〔\d{4}〕\s*\d+\s*号$")
DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
END = tuple("。！？；：:;)）」”〕]")


def read_blocks(first: int, last: int) -> list[dict]:
    """Blocks of source lines ``first``..``last`` (1-based, inclusive), with conversion artefacts repaired."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")[first - 1 : last]
    chunks: list[list[str]] = [[]]
    for line in lines:
        line = line.replace("**", "")
        if line.startswith("- "):
            line = line[2:]
        if line.strip():
            chunks[-1].append(line.strip())
        elif chunks[-1]:
            chunks.append([])
    chunks = [c for c in chunks if c]
    # page-break splits of the text conversion ("秸秆\n\n利用"): join them back
    merged: list[list[str]] = []
    for chunk in chunks:
        if (
            merged
            and len(merged[-1]) == 1
            and (len(merged[-1][0]) > 30 or HEADING.match(merged[-1][0]))
            and not merged[-1][0].endswith(END)
            and not HEADING.match(chunk[0])
            and not chunk[0].startswith("附件")
            and not DOCNUM.match(chunk[0])
            and not DATE.match(chunk[0])
        ):
            merged[-1][0] += chunk[0]
            merged[-1].extend(chunk[1:])
        else:
            merged.append(chunk)
    blocks = []
    for i, chunk in enumerate(merged):
        nxt = merged[i + 1][0] if i + 1 < len(merged) else ""
        if all("\t" in line for line in chunk):
            blocks.append({"kind": "table", "rows": [line.split("\t") for line in chunk]})
        elif chunk[0].startswith("附件"):
            blocks.append({"kind": "attach", "lines": chunk})
        elif len(chunk) >= 2 and DATE.match(chunk[-1]) or (len(chunk) == 1 and DATE.match(chunk[0])):
            if blocks and blocks[-1]["kind"] == "signoff":
                blocks[-1]["lines"].extend(chunk)
            else:
                blocks.append({"kind": "signoff", "lines": chunk})
        elif len(chunk) == 1 and DATE.match(nxt) and len(chunk[0]) < 20:
            blocks.append({"kind": "signoff", "lines": chunk})
        elif DOCNUM.match(chunk[0]):
            blocks.append({"kind": "docnum", "text": chunk[0]})
        elif HEADING.match(chunk[0]):
            blocks.append({"kind": "heading" if len(chunk[0]) < 30 else "para", "text": "".join(chunk)})
        elif chunk[0].endswith(("：", ":")) and len(chunk[0]) < 60:
            blocks.append({"kind": "addressee", "text": chunk[0]})
        elif len(chunk) == 1 and not chunk[0].endswith(END) and len(chunk[0]) < 70:
            blocks.append({"kind": "title", "text": chunk[0].replace(" 市区", "市区").replace("嘉兴市 落实", "嘉兴市落实")})
        else:
            blocks.append({"kind": "para", "text": "".join(chunk)})
    return blocks


class Doc(FPDF):
    def __init__(self, style: dict):
        super().__init__(format="A4", unit="pt")
        self.style = style
        self.add_font("zh", "", FONT, collection_font_number=style.get("font_index", 0))
        self.set_margins(28 * MM, 37 * MM, 26 * MM)
        self.set_auto_page_break(True, 35 * MM)
        self.furniture = {"headers": [], "footers": [], "page_numbers": []}
        self.size = style["size"]

    # running header and page number, as office software prints them
    def header(self):
        text = self.style.get("header")
        n = self.page_no()
        when = self.style.get("header_on", "all")
        if not text or when == "even" and n % 2 or when == "from2" and n < 2:
            return
        self.set_font("zh", size=10.5)
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, 20 * MM)
        self.cell(self.epw, 14, text, align="R" if when == "from2" else "L")
        self.set_line_width(0.6)
        self.line(self.l_margin, 20 * MM + 17, self.w - self.r_margin, 20 * MM + 17)
        self.furniture["headers"].append([n, text])
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self):
        n = self.page_no()
        kind = self.style["page_number"]
        text = {"dash": f"- {n} -", "page": f"第{n}页", "plain": f"{n}", "middot": f"·{n}·"}[kind]
        self.set_font("zh", size=12)
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, self.h - 22 * MM)
        if kind == "plain":
            align = "R" if n % 2 else "L"
        elif kind == "page":
            align = "R"
        else:
            align = "C"
        self.cell(self.epw, 14, text, align=align)
        self.furniture["page_numbers"].append([n, text])
        foot = self.style.get("footer")
        if foot:
            self.set_font("zh", size=9)
            self.set_xy(self.l_margin, self.h - 16 * MM)
            self.cell(self.epw, 12, foot, align="C")
            self.furniture["footers"].append([n, foot])
        self.set_x(self.l_margin)

    # blocks
    def para(self, text, indent=2, size=None, bold=False):
        size = size or self.size
        self.set_font("zh", size=size)
        lead = self.size * 1.75
        if bold:
            x, y = self.get_x(), self.get_y()
            self.multi_cell(0, lead, "\u3000" * indent + text, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
            after = self.get_y()
            self.set_xy(x + 0.3, y)
            self.multi_cell(0, lead, "\u3000" * indent + text, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
            self.set_y(after)
        else:
            self.multi_cell(0, lead, "\u3000" * indent + text, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")

    def title_block(self, text):
        self.ln(self.size * 0.8)
        self.set_font("zh", size=self.size + 6)
        # a title wraps within a narrower measure, centred
        self.set_x(self.l_margin + 2 * self.size)
        self.multi_cell(self.epw - 4 * self.size, (self.size + 6) * 1.45, text, align="C", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
        self.ln(self.size * 0.8)

    def docnum(self, text):
        self.set_font("zh", size=self.size)
        self.cell(0, self.size * 1.75, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(self.size * 0.5)

    def signoff(self, lines):
        self.ln(self.size * 1.5)
        self.set_font("zh", size=self.size)
        width = max(self.get_string_width(line) for line in lines)
        for line in lines:
            x = self.w - self.r_margin - 4 * self.size - width + (width - self.get_string_width(line)) / 2
            self.set_x(x)
            self.cell(self.get_string_width(line) + 1, self.size * 1.75, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(self.size)

    def attach(self, lines):
        self.set_font("zh", size=self.size)
        lead = self.size * 1.75
        head = re.match(r"附件\s*[:：]", lines[0]).group(0)
        first = lines[0][len(head) :].strip()
        self.set_x(self.l_margin + 2 * self.size)
        self.cell(self.get_string_width(head) + 2, lead, head)
        x = self.get_x()
        for i, item in enumerate([first] + lines[1:]):
            self.set_x(x)
            self.multi_cell(self.w - self.r_margin - x, lead, item, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")

    def letterhead(self, text):
        self.set_font("zh", size=30)
        self.set_text_color(220, 0, 0)
        self.set_char_spacing(12)
        self.cell(0, 50, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_char_spacing(0)
        self.set_text_color(0, 0, 0)
        self.ln(8)

    def red_rule(self):
        self.set_draw_color(220, 0, 0)
        self.set_line_width(1.5)
        y = self.get_y() + 4
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.6)
        self.ln(16)

    def table_rows(self, rows):
        self.set_font("zh", size=self.size - 3)
        self.ln(6)
        with self.table(col_widths=(32, 68), text_align="LEFT", line_height=(self.size - 3) * 1.5,
                        first_row_as_headings=False) as table:
            for row in rows:
                r = table.row()
                for cell in row:
                    r.cell(cell)


def save(doc: Doc, name: str, style: dict, parts: list[tuple[int, int]], blocks: list[dict]) -> None:
    """Write ``<name>.pdf`` and ``<name>.json``: what the tests expect of it (see the module docstring)."""
    path = OUT / f"{name}.pdf"
    doc.output(str(path))
    meta = {"source": f"samples/jiaxing-2019-07.txt lines {parts}", "style": style, "pages": doc.page_no(),
            "blocks": blocks, **doc.furniture}
    (OUT / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {doc.page_no()} pages, {path.stat().st_size // 1024} KB")


def typeset_columns(name: str, style: dict, parts: list[tuple[int, int]]) -> None:
    """The first title and 文号 across the page, then every other block in two justified columns."""
    doc = Doc(style)
    doc.add_page()
    size = doc.size
    blocks = [b for first, last in parts for b in read_blocks(first, last)]
    head = 0
    while head < len(blocks) and blocks[head]["kind"] in ("title", "docnum"):
        if blocks[head]["kind"] == "title":
            doc.title_block(blocks[head]["text"])
        else:
            doc.docnum(blocks[head]["text"])
        head += 1
    with doc.text_columns(ncols=2, gutter=2 * size, text_align="JUSTIFY", line_height=1.6,
                          wrapmode=WrapMode.CHAR) as columns:
        for block in blocks[head:]:
            kind = block["kind"]
            if kind == "title":
                doc.set_font("zh", size=size + 4)
                with columns.paragraph(text_align="CENTER", top_margin=size, bottom_margin=size / 2) as par:
                    par.write(block["text"])
                doc.set_font("zh", size=size)
            elif kind == "signoff":
                for line in block["lines"]:
                    with columns.paragraph(text_align="RIGHT") as par:
                        par.write(line)
            elif kind in ("addressee", "heading", "para"):
                indent = 0 if kind == "addressee" else 2 * size
                with columns.paragraph(first_line_indent=indent) as par:
                    par.write(block["text"])
            else:
                raise ValueError(f"no column look for {kind} blocks")
    save(doc, name, style, parts, blocks)


def typeset(name: str, style: dict, parts: list[tuple[int, int]], extra=None) -> None:
    doc = Doc(style)
    doc.add_page()
    expected = []
    for first, last in parts:
        blocks = read_blocks(first, last)
        if extra:
            blocks = extra(blocks)
        for block in blocks:
            kind = block["kind"]
            if kind == "letterhead":
                doc.letterhead(block["text"])
            elif kind == "red_rule":
                doc.red_rule()
                continue
            elif kind == "title":
                doc.title_block(block["text"])
            elif kind == "docnum":
                doc.docnum(block["text"])
            elif kind == "addressee":
                doc.para(block["text"], indent=0)
            elif kind == "heading":
                doc.para(block["text"], bold=style.get("fake_bold", False))
            elif kind == "para":
                doc.para(block["text"])
            elif kind == "line":
                doc.set_font("zh", size=doc.size)
                doc.set_x(doc.l_margin + 2 * doc.size)
                doc.cell(0, doc.size * 1.75, block["text"], new_x="LMARGIN", new_y="NEXT")
            elif kind == "signoff":
                doc.signoff(block["lines"])
            elif kind == "attach":
                doc.attach(block["lines"])
            elif kind == "table":
                doc.table_rows(block["rows"])
            expected.append(block)
    save(doc, name, style, parts, expected)


def with_letterhead(blocks):
    """An original 公文's head: red letterhead, 文号 under it, a red rule, then the title."""
    docnum = next(b for b in blocks if b["kind"] == "docnum")
    rest = [b for b in blocks if b is not docnum]
    out = [{"kind": "letterhead", "text": "嘉兴市人民政府办公室文件"}, docnum, {"kind": "red_rule"}] + rest
    # a soft hyphen (U+00AD) in a year range, as office software leaves it in a text layer; fpdf2's
    # multi_cell() hides soft hyphens, so this one-line paragraph is drawn with cell()
    at = next(i for i, b in enumerate(out) if b["kind"] == "attach")
    out.insert(at, {"kind": "line", "text": "本通知所称规划期为2014\u00ad2020年。"})
    return out


def bad_pdfs(good: Path) -> None:
    (OUT / "bad-empty.pdf").write_bytes(b"")
    (OUT / "bad-not-a-pdf.pdf").write_text("嘉兴市人民政府公报\n这是一个改了扩展名的文本文件。\n", encoding="utf-8")
    data = good.read_bytes()
    (OUT / "bad-truncated.pdf").write_bytes(data[: len(data) // 3])
    (OUT / "bad-corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4000)))
    if shutil.which("qpdf"):
        subprocess.run(
            ["qpdf", "--encrypt", "secret", "owner-secret", "256", "--", str(good), str(OUT / "bad-encrypted.pdf")],
            check=True,
        )
    else:
        print("qpdf missing: bad-encrypted.pdf not written", file=sys.stderr)
    # a scan: two pages with an image and no text layer
    from PIL import Image, ImageDraw

    scan = FPDF(format="A4", unit="pt")
    for k in range(2):
        img = Image.new("L", (300, 420), 255)
        draw = ImageDraw.Draw(img)
        for row in range(8, 400, 14):
            draw.rectangle((30 + (row * 7 + k * 13) % 20, row, 270 - (row * 3) % 40, row + 6), fill=40)
        scan.add_page()
        scan.image(img, x=0, y=0, w=scan.w, h=scan.h)
    scan.output(str(OUT / "bad-scan.pdf"))


LAYOUTS = {
    "layout-dash": lambda: typeset(
        "layout-dash",
        {"size": 16, "header": "嘉兴市人民政府公报 2019年第7期", "header_on": "all", "page_number": "dash"},
        [(35, 62)],
    ),
    "layout-even-header": lambda: typeset(
        "layout-even-header",
        {"size": 14, "font_index": 1, "header": "嘉兴市人民政府公报", "header_on": "even", "page_number": "page"},
        [(35, 64), (405, 427)],
    ),
    "layout-letterhead": lambda: typeset(
        "layout-letterhead",
        {"size": 15, "page_number": "plain", "footer": "嘉兴市人民政府办公室印发"},
        [(528, 556)],
        extra=with_letterhead,
    ),
    "layout-middot": lambda: typeset(
        "layout-middot",
        {"size": 12, "header": "2019年第7期", "header_on": "from2", "page_number": "middot", "fake_bold": True},
        [(46, 84)],
    ),
    "layout-columns": lambda: typeset_columns(
        "layout-columns",
        {"size": 10.5, "header": "嘉兴市人民政府公报 2019年第7期", "header_on": "all", "page_number": "dash"},
        [(35, 84)],
    ),
}


def main(names: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    unknown = sorted(set(names) - set(LAYOUTS))
    if unknown:
        sys.exit(f"unknown layout(s): {', '.join(unknown)}; choose from {', '.join(LAYOUTS)}")
    for name in names or LAYOUTS:
        LAYOUTS[name]()
    if not names:
        bad_pdfs(OUT / "layout-dash.pdf")
    for path in sorted(OUT.glob("*.pdf")):
        print(f"  {path.name}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
