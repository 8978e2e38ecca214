"""Chinese and full-width numerals, and the dates written with them."""

from __future__ import annotations

import re

_HAN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
               "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_SMALL = {"十": 10, "百": 100, "千": 1000}
_HAN_BIG = {"万": 10_000, "亿": 100_000_000}
_CIRCLED_FIRST = 0x2460  # ①
_PAREN_IDEOGRAPH_FIRST = 0x3220  # ㈠
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def to_ascii_digits(text: str) -> str:
    """Replace full-width digits by ASCII ones."""
    return text.translate(_FULL_WIDTH_DIGITS)


def han_to_int(text: str) -> int | None:
    """The value of a Chinese numeral: 二十三 -> 23, 一百零五 -> 105, 五百万 -> 5000000, and digit by
    digit where there is no 十百千万亿 (二〇一二 -> 2012); None for what is no numeral (一二十)."""
    if not text:
        return None
    if all(ch in _HAN_DIGIT for ch in text):
        if len(text) == 1:
            return _HAN_DIGIT[text]
        return None if text[0] in "零〇○" and len(text) > 1 else int("".join(str(_HAN_DIGIT[c]) for c in text))
    total = 0  # finished 亿 / 万 groups
    section = 0  # below the current 万
    digit = None
    last_big = None
    for ch in text:
        if ch in _HAN_DIGIT:
            if digit is not None and _HAN_DIGIT[ch] != 0 and digit != 0:
                return None  # two digits in a row (一二十)
            digit = _HAN_DIGIT[ch]
        elif ch in _HAN_SMALL:
            section += (1 if digit is None else digit) * _HAN_SMALL[ch]
            digit = None
        elif ch in _HAN_BIG:
            big = _HAN_BIG[ch]
            if last_big is not None and big >= last_big:
                # 万亿: the whole so far scales
                total = (total + section + (digit or 0)) * big
            else:
                total += (section + (digit or 0)) * big
            section, digit, last_big = 0, None, big
        else:
            return None
    return total + section + (digit or 0)


_YEAR_ZEROS = str.maketrans("0０OＯ", "〇〇〇〇")


def han_digits_to_int(text: str) -> int | None:
    """Digit-by-digit Chinese numerals, as in years (二〇一九 -> 2019), or None.

    A zero typed as the digit 0 or the letter O (二0二0, 二O二O: common in sign-offs) is read as 〇.
    """
    text = text.translate(_YEAR_ZEROS) if text else text
    if not text or any(char not in _HAN_DIGIT for char in text):
        return None
    return int("".join(str(_HAN_DIGIT[char]) for char in text))


def parse_marker_number(marker: str) -> int | None:
    """The number of a heading marker: 一、 -> 1, (十二) -> 12, ㈢ -> 3, ② -> 2, 第十条 -> 10, 3. -> 3."""
    if len(marker) == 1:
        code = ord(marker)
        if _CIRCLED_FIRST <= code < _CIRCLED_FIRST + 20:
            return code - _CIRCLED_FIRST + 1
        if _PAREN_IDEOGRAPH_FIRST <= code < _PAREN_IDEOGRAPH_FIRST + 10:
            return code - _PAREN_IDEOGRAPH_FIRST + 1
    core = marker.strip("()（）、.．第编章节条 \u3000")
    core = to_ascii_digits(core)
    if core.isdigit():
        return int(core)
    return han_to_int(core)


_ARABIC_DATE = re.compile(r"([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日")
_HAN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4}|[一二][〇○零一二三四五六七八九0０OＯ]{3})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
FULL_DATE = f"(?:{_ARABIC_DATE.pattern}|{_HAN_DATE.pattern})"
"""A full date (Arabic or 汉字) as :func:`parse_date` reads it, as a pattern to compose others from."""


def parse_date(text: str) -> str | None:
    """ISO ``YYYY-MM-DD`` for a date written in Arabic or Chinese numerals, or None if invalid."""
    match = _ARABIC_DATE.search(text)
    if match:
        year, month, day = (int(to_ascii_digits(group)) for group in match.groups())
    else:
        match = _HAN_DATE.search(text)
        if not match:
            return None
        year = han_digits_to_int(match.group(1))
        month = han_to_int(match.group(2))
        day = han_to_int(match.group(3))
        if year is None or month is None or day is None:
            return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


__all__ = [
    "to_ascii_digits", "han_to_int", "han_digits_to_int", "parse_marker_number", "parse_date",
]
