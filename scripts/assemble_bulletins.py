"""Assemble bulletin issues (政府公报) from real documents, in layouts that differ on every point.

The documents come from the bundled sample (samples/jiaxing-2019-07.txt) and from ../shared/corpus
(gov.cn pages and 北大法宝 exports). Each layout puts them into one issue with its own cover and
colophon, table of contents (leaders, page forms, 文号 placement, categories, wrapped titles, a 目录
over two pages), document head form, running heads and page numbers. For every issue it also says
what a reader must find: the issue's metadata, every 目录 entry (title, 文号, page, category, and the
document it lists) and, for every document, the text it was given as, so that a test can parse the
document alone and compare.

    python scripts/assemble_bulletins.py OUT_DIR [--pdf]   # writes <layout>.txt, .json (and .pdf)

The library use is :func:`assemble_all` (``corpus`` may be None: then only layouts made from the
bundled sample are built).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "jiaxing-2019-07.txt"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
_CHARS_PER_PAGE = 1400


@dataclass
class Piece:
    """One document as it goes into an issue."""

    key: str
    """Where it came from: ``sample:d3`` or a corpus file name."""
    text: str
    """Its text as the issue prints it (after the head form is applied)."""
    title: str
    number: str | None
    date: str | None
    category: str | None = None


# Sections of a bulletin that are no 公文. No public corpus holds them as text, so they are written
# here: short, in the shapes bulletins print them (names are placeholders). kind and own fields are
# what a reader must find.
SECTIONS = {
    "section:任免": {
        "text": "人事任免\n\n任命张三为某某市发展和改革委员会主任；\n\n免去李四的某某市财政局副局长职务。",
        "kind": "任免", "category": "人事任免",
    },
    "section:解读": {
        "text": ("《关于加强安全生产工作的通知》政策解读\n\n（市应急管理局 供稿）\n\n一、出台背景\n\n"
                 "为落实安全生产责任制，市政府出台了本通知。\n\n二、主要内容\n\n通知明确了各级政府的安全生产职责。"),
        "kind": "解读", "category": "政策解读", "metadata": {"供稿": "市应急管理局"},
    },
    "section:大事记": {
        "text": ("2019年7月大事记\n\n7月1日，市政府召开第24次常务会议，研究农业农村发展财政政策。\n\n"
                 "7月15日，市政府印发《市区支持农业农村发展若干财政政策意见》。\n\n"
                 "7月31日，市长主持召开全市安全生产工作会议。"),
        "kind": "大事记", "category": "大事记",
        "chronicle": [["2019-07-01", 7, 1], ["2019-07-15", 7, 15], ["2019-07-31", 7, 31]],
    },
    "section:统计": {
        "text": ("2019年1-6月主要经济指标\n\n指标\t单位\t1-6月\t同比增长(%)\n地区生产总值\t亿元\t2500.1\t7.2\n"
                 "一般公共预算收入\t亿元\t380.5\t6.1"),
        "kind": "统计", "category": "统计资料",
    },
}


@dataclass
class Layout:
    """How one issue is set."""

    name: str
    documents: list[tuple[str, str | None]]
    """(source key, category) in issue order."""
    cover: list[str]
    colophon: list[str]
    colophon_at_back: bool
    toc_style: str
    """``ref-line`` (title / (文号) (page)), ``leader-inline`` (title（文号）……3, wrapped),
    ``number-below`` (title / 文号 ···· 12-15), ``page-then-number`` (title....－3－ / （文号）)."""
    category_style: str | None
    """``bracket`` 【…】, ``bare`` line, ``hanzi`` 一、…, or None (no categories)."""
    head_form: str
    """``plain`` (文号 line as printed), ``dated`` （date 文号） with the sign-off taken out, ``paren`` （文号）."""
    running_head: str | None = None
    section_head: str | None = None
    page_numbers: bool = False
    separator: str = "\n\n"
    leaders: tuple[str, ...] = ("…",)
    issue: dict = field(default_factory=dict)
    """The issue metadata a reader must find."""


LAYOUTS = [
    Layout(
        name="jiaxing-brackets",
        documents=[(f"sample:d{i}", None) for i in range(1, 7)] + [("section:任免", None), ("section:大事记", None)],
        cover=["嘉兴市人民政府公报", "2019年第7期", "（总第245期）"],
        colophon=["主办：嘉兴市人民政府办公室", "编辑出版：嘉兴市人民政府公报编辑部", "地址：嘉兴市中山东路1号",
                  "邮编：314000", "电话：0573-82000000", "国内统一连续出版物号：CN 33-1xxx/D", "印刷：嘉兴市印刷厂",
                  "出版日期：2019年7月31日"],
        colophon_at_back=True, toc_style="ref-line", category_style="bracket", head_form="plain",
        issue={"name": "嘉兴市人民政府公报", "year": 2019, "number": 7, "total_number": 245, "published": "2019-07-31",
               "details": {"主办": "嘉兴市人民政府办公室", "编辑出版": "嘉兴市人民政府公报编辑部", "地址": "嘉兴市中山东路1号",
                           "邮编": "314000", "电话": "0573-82000000", "国内统一连续出版物号": "CN 33-1xxx/D",
                           "印刷": "嘉兴市印刷厂", "出版日期": "2019年7月31日"}},
    ),
    Layout(
        name="province-leaders-dated",
        documents=[("001-gwy-guofa-2019-005.html", "国务院文件"), ("006-gwy-guofa-2018-044.html", "国务院文件"),
                   ("004-gwyb-guobanfa-2019-003.html", "国务院办公厅文件"), ("010-gwyb-guobanhan-2004-057.html", "国务院办公厅文件"),
                   ("sample:d4", "市政府办公室文件")],
        cover=["浙 江 省 人 民 政 府 公 报", "第7期（半月刊）"],
        colophon=["主管：浙江省人民政府", "主办：浙江省人民政府办公厅", "CN 33-1xxx/D", "出版日期：2019年4月10日"],
        colophon_at_back=False, toc_style="leader-inline", category_style="bare", head_form="dated",
        running_head="浙江省人民政府公报 2019年第7期", section_head="·国务院文件·", page_numbers=True, separator="\n",
        leaders=("…", "．"),
        issue={"name": "浙江省人民政府公报", "year": 2019, "number": 7, "total_number": None, "published": "2019-04-10",
               "details": {"刊期": "半月刊", "主管": "浙江省人民政府", "主办": "浙江省人民政府办公厅",
                           "国内统一连续出版物号": "CN 33-1xxx/D", "出版日期": "2019年4月10日"}},
    ),
    Layout(
        name="state-council-hanzi",
        documents=[("033-gwy-guoling-707.html", "国务院令"), ("007-gwy-guohan-2018-159.html", "国务院文件"),
                   ("030-xyszfb-yufufa-2012-003.txt", "部门文件"), ("sample:d2", "部门文件")],
        cover=["中华人民共和国国务院公报", "2019年第3期 总第1650期"],
        colophon=["编辑出版：国务院办公厅", "国内统一连续出版物号：CN 11-1xxx/D", "国际标准连续出版物号：ISSN 1004-3438",
                  "印刷：北京印刷厂"],
        colophon_at_back=True, toc_style="number-below", category_style="hanzi", head_form="paren",
        section_head="·国务院文件·", separator="\n\n", leaders=("·",),
        issue={"name": "中华人民共和国国务院公报", "year": 2019, "number": 3, "total_number": 1650, "published": None,
               "details": {"编辑出版": "国务院办公厅", "国内统一连续出版物号": "CN 11-1xxx/D",
                           "国际标准连续出版物号": "ISSN 1004-3438", "印刷": "北京印刷厂"}},
    ),
    Layout(
        name="city-dashed-pages",
        documents=[("sample:d5", None), ("004-gwyb-guobanfa-2019-003.html", None), ("sample:d1", None),
                   ("006-gwy-guofa-2018-044.html", None), ("section:解读", None), ("section:统计", None)],
        cover=["嘉兴市人民政府公报 2019年第8期"],
        colophon=["主办单位：嘉兴市人民政府办公室", "电话：0573-82000001", "出版日期：2019年8月30日"],
        colophon_at_back=True, toc_style="page-then-number", category_style=None, head_form="plain",
        section_head="·政府文件·", page_numbers=True, separator="\n\n", leaders=(".", "_", "－"),
        issue={"name": "嘉兴市人民政府公报", "year": 2019, "number": 8, "total_number": None, "published": "2019-08-30",
               "details": {"主办单位": "嘉兴市人民政府办公室", "电话": "0573-82000001", "出版日期": "2019年8月30日"}},
    ),
]


# --------------------------------------------------------------------------- documents


def _load_documents(corpus: Path | None) -> dict[str, tuple[str, object]]:
    """Source key -> (document text, parsed document) for the sample and the corpus files the layouts use."""
    import jxparse
    from jxparse.pipeline import parse_source

    found: dict[str, tuple[str, object]] = {}
    sample = jxparse.load_source(SAMPLE)
    bulletin = parse_source(sample)
    for document in bulletin.documents:
        found[f"sample:{document.id}"] = (sample.text[document.span.start:document.span.end], document)
    wanted = {key for layout in LAYOUTS for key, _ in layout.documents if not key.startswith("sample:")}
    if corpus is not None and corpus.is_dir():
        for key in sorted(wanted):
            path = corpus / key
            if not path.is_file():
                continue
            source = jxparse.load_source(path)
            document = parse_source(source).documents[0]
            found[key] = (source.text[document.span.start:document.span.end], document)
    return found


def _chinese_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def _apply_head_form(text: str, document, form: str) -> str:
    """The document's text with its 文号 line in the layout's head form."""
    if form == "plain" or document.doc_number_span is None or document.doc_number is None:
        return text
    offset = document.span.start
    # Offsets of the parsed document are into its source; ``text`` starts at the document's span.
    number_start = document.doc_number_span.start - offset
    number_end = document.doc_number_span.end - offset
    number = document.doc_number.text
    if form == "paren":
        return text[:number_start] + f"（{number}）" + text[number_end:]
    # dated: the date moves into the head and the sign-off goes, as bulletins print it.
    if document.date is None or document.signoff_span is None or document.enclosures:
        return text[:number_start] + f"（{number}）" + text[number_end:]
    signoff_start = document.signoff_span.start - offset
    signoff_end = document.signoff_span.end - offset
    head = f"（{_chinese_date(document.date)} {number}）"
    return (text[:number_start] + head + text[number_end:signoff_start].rstrip("\n ") + "\n"
            + text[signoff_end:].lstrip("\n "))


# --------------------------------------------------------------------------- 目录


def _wrap(title: str, width: int) -> list[str]:
    return [title[i:i + width] for i in range(0, len(title), width)] or [""]


def _toc_lines(layout: Layout, entries: list[dict]) -> list[str]:
    lines: list[str] = ["目  录"]
    category = None
    hanzi = "一二三四五六七八九十"
    seen = 0
    half = (len(entries) + 1) // 2
    for index, entry in enumerate(entries):
        if index == half and layout.page_numbers:
            # The 目录 runs over two pages: the first page's number and the next page's running head.
            lines.append("－1－")
            if layout.running_head:
                lines.append(layout.running_head)
        if layout.category_style and entry["category"] != category:
            category = entry["category"]
            if layout.category_style == "bracket":
                lines.append(f"【{category}】")
            elif layout.category_style == "bare":
                lines.append(category)
            else:
                lines.append(f"{hanzi[seen]}、{category}")
            seen += 1
        leader = layout.leaders[index % len(layout.leaders)] * 6
        number, page, title = entry["doc_number"], entry["page"], entry["title"]
        if layout.toc_style == "ref-line":
            lines += [title, f"({number}) ({page})" if number else f"({page})"]
        elif layout.toc_style == "leader-inline":
            wrapped = _wrap(title, 24)
            tail = f"（{number}）" if number else ""
            lines += wrapped[:-1] + [f"{wrapped[-1]}{tail}{leader}{page}"]
        elif layout.toc_style == "number-below":
            lines += [title, f"{number} {leader} {page}-{page + 2}" if number else f"{leader} {page}-{page + 2}"]
        else:  # page-then-number
            lines += [f"{title}{leader}－{page}－"] + ([f"（{number}）"] if number else [])
    return lines


# --------------------------------------------------------------------------- running heads


def _with_running_heads(text: str, layout: Layout, first_page: int) -> tuple[str, int]:
    """The document's text with a page break (page number, running head) before a body paragraph about
    every page; returns the text and the next page number."""
    if not (layout.running_head or layout.section_head or layout.page_numbers):
        return text, first_page + max(1, len(text) // _CHARS_PER_PAGE)
    out: list[str] = []
    count = 0
    page = first_page
    lines = text.split("\n")
    for index, line in enumerate(lines):
        previous = lines[index - 1].strip() if index else ""
        # Only between two paragraphs of running text (both long, the previous one finished), never
        # inside a head, a sign-off or a paragraph.
        if count > _CHARS_PER_PAGE and len(line.strip()) > 40 and len(previous) > 40 and previous[-1] in "。；：":
            if layout.page_numbers:
                out.append(f"－{page}－")
            page += 1
            head = layout.running_head if page % 2 == 0 or not layout.section_head else layout.section_head
            if head:
                out.append(head)
            elif layout.section_head:
                out.append(layout.section_head)
            count = 0
        out.append(line)
        count += len(line)
    return "\n".join(out), page + 1


# --------------------------------------------------------------------------- issues


def assemble(layout: Layout, documents: dict[str, tuple[str, object]]) -> dict | None:
    """One issue in ``layout``: ``text`` and what a reader must find in it, or None where a document the
    layout needs is missing (no corpus)."""
    if any(key not in documents and key not in SECTIONS for key, _ in layout.documents):
        return None
    pieces = []
    for key, category in layout.documents:
        if key in SECTIONS:
            section = SECTIONS[key]
            pieces.append(Piece(key=key, text=section["text"], title=section["text"].split("\n")[0], number=None,
                                date=None, category=category or section["category"]))
            continue
        text, document = documents[key]
        if category is None and key.startswith("sample:") and layout.category_style:
            category = "市政府文件"
        # The head form works on the exact slice (the document's offsets point into it); line ends are
        # made one kind only afterwards, as one issue file has them.
        printed = _apply_head_form(text, document, layout.head_form).replace("\r\n", "\n").replace("\r", "\n").strip()
        pieces.append(Piece(key=key, text=printed, title=document.title,
                            number=document.doc_number.text if document.doc_number else None, date=document.date,
                            category=category))
    if layout.category_style == "bracket":
        sample_toc = {entry.document: entry.category for entry in _sample_toc()}
        for piece in pieces:
            if piece.key.startswith("sample:") and piece.key.split(":")[1] in sample_toc:
                piece.category = sample_toc.get(piece.key.split(":")[1], piece.category)
    # Pages: the cover and the 目录 take pages 1-2; each document starts on a new page.
    page = 3
    bodies = []
    entries = []
    for index, piece in enumerate(pieces):
        body, next_page = _with_running_heads(piece.text, layout, page)
        entries.append({"category": piece.category if layout.category_style else None, "title": piece.title,
                        "doc_number": piece.number, "page": page, "document": f"d{index + 1}"})
        bodies.append(body)
        page = next_page
    parts = ["\n".join(layout.cover)]
    if not layout.colophon_at_back:
        parts.append("\n".join(layout.colophon))
    parts.append("\n".join(_toc_lines(layout, entries)))
    for index, body in enumerate(bodies):
        heads = []
        if layout.page_numbers:
            # Each document starts on a new page: the number of the page before it ends that page.
            heads.append(f"－{entries[index]['page'] - 1}－")
        if layout.running_head and (index or layout.page_numbers):
            heads.append(layout.running_head)
        if layout.section_head:
            heads.append(layout.section_head)
        parts.append("\n".join(heads + [body]) if heads else body)
    if layout.colophon_at_back:
        parts.append("\n".join(layout.colophon))
    text = "\n\n".join(part.strip("\n") for part in parts) + "\n"
    if layout.separator == "\n":
        text = text.replace("\n\n", "\n")
    return {"layout": layout.name, "text": text, "issue": layout.issue, "toc": entries,
            "documents": [{"key": piece.key, "text": piece.text, "title": piece.title, "doc_number": piece.number,
                           "date": piece.date, "section": SECTIONS.get(piece.key)} for piece in pieces],
            "title": layout.cover[0]}


def _sample_toc():
    import jxparse

    return jxparse.parse_file(SAMPLE).toc


def assemble_all(corpus: Path | None = DEFAULT_CORPUS) -> list[dict]:
    """Every layout that can be built (layouts needing the corpus are left out without it)."""
    documents = _load_documents(corpus)
    return [issue for issue in (assemble(layout, documents) for layout in LAYOUTS) if issue is not None]


def main(argv: list[str]) -> int:
    pdf = "--pdf" in argv
    argv = [arg for arg in argv if arg != "--pdf"]
    if len(argv) != 1:
        print(__doc__.strip().split("\n\n")[-2], file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for issue in assemble_all():
        (out / f"{issue['layout']}.txt").write_text(issue["text"], encoding="utf-8")
        (out / f"{issue['layout']}.json").write_text(json.dumps(issue, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"{issue['layout']}: {len(issue['documents'])} documents, {len(issue['text'])} characters")
        if pdf:
            typeset_issue(issue, out / f"{issue['layout']}.pdf")
    return 0



# --------------------------------------------------------------------------- PDF


def issue_blocks(issue: dict) -> list[dict]:
    """The issue's text as blocks for the typesetter (scripts/typeset_samples.py): each line typed by
    what jxparse read it as (title, 文号, 主送, sign-off, table row, running text), a page break before
    each document, and the running heads and page numbers left out: the PDF prints its own."""
    import jxparse

    bulletin = jxparse.parse(issue["text"])
    text = issue["text"]
    furniture = {(f.span.start, f.span.end) for f in bulletin.furniture if f.span is not None}
    starts = {d.span.start for d in bulletin.documents if d.span is not None}
    roles: list[tuple[int, int, str]] = []
    for document in bulletin.documents:
        for name, role in (("title_span", "title"), ("doc_number_span", "docnum"), ("addressees_span", "addressee"),
                           ("signoff_span", "signoff")):
            span = getattr(document, name)
            if span is not None:
                roles.append((span.start, span.end, role))

    def role_of(start: int, end: int) -> str:
        for first, last, role in roles:
            if first <= start and end <= last:
                return role
        return "para"

    blocks: list[dict] = []
    offset = 0
    in_documents = False
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        line = raw.strip()
        if not line or (start, end) in furniture:
            continue
        if start in starts:
            blocks.append({"kind": "page_break"})
            in_documents = True
        if not in_documents or bulletin.issue is not None and bulletin.issue.colophon_span is not None \
                and bulletin.issue.colophon_span.start <= start < bulletin.issue.colophon_span.end:
            blocks.append({"kind": "line", "text": line})  # cover, 目录 and colophon: one printed line each
            continue
        if "\t" in line:
            if blocks and blocks[-1]["kind"] == "table":
                blocks[-1]["rows"].append(line.split("\t"))
            else:
                blocks.append({"kind": "table", "rows": [line.split("\t")]})
            continue
        role = role_of(start, end)
        if role == "title" and blocks and blocks[-1]["kind"] == "title":
            if blocks[-1]["text"].replace("\n", "") == line:
                continue  # a database export prints the title twice; a typeset page prints it once
            blocks[-1]["text"] += "\n" + line  # a title over several lines is one centred block
        elif role == "signoff":
            if blocks and blocks[-1]["kind"] == "signoff":
                blocks[-1]["lines"].append(line)
            else:
                blocks.append({"kind": "signoff", "lines": [line]})
        elif role in ("title", "docnum", "addressee"):
            blocks.append({"kind": role, "text": line})
        else:
            blocks.append({"kind": "para", "text": line})
    return blocks


def typeset_issue(issue: dict, path: Path) -> Path:
    """Typeset an assembled issue as a PDF at ``path`` (needs fpdf2 and the WenQuanYi Zen Hei font, as
    scripts/typeset_samples.py does): 14 pt, the layout's running heads in the page header (the issue
    line on even pages, the section head on odd ones where the layout has both), ``- 3 -`` page numbers."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import typeset_samples as typesetter

    layout = next(layout for layout in LAYOUTS if layout.name == issue["layout"])

    class IssueDoc(typesetter.Doc):
        def header(self):
            even = self.page_no() % 2 == 0
            text = layout.running_head if even or not layout.section_head else layout.section_head
            text = text or layout.section_head
            if not text or self.page_no() == 1:
                return
            self.set_font("zh", size=10.5)
            self.set_xy(self.l_margin, 20 * typesetter.MM)
            self.cell(self.epw, 14, text, align="C")
            self.set_xy(self.l_margin, self.t_margin)

    doc = IssueDoc({"size": 14, "page_number": "dash"})
    doc.add_page()
    for block in issue_blocks(issue):
        kind = block["kind"]
        if kind == "page_break":
            doc.add_page()
        elif kind == "line":
            # A 目录 or cover line is one printed line, as a bulletin sets it: smaller where it is long.
            size = min(doc.size, int(doc.epw / (len(block["text"]) + 1)))
            doc.para(block["text"], indent=0, size=size)
        elif kind == "title":
            doc.title_block(block["text"])
        elif kind == "docnum":
            doc.docnum(block["text"])
        elif kind == "addressee":
            doc.para(block["text"], indent=0)
        elif kind == "signoff":
            doc.signoff(block["lines"])
        elif kind == "table":
            doc.set_font("zh", size=doc.size - 3)
            with doc.table(text_align="LEFT", line_height=(doc.size - 3) * 1.5, first_row_as_headings=False) as table:
                for row in block["rows"]:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
        else:
            doc.para(block["text"])
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.output(str(path))
    return path


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
