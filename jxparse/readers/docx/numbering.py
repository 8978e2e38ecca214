"""Word's automatic numbering: the label Word displays before a numbered paragraph.

A paragraph is numbered through ``w:numPr`` (``w:numId`` + ``w:ilvl``), given directly or by its
paragraph style (``w:pStyle``, following ``w:basedOn``). ``w:numId`` names a ``w:num`` in
numbering.xml, which points at a ``w:abstractNum`` (possibly through ``w:numStyleLink``) and may
override levels (``w:lvlOverride``: ``w:startOverride`` or a whole ``w:lvl``). A level gives the
start value, the number format (``w:numFmt``), the label pattern (``w:lvlText``, ``%1``..``%9``
standing for the counters of levels 1..9), what follows the label (``w:suff``: tab, space or
nothing) and when it restarts (``w:lvlRestart``). A paragraph style with numbering but no level
takes the level whose ``w:pStyle`` names that style.

Counting follows Word (ECMA-376 §17.9 keeps the running count on the abstract definition): every
``w:num`` that points at one ``w:abstractNum`` counts in one sequence, so a list continues across
its instances; an instance with a ``w:startOverride`` for a level restarts that shared count at the
override value where it is first used at that level (that is how Word restarts a list: a new
``w:num`` with ``w:startOverride``), and paragraphs of the other instances continue from there.
Numbering a level resets the deeper levels of the same sequence (unless their ``w:lvlRestart``
says otherwise). ``numId`` 0 removes
numbering. Bullets (``numFmt="bullet"``) and ``none`` give no label: a bullet glyph from a symbol
font is not text the grammar could use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .styles import Styles

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)

_DIGITS = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _chinese(n: int, digits: str = "〇一二三四五六七八九", units: str = "十百千", zero: str = "零") -> str:
    """A number below 10 000 the way Chinese counts it: 十一, 二十, 一百零五, 一千零一十."""
    if n < 10:
        return digits[n] if n else zero
    if n < 20 and units == "十百千":
        return "十" + (digits[n - 10] if n > 10 else "")
    out = []
    parts = [(1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    pending_zero = False
    started = False
    for value, unit in parts:
        d = (n // value) % 10
        if d:
            if pending_zero:
                out.append(zero)
                pending_zero = False
            out.append(digits[d] + unit)
            started = True
        elif started:
            pending_zero = True
    return "".join(out)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter: 26 Z, 27 AA, 28 BB … 53 AAA.
    if n <= 0 or n > 780:  # beyond 30 repeated letters Word's lists stop being letters; keep the label short
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """The text of counter value ``n`` in Word number format ``fmt`` (an ``ST_NumberFormat`` name).

    Formats used in 公文 are exact: ``decimal`` 1, ``chineseCounting`` and
    ``chineseCountingThousand`` 一 … 十 十一 … 二十一 (a hundred and more: 一百零一),
    ``ideographTraditional`` 甲 … 癸, ``decimalEnclosedCircle`` ① … ⑳ ㉑ … ㊿,
    ``decimalEnclosedParen`` ⑴ … ⒇, ``decimalEnclosedFullstop`` ⒈ … ⒛, letters and Roman numerals.
    Where a format has no glyph for ``n`` (㊿ is the last circled number) Word falls back to
    decimal digits, and so does this function; an unknown format gives decimal digits too.
    """
    if fmt in ("decimal", "decimalHalfWidth", "arabicAbjad", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULLWIDTH)
    if fmt in ("upperLetter", "lowerLetter"):
        s = _letter(n)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        if 1 <= n <= 20:
            return chr(0x2460 + n - 1)
        if 21 <= n <= 35:
            return chr(0x3251 + n - 21)
        if 36 <= n <= 50:
            return chr(0x32B1 + n - 36)
        return str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return _chinese(n) if 0 <= n < 10000 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "koreanLegal"):
        return _chinese(n, _LEGAL, "拾佰仟") if 0 <= n < 10000 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join(_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[n - 1] if 1 <= n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[n - 1] if 1 <= n <= 12 else str(n)
    return str(n)


@dataclass
class Level:
    """One level of a list definition."""

    start: int = 0
    fmt: str = "decimal"
    text: str | None = None
    suffix: str = "tab"
    restart: int | None = None
    """``w:lvlRestart``: restart after this (1-based) level is used; 0 never; None after any higher level."""
    legal: bool = False
    style: str | None = None


@dataclass
class Definition:
    """What a ``w:num`` resolves to: its levels, the abstract definition it counts in, its start overrides."""

    num_id: str
    levels: dict[int, Level]
    key: str
    """The (resolved) abstractNumId: the sequence the instance counts in."""
    starts: dict[int, int] = field(default_factory=dict)


_PLACEHOLDER = re.compile(r"%([1-9])")


class Numbering:
    """The numbering definitions of a document and the running counters of its lists."""

    def __init__(self, numbering_root, styles: Styles, ns: str) -> None:
        self.w = "{%s}" % ns
        self.styles = styles
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> current value
        self.restarted: set[tuple[str, int]] = set()  # (numId, level) whose startOverride was applied
        self.unknown: set[str] = set()
        """numIds that paragraphs use but numbering.xml does not define."""
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_links: dict[str, str] = {}
        self.nums: dict[str, Definition] = {}
        if numbering_root is not None:
            self._read_numbering(numbering_root)

    # ------------------------------------------------------------------ reading definitions

    def _val(self, el, name: str) -> str | None:
        child = el.find(self.w + name)
        return None if child is None else child.get(self.w + "val")

    def _level(self, lvl) -> Level:
        level = Level()
        start = _int(self._val(lvl, "start"))
        level.start = start if start is not None else 0
        level.fmt = self._val(lvl, "numFmt") or "decimal"
        text_el = lvl.find(self.w + "lvlText")
        level.text = None if text_el is None else (text_el.get(self.w + "val") or "")
        level.suffix = self._val(lvl, "suff") or "tab"
        restart = _int(self._val(lvl, "lvlRestart"))
        level.restart = restart
        legal = lvl.find(self.w + "isLgl")
        level.legal = legal is not None and legal.get(self.w + "val", "1") not in ("0", "false", "off")
        level.style = self._val(lvl, "pStyle")
        return level

    def _levels(self, parent) -> dict[int, Level]:
        out = {}
        for lvl in parent.findall(self.w + "lvl"):
            ilvl = _int(lvl.get(self.w + "ilvl"))
            if ilvl is not None and 0 <= ilvl <= 8:
                out[ilvl] = self._level(lvl)
        return out

    def _read_numbering(self, root) -> None:
        w = self.w
        for abstract in root.findall(w + "abstractNum"):
            aid = abstract.get(w + "abstractNumId")
            if aid is None:
                continue
            self.abstracts[aid] = self._levels(abstract)
            link = self._val(abstract, "numStyleLink")
            if link:
                self.abstract_links[aid] = link
        nums = [(num.get(w + "numId"), self._val(num, "abstractNumId"), num) for num in root.findall(w + "num")]
        raw = {nid: aid for nid, aid, _ in nums if nid is not None and aid is not None}
        for nid, aid, num in nums:
            if nid is None or aid is None:
                continue
            aid = self._follow_link(aid, raw)
            levels = dict(self.abstracts.get(aid, {}))
            starts: dict[int, int] = {}
            overrides = num.findall(w + "lvlOverride")
            for override in overrides:
                ilvl = _int(override.get(w + "ilvl"))
                if ilvl is None or not 0 <= ilvl <= 8:
                    continue
                whole = override.find(w + "lvl")
                if whole is not None:
                    levels[ilvl] = self._level(whole)
                start = _int(self._val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
            self.nums[nid] = Definition(nid, levels, aid, starts)

    def _follow_link(self, aid: str, raw: dict[str, str]) -> str:
        """An abstract definition that only links to a numbering style (``w:numStyleLink``): the
        definition that style's list uses."""
        for _ in range(8):
            link = self.abstract_links.get(aid)
            if not link or self.abstracts.get(aid):
                return aid
            nid, _ = self.styles.numbering(link)
            target = raw.get(nid) if nid is not None else None
            if target is None or target == aid:
                return aid
            aid = target
        return aid

    # ------------------------------------------------------------------ paragraphs

    def label(self, style: str | None, num_id: str | None, ilvl: int | None) -> tuple[str, str] | None:
        """Count a paragraph and return (label, suffix) as Word displays them, or None if not numbered.

        ``style`` is the paragraph's ``w:pStyle`` (None: the default paragraph style), ``num_id`` and
        ``ilvl`` its direct ``w:numPr`` values (None where absent). Call once per paragraph, in
        document order: counting is a side effect. The suffix is ``"tab"``, ``"space"`` or ``"nothing"``.
        """
        if num_id is None or ilvl is None:
            snum, slvl = self.styles.numbering(style)
            if num_id is None:
                num_id = snum
                if ilvl is None:
                    ilvl = slvl
        if num_id is None or num_id == "0":
            return None
        definition = self.nums.get(num_id)
        if definition is None:
            self.unknown.add(num_id)
            return None
        if ilvl is None:
            chain = set(self.styles.chain(style))
            ilvl = next((i for i, lv in sorted(definition.levels.items()) if lv.style and lv.style in chain), 0)
        ilvl = max(0, min(8, ilvl))
        level = definition.levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(definition.key, {})
        if ilvl in definition.starts and (definition.num_id, ilvl) not in self.restarted:
            self.restarted.add((definition.num_id, ilvl))
            counters[ilvl] = definition.starts[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for deeper in [d for d in counters if d > ilvl]:
            restart = definition.levels.get(deeper).restart if definition.levels.get(deeper) else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt in ("bullet", "none") or level.text is None:
            return None

        def value(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lv = definition.levels.get(k)
            if lv is None:
                return ""
            n = counters.get(k, definition.starts.get(k, lv.start))
            if lv.fmt == "none":
                return ""
            fmt = "decimal" if level.legal and lv.fmt not in ("decimalZero",) else lv.fmt
            return format_number(n, fmt)

        return _PLACEHOLDER.sub(value, level.text), level.suffix


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None
