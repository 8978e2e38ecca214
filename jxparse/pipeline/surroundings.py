"""What stands around a document without being part of it, taken out before documents are read.

Texts reach jxparse from web pages, legal databases and crawlers, and each of them wraps the
document in something of its own: an export notice (``> 本文由…提取，仅供参考``), web-page chrome
(breadcrumbs, ``字号：大 中 小``, ``打印本页``, ``关闭窗口``), a portal's metadata block written one
field per line (``索引号：`` / value on the next line), database header lines
(``【法宝引证码】CLI.12.748997``), the 份号, 密级 and 紧急程度 marks above a letterhead. Left in, each
of them pushes the real head down: the first of them becomes the title and the 主送 line is lost.

This step recognises such lines by what they say and how they stand (a label from the portals'
vocabulary with its value on the same or the next line; a line made only of chrome words), never
by their place in the file, and takes them out of the line stream. Nothing is dropped: every line
taken out comes back as a :class:`Taken` item, which the structure step gives to the document it
stands beside (metadata, notes) or to the bulletin (furniture).

It also cuts lines that an extractor glued together at the document head into the lines they were
printed as: a title with its 文号 in brackets at its end (``…的通知（银发〔2021〕259号）``) and a
title run into its 主送 line (``…的通知中国人民银行上海总部，各分行…：``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..ast import SectionStyle
from .lines import Line, LineKind
from ..numbers import FULL_DATE
from ..vocabulary import DOCNUM_SQUARE_CLOSE, DOCNUM_SQUARE_OPEN, LPAREN, RPAREN, ZH_BLANK, docnum, docnum_tail

_BLANKS = " \t\u3000\u00a0"

# Labels of the metadata blocks that government portals print above or below a document
# (gov.cn, provincial portals, the People's Bank of China's site) and of legal-database headers.
STRONG_LABELS = frozenset({
    "索引号", "索取号", "信息索引号", "发布机构", "发文机关", "发文单位", "发布单位", "文件编号", "发文字号", "成文日期",
    "发布日期", "发文日期", "生效日期", "实施日期", "施行日期", "失效日期", "废止日期", "公文种类", "主题分类",
    "体裁分类", "组配分类", "服务对象分类", "主题词", "关键词", "关键字", "有效性", "时效性", "效力级别", "时效状态",
    "载体类型", "记录形式", "公开类别", "公开方式", "公开形式", "公开范围", "公开时限", "内容描述", "内容概述",
    "信息来源", "文种", "统一编号", "登记号", "统一登记号", "所属类别", "信息分类", "信息类别", "紧急程度",
    "密级", "份号",
})
"""Labels that only a metadata block uses: one such line is metadata wherever it stands."""
WEAK_LABELS = frozenset({"标题", "名称", "文号", "来源", "发布时间", "日期", "作者", "分类", "类别", "编号", "机构"})
"""Labels that a body may use too: metadata only inside a block of two or more label lines."""

_LABEL = re.compile(r"^[【\[]?(?P<label>[\u4e00-\u9fff]{2,8})[】\]]?[ \t\u3000]*[：:][ \t\u3000]*(?P<value>.*)$")
# Database header lines: 【法宝引证码】 CLI.12.748997 / 原文链接：https://…
_HEADER_LINE = re.compile(r"^【(?P<label>[^】]{1,20})】[ \t\u3000]*(?P<value>\S.*)$"
                          r"|^(?P<label2>[\u4e00-\u9fff]{2,10})[：:][ \t\u3000]*(?P<value2>(?:https?://|www\.)\S+)$")
_MAX_VALUE = 300
_LABEL_WINDOW = 14
"""A label line has its colon within this many characters (a 10-character label, brackets, blanks)."""

# Web-page chrome: lines made only of these words (in any brackets, with separators between).
_CHROME_WORDS = ("扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面", "在手机上查看", "打印本页", "打印此页", "打印页面",
                 "关闭窗口", "关闭本页", "返回顶部", "回到顶部", "返回首页", "返回列表", "保存本页", "加入收藏", "收藏本页",
                 "分享到", "打印", "关闭", "收藏", "分享", "返回", "我要纠错", "纠错", "字体", "字号", "默认", "大", "中",
                 "小", "【", "】", "[", "]", "：", ":", "|", "｜", "/", "·")
_CHROME = re.compile("^(?:" + "|".join(re.escape(word) for word in sorted(_CHROME_WORDS, key=len, reverse=True))
                     + r"|[ \t\u3000\u00a0])+$")
_CHROME_NEEDS = re.compile(r"打印|关闭|收藏|分享|扫一扫|返回|字号|纠错")
# 首页 > 政策 > 文件; 当前位置：首页 > …; 您现在的位置：…
_BREADCRUMB = re.compile(r"^(?:当前位置|您?现?[在当]?的?位置|所在位置)[：:]|^首页[ \t\u3000]*[>＞›»/→]|"
                         r"^[\u4e00-\u9fff]{1,12}(?:[ \t\u3000]*[>＞›»][ \t\u3000]*[\u4e00-\u9fff]{1,12}){2,}$")
# Above a letterhead: 紧急程度 (特急, 加急 …), 密级 (秘密★1年), 份号 (000001).
_URGENCY = re.compile(r"^(特[ \t\u3000]*急|加[ \t\u3000]*急|特[ \t\u3000]*提|平[ \t\u3000]*急)$")
_SECRECY = re.compile(r"^(绝[ \t\u3000]*密|机[ \t\u3000]*密|秘[ \t\u3000]*密)(?:[ \t\u3000]*★.{0,10})?$")
_COPY_NUMBER = re.compile(r"^[0-9]{6}$")
# Notices an exporter added: 本文由…提取，仅供参考；以…为准.
_EXPORT_NOTICE = re.compile(r"仅供[\u4e00-\u9fff]{0,4}(?:参考|学习|研究|使用)|本文由.{1,40}(?:提取|整理|转载|生成|导出)")
_MAX_NOTICE = 160


@dataclass(frozen=True, slots=True)
class Taken:
    """A line taken out of the document stream, and what it is."""

    line: Line
    role: str
    """``metadata`` (with ``label``/``value``), ``note``, ``header`` or ``footer`` (page chrome)."""
    label: str | None = None
    value: str | None = None
    value_lines: tuple[Line, ...] = ()
    """The lines that held the value, where it stood under its label."""

    @property
    def start(self) -> int:
        return self.line.start

    @property
    def end(self) -> int:
        return (self.value_lines[-1] if self.value_lines else self.line).end


def take_surroundings(lines: list[Line]) -> tuple[list[Line], list[Taken]]:
    """The lines of the documents, and the lines around them that are no part of any document.

    The line after a run taken out gets ``blank_before`` and ``cut_before``: no title run and no
    paragraph continues across what stood between.
    """
    kept: list[Line] = []
    taken: list[Taken] = []
    seen_content = False
    cut = False
    index = 0
    while index < len(lines):
        line = lines[index]
        head = line.text[:_LABEL_WINDOW]
        found = _metadata_run(lines, index, seen_content) if ("：" in head or ":" in head or "【" in head) else None
        if found:
            taken.extend(found)
            index += sum(1 + len(item.value_lines) for item in found)
            cut = True
            continue
        found_role = _role(line, seen_content)
        if found_role is not None:
            taken.append(Taken(line, *found_role))
            index += 1
            cut = True
            continue
        if cut and kept or cut and not seen_content:
            line = replace(line, blank_before=True, cut_before=True)
        cut = False
        kept.append(line)
        seen_content = True
        index += 1
    return kept, taken


def _role(line: Line, seen_content: bool) -> tuple[str, str | None, str | None] | None:
    """(role, label, value) of a line that is no part of a document, or None."""
    text = line.text
    if line.kind != LineKind.TEXT or not text or len(text) > _MAX_NOTICE:
        return None
    if len(text) <= 60 and (_CHROME.match(text) and _CHROME_NEEDS.search(text) or _BREADCRUMB.search(text)):
        return ("footer" if seen_content else "header"), None, None
    if len(text) <= _MAX_NOTICE and _EXPORT_NOTICE.search(text) and (line.md_prefix == ">" or not seen_content
                                                                        or "本文由" in text):
        return "note", None, None
    if line.md_prefix:
        return None
    for label, pattern in (("紧急程度", _URGENCY), ("密级", _SECRECY)):
        if pattern.match(text):
            return "metadata", label, _WIDE.sub("", text)
    if not seen_content and _COPY_NUMBER.match(text):
        return "metadata", "份号", text
    return None


_WIDE = re.compile(r"[ \t\u3000]+")


def _label_of(line: Line) -> tuple[str, str] | None:
    """(label, value) of a ``标签：值`` line whose label is in the portals' vocabulary."""
    if line.kind not in (LineKind.TEXT, LineKind.ATTACHMENT) or line.md_prefix:
        return None
    match = _LABEL.match(line.text)
    if match is None:
        return None
    label = match.group("label")
    if label not in STRONG_LABELS and label not in WEAK_LABELS:
        return None
    value = match.group("value").strip(_BLANKS)
    if len(value) > _MAX_VALUE:
        return None
    return label, value


