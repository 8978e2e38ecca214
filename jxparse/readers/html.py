"""HTML reader: a government web page (政策文件 page, 公文 in HTML) -> :class:`SourceText`.

The page is decoded, parsed with :mod:`lxml.html` (libxml2's forgiving HTML
parser: broken markup is repaired, never fatal; no network access, no DTD or
external entity is ever loaded), the metadata table is read into
``SourceText.metadata`` and the document body is turned into plain text, the
text that the line grammar parses and that every span points into.

Decoding (bytes input; :func:`jxparse.readers.decoding.decode_page`)
    1. ``encoding=`` given: that codec, strictly, nothing else;
    2. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE, GB18030);
    3. the page's own declaration in its first 16 KiB: ``<meta charset=…>``,
       ``<meta http-equiv="Content-Type" content="…; charset=…">`` or an XML
       declaration (comments are skipped). gb2312, gbk, cp936 and their aliases
       are decoded as GB18030 (their superset); big5 as big5-hkscs. A Western
       single-byte label (ascii, iso-8859-1, windows-1252) on bytes that are not
       pure ASCII is not trusted first: UTF-8 and GB18030 are tried before it;
    4. UTF-8, strictly;
    5. GB18030, strictly.
    If the declared codec fails, the next candidates are tried and a
    ``html-charset-mismatch`` warning is added. Nothing is ever decoded with
    ``errors="ignore"``/``"replace"``: if no candidate decodes the bytes,
    :class:`~jxparse.errors.DecodeError` is raised with the file name, the byte
    ``offset`` (and 1-based ``line``/``column``) of the first undecodable byte
    for the candidate that got furthest. ``SourceText.encoding`` is the Python
    codec that was used (``utf-8``, ``gb18030``, ``utf-16-le`` …; a UTF-8 BOM
    gives ``utf-8``); for ``str`` input it is the ``encoding`` argument or None.
    ``sha256`` is the hash of the bytes as given (BOM included), or of the
    UTF-8 encoding of a ``str``.

Where the body is (the first rule that finds an element with text or an image wins)
    1. ``id="UCAP-CONTENT"`` (www.gov.cn and the UCAP CMS of many ministries);
    2. class or id ``TRS_Editor`` (TRS WCM, most provincial/city sites);
    3. class or id ``TRS_UEDITOR`` (e.g. ``class="view TRS_UEDITOR trs_paper_default"``);
    4. class or id ``pages_content`` (newer gov.cn pages);
    5. class or id ``zoom`` / ``Zoom`` / ``zoomcon`` / ``fontzoom``;
    6. class or id ``conTxt``, ``article-content``, ``article_content``, ``articleContent``;
    7. class or id ``content``;
    8. class or id ``article``, then the ``<article>`` element, then ``<main>``.
    Class tokens and ids are compared case-insensitively. Among several
    matches of one rule the one with most text wins, or a descendant of it that
    holds at least 60 % of that text. With no match the whole ``<body>`` is used,
    without ``<nav>``/``<aside>``/``<footer>`` and chrome blocks, and a
    ``html-no-content`` warning is added (also for an empty page).

Metadata (``SourceText.metadata``)
    Read from key/value tables such as gov.cn's 索引号/主题分类/发文机关/成文日期/
    标题/发文字号/发布日期/主题词 table: cells ending in ``：``/``:`` are keys, the
    next cell (if it is not a key itself) is the value, an empty value is kept
    as ``""``; a single cell ``发文字号：国发〔2019〕5号`` is a pair too. A table
    counts when it has at most 30 rows and no nested table, and either it has
    at least one known metadata key (see ``KNOWN_KEYS``) and no other text, or
    it has three known keys. Tables inside the body container count only with
    three known keys (so that forms in an attachment stay body text). Pairs are kept in page order; keys have all
    whitespace (spaces, U+3000, NBSP) and the trailing colon removed
    (``标　　题：`` -> ``标题``); values are normalised like text lines. Metadata
    tables never appear in the body text. The reader never invents a title: the
    pairs' 标题 / 发文字号 / 成文日期 … become ``SourceText.hints``
    (:func:`~jxparse.readers.hints_from_pairs`), which fill a document's title,
    文号 and date only where its text has none.

Text conventions (``SourceText.text``)
    * One line per block-level element (p, div, h1-h6, li, dt, dd, blockquote,
      pre, section, article, table rows …); ``<br>`` and ``<hr>`` start a new
      line; lines are separated by one ``"\\n"`` and the text ends with ``"\\n"``
      (empty string for a page without text).
    * No blank lines: empty blocks (``<p><br></p>``, ``<p>&nbsp;</p>``) give no line.
    * Whitespace: runs of ASCII whitespace, NBSP (``&nbsp;``) and the other
      Unicode space characters collapse to one ASCII space, except that a run
      holding a source line break between two East-Asian wide characters is
      removed (CSS segment-break rule, so hard-wrapped Chinese source is not
      spaced out). U+3000 (ideographic space) is never collapsed or changed
      inside a line (``第一章　总　　则``, ``国务院办公厅　中央军委办公厅``).
      Every line is stripped of leading and trailing whitespace, U+3000
      included, so right-aligned sign-off padding and indentation disappear.
      Zero-width characters (U+200B, U+2060, U+FEFF, soft hyphen) and control
      characters are dropped.
    * ``<pre>`` keeps its line breaks; spaces inside still collapse.
    * Data tables: each row is one line, cells separated by one TAB, a cell's
      own paragraphs and ``<br>`` joined by a space; interior empty cells stay
      (two TABs), leading/trailing empty cells go with the line strip;
      ``colspan``/``rowspan`` are not expanded; a ``<caption>`` is a line of its
      own before the rows. Layout tables - tables that contain another table,
      or whose rows each have at most one non-empty cell - are not rows: their
      cells are read as ordinary blocks, so nested data tables inside them still
      give TAB rows. Each data table with a row in the text is a
      ``SourceText.tables`` region: its rows and their cells as written.
    * Images: a line ``[图片: X]`` where X is the ``alt`` text, else ``title``,
      else the file name of ``src`` (``data-src``/``data-original`` for lazy
      loading; path and query removed), or just ``[图片]``. Images declared
      narrower or lower than 40 px (icons, spacers) are left out. Inside a data
      table cell the marker stays inline in the cell.
    * Left out: scripts, styles, comments, processing instructions, ``<head>``,
      ``<noscript>``, ``<template>``, iframes, objects, canvas, svg, form
      controls, ``<nav>``/``<aside>``/``<footer>``, hidden elements
      (``display:none``, ``visibility:hidden``, ``hidden``), links that print,
      close or bookmark the page, share widgets and QR-code boxes (class/id
      share, bdshare…, jiathis…, qr_container, qrcode, erweima, breadcrumb,
      crumbs, nav, navbar, menu, sidebar, footer, copyright) and lines made only
      of page chrome (扫一扫在手机打开当前页, 【我要纠错】, 【打印】, 【关闭】,
      打印本页, 关闭窗口, 【字体：大 中 小】, 分享到 …). In the whole-body fallback
      also 当前位置：… breadcrumb lines and elements whose class/id contains
      ``banner``.
    * Markup nested deeper than libxml2's limit (2048 open elements) would stop
      the parse there and lose the rest of the page. The page is then read again
      without its inline formatting tags (span, font, b, i, a …, which carry no
      structure and are what old CMS pages leave unclosed by the thousand), with a
      ``html-deep-nesting`` note; when even that is too deep, the input fails
      (``InputError`` naming the line), rather than losing text behind a warning.
    * Entities and character references are decoded by the parser; an
      undefined entity stays as written (``&foo;``). A DOCTYPE (with any internal
      subset) and an XML declaration are removed before parsing: external
      entities are never resolved or fetched.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import lxml.html
from lxml import etree

from ..ast import Diagnostic, Severity
from ..errors import InputError
from . import SourceText, TableRegion, hints_from_pairs, table_region
from .decoding import decode_page

__all__ = ["read_html", "KNOWN_KEYS", "CONTAINER_RULES"]

# --------------------------------------------------------------------------- constants

KNOWN_KEYS = frozenset(
    """索引号 主题分类 发文机关 成文日期 标题 发文字号 发布日期 主题词 文号 发布机构 发文单位
    生成日期 名称 文件编号 有效性 时效性 效力状态 生效日期 实施日期 废止日期 体裁分类 组配分类
    服务对象分类 信息分类 公开方式 公开范围 公开时限 公文种类 文种 信息来源 关键词 内容概述
    所属主题 签发人 责任部门""".split()
)
"""Metadata keys (normalised) that identify a key/value table as page metadata."""

CONTAINER_RULES: tuple[tuple[str, ...], ...] = (
    ("#ucap-content",),
    (".trs_editor",),
    (".trs_ueditor",),
    (".pages_content",),
    (".zoom", ".zoomcon", ".fontzoom"),
    (".contxt", ".article-content", ".article_content", ".articlecontent"),
    (".content",),
    (".article", "<article", "<main"),
)
"""Body container rules in priority order: ``#x`` id only, ``.x`` class token or id, ``<x`` tag."""

