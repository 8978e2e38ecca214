"""Document heads: where each document of a source starts, and its title.

Evidence: a run of title-like lines (short, no sentence punctuation, not a heading or a note) above
a 文号 line; a letterhead of issuer names ending in 文件 above a title; for a single document
without 文号, the first title-like lines after the front matter. A line's position in the file
never decides; its shape and its neighbours do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import DIGIT, DOCNUM_SIGN, DOCNUM_SQUARE_CLOSE, DOCNUM_SQUARE_OPEN, RPAREN, ZH_BLANK
from .context import BuildContext
from .lines import Line, LineKind
from .paragraphs import TextBuilder


# Characters that end a sentence or a clause that is complete.
_TITLE_STOPS = "。；;：:！!？?，,、"

_MAX_TITLE_LINES = 4

_MAX_TITLE_LENGTH = 120

_PAGE_SUFFIX = re.compile(r"[ \t\u3000]*[(（][ \t\u3000]*([0-9０-９]{1,4})[ \t\u3000]*[)）]$")

NOTE_LINE = re.compile(r"^[(（][^()（）]{1,40}[)）]$")

_LETTERHEAD_END = re.compile(r"文[ \t\u3000]*件$")


@dataclass
class Head:
    """Where one document starts: its first line, title lines, 文号 line and issuer mark."""

    start: int
    """Index of the document's first line (issuer mark or title)."""
    title_lines: list[Line]
    number_index: int | None
    issuer_mark: list[Line] = field(default_factory=list)
    body_start: int = 0


def _ends_open(text: str) -> bool:
    return not text or text[-1] in _TITLE_STOPS


# A line that ends like a 文号 (〔…〕N号) but is none the grammar knows (嘉政发〔20l9〕号, 〔2019〕15号).
_NUMBER_LIKE = re.compile(rf"{DOCNUM_SQUARE_OPEN}[^〔〕\[\]［］﹝﹞【】]{{1,8}}{DOCNUM_SQUARE_CLOSE}{ZH_BLANK}*{DIGIT}*{ZH_BLANK}*"
                          rf"{DOCNUM_SIGN}{RPAREN}?$")


def is_title_like(line: Line) -> bool:
    """Could this line be (part of) a document title?"""
    if line.kind != LineKind.TEXT or "\t" in line.text or line.prose:
        return False
    text = line.text
    if (line.md_prefix or "").startswith("#"):
        return not _ends_open(text) or not text  # a Markdown heading line says it is a title line
    if _NUMBER_LIKE.search(text):
        return False
    if _ends_open(text) or len(text) > _MAX_TITLE_LENGTH or "。" in text:
        return False
    # A 目录 entry ends in its page number, (17); a note stands wholly in brackets: neither is a title,
    # though without blank lines either may stand right above one.
    return not (NOTE_LINE.match(text) or _PAGE_SUFFIX.search(text) or _is_parenthetical(text))


def _is_parenthetical(text: str) -> bool:
    """True when the whole text is one bracket pair: (可登陆…网站查询,网址:…)."""
    if len(text) < 2 or text[0] not in "(（" or text[-1] not in ")）":
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char in "(（"
        depth -= char in ")）"
        if depth == 0:
            return index == len(text) - 1
    return False


def find_heads(lines: list[Line]) -> list[Head]:
    """The heads of the documents in ``lines``: each 文号 line with the title lines above it (and a
    letterhead above those), in order."""
    heads: list[Head] = []
    for index, line in enumerate(lines):
        if line.kind != LineKind.DOC_NUMBER:
            continue
        lower = heads[-1].body_start if heads else 0
        titles: list[Line] = []
        cursor = index - 1
        if cursor >= lower and is_empty_heading(lines[cursor]):
            titles, cursor = [lines[cursor]], lower - 1  # "##" above the 文号: no title, said so
        while cursor >= lower and len(titles) < _MAX_TITLE_LINES and is_title_like(lines[cursor]):
            titles.insert(0, lines[cursor])
            if lines[cursor].blank_before:
                break  # a title's lines stand together; a blank line ends the run
            cursor -= 1
        start = index - len(titles)
        issuer_mark: list[Line] = []
        letterhead_end = next((i for i in range(len(titles) - 1, -1, -1) if _LETTERHEAD_END.search(titles[i].text)), None)
        if letterhead_end is not None:
            # 发文机关标志: issuer names (stacked for joint documents) ending in 文件; the title, where
            # it stands between the letterhead and the 文号 (no blank line apart), after it.
            issuer_mark, titles = titles[:letterhead_end + 1], titles[letterhead_end + 1:]
            while start - 1 >= lower and len(issuer_mark) < 2 * _MAX_TITLE_LINES and _is_issuer_line(lines[start - 1]):
                issuer_mark.insert(0, lines[start - 1])
                start -= 1
        elif start - 1 >= lower and lines[start - 1].kind == LineKind.TEXT and _LETTERHEAD_END.search(lines[start - 1].text):
            issuer_mark = [lines[start - 1]]
            start -= 1
            # Joint letterheads stack the issuers' names above one 文件 (or print 文件 on a line of its own).
            while start - 1 >= lower and len(issuer_mark) < _MAX_TITLE_LINES and _is_issuer_line(lines[start - 1]):
                issuer_mark.insert(0, lines[start - 1])
                start -= 1
        body_start = index + 1
        if not titles:
            # Original 公文 layout: letterhead, 文号, then the title under the red rule.
            while body_start < len(lines) and len(titles) < _MAX_TITLE_LINES and is_title_like(lines[body_start]) \
                    and not _run_text(lines, body_start).endswith(("：", ":")):
                titles.append(lines[body_start])
                body_start += 1
        heads.append(Head(start=start, title_lines=titles, number_index=index, issuer_mark=issuer_mark,
                           body_start=body_start))
    # After a 目录 line, heads directly followed by the next head (no body between) are its entries
    # (title and 文号 without a page), not documents; the first head with a body ends the 目录.
    toc = next((i for i, line in enumerate(lines) if line.kind == LineKind.TOC_TITLE), None)
    if toc is None or not heads or heads[0].start < toc:
        return heads
    first_document = next((i for i, head in enumerate(heads)
                           if i + 1 >= len(heads) or heads[i + 1].start > head.body_start), len(heads))
    return heads[first_document:]