_MAX_VALUE_LINES = 3
_TITLE_LABELS = ("标题", "名称")


def _starts(title: str, text: str) -> bool:
    """True when ``text`` is the start of ``title`` (blanks ignored): the title's first line."""
    flat = _WIDE.sub("", text)
    return len(flat) >= 4 and _WIDE.sub("", title).startswith(flat)


_LETTERHEAD = re.compile(r"^[^，,。：:；;、]{1,40}[府厅部委局办院行会室署司]文[ \t\u3000]*件$")


def _could_be_value(line: Line) -> bool:
    """Could ``line`` hold the value of the empty label above it? Not when it starts a document: a
    letterhead (…文件), an urgency or secrecy mark, a 主送 line (…：)."""
    text = line.text
    return (not line.blank_before and line.kind in (LineKind.TEXT, LineKind.DOC_NUMBER, LineKind.DATE) and not line.md_prefix
            and not text.endswith(("：", ":")) and len(text) <= _MAX_VALUE and _label_of(line) is None
            and not (_LETTERHEAD.match(text) or _URGENCY.match(text) or _SECRECY.match(text)))


def _values_below(lines: list[Line], index: int) -> tuple[Line, ...]:
    """The lines under an empty label that hold its value: directly below, none a label itself, an
    addressee line (``…：``) or a heading. A value runs over several lines (a wrapped title) only
    where another label follows them; otherwise it is the one line below."""
    if index + 1 < len(lines) and lines[index + 1].continued:
        # A line a fixed-width wrap cut: its value is the whole run, unless the run is a 主送 line.
        run = [lines[index + 1]]
        while run[-1].continued and index + 1 + len(run) < len(lines):
            run.append(lines[index + 1 + len(run)])
        text = "".join(line.text for line in run)
        return () if text.endswith(("：", ":")) or not _could_be_value(run[0]) else tuple(run)
    candidates: list[Line] = []
    cursor = index + 1
    while cursor < len(lines) and len(candidates) < _MAX_VALUE_LINES and _could_be_value(lines[cursor]):
        candidates.append(lines[cursor])
        cursor += 1
    for count in range(len(candidates), 1, -1):
        after = index + 1 + count
        if after < len(lines) and _label_of(lines[after]) is not None:
            return tuple(candidates[:count])
    return tuple(candidates[:1])