_SKIP_TAGS = frozenset(
    """script style noscript template iframe frame frameset object embed applet param canvas svg
    math audio video source track map area button select option optgroup datalist input textarea
    head title meta link base xml nav aside footer""".split()
)
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu
    nav ol p pre section summary table tbody thead tfoot tr td th caption ul noframes listing
    plaintext xmp""".split()
)
_CHROME_TOKENS = frozenset(
    """share bdshare bdsharebuttonbox bdshare_t jiathis jiathis_style social-share share-box
    sharebox qr_container qrcode erweima breadcrumb crumb crumbs navbar nav menu sidebar footer
    copyright""".split()
)
_CHROME_WORDS = frozenset(
    """打印 打印本页 打印此页 打印正文 关闭 关闭窗口 关闭本页 我要纠错 纠错 收藏 加入收藏 收藏本页
    分享 分享到 返回 返回顶部 返回首页 保存 保存本页 下载本页 扫一扫在手机打开当前页""".split()
)
_CHROME_SPLIT = re.compile(r"[\s|｜/、【】\[\]（）()：:]+")
_FONT_CHROME = re.compile(r"^[【\[]?(?:字体|字号)[:：]?[【\[\]】大中小默认标准\s]*[】\]]?$")
_BREADCRUMB = re.compile(r"^(?:当前位置|您现在的位置|你的位置|您的位置|现在位置)[:：]")
_CHROME_LINK = re.compile(r"window\.(?:print|close)|print\(\)|close\(\)|addfavorite|external\.|addbookmark", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_WS_RUN = re.compile(r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\x85]+")
_DROP_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff]")
_KEY_CELL = re.compile(r"^(.{1,16}?)[ \u3000]*[：:]$", re.S)
_KV_CELL = re.compile(r"^([^：:]{1,16})[：:](.+)$", re.S)
_KEY_NOISE = re.compile(r"[\s\u3000\u00a0]+")

_XML_DECL = re.compile(r"^\s*<\?xml\b[^>]*\?>", re.I)
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.I | re.S)

_METADATA_MAX_ROWS = 30
_ICON_PX = 40


# --------------------------------------------------------------------------- public API


def read_html(data: str | bytes, *, name: str | None = None, encoding: str | None = None) -> SourceText:
    """Read an HTML page: decode it, find the body, extract text and metadata.

    ``data`` is the page as bytes (decoded as described in the module docstring;
    ``encoding`` forces a codec) or as an already decoded ``str``. ``name`` is used
    in diagnostics and errors. Raises :class:`~jxparse.errors.DecodeError` for bytes
    that cannot be decoded strictly. Broken markup never raises.
    """
    diagnostics: list[Diagnostic] = []
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        sha = hashlib.sha256(raw).hexdigest()
        text, used = decode_page(raw, name=name, encoding=encoding, diagnostics=diagnostics)
    elif isinstance(data, str):
        sha = hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
        text, used = data, encoding
    else:
        raise TypeError(f"read_html() needs str or bytes, not {type(data).__name__}")

    body_text, metadata, tables = _extract(text, diagnostics)
    return SourceText(
        text=body_text,
        format="html",
        name=name,
        encoding=used,
        sha256=sha,
        metadata=tuple(metadata),
        hints=hints_from_pairs(metadata),
        diagnostics=tuple(diagnostics),
        tables=tables,
    )


# --------------------------------------------------------------------------- text normalisation


def _wide(ch: str) -> bool:
    if not ch:
        return False
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return False  # Hangul keeps its spaces (CSS Text 3)
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _normalize(s: str) -> str:
    """Collapse whitespace as described in the module docstring and strip the ends."""
    s = _DROP_CHARS.sub("", s)

    def repl(m: re.Match) -> str:
        run = m.group()
        if ("\n" in run or "\r" in run) and "\u00a0" not in run:
            before = s[m.start() - 1] if m.start() > 0 else ""
            after = s[m.end()] if m.end() < len(s) else ""
            if _wide(before) and _wide(after):
                return ""
        return " "

    return _WS_RUN.sub(repl, s).strip()


def _norm_key(s: str) -> str:
    return _KEY_NOISE.sub("", s).rstrip("：:")


def _is_chrome_line(line: str, fallback: bool) -> bool:
    if "扫一扫在手机打开" in line:
        return True
    if fallback and _BREADCRUMB.match(line):
        return True
    compact = _KEY_NOISE.sub("", line)
    if _FONT_CHROME.match(compact):
        return True
    if "字体" in compact and re.fullmatch(r"(?:【[^】]*】|\[[^\]]*\])+", compact):
        words = re.findall(r"[【\[]([^】\]]*)[】\]]", compact)
        if all(w in _CHROME_WORDS or _FONT_CHROME.match(w) or w in ("大", "中", "小") for w in words):
            return True
    tokens = [t for t in _CHROME_SPLIT.split(line) if t]
    return bool(tokens) and all(t in _CHROME_WORDS for t in tokens)


# --------------------------------------------------------------------------- sinks


class _Lines:
    """Collects block-mode output: one entry per line, and which lines are rows of which data table."""

    def __init__(self, fallback: bool) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.fallback = fallback
        self.tables = 0
        """Data tables met so far (a table's number tells its rows from the next table's)."""
        self.rows: list[tuple[int, int, tuple[str, ...]]] = []
        """The rows written: (index in ``lines``, table number, cells as written)."""

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def brk(self) -> None:
        if self.buf:
            line = _normalize("".join(self.buf))
            self.buf = []
            self._add(line)

    def line(self, s: str) -> None:
        self.brk()
        self._add(s)

    def row(self, cells: list[str], table: int) -> None:
        """A data table row: its cells on one line, TAB-separated. The cells are normalised (no blank
        at either end, a TAB inside one collapsed to a space), so only empty cells at the row's ends
        are blank: they go with the line strip, and the row's cells are the ones between."""
        self.brk()
        first, last = 0, len(cells)
        while first < last and not cells[first]:
            first += 1
        while last > first and not cells[last - 1]:
            last -= 1
        kept = tuple(cells[first:last])
        if self._add("\t".join(kept)):
            self.rows.append((len(self.lines) - 1, table, kept))

    def _add(self, line: str) -> bool:
        if line and not _is_chrome_line(line, self.fallback):
            self.lines.append(line)
            return True
        return False


