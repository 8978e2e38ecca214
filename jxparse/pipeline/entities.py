"""Inline entities: money, percentages, fractions, quantities, dates, cited 文号 and titles, duties.

The recognition is the Lark grammar ``grammar/entities.lark`` (LALR, contextual lexer, total: every
string parses). This module builds that parser once and turns its flat token sequences into the
entity nodes of :mod:`jxparse.ast`.

Conventions (the contract leaves these to the project):

* **Lists sharing a unit.** ``500、1000、2000万元`` gives three amounts. Each entity's ``text`` is its
  own number; the unit (and a trailing bound such as 以上 or a ``/亩`` rate) is written only with the
  last one, so only the last entity's text holds it: ``500``, ``1000``, ``2000万元``. A leading bound
  or per prefix (``突破 500 万元、1000 万元``, ``每村 1000 万元、200 万元以内``) belongs to the text of
  the first entity only. The meaning is spread over the whole list: every item gets the unit of the
  next item that has one, and every item gets the list's bound and ``per``. Items are joined by 、
  和 及 或; commas end a list.
* **Ranges.** ``50-100万元`` / ``50～100万元`` / ``50至100万元`` / ``0.5%~3.0%`` are one entity with
  ``min`` and ``max`` and ``value`` None.
* **Bounds.** ``max`` for 最高不超过 不超过 不高于 不多于 不大于 不得超过 最高 最多 至多 and a trailing
  以内 之内 以下 及以下; ``min`` for 不低于 不少于 不小于 不得低于 突破 超过 最低 最少 至少 and a
  trailing 以上 及以上 ((含)以上 included). A leading bound wins over a trailing one.
* **Per.** ``每亩40元`` -> per 亩, ``200 元/亩`` -> 亩, ``20 万元/年·村`` -> 年·村, ``人均 500 元`` -> 人,
  ``每条精品线 1500 万元`` -> 精品线 (a leading measure word 个 条 位 名 is dropped),
  ``每村 5 万元/年`` -> 年·村 (the ``/`` part, then the 每 part). ``每年不超过 4000 万元`` is per 年 and
  bound max. A ``per`` exists only for money; a quantity written ``1件/千人口`` keeps it in its unit
  (``件/千人口``), and a 每 prefix of a quantity or percent is not part of its text.
* **Money units.** 元, 十元 百元 千元 万元 亿元 万亿元, optionally 元人民币. ``value`` is in yuan and ``unit`` is
  元. Foreign currencies written with 元 (美元 欧元 港元 日元) keep their currency in ``unit`` and the
  value in that currency (``1.5亿美元`` -> 150000000, unit 美元).
* **Han numerals** are read for money (五百万元), fractions and percents (三分之一, 百分之五十) and
  dates (二〇一二年一月九日). Han quantities (三年, 一次性) are idiom far too often and are not read.
* **Quantities** carry a known measure unit (亩 公顷 平方米 m² 吨 公斤 户 人 人次 个 家 笔 天 学时 次
  项 年 倍 …); 万/亿 before the unit multiply (``2.2 万户`` -> 22000 户). ``3.4 个百分点`` -> unit 百分点.
* **Years.** ``NNNN年`` with NNNN in 1800-2099 is always a date (year only, or with month, day,
  底/末 -> part end, 初 -> part start, 年度), never a quantity; other numbers before 年 are quantities
  (``5 年以上``). ``2019-2022年`` / ``2019~2021年`` / ``2019—2022 年``: year 2019, end_year 2022.
  A full date has only ``value`` (ISO); impossible months or days fall back to the coarser date.
* **doc_ref.** A bracketed year and serial after an agency: 嘉委发〔2018〕11号, any of 〔〕 [] ［］ ﹝﹞
  【】 (); 令 numbers (国令第707号, 省政府令 354 号) have year None. The agency is the run of Han
  characters before the bracket, without a leading 根据 按照 依据 参照 见 和 及 与.
* **Not entities:** bare numbers (heading markers, list numbers, phone numbers, 12345), 第24次,
  numbers inside a 文号 or inside a 《title》 or duty note, Arabic fractions (2/3).
"""

from __future__ import annotations

import calendar
import functools
import re
import sys
from collections.abc import Sequence
from decimal import Context, Decimal, InvalidOperation, localcontext

from lark import Token, Tree