_NOT_IN_ISSUER = set("。，,：:；;、（）()《》“”\t") | set("0123456789０１２３４５６７８９")


def _is_issuer_line(line: Line) -> bool:
    """A line of a letterhead's issuer stack: a short organ name, no punctuation, no digits."""
    text = WIDE_BLANKS.sub("", line.text)
    return (line.kind == LineKind.TEXT and not line.md_prefix and 2 <= len(text) <= 30
            and not any(char in _NOT_IN_ISSUER for char in text) and text.endswith(ORGAN_ENDINGS))


def after_letterhead(lines: list[Line], start: int) -> int:
    """Where the title starts under a letterhead at ``start`` (issuer names stacked above one 文件), or
    ``start`` where no letterhead stands there."""
    end = start
    cursor = start
    while cursor < len(lines) and cursor - start < 2 * _MAX_TITLE_LINES:
        line = lines[cursor]
        closes = line.kind == LineKind.TEXT and _LETTERHEAD_END.search(line.text) \
            and not any(char in _NOT_IN_ISSUER for char in line.text) and len(line.text) <= 60
        if closes:
            end = cursor + 1
        elif not _is_issuer_line(line):
            break
        cursor += 1
    return end


def first_document_line(lines: list[Line]) -> int:
    """Without any 文号: skip a leading 目录 and its entries; the document starts after them."""
    index = next((i for i, line in enumerate(lines) if line.kind == LineKind.TOC_TITLE), None)
    if index is None:
        return 0
    first_entry = index + 1
    index = first_entry
    while index < len(lines):
        line = lines[index]
        entry_title = line.kind == LineKind.TEXT and index + 1 < len(lines) and lines[index + 1].kind == LineKind.TOC_REF
        if not (line.kind in (LineKind.CATEGORY, LineKind.TOC_REF) or _PAGE_SUFFIX.search(line.text) or entry_title):
            break
        index += 1
    return index if index > first_entry else 0  # a 目录 line with no entries is no table of contents


def is_empty_heading(line: Line) -> bool:
    """A Markdown heading with no text (``##``): a document that says it has no title."""
    return line.text == "" and (line.md_prefix or "").startswith("#")


def leading_title(lines: list[Line], start: int) -> list[Line]:
    """The title lines that open ``lines`` at ``start`` (none when the first is no title)."""
    if start < len(lines) and is_empty_heading(lines[start]):
        return [lines[start]]  # "##": the document says it has no title
    titles = []
    cursor = start
    while cursor < len(lines) and len(titles) < _MAX_TITLE_LINES and is_title_like(lines[cursor]):
        if titles and lines[cursor].blank_before:
            break
        titles.append(lines[cursor])
        cursor += 1
    return titles


def title_text(lines: list[Line], ctx: BuildContext, cut: int = 0) -> tuple[str, list[int]]:
    """A title re-joined from wrapped lines (``cut`` characters off the last), with its positions."""
    builder = TextBuilder(ctx.text, markdown=ctx.markdown, title=True)
    for index, line in enumerate(lines):
        end = line.end - (cut if index == len(lines) - 1 else 0)
        builder.add(line.content_start, end, span_start=line.start)
    text, positions = builder.result()
    return text, positions


WIDE_BLANKS = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")


def _run_text(lines: list[Line], index: int) -> str:
    """The text of the line at ``index`` joined with the lines a fixed-width wrap cut it into."""
    return "".join(line.text for line in wrapped_run(lines, index))


def wrapped_run(lines: list[Line], index: int) -> list[Line]:
    """The line at ``index`` and the lines a fixed-width wrap cut it into (empty past the end)."""
    run = lines[index:index + 1]
    while run and run[-1].continued and index + len(run) < len(lines):
        run.append(lines[index + len(run)])
    return run


ORGAN_ENDINGS = ("厅", "部", "院", "委", "局", "办", "会", "府", "室", "署", "行", "社", "团", "处", "所", "中心",
                  "政府", "委员会", "办公室", "党委", "总局", "司", "军区", "公司", "集团", "协会", "组", "站", "馆")


__all__ = ["after_letterhead", "find_heads", "first_document_line", "Head", "is_empty_heading", "is_title_like", "leading_title", "NOTE_LINE", "ORGAN_ENDINGS", "title_text", "WIDE_BLANKS", "wrapped_run"]