class _Inline:
    """Collects cell-mode output: everything on one line."""

    def __init__(self) -> None:
        self.buf: list[str] = []

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def brk(self) -> None:
        self.buf.append(" ")

    def line(self, s: str) -> None:
        self.buf.append(" " + s + " ")

    def result(self) -> str:
        return _normalize("".join(self.buf))


# --------------------------------------------------------------------------- element helpers


def _tag(el) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def _tokens(el) -> set[str]:
    toks = {t.lower() for t in (el.get("class") or "").split()}
    ident = el.get("id")
    if ident:
        toks.add(ident.strip().lower())
    return toks


def _is_skipped(el, tag: str, skip: set, fallback: bool = False) -> bool:
    if tag in _SKIP_TAGS or el in skip:
        return True
    if fallback and any("banner" in t for t in _tokens(el)):
        return True
    if el.get("hidden") is not None or (el.get("type") or "").lower() == "hidden":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if _tokens(el) & _CHROME_TOKENS:
        return True
    if tag == "a":
        action = (el.get("href") or "") + " " + (el.get("onclick") or "")
        if _CHROME_LINK.search(action):
            return True
    return False


def _px(value: str | None) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", value)
    return float(m.group(1)) if m else None


def _image_label(el) -> str | None:
    """The ``[图片: …]`` marker of an <img>, or None for an icon."""
    for attr in ("width", "height"):
        px = _px(el.get(attr))
        if px is not None and px < _ICON_PX:
            return None
    label = _normalize(el.get("alt") or "") or _normalize(el.get("title") or "")
    if not label:
        src = el.get("src") or el.get("data-src") or el.get("data-original") or ""
        src = src.strip()
        if src and not src.lower().startswith("data:"):
            path = re.split(r"[?#]", src, maxsplit=1)[0].rstrip("/")
            label = _normalize(path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    return f"[图片: {label}]" if label else "[图片]"


def _own_rows(table) -> list:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _own_cells(row) -> list:
    return [c for c in row if _tag(c) in ("td", "th")]


def _has_content(cell) -> bool:
    if cell.text_content().strip(" \t\r\n\f\u00a0\u3000"):
        return True
    return any(_tag(e) == "img" for e in cell.iter())


def _is_data_table(table) -> bool:
    if any(True for _ in table.iterdescendants("table")):
        return False
    return any(sum(1 for c in _own_cells(r) if _has_content(c)) > 1 for r in _own_rows(table))


# --------------------------------------------------------------------------- the walker


def _render(root, sink, skip: set, *, inline: bool) -> None:
    """Walk ``root`` (iteratively: deep broken markup cannot exhaust the stack) into ``sink``."""
    pre = 0
    fallback = getattr(sink, "fallback", False)

    def emit(s: str | None) -> None:
        if not s:
            return
        if pre and not inline and "\n" in s:
            parts = s.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for i, part in enumerate(parts):
                if i:
                    sink.brk()
                sink.text(part)
        else:
            sink.text(s)

    root_tag = _tag(root) or ""
    if root_tag in _BLOCK_TAGS:
        sink.brk()
    emit(root.text)
    stack = [(root, iter(root))]
    while stack:
        el, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            tag = _tag(el)
            if tag == "pre":
                pre -= 1
            if tag in _BLOCK_TAGS:
                sink.brk()
            if stack:
                emit(el.tail)
            continue
        tag = _tag(child)
        if tag is None:  # comment, processing instruction, entity
            emit(child.tail)
            continue
        if _is_skipped(child, tag, skip, fallback):
            if tag in _BLOCK_TAGS:
                sink.brk()
            emit(child.tail)
            continue
        if tag in ("br", "hr"):
            sink.brk()
            emit(child.tail)
            continue
        if tag == "img":
            label = _image_label(child)
            if label:
                sink.line(label)
                if not inline:
                    sink.brk()
            emit(child.tail)
            continue
        if tag == "table" and not inline and _is_data_table(child):
            _render_table(child, sink, skip)
            emit(child.tail)
            continue
        if tag == "pre":
            pre += 1
        if tag in _BLOCK_TAGS:
            sink.brk()
        emit(child.text)
        stack.append((child, iter(child)))
    if root_tag in _BLOCK_TAGS:
        sink.brk()


def _cell_text(cell, skip: set) -> str:
    sink = _Inline()
    _render(cell, sink, skip, inline=True)
    return sink.result()


def _render_table(table, sink: _Lines, skip: set) -> None:
    sink.brk()
    sink.tables += 1
    for child in table:
        if _tag(child) == "caption" and not _is_skipped(child, "caption", skip):
            caption = _cell_text(child, skip)
            if caption:
                sink.line(caption)
    for row in _own_rows(table):
        if _is_skipped(row, "tr", skip):
            continue
        cells = [_cell_text(c, skip) for c in _own_cells(row) if not _is_skipped(c, _tag(c), skip)]
        sink.row(cells, sink.tables)
    sink.brk()


# --------------------------------------------------------------------------- metadata


def _metadata_pairs(table, skip: set, min_known: int) -> list[tuple[str, str]] | None:
    """The key/value pairs of a metadata table, or None if ``table`` is not one."""
    rows = _own_rows(table)
    if len(rows) > _METADATA_MAX_ROWS:
        return None
    pairs: list[tuple[str, str]] = []
    known = 0
    stray = False
    for row in rows:
        texts = [_cell_text(c, skip) for c in _own_cells(row)]
        i = 0
        while i < len(texts):
            t = texts[i]
            key_m = _KEY_CELL.match(t)
            kv_m = None if key_m else _KV_CELL.match(t)
            if key_m and _norm_key(key_m.group(1)):
                key = _norm_key(key_m.group(1))
                value = ""
                if i + 1 < len(texts):
                    nxt = texts[i + 1]
                    nxt_kv = _KV_CELL.match(nxt)
                    if not _KEY_CELL.match(nxt) and not (nxt_kv and _norm_key(nxt_kv.group(1)) in KNOWN_KEYS):
                        value = nxt
                        i += 1
                pairs.append((key, value))
                known += key in KNOWN_KEYS
            elif kv_m and _norm_key(kv_m.group(1)) in KNOWN_KEYS:
                pairs.append((_norm_key(kv_m.group(1)), _normalize(kv_m.group(2))))
                known += 1
            elif t:
                stray = True
            i += 1
    if known >= max(3, min_known) or (known >= max(1, min_known) and not stray):
        return pairs
    return None


def _find_metadata(doc, container, skip: set) -> tuple[list[tuple[str, str]], list]:
    inside = set(container.iter("table")) if container is not None else set()
    above = set(container.iterancestors("table")) if container is not None else set()
    pairs: list[tuple[str, str]] = []
    tables = []
    for table in doc.iter("table"):
        if table in above or any(anc in tables for anc in table.iterancestors("table")):
            continue
        if any(True for _ in table.iterdescendants("table")):
            continue  # metadata tables are innermost tables; layout tables hold them
        found = _metadata_pairs(table, skip, 3 if table in inside else 1)
        if found is not None:
            pairs.extend(found)
            tables.append(table)
    return pairs, tables


# --------------------------------------------------------------------------- containers


def _visible_len(el) -> int:
    return len(_KEY_NOISE.sub("", el.text_content()))


def _visible_count(text: str | None) -> int:
    """How many characters of ``text`` are not blanks (what :func:`_visible_len` counts)."""
    return len(_KEY_NOISE.sub("", text)) if text else 0


def _rule_of(el) -> int | None:
    """The index of the first CONTAINER_RULES entry ``el`` matches, or None (``#x``: the id is x;
    ``.x``: x is a class token or the id; ``<x``: the tag is x). The class tokens are split once."""
    tag = _tag(el)
    ident = (el.get("id") or "").strip().lower()
    tokens = None
    for index, rule in enumerate(CONTAINER_RULES):
        for option in rule:
            if option[0] == "<":
                hit = tag == option[1:]
            elif option[0] == "#":
                hit = ident == option[1:]
            else:
                if tokens is None:
                    tokens = _tokens(el)
                hit = option[1:] in tokens
            if hit:
                return index
    return None


class _Candidate:
    """A container candidate: its visible length, whether it holds an image, and the candidates of
    the same rule nested in it with no candidate of that rule in between."""

    __slots__ = ("element", "size", "has_img", "inner")

    def __init__(self, element) -> None:
        self.element = element
        self.size = 0
        self.has_img = False
        self.inner: list[_Candidate] = []


def _container_candidates(doc) -> list[list[_Candidate]]:
    """The candidates of each rule, in document order, in one walk of the page.

    Visible lengths are summed bottom-up as elements close (a parent's is its text, its children's
    and their tails), so nested candidates cost nothing extra: measuring each one's ``text_content()``
    made a page of candidates nested n deep cost n times its text.
    """
    per_rule: list[list[_Candidate]] = [[] for _ in CONTAINER_RULES]
    # one frame per open element: [visible length so far, holds an image, its candidate or None,
    # the candidate's rule]
    frames: list[list] = []
    # per rule, the stack of open candidates (to nest candidates of one rule in each other)
    open_by_rule: list[list[_Candidate]] = [[] for _ in CONTAINER_RULES]
    for event, el in etree.iterwalk(doc, events=("start", "end")):
        if event == "start":
            size = _visible_count(el.text)
            for child in el:
                if not isinstance(child.tag, str):  # comments and PIs: not walked, but their tails are text
                    size += _visible_count(child.tail)
            rule = _rule_of(el)
            candidate = None
            if rule is not None:
                candidate = _Candidate(el)
                stack = open_by_rule[rule]
                (stack[-1].inner if stack else per_rule[rule]).append(candidate)
                stack.append(candidate)
            frames.append([size, _tag(el) == "img", candidate, rule])
        else:
            size, has_img, candidate, rule = frames.pop()
            if candidate is not None:
                candidate.size, candidate.has_img = size, has_img
                open_by_rule[rule].pop()
            if frames:
                parent = frames[-1]
                parent[0] += size + _visible_count(el.tail)
                parent[1] = parent[1] or has_img
    return per_rule


def _find_container(doc):
    """The element that holds the document's text: the largest candidate of the first container
    rule any element matches (CONTAINER_RULES), walking into a nested candidate of the same rule
    that holds at least 60% of its text, unless the text around the nested one holds the document's
    head (a 文号, a date or an addressee line), which walking in would drop."""
    for roots in _container_candidates(doc):
        best = None
        for candidate in _walk(roots):
            if (candidate.size > 0 or candidate.has_img) and (best is None or candidate.size > best.size):
                best = candidate  # the first in document order among equals
        if best is None:
            continue
        while True:
            inner = None
            for candidate in best.inner:  # the largest nested candidate is one of these
                if (candidate.size > 0 or candidate.has_img) and (inner is None or candidate.size > inner.size):
                    inner = candidate
            if inner is None or inner.size < 0.6 * best.size or _holds_document_head(best.element, inner.element):
                return best.element
            best = inner
    return None


def _walk(roots):
    """Candidates in a forest, outer ones before their nested ones (document order)."""
    stack = list(reversed(roots))
    while stack:
        candidate = stack.pop()
        yield candidate
        stack.extend(reversed(candidate.inner))


# Lines of a document's head (a 文号, a signature date, an addressee) are short; body paragraphs
# that mention a date are not evidence of a head.
_HEAD_LINE_MAX = 80


def _holds_document_head(container, inner) -> bool:
    """True when the text of ``container`` outside ``inner`` has a line that is a 文号, holds a date
    or ends like an addressee line (``各县（市、区）人民政府：``): the head of the document, which
    must not be left out by choosing ``inner``. Only the elements outside ``inner`` are visited."""
    from ..pipeline.entities import parse_doc_number
    from ..numbers import parse_date

    pieces: list[str] = []
    stack = [(container, "open")]
    while stack:  # an explicit stack: pages nest thousands of elements deep
        el, step = stack.pop()
        if step == "tail":
            pieces.append(el.tail or "")
            continue
        tag = _tag(el)
        if tag in _BLOCK_TAGS or tag == "br":
            pieces.append("\n")  # a block starts and ends a line
        if step == "close" or tag is None or el is inner or tag in _SKIP_TAGS:
            continue  # a comment's text, the nested container and scripts are not the document's head
        pieces.append(el.text or "")
        stack.append((el, "close"))
        for child in reversed(el):  # popped in order: each child's subtree, then its tail
            stack.append((child, "tail"))
            stack.append((child, "open"))
    for line in "".join(pieces).split("\n"):
        line = line.strip(" \t\r\u3000\u00a0")
        if not line or len(line) > _HEAD_LINE_MAX:
            continue
        if line[-1] in "：:" or parse_date(line) or parse_doc_number(line.strip("()（）")) is not None:
            return True
    return False


# --------------------------------------------------------------------------- extraction


def _prepare(text: str) -> str:
    text = _DROP_CHARS.sub("", text)
    text = _XML_DECL.sub("", text, count=1)
    return _DOCTYPE.sub("", text, count=1)


# Inline formatting tags: dropping them changes no text and no block structure.
_INLINE_TAG = re.compile(r"</?(?:span|font|b|i|u|s|em|strong|a|small|big|sup|sub|strike|ins|del|mark|abbr|"
                         r"cite|q|tt|code|kbd|var|nobr|label|o:p)\b[^>]*>", re.I)


_BLOCK_TAG = re.compile(r"</?(?:div|section|article|main|aside|header|footer|nav|center|blockquote|table|tbody|"
                        r"thead|tfoot|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|form|fieldset|p)\b[^>]*>", re.I)


def _parse_whole(markup: str):
    """The document of ``markup``, or None when libxml2 stops before its end (too deep)."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=False, remove_pis=False, recover=True,
                                  huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return None if any(e.level_name == "FATAL" for e in parser.error_log) else doc


def _no_content(diagnostics: list[Diagnostic], message: str) -> None:
    diagnostics.append(Diagnostic(Severity.WARNING, "html-no-content", message))


def _extract(text: str, diagnostics: list[Diagnostic]) -> tuple[str, list[tuple[str, str]], tuple[TableRegion, ...]]:
    prepared = _prepare(text)
    if not prepared.strip():
        _no_content(diagnostics, "the page is empty")
        return "", [], ()
    # huge_tree lifts libxml2's nesting limit from 256 to 2048 elements: pages with thousands of
    # unclosed <font>/<span> tags are real. No entity of a DTD is ever expanded (the DOCTYPE is gone).
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=False, remove_pis=False, recover=True, huge_tree=True
    )
    try:
        doc = lxml.html.document_fromstring(prepared, parser=parser)
    except (etree.ParserError, ValueError):
        _no_content(diagnostics, "the page has no parseable HTML content")
        return "", [], ()
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        first = fatal[0]
        flat = _INLINE_TAG.sub("", prepared)
        doc = _parse_whole(flat)
        if doc is not None:
            diagnostics.append(Diagnostic(
                Severity.INFO, "html-deep-nesting",
                f"markup nested deeper than 2048 elements (line {first.line}); read again without its inline "
                "formatting tags (span, font, b, i, a …), which hold no structure"))
        else:
            doc = _parse_whole(_BLOCK_TAG.sub("<p>", flat))  # a <p> closes the one before: no nesting left
            if doc is None:
                raise InputError(f"the HTML is nested too deeply to read (over 2048 open elements): "
                                 f"{first.message.strip()}", line=first.line)
            diagnostics.append(Diagnostic(
                Severity.WARNING, "html-deep-nesting",
                f"block elements nested deeper than 2048 levels (line {first.line}); the page is read as flat "
                "paragraphs (its containers and tables are not told apart), so that no text is lost"))

    skip: set = set()
    container = _find_container(doc)
    metadata, tables = _find_metadata(doc, container, skip)
    skip.update(tables)

    fallback = container is None
    if fallback:
        body = doc.find("body")
        root = body if body is not None else doc
        _no_content(
            diagnostics,
            "no content container (UCAP-CONTENT, TRS_Editor, zoom, content …) found; "
            "the text is the whole visible text of the page",
        )
    else:
        root = container
    sink = _Lines(fallback)
    _render(root, sink, skip, inline=False)
    sink.brk()
    lines = sink.lines
    return ("\n".join(lines) + "\n") if lines else "", metadata, _table_regions(sink)


def _table_regions(sink: _Lines) -> tuple[TableRegion, ...]:
    """The data tables of the text ``sink`` collected (lines joined by one line break), in text order."""
    starts = []
    offset = 0
    for line in sink.lines:
        starts.append(offset)
        offset += len(line) + 1
    by_table: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
    for index, table, cells in sink.rows:
        by_table.setdefault(table, []).append((starts[index], cells))
    return tuple(table_region(rows) for rows in by_table.values())
