"""Chinese and full-width numerals, and the dates written with them."""

from __future__ import annotations

import re

_HAN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
               "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CIRCLED_FIRST = 0x2460  # ①
_PAREN_IDEOGRAPH_FIRST = 0x3220  # ㈠
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def to_ascii_digits(text: str) -> str:
    """Replace full-width digits by ASCII ones."""
    return text.translate(_FULL_WIDTH_DIGITS)


def han_to_int(text: str) -> int | None:
    """The value of a Chinese numeral below 万 (一 -> 1, 二十三 -> 23, 一百零五 -> 105), or None."""
    if not text:
        return None
    total = 0
    digit = None
    for char in text:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        elif char in _HAN_UNITS:
            total += (1 if digit is None else digit) * _HAN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def han_digits_to_int(text: str) -> int | None:
    """Digit-by-digit Chinese numerals, as in years (二〇一九 -> 2019), or None."""
    if not text or any(char not in _HAN_DIGITS for char in text):
        return None
    return int("".join(str(_HAN_DIGITS[char]) for char in text))


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
_HAN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


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