def _metadata_run(lines: list[Line], index: int, seen_content: bool) -> list[Taken]:
    """The metadata lines of a block starting at ``index`` (each with its value line), or []."""
    header = _HEADER_LINE.match(lines[index].text) if lines[index].kind == LineKind.TEXT and not seen_content else None
    if header is not None:
        run = []
        while index < len(lines) and lines[index].kind == LineKind.TEXT and (header := _HEADER_LINE.match(lines[index].text)):
            value = (header.group("value") or header.group("value2")).strip(_BLANKS)
            wrapped: list[Line] = []  # a long link cut by a fixed-width wrap goes on over the next lines
            while lines[index + len(wrapped)].continued and index + len(wrapped) + 1 < len(lines):
                wrapped.append(lines[index + len(wrapped) + 1])
            value += "".join(line.text for line in wrapped)
            run.append(Taken(lines[index], "metadata", header.group("label") or header.group("label2"), value,
                             tuple(wrapped)))
            index += 1 + len(wrapped)
        return run
    run: list[Taken] = []
    cursor = index
    title = ""
    while cursor < len(lines):
        found = _label_of(lines[cursor])
        if found is None:
            break
        label, value = found
        value_lines = _values_below(lines, cursor) if not value else ()
        after = cursor + 1 + len(value_lines)
        if value_lines and label not in _TITLE_LABELS and _starts(title, value_lines[0].text) \
                and not (after < len(lines) and _label_of(lines[after]) is not None):
            value_lines = ()  # an empty last field, then the title printed again under the block
        if value_lines:
            value = "".join(line.text.strip(_BLANKS) for line in value_lines)
        if label in _TITLE_LABELS:
            title = value
        run.append(Taken(lines[cursor], "metadata", label, value, value_lines))
        cursor += 1 + len(value_lines)
    strong = sum(item.label in STRONG_LABELS for item in run)
    if len(run) >= 2 and strong >= 1 or len(run) == 1 and strong == 1:
        return run
    return []