from ..grammars import build_parser
from ..numbers import han_digits_to_int, han_to_int
from ..ast import (
    Amount,
    DateMention,
    DocNumber,
    DocRef,
    Duty,
    Entity,
    Fraction,
    Percent,
    Quantity,
    Span,
    TitleRef,
)

__all__ = ["find_entities", "find_entities_batch", "parse_doc_number"]


@functools.cache
def _parser():
    return build_parser("entities.lark", start=["start", "docnum"])


# ---------------------------------------------------------------------------- numbers

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_MAX_DIGITS = 30  # longer digit strings are not amounts
_DECIMAL_PRECISION = 64  # room for _MAX_DIGITS digits, a fraction and a 10^12 multiplier, exactly


def _exact(value: Decimal) -> Decimal:
    """Drop a meaningless exponent or trailing zeros: 25000.0 -> 25000, 65.30 -> 65.3."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _arabic(text: str) -> Decimal | None:
    digits = text.translate(_FULLWIDTH).replace(",", "")
    if len(digits) > _MAX_DIGITS:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _money_unit(token_text: str) -> tuple[int, str]:
    """万元 -> (10000, 元), 亿美元 -> (10**8, 美元), 元人民币 -> (1, 元)."""
    unit = token_text.replace(" ", "").replace("\u3000", "")
    if unit.endswith("人民币"):
        unit = unit[:-3]
    mult = 1
    if unit.startswith("万亿"):
        mult, unit = 10**12, unit[2:]
    elif unit[:1] in "万亿千百十" and len(unit) > 1:
        mult, unit = {"万": 10**4, "亿": 10**8, "千": 1000, "百": 100, "十": 10}[unit[0]], unit[1:]
    return mult, _word(unit)


def _word(text: str | None) -> str | None:
    """``text`` as the one string of its value in the process. Units and rates (元, 亩, 人·年) come from
    a small vocabulary but are cut out of each amount's text anew: a text of many amounts would hold a
    76-byte string for every 元 and every 亩 of its tree."""
    return sys.intern(text) if text else text


_BOUND_MAX = ("不超过", "不高于", "不多于", "不大于", "不得超过", "不得高于", "最高", "最多", "至多")
_BOUND_MIN = ("不低于", "不少于", "不小于", "不得低于", "不得少于", "突破", "超过", "达到", "最低", "最少", "至少")


def _bound_pre(word: str) -> str | None:
    # 最高不超过 -> max, 至少不低于 -> min: the core word decides
    for core in ("不超过", "不高于", "不多于", "不大于", "不得超过", "不得高于"):
        if core in word:
            return "max"
    for core in ("不低于", "不少于", "不小于", "不得低于", "不得少于"):
        if core in word:
            return "min"
    if word in _BOUND_MAX:
        return "max"
    if word in _BOUND_MIN:
        return "min"
    return None


def _bound_post(word: str) -> str | None:
    if word.endswith("以上"):
        return "min"
    if word.endswith(("以下", "以内", "之内")):
        return "max"
    return None


_WS = " \t\u3000\u00a0"


_APPROXIMATELY = re.compile(r"[ \t\u3000\u00a0]*(?:左右|上下|前后)")
_PER_GAP = re.compile(r"(?:[ \t\u3000\u00a0]*(?:分别|均|各|可|再|一次性|给予|予以|补助|补贴|奖励|奖补|资助|安排|发放|"
                      r"支付|按|为|享受))+[ \t\u3000\u00a0]*\Z")
_PER_NOTE = re.compile(r"[(\uff08][^()\uff08\uff09]*[)\uff09]")


def _per_pre(word: str) -> str:
    """每亩 -> 亩, 每村(社区) -> 村, 每个主体每次补助 -> 主体·次, 每年分别给予 -> 年, 人均 -> 人."""
    word = word.strip(_WS)
    if word == "人均":
        return "人"
    units = []
    for part in word.split("每")[1:]:
        per = _PER_GAP.sub("", part)  # words between the rate and its amount: 分别给予
        per = _PER_NOTE.sub("", per).strip(_WS)  # a bracketed note: 村(社区)
        if len(per) > 1 and per[0] in "个条位名" and not per.startswith(("个人", "名单")):
            per = per[1:]
        units.append(per)
    return _word("·".join(units))


_NUM_HEAD = re.compile(r"[0-9\uff10-\uff19]+(?:,[0-9]{3}(?![0-9]))*(?:[.\uff0e][0-9\uff10-\uff19]+)?")
_HAN_HEAD = re.compile(r"[零〇○一二两三四五六七八九十][零〇○一二两三四五六七八九十百千万亿]{0,11}(?=[ \t\u3000\u00a0]*(?:万亿|[万亿千百十])?[美欧港日]?元)")


_DROP_WS = dict.fromkeys(map(ord, _WS))


def _squeeze(text: str) -> str:
    return text.translate(_DROP_WS)


class _Term:
    """One number term of a num_chunk: its value, unit kind and unit text, and a /per rate."""

    __slots__ = ("tok", "value", "kind", "unit", "per_post", "start", "end", "decimal_point")

    def __init__(self, tok: Token):
        self.tok = tok
        self.start = tok.start_pos
        self.end = tok.end_pos
        raw = str(tok)
        kind = tok.type
        if kind == "HAN_AMT":
            m = _HAN_HEAD.match(raw)
            n = han_to_int(m.group()) if m else None
            self.value = Decimal(n) if n is not None else None
        else:
            m = _NUM_HEAD.match(raw)
            self.value = _arabic(m.group())
        self.decimal_point = "." in m.group() or "\uff0e" in m.group() if m else False
        rest = _squeeze(raw[m.end():]) if m else ""
        per = None
        if "/" in rest:
            rest, _, per = rest.partition("/")
        self.kind = "AMT" if kind == "HAN_AMT" else kind  # AMT, PCT_T, QTY or NUMBER
        self.unit = _word(rest) or None
        self.per_post = _word(per.replace("•", "·").replace("・", "·")) if per else None


def _chunk_entities(children: list[Token], text: str, out) -> None:
    if len(children) == 1 and children[0].type in ("AMT", "HAN_AMT", "PCT_T"):
        _lone_term_entity(_Term(children[0]), text, out)  # the common case, e.g. 1000万元 or 50%
        return
    pres: list[Token] = []
    items: list[list[_Term]] = [[]]  # list items; [term] or [term, term] (a range); longer is invalid
    bound_post: Token | None = None
    for tok in children:
        kind = tok.type
        if kind in ("BOUND_PRE", "PER_PRE"):
            pres.append(tok)
        elif kind == "LIST_SEP":
            items.append([])
        elif kind == "RANGE_SEP":
            pass
        elif kind == "BOUND_POST":
            bound_post = tok
        else:
            items[-1].append(_Term(tok))
    # an item's unit is that of its last term, or of the next item that has one
    resolved: list[tuple[list[_Term], _Term | None]] = []
    carrier: _Term | None = None
    for item in reversed(items):
        if item[-1].kind != "NUMBER":
            carrier = item[-1]
        resolved.append((item, carrier))
    resolved.reverse()

    if pres and _squeeze(str(pres[0])) == "达到" and _APPROXIMATELY.match(text, children[-1].end_pos):
        pres = pres[1:]  # 达到 70%左右: an estimate, not a floor; 达到 is then no part of the entity
    bound = None
    per_pre = None
    for tok in pres:
        if tok.type == "BOUND_PRE" and bound is None:
            bound = _bound_pre(_squeeze(str(tok)))
        elif tok.type == "PER_PRE":
            per_pre = _per_pre(str(tok))
    if bound is None and bound_post is not None:
        bound = _bound_post(str(bound_post))

    first_pre_start = pres[0].start_pos if pres else None
    bound_pre_start = next((t.start_pos for t in pres if t.type == "BOUND_PRE"), None)
    last = len(resolved) - 1
    for index, (item, carrier) in enumerate(resolved):
        if carrier is None or len(item) > 2:
            continue
        if any(t.value is None for t in item):
            continue
        # inside a range or list the unit kinds must agree (50%-3 万元 is no range)
        if any(t.kind not in ("NUMBER", carrier.kind) or (t.kind != "NUMBER" and t.unit != carrier.unit) for t in item):
            continue
        kind = carrier.kind
        start = item[0].start
        end = item[-1].end
        if index == last and bound_post is not None:
            end = bound_post.end_pos
        if index == 0 and pres:
            if kind == "AMT":
                start = first_pre_start
            elif bound_pre_start is not None:
                start = bound_pre_start
        values = [t.value for t in item]
        etext = text[start:end]
        span = (start, end)
        if kind == "AMT":
            mult, unit = _money_unit(carrier.unit)
            values = [_exact(v * mult) for v in values]
            per = carrier.per_post
            # a 每X before the list is the rate of the item it stands before, and of the items that
            # have no rate of their own (每亩40元、200 元/亩: the second keeps its /亩 alone)
            if per_pre and (index == 0 or not per):
                per = _word(f"{per}·{per_pre}") if per else per_pre
            if len(values) == 1:
                out.add(span, Amount, etext, value=values[0], unit=unit, per=per, bound=bound)
            else:
                out.add(span, Amount, etext, value=None, unit=unit, per=per, bound=bound, min=values[0], max=values[1])
        elif kind == "PCT_T":
            values = [_exact(v) for v in values]
            if len(values) == 1:
                out.add(span, Percent, etext, value=values[0], bound=bound)
            else:
                out.add(span, Percent, etext, min=values[0], max=values[1], bound=bound)
        else:  # QTY
            unit = carrier.unit
            mult = 1
            if unit[:1] in "万亿" and len(unit) > 1:
                mult, unit = (10**4 if unit[0] == "万" else 10**8), unit[1:]
            if unit == "个百分点":
                unit = "百分点"
            if carrier.per_post:
                unit = f"{unit}/{carrier.per_post}"
            unit = _word(unit)
            if unit == "年" and mult == 1 and all(
                not t.decimal_point and 1800 <= t.value <= 2099 for t in item
            ):
                # 2018、2019年: years, not quantities
                years = [int(v) for v in values]
                if len(years) == 1:
                    out.add(span, DateMention, etext, year=years[0])
                else:
                    out.add(span, DateMention, etext, year=years[0], end_year=years[1])
                continue
            values = [_exact(v * mult) for v in values]
            if len(values) == 1:
                out.add(span, Quantity, etext, value=values[0], unit=unit, bound=bound)
            else:
                out.add(span, Quantity, etext, value=None, unit=unit, min=values[0], max=values[1], bound=bound)


def _lone_term_entity(term: _Term, text: str, out) -> None:
    """The entity of a chunk that is one amount or percent alone: what the general path in
    _chunk_entities gives for it, without its list, range and bound bookkeeping."""
    if term.value is None:
        return
    span = (term.start, term.end)
    etext = text[term.start:term.end]
    if term.kind == "AMT":
        mult, unit = _money_unit(term.unit)
        out.add(span, Amount, etext, value=_exact(term.value * mult), unit=unit, per=term.per_post)
    else:
        out.add(span, Percent, etext, value=_exact(term.value))


def _int(text: str) -> int:
    return int(text.translate(_FULLWIDTH))


_D = r"[0-9\uff10-\uff19]"
_W = r"[ \t\u3000\u00a0]*"
_DATE_RE = re.compile(
    rf"(?P<y>{_D}{{4}}){_W}年(?:{_W}(?P<m>{_D}{{1,2}}){_W}月份?(?:{_W}(?P<d>{_D}{{1,2}}){_W}[日号])?)?{_W}(?P<p>.*)"
)
_RANGE_RE = re.compile(rf"(?P<y>{_D}{{4}}).*?(?P<e>{_D}{{4}}){_W}年")
_HAN_DATE_RE = re.compile(rf"(?P<y>\S{{4}}){_W}年(?:{_W}(?P<m>[十一二三四五六七八九]+){_W}月(?:{_W}(?P<d>[十一二三四五六七八九]+){_W}日)?)?(?P<p>.*)")
_PARTS = {"底": "end", "末": "end", "初": "start"}


def _date_entity(tok: Token, text: str, out) -> None:
    raw = str(tok)
    span = (tok.start_pos, tok.end_pos)
    if tok.type == "YEAR_RANGE":
        m = _RANGE_RE.match(raw)
        out.add(span, DateMention, raw, year=_int(m["y"]), end_year=_int(m["e"]))
        return
    if tok.type == "HAN_DATE":
        m = _HAN_DATE_RE.match(raw)
        year = han_digits_to_int(m["y"])
        month = han_to_int(m["m"]) if m["m"] else None
        day = han_to_int(m["d"]) if m["d"] else None
    else:
        m = _DATE_RE.match(raw)
        year = _int(m["y"])
        month = _int(m["m"]) if m["m"] else None
        day = _int(m["d"]) if m["d"] else None
    part = _PARTS.get(m["p"].strip(_WS))
    if month is not None and not 1 <= month <= 12:
        month = day = None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        day = None
    if day is not None:
        out.add(span, DateMention, raw, value=f"{year:04d}-{month:02d}-{day:02d}")
    else:
        out.add(span, DateMention, raw, year=year, month=month, part=part)


_AGENCY_TAIL = re.compile(r"[\u4e00-\u9fff]+\Z")  # \Z, not $: $ also matches before a final line break
_AGENCY_LEAD = ("根据", "按照", "依据", "依照", "参照", "参见", "详见", "见", "和", "及", "与", "或", "经")


def _doc_number(filler: Token, tail: Token, text: str) -> tuple[int, tuple[str, str, int | None, int]] | None:
    """Where a cited 文号 starts and its parts (text, agency, year, serial): the agency from the end
    of ``filler`` and year/serial from ``tail``; None if it is no 文号."""
    head = str(filler).rstrip(_WS)
    m = _AGENCY_TAIL.search(head)
    if not m:
        return None
    agency = m.group()
    for lead in _AGENCY_LEAD:
        if agency.startswith(lead) and len(agency) > len(lead) + 1:
            agency = agency[len(lead):]
            break
    start = filler.start_pos + len(head) - len(agency)
    tail_text = str(tail).translate(_FULLWIDTH)
    numbers = re.findall(r"[0-9]+", tail_text)
    if tail.type == "DOCNUM_TAIL":
        year, serial = int(numbers[0]), int(numbers[1])
    else:
        if not agency.endswith("令"):
            return None
        year, serial = None, int(numbers[0])
    return start, (text[start : tail.end_pos], agency, year, serial)


def _doc_ref(text: str, agency: str, year: int | None, serial: int, *, span: Span) -> DocRef:
    return DocRef(text, DocNumber(text, agency, year, serial, span=span), span=span)


def _duty(token: Token, *, span: Span) -> Duty | None:
    raw = str(token)
    inner = raw[1:-1]
    lead: list[str] = []
    cooperate: list[str] = []
    responsible: list[str] = []
    pending: list[str] = []
    depth = 0
    piece = []
    pieces: list[str] = []
    for ch in inner:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、,，;；":
            pieces.append("".join(piece))
            piece = []
        else:
            piece.append(ch)
    pieces.append("".join(piece))
    roles = (("牵头", lead), ("负责", responsible), ("配合", cooperate), ("参与", cooperate), ("协助", cooperate))
    for raw_piece in pieces:
        name = raw_piece.strip(_WS)
        target = None
        for word, bucket in roles:
            if name.endswith(word):
                name = name[: -len(word)].strip(_WS)
                target = bucket
                break
        if name:
            pending.append(name)
        if target is not None:
            target.extend(pending)
            pending = []
    if not (lead or cooperate or responsible):
        return None
    return Duty(raw, lead=tuple(lead), cooperate=tuple(cooperate), responsible=tuple(responsible), span=span)


# ---------------------------------------------------------------------------- entry points

# Cheap pre-filter: a sentence without any of these cannot hold an entity. Every entity holds a digit or
# a 《, or one of 分之 牵头 负责 配合 参与 协助, or a Han amount (五百万元) or a Han year (二〇一二年).
# The pattern starts with one character class so that Python's regex engine scans for that class at
# C speed instead of trying every alternative at every position; the look-behinds then say which
# alternative the character begins.
_CANDIDATE = re.compile(
    r"[0-9\uff10-\uff19《分牵负配参协零〇○一二两三四五六七八九十百千万亿]"
    r"(?:(?<=[0-9\uff10-\uff19《])|(?<=分)之|(?<=牵)头|(?<=负)责|(?<=配)合|(?<=参)与|(?<=协)助"
    r"|(?<=[零〇○一二两三四五六七八九十百千万亿])[ \t\u3000\u00a0]*[万亿千百十]?[美欧港日]?元"
    r"|(?<=[零〇○一二三四五六七八九])[零〇○一二三四五六七八九]{3}[ \t\u3000\u00a0]*年"
    r"|(?<=[一二])[零〇○一二三四五六七八九0\uff10O\uff2f]{3}[ \t\u3000\u00a0]*年)"
)


# Entities never cross the end of a sentence, and most sentences of a 公文 hold no candidate at all:
# only the sentences that hold one go through the grammar. Lark's cost is a fixed part per parse()
# call and a part per token, so all those sentences of a batch of texts (a whole body) are joined
# with line breaks and parsed in one call. That is safe because no terminal but FILLER can cross a
# line break and no agency of a cited 文号 reaches across one (see grammar/entities.lark); a test
# checks the batched result against texts parsed one by one.
_SENTENCE_MARKS = "。！？!?"
_SENTENCE_MARK = re.compile("[。！？!?]")
_PIECE_SEPARATOR = "\n"


def _candidate_sentences(text: str):
    """(start, end) of each sentence of ``text`` that holds a candidate; a sentence runs up to and
    including its 。！？!? mark."""
    cursor = 0
    while True:
        candidate = _CANDIDATE.search(text, cursor)
        if candidate is None:
            return
        at = candidate.start()
        start = max(text.rfind(mark, cursor, at) for mark in _SENTENCE_MARKS) + 1
        start = max(start, cursor)
        mark = _SENTENCE_MARK.search(text, at)
        end = mark.end() if mark else len(text)
        if end - start > _LONGEST_SENTENCE:
            yield from _clauses(text, start, end)
        else:
            yield start, end
        cursor = end


# A "sentence" longer than this (a list of thousands of amounts joined by ，, a table flattened into
# one line) is parsed in runs of clauses instead: one parse holds a tree of all it read until it
# ends, a few KB per amount. It is cut only at a ， or ； outside every bracket, where no entity can
# run across: no terminal of entities.lark but FILLER holds a ， or ；, and those inside brackets
# (a duty note, a 《title》) are never cut.
_LONGEST_SENTENCE = 4096
_CLAUSE_CUT = re.compile(r"[，；《》（）()【】〔〕\[\]]")
_OPENERS = frozenset("《（(【〔[")
_CLOSERS = frozenset("》）)】〕]")


def _clauses(text: str, start: int, end: int):
    """(start, end) of runs of whole clauses of the sentence ``text[start:end]``, each up to
    :data:`_LONGEST_SENTENCE` characters where the cuts allow, those without a candidate left out."""
    depth = 0
    piece_start = start
    last_cut = None
    for match in _CLAUSE_CUT.finditer(text, start, end):
        char = match.group()
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            cut = match.end()
            if cut - piece_start > _LONGEST_SENTENCE and last_cut is not None:
                if _CANDIDATE.search(text, piece_start, last_cut):
                    yield piece_start, last_cut
                piece_start = last_cut
            last_cut = cut
    if _CANDIDATE.search(text, piece_start, end):
        yield piece_start, end


def _parse_joined(text: str) -> list[tuple[tuple[int, int], Entity]]:
    """The entities of ``text`` with their (start, end) offsets, spans in ``text``, in text order.
    May raise on a grammar bug. (The tests' reference for the batched parse.)"""
    found = _Found()
    _parse_into(text, found)
    return found.entities


class _Found:
    """Collects entities with their offsets, each made with its span in the parsed text."""

    def __init__(self):
        self.entities: list[tuple[tuple[int, int], Entity]] = []

    def add(self, offsets: tuple[int, int], make, *args, **kwargs) -> None:
        entity = make(*args, span=Span(*offsets), **kwargs)
        if entity is not None:
            self.entities.append((offsets, entity))


def _parse_into(text: str, out) -> None:
    """Give ``out`` (a :class:`_Sink` or :class:`_Found`) the entities of ``text`` in text order,
    with their (start, end) offsets in ``text``. May raise on a grammar bug."""
    tree = _parser().parse(text, start="start")
    for child in tree.children:
        if type(child) is Tree:
            data = child.data
            if data == "num_chunk":
                _chunk_entities(child.children, text, out)
            elif data == "doc_ref":
                filler, tail = child.children
                found = _doc_number(filler, tail, text)
                if found is not None:
                    start, parts = found
                    out.add((start, tail.end_pos), _doc_ref, *parts)
            continue
        kind = child.type
        if kind == "FILLER" or kind == "NUMBER" or kind == "ORDINAL":
            continue
        if kind in ("DATE", "YEAR_RANGE", "HAN_DATE"):
            _date_entity(child, text, out)
        elif kind == "TITLE_REF":
            out.add((child.start_pos, child.end_pos), TitleRef, str(child), str(child)[1:-1])
        elif kind == "DUTY":
            out.add((child.start_pos, child.end_pos), _duty, child)
        elif kind == "FRACTION":
            out.add((child.start_pos, child.end_pos), _fraction, str(child))


def _fraction(raw: str, *, span: Span) -> Entity | None:
    den_text, num_text = raw.split("分之", 1)
    if den_text == "百":
        if "点" in num_text:
            whole, _, frac = num_text.partition("点")
            w = han_to_int(whole) if whole else 0
            digits = han_digits_to_int("一" + frac) if frac else None  # a leading 一 keeps leading zeros
            if w is None or digits is None:
                return None
            value = Decimal(f"{w}.{str(digits)[1:]}")
        else:
            w = han_to_int(num_text)
            if w is None:
                return None
            value = Decimal(w)
        return Percent(raw, value=_exact(value), span=span)
    if "点" in num_text:
        return None
    num, den = han_to_int(num_text), han_to_int(den_text)
    if num is None or not den:
        return None
    return Fraction(raw, numerator=num, denominator=den, span=span)


def find_entities(text: str, positions: Sequence[int] | None = None) -> tuple[Entity, ...]:
    """The entities of a paragraph, heading or title text, in text order, never overlapping.

    ``positions``, when given, holds ``len(text) + 1`` source offsets (``positions[i]`` is where
    ``text[i]`` stood in the source, so page breaks removed from ``text`` can make it jump); spans
    are then ``Span(positions[start], positions[end - 1] + 1)``. Without it, spans are offsets into
    ``text``. Entity texts are always slices of ``text``. Never raises for any string; a malformed
    ``positions`` (wrong length) raises ValueError.
    """
    return find_entities_batch([(text, positions)])[0]


def find_entities_batch(requests: Sequence[tuple[str, Sequence[int] | None]]) -> list[tuple[Entity, ...]]:
    """:func:`find_entities` for many ``(text, positions)`` pairs at once, with one grammar parse.

    Gives the same entities as one call per text, at a fraction of the cost when the texts are many
    and short (the paragraphs and headings of a body).
    """
    piece_starts: list[int] = []  # where each candidate sentence starts in the joined text
    piece_owners: list[tuple[int, int]] = []  # (request index, offset of the sentence in its text)
    chunks: list[str] = []
    cursor = 0
    for index, (text, positions) in enumerate(requests):
        if positions is not None and len(positions) < len(text):
            raise ValueError(f"positions has {len(positions)} entries for a text of {len(text)} characters")
        for start, end in _candidate_sentences(text):
            piece_starts.append(cursor)
            piece_owners.append((index, start))
            chunks.append(text[start:end])
            cursor += end - start + len(_PIECE_SEPARATOR)
    sink = _Sink(requests, piece_starts, piece_owners)
    for first, last in _groups(chunks):
        sink.begin(first, last)
        try:
            # Values are exact: 30 digits times 10^12 (万亿) must not be rounded by the default 28-digit context.
            with localcontext(Context(prec=_DECIMAL_PRECISION)):
                _parse_into(_PIECE_SEPARATOR.join(chunks[first:last]), sink)
        except Exception:  # pragma: no cover - the grammar is total; this is the last line of defence
            sink.drop()
            continue
        sink.commit()
    return [tuple(entities) for entities in sink.results]


class _Sink:
    """Where the grammar's entities go while one group of joined sentences is parsed.

    Each entity is made once, complete: :meth:`add` maps its offsets in the joined text back to the
    request (paragraph, heading, title) it came from and to its span in the source, then calls the
    entity's constructor with that span. A group's entities are kept apart until the group parsed
    without error, so a grammar bug loses one group, never half of one.
    """

    def __init__(self, requests, piece_starts: list[int], piece_owners: list[tuple[int, int]]):
        self.requests = requests
        self.piece_starts = piece_starts
        self.piece_owners = piece_owners
        self.results: list[list[Entity]] = [[] for _ in requests]
        self.group: list[tuple[int, Entity]] = []

    def begin(self, first: int, last: int) -> None:
        """Start the group of sentences ``first`` to ``last`` (exclusive), joined in one text."""
        self.base, self.piece, self.last, self.group = self.piece_starts[first], first, last, []

    def add(self, offsets: tuple[int, int], make, *args, **kwargs) -> None:
        """Make the entity at ``offsets`` of the joined text: ``make(*args, span=…, **kwargs)``; a
        ``make`` that returns None (no entity after all) adds nothing. Calls come in text order."""
        start, end = offsets[0] + self.base, offsets[1] + self.base
        piece_starts = self.piece_starts
        while self.piece + 1 < self.last and piece_starts[self.piece + 1] <= start:
            self.piece += 1
        index, offset = self.piece_owners[self.piece]
        shift = offset - piece_starts[self.piece]
        start, end = start + shift, end + shift
        positions = self.requests[index][1]
        span = Span(start, end) if positions is None else Span(positions[start], positions[end - 1] + 1)
        entity = make(*args, span=span, **kwargs)
        if entity is not None:
            self.group.append((index, entity))

    def commit(self) -> None:
        for index, entity in self.group:
            self.results[index].append(entity)
        self.group = []

    def drop(self) -> None:
        self.group = []


# The most characters of candidate sentences parsed in one call: the parse keeps a tree of all it
# read until it ends, so a body of thousands of amounts parsed in one call held a few KB per amount
# at once; groups of this size keep the per-call cost (some 30 µs) negligible all the same.
_GROUP_CHARS = 1 << 16


def _groups(chunks: list[str]):
    """(first, last) index ranges of ``chunks`` joined into one parse each: whole sentences, each
    group up to _GROUP_CHARS characters (a longer sentence is a group of its own)."""
    first, size = 0, 0
    for index, chunk in enumerate(chunks):
        if size and size + len(chunk) > _GROUP_CHARS:
            yield first, index
            first, size = index, 0
        size += len(chunk) + len(_PIECE_SEPARATOR)
    if first < len(chunks):
        yield first, len(chunks)


def parse_doc_number(text: str, *, find_in: str | None = None, find_from: int = 0) -> DocNumber | None:
    """Split a whole 文号 such as ``嘉政发〔2019〕15 号`` or ``(国办发﹝2019﹞6号)`` into its parts.

    Any bracket variant, spaces anywhere, optionally wrapped in ( ) or （ ）; ``国令第707号`` gives
    year None. ``text`` of the result is the 文号 without the wrapping brackets and without outer
    spaces. Returns None when the string is not exactly one 文号.

    ``span`` is None, unless ``find_in`` (the source text) is given: then it is where the 文号's text
    first stands in ``find_in`` at or after ``find_from`` (None if it does not).
    """
    parts = _doc_number_parts(text)
    if parts is None:
        return None
    span = None
    if find_in is not None:
        at = find_in.find(parts[0], find_from)
        span = Span(at, at + len(parts[0])) if at >= 0 else None
    return DocNumber(*parts, span=span)


def _doc_number_parts(text: str) -> tuple[str, str, int | None, int] | None:
    """(text, agency, year, serial) of a whole 文号 (see :func:`parse_doc_number`), or None."""
    text = text.strip(_WS + "\r\n")
    try:
        tree = _parser().parse(text, start="docnum")
    except Exception:
        return None
    tokens = [t for t in tree.children if isinstance(t, Token)]
    filler = next(t for t in tokens if t.type == "FILLER")
    tail = next(t for t in tokens if t.type in ("DOCNUM_TAIL", "LING_TAIL"))
    raw = str(filler)
    head = raw.lstrip(_WS + "(\uff08").lstrip(_WS)
    if tokens[-1].type == "CLOSE" and len(head) == len(raw):
        return None  # a closing bracket without an opening one
    head = head.rstrip(_WS)
    if not head or not _AGENCY_TAIL.fullmatch(head):
        return None
    numbers = re.findall(r"[0-9]+", str(tail).translate(_FULLWIDTH))
    start = filler.start_pos + (len(raw) - len(raw.lstrip(_WS + "(\uff08").lstrip(_WS)))
    number_text = text[start : tail.end_pos]
    if tail.type == "DOCNUM_TAIL":
        return number_text, head, int(numbers[0]), int(numbers[1])
    if not head.endswith("令"):
        return None
    return number_text, head, None, int(numbers[0])