# --------------------------------------------------------------------------- glued head lines

# 文种 words a title ends with (a cut is only made right after one of them).
_TITLE_ENDS = ("通知", "通报", "意见", "决定", "批复", "复函", "函", "报告", "请示", "办法", "方案", "规定", "公告",
               "通告", "决议", "纪要", "条例", "细则", "规划", "计划", "要点", "预案", "制度", "规则", "指引", "指南",
               "目录", "名单", "答复", "命令")
_TRAILING_NUMBER = re.compile(rf"{LPAREN}{ZH_BLANK}*"
                              rf"(?P<number>{docnum(ZH_BLANK, opening=DOCNUM_SQUARE_OPEN, closing=DOCNUM_SQUARE_CLOSE)})"
                              rf"{ZH_BLANK}*{RPAREN}$")
_OPENERS = "《（(〔[【“"
_CLOSERS = "》）)〕]】”"


def split_glued_heads(lines: list[Line]) -> list[Line]:
    """Lines glued at a document head, cut back into the lines they were printed as.

    A line is read together with the lines a fixed-width wrap cut it into (``Line.continued``).
    """
    result: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.continued and (line.kind == LineKind.TEXT and line.text[-1:] not in "）)：:" and "号" not in line.text
                                   or line.kind not in (LineKind.TEXT, LineKind.ATTACHMENT, LineKind.HEADING)):
            result.append(line)  # the common case, decided without building a run
            index += 1
            continue
        run = [line]
        while run[-1].continued and index + len(run) < len(lines):
            run.append(lines[index + len(run)])
        index += len(run)
        if run[0].kind == LineKind.ATTACHMENT:
            result.extend(run[:-1] + _split_attachment_and_date(run[-1], first=len(run) == 1))
            continue
        if run[0].kind == LineKind.HEADING:
            result.extend(_split_glued_heading(run[0]) + run[1:])
            continue
        if len(run) == 1 and run[0].kind == LineKind.TEXT and "号" in run[0].text:
            order = _order_head(run[0], result[-1] if result else None)
            if order is not None:
                result.extend(order)
                continue
        if any(line.kind != LineKind.TEXT or line.md_prefix or "\t" in line.text for line in run):
            result.extend(run)
            continue
        text = run[0].text if len(run) == 1 else "".join(line.text for line in run)
        cut = kind = None
        if text[-1:] in "）)":
            cut, kind = _number_cut(text), LineKind.DOC_NUMBER
        elif text[-1:] in "：:":
            # A title wrapped over two lines carries its 关于 on the first: the glued second line has none.
            continued = bool(result) and not run[0].blank_before and _is_title_start(result[-1], run[0])
            cut, kind = _addressee_cut(text, continued), LineKind.TEXT
        result.extend(run if cut is None else _cut_run(run, cut, kind))
    return result


# A full date at the end of a line: the date forms jxparse.numbers reads.
_TRAILING_DATE = re.compile(FULL_DATE + "$")


def _split_attachment_and_date(line: Line, *, first: bool = True) -> list[Line]:
    """附件：…暂行办法二〇〇六年一月二十七日 → the 附件 line and the sign-off's date line it swallowed.

    ``line`` is the 附件 line itself (``first``) or the last of the lines a wrap cut it into.
    """
    match = _TRAILING_DATE.search(line.text)
    if match is None or match.start() and line.text[match.start() - 1].isdigit() \
            or first and match.start() <= line.rest_start - line.content_start:
        return [line]
    date = _part(line, match.start(), len(line.text), kind=LineKind.DATE, blank_before=False, marker=None,
                 rest_start=0, continued=False)
    if match.start() == 0:
        return [date]
    # the 附件 line's rest now ends where its text does: before the date
    return [_part(line, 0, match.start(), kind=line.kind, continued=False), date]


# A heading with the first heading of the level below glued to it by an extractor:
# 一、建立健全工作机制（一）银行业金融机构应当… / 第一章 总则第一条 为了… / 一、总体要求1.坚持…
_GLUED_INNER = {
    SectionStyle.HANZI: re.compile(r"[(（]一[)）]|㈠|1[.．、](?![0-9])"),
    SectionStyle.CHAPTER: re.compile(r"第[一1]节|第[一二三四五六七八九十百零〇0-9]{1,5}条"),
    SectionStyle.PART: re.compile(r"第[一1]章"),
}
_MAX_GLUED_HEADING = 30
_NOT_IN_HEADING = "。，,；;：:！？!?"


def _split_glued_heading(line: Line) -> list[Line]:
    """A heading line cut where the first heading of the level below was glued to it.

    The part before the inner marker must read as a heading (short, no clause punctuation) and the
    inner marker must be the first of its level (（一）, 1., 第一节) or, under a chapter, an article.
    """
    pattern = _GLUED_INNER.get(line.style)
    if pattern is None or "\t" in line.text or line.md_prefix:
        return [line]
    match = pattern.search(line.rest)
    if match is None or match.start() == 0 or match.start() > _MAX_GLUED_HEADING:
        return [line]
    caption = line.rest[:match.start()]
    if any(char in _NOT_IN_HEADING for char in caption) or len(line.rest) == match.end():
        return [line]
    offset = line.rest_start - line.content_start + match.start()
    inner = _typed(line, offset)
    if inner is None or inner.kind != LineKind.HEADING:
        return [line]
    head = _part(line, 0, offset, kind=LineKind.HEADING, continued=False)  # its rest: the caption
    return [head, inner]


def _typed(line: Line, offset: int) -> Line | None:
    """``line.text[offset:]`` typed by the line grammar as a line of its own, positioned in the source."""
    from .lines import read_lines

    typed = read_lines(line.text[offset:])
    if len(typed) != 1:
        return None
    shift = line.content_start + offset
    inner = typed[0]
    return replace(inner, number=line.number, start=inner.start + shift, end=inner.end + shift,
                   content_start=inner.content_start + shift, rest_start=inner.rest_start + shift,
                   blank_before=False, indented=False, continued=line.continued, prose=line.prose)


# 令 and 公告 heads: "中国人民银行令" over "〔2001〕第 1 号", or all on one line with the rule's title in
# brackets (and, glued by a crawler, the first sentence of the promulgation after it).
_ORDER_NUMBER_ONLY = re.compile(rf"^{docnum_tail(ZH_BLANK, ordinal='第')}$")
_ORDER_GLUED = re.compile(rf"^(?P<number>[\u4e00-\u9fff]{{2,30}}(?:令|公告){ZH_BLANK}*{docnum_tail(ZH_BLANK, ordinal='第')})"
                          rf"{ZH_BLANK}*[（(](?P<title>[^（）()]{{4,80}})[）)](?P<rest>.*)$")


def _order_head(line: Line, previous: Line | None) -> list[Line] | None:
    """The lines of a 令/公告 head that the line grammar cannot type alone, or None.

    ``〔2001〕第 1 号`` right under a line ending in 令 or 公告 is that head's number; a line
    ``X令〔2020〕第4号（规则名）…`` is the number, the rule's title and whatever the crawler glued on.
    """
    text = line.text
    if _ORDER_NUMBER_ONLY.match(text) and previous is not None and not line.blank_before \
            and _WIDE.sub("", previous.text).endswith(("令", "公告")):
        return [replace(line, kind=LineKind.DOC_NUMBER)]
    match = _ORDER_GLUED.match(text)
    if match is None:
        return None
    parts = [_part(line, 0, match.end("number"), kind=LineKind.DOC_NUMBER),
             _part(line, match.start("title"), match.end("title"), blank_before=False)]
    if match.group("rest").strip(_BLANKS):
        parts.append(_part(line, match.start("rest"), len(text), blank_before=True, cut_before=True, prose=True))
    return parts


def _cut_run(run: list[Line], offset: int, kind: str) -> list[Line]:
    """The lines of ``run`` cut at ``offset`` of their joined text; what follows the cut is of ``kind``."""
    for position, line in enumerate(run):
        if offset <= len(line.text):
            break
        offset -= len(line.text)
    before, after = run[:position], run[position + 1:]
    if kind == LineKind.DOC_NUMBER and after:
        return run  # a 文号 cut over two lines: no line of its own can hold it
    if offset >= len(line.text):
        head, tail = before + [line], after
        if not tail:
            return run
        tail = [replace(tail[0], kind=kind, blank_before=True)] + tail[1:]
    else:
        head = before + [_part(line, 0, offset)] if offset else before
        tail = [_part(line, offset, len(line.text), kind=kind, blank_before=True)] + after
    # The title before the cut ends there and is no prose, whatever the wrapped whole read as.
    head = [replace(part, prose=False) for part in head]
    if head:
        head[-1] = replace(head[-1], continued=False)
    return head + tail


def _is_title_start(line: Line, following: Line) -> bool:
    """Is ``line`` the first line of a title that ``following`` continues (关于 may be cut in two)?"""
    text = line.text
    return (line.kind == LineKind.TEXT and "关于" in text + following.text[:1] and len(text) <= 120 and "。" not in text
            and not text.endswith(("：", ":", "，", ",")))


def _part(line: Line, begin: int, end: int, kind: LineKind = LineKind.TEXT, **changes) -> Line:
    """The stretch ``line.text[begin:end]`` (trimmed of blanks) as a line of its own."""
    text = line.text[begin:end]
    lead = len(text) - len(text.lstrip(_BLANKS))
    text = text.strip(_BLANKS)
    start = line.content_start + begin + lead
    return replace(line, kind=kind, text=text, start=start if begin else line.start, content_start=start,
                   end=start + len(text), **changes)


def _is_title_text(text: str) -> bool:
    core = text.rstrip(_BLANKS)
    return (4 <= len(core) <= 120 and "。" not in core and not core.endswith(("：", ":", "，", ","))
            and core.endswith(_TITLE_ENDS + ("》", "）", ")")))


def _number_cut(text: str) -> int | None:
    """…的通知（银发〔2021〕259号）: where the 文号 in brackets starts after a title, or None."""
    match = _TRAILING_NUMBER.search(text)
    if match is None or not _is_title_text(text[:match.start()]) or not text[:match.start()].strip(_BLANKS):
        return None
    return match.start()


def _addressee_cut(text: str, continued: bool = False) -> int | None:
    """…关于…的通知中国人民银行上海总部，各分行…：: where the 主送 line starts after a title, or None.

    The cut is right after the first ``的<文种>`` that stands outside every bracket, after 关于, and
    only where what follows reads as a 主送 line: organs separated by ，、； ending in ：.
    """
    if not text.endswith(("：", ":")) or "。" in text or "关于" not in text and not continued:
        return None
    depth = 0
    about = text.find("关于")  # -1 on a continued title's second line: the cut may come anywhere
    for index, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and index > about and char == "的":
            end = next((index + 1 + len(word) for word in sorted(_TITLE_ENDS, key=len, reverse=True)
                        if text.startswith(word, index + 1)), None)
            if end is None:
                continue
            rest = text[end:].strip(_BLANKS)
            if len(rest) >= 3 and rest[0] not in "（(，,：:、；;" and any(mark in rest for mark in "，、；,;") \
                    or 3 <= len(rest) <= 40 and rest[0] not in "（(，,：:、；;":
                return end
            return None
    return None


__all__ = ["STRONG_LABELS", "WEAK_LABELS", "Taken", "split_glued_heads", "take_surroundings"]
