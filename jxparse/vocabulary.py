"""The grammars' named terminals as regex patterns, and the generator of the terminals Lark cannot compose.

``grammar/zh_common.lark`` names the vocabulary of Chinese official text once (blanks, digits, the
pieces of a 文号); ``bulletin.lark`` and ``entities.lark`` compose their terminals from it with
``%import``. Two things are beyond Lark's composition, and this module does them from the same
named terminals:

* **Generated terminals.** Lark splices a terminal into another one only as a sequence, an
  alternative or a repetition, never into a lookahead. A terminal that must look ahead for other
  terminals (``FILLER`` stops where any of nine item-start terminals would match; ``BOUND_PRE``
  only before a number) is written in the grammar file as a template in a ``//=`` comment, the
  generated line right below it::

      //= BOUND_PRE.33: ${BOUND_WORD}${ZH_WS}*(?=${NUM_START})
      BOUND_PRE.33: /…the template with each name replaced by its pattern…/

  ``${NAME}`` is NAME's pattern as Lark compiles it, ``${NAME:class}`` the inside of NAME's
  character class (for ``[^${DIGIT:class}]``). :func:`generate` renders every template;
  ``python -m jxparse.vocabulary --write`` rewrites the generated lines, and
  ``tests/test_vocabulary.py`` fails while a committed line differs from its template.
* **Python regexes.** Code that recognises a 文号 outside the grammars composes it with
  :func:`docnum` / :func:`docnum_tail` from the constants below, which are zh_common.lark's named
  terminals as Lark compiles them, GENERATED into this file (so importing jxparse loads no grammar).
  The shape (bracketed year, optional 第, serial, 号, blanks between) is written once, in
  :func:`docnum_tail`; its readings differ in the blank class, the serial's width and the brackets,
  and each caller says which it uses. ``tests/test_vocabulary.py`` checks that the grammars' 文号
  terminals compile to the same regex program as the matching call.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from .grammars import grammar_path

__all__ = [
    "ZH_WS", "ZH_BLANK", "DIGIT", "LPAREN", "RPAREN", "DOCNUM_OPEN", "DOCNUM_CLOSE", "DOCNUM_SQUARE_OPEN",
    "DOCNUM_SQUARE_CLOSE", "DOCNUM_AGENCY", "DOCNUM_YEAR", "DOCNUM_SIGN",
    "docnum", "docnum_tail", "docnum_year", "docnum_serial",
    "pattern", "terminal_patterns", "generate", "generate_python", "GRAMMARS",
]

# ---- generated from grammar/zh_common.lark by `python -m jxparse.vocabulary --write`; do not edit
ZH_WS = '[ \t\u3000\xa0]'
ZH_BLANK = '[ \t\u3000]'
DIGIT = '[0-9０-９]'
LPAREN = '[(（]'
RPAREN = '[)）]'
DOCNUM_OPEN = '[〔\\[［﹝【(（]'
DOCNUM_CLOSE = '[〕\\]］﹞】)）]'
DOCNUM_SQUARE_OPEN = '[〔\\[［﹝【]'
DOCNUM_SQUARE_CLOSE = '[〕\\]］﹞】]'
DOCNUM_AGENCY = '[\u3400-\u9fffA-Za-z]{1,20}'
DOCNUM_YEAR = '(?:[0-9０-９]){4}'
DOCNUM_SIGN = '号'
# ---- end of generated

#: The zh_common.lark terminals written into this file as Python constants.
PYTHON_CONSTANTS = ("ZH_WS", "ZH_BLANK", "DIGIT", "LPAREN", "RPAREN", "DOCNUM_OPEN", "DOCNUM_CLOSE",
                    "DOCNUM_SQUARE_OPEN", "DOCNUM_SQUARE_CLOSE", "DOCNUM_AGENCY", "DOCNUM_YEAR", "DOCNUM_SIGN")
_GENERATED_START = "# ---- generated from grammar/zh_common.lark"
_GENERATED_END = "# ---- end of generated"


def docnum_year(blank: str, *, opening: str | None = None, closing: str | None = None,
                group: str | None = None) -> str:
    """〔2019〕: a 文号's year in its brackets, ``blank`` allowed inside; ``group`` names the year's digits."""
    year = DOCNUM_YEAR if group is None else f"(?P<{group}>{DOCNUM_YEAR})"
    return f"{opening or DOCNUM_OPEN}{blank}*{year}{blank}*{closing or DOCNUM_CLOSE}"


def docnum_serial(blank: str, *, digits: int = 5, group: str | None = None) -> str:
    """15号: a 文号's serial of 1 to ``digits`` digits and 号; ``group`` names the digits."""
    serial = f"{DIGIT}{{1,{digits}}}"
    if group is not None:
        serial = f"(?P<{group}>{serial})"
    return f"{serial}{blank}*{DOCNUM_SIGN}"


def docnum_tail(blank: str, *, ordinal: str = "第?", digits: int = 5, opening: str | None = None,
                closing: str | None = None) -> str:
    """〔2019〕15号, 〔2001〕第 1 号: the shape of a 文号 after its agency code, the one definition of it.

    ``blank`` is the blank class allowed between the parts (:data:`ZH_WS`, or :data:`ZH_BLANK`
    without U+00A0), ``ordinal`` what may stand before the serial (``"第?"``, ``"第"`` or ``""``),
    ``digits`` the serial's greatest width, ``opening``/``closing`` the year brackets (all of
    :data:`DOCNUM_OPEN` / :data:`DOCNUM_CLOSE` by default).
    """
    middle = f"{blank}*{ordinal}{blank}*" if ordinal else f"{blank}*"
    return (docnum_year(blank, opening=opening, closing=closing) + middle
            + docnum_serial(blank, digits=digits))


def docnum(blank: str, **options) -> str:
    """嘉政发〔2019〕15号: an agency code, blanks, then :func:`docnum_tail` (same options)."""
    return f"{DOCNUM_AGENCY}{blank}*{docnum_tail(blank, **options)}"

#: The grammar files that hold generated terminals (``//=`` templates).
GRAMMARS = ("bulletin.lark", "entities.lark")

# A template line and the terminal line it generates: "//= NAME.PRIORITY: template".
_TEMPLATE = re.compile(r"^//= (?P<head>[A-Z_][A-Z0-9_]*(?:\.-?\d+)?): (?P<template>.+)$")
# Characters that stand for themselves but read as nothing in particular: the ends of the CJK ranges.
_ESCAPED = frozenset("\u3400\u4dbf\u4e00\u9fff")
_REFERENCE = re.compile(r"\$\{(?P<name>[A-Z_][A-Z0-9_]*)(?P<class>:class)?\}")


@functools.lru_cache(maxsize=None)
def terminal_patterns(name: str) -> dict[str, str]:
    """Every terminal of grammar file ``name`` (imported ones included) by name, as the regex Lark compiles.

    The terminals of ``//=`` lines are left out: they are what :func:`generate` makes.
    """
    from lark.load_grammar import load_grammar

    path = grammar_path(name)
    text = path.read_text(encoding="utf-8")
    generated = _generated_names(text)
    # Load with the generated lines blanked out, so that a stale or missing line cannot change the result.
    text = "\n".join(f'{line.split(":", 1)[0]}: "\\x00{index}"' if _is_generated_line(line, generated) else line
                     for index, line in enumerate(text.split("\n")))
    if not re.search(r"^\??start\s*:", text, re.M):
        text += "\nstart: " + " | ".join(_terminal_names(text))  # a vocabulary file has no rules of its own
    grammar, _ = load_grammar(text, str(path), [], False)
    terminals, _, _ = grammar.compile(["start"], "*")
    return {terminal.name: terminal.pattern.to_regexp() for terminal in terminals
            if terminal.name not in generated}


def pattern(name: str, grammar: str = "zh_common.lark") -> str:
    """The regex of terminal ``name`` of ``grammar``, for ``re.compile`` (wrap it in a group to quantify it)."""
    patterns = terminal_patterns(grammar)
    if name not in patterns:
        raise KeyError(f"{grammar} has no terminal {name!r}")
    return patterns[name]


def generate(name: str, text: str | None = None) -> str:
    """Grammar file ``name`` (or ``text`` given as its content) with every generated line rendered from
    the template above it. The named terminals are read from the file itself."""
    if text is None:
        text = grammar_path(name).read_text(encoding="utf-8")
    patterns = terminal_patterns(name)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _TEMPLATE.match(line)
        if match is None:
            continue
        head = match["head"]
        if index + 1 >= len(lines) or not lines[index + 1].startswith(head + ":"):
            raise ValueError(f"{name}:{index + 2}: the line after the template of {head} must be `{head}: …`")
        lines[index + 1] = f"{head}: /{_lark_literal(_render(match['template'], patterns, name, index + 1))}/"
    return "\n".join(lines)


def _render(template: str, patterns: dict[str, str], grammar: str, line: int) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in patterns:
            raise ValueError(f"{grammar}:{line}: ${{{name}}} names no terminal (generated ones cannot be used)")
        regex = patterns[name]
        if match["class"]:
            if not _is_class(regex) or regex.startswith("[^"):
                raise ValueError(f"{grammar}:{line}: {name} is no single character class: {regex}")
            return regex[1:-1]
        # A character class or a non-capturing group is one unit already; anything else is wrapped,
        # which changes nothing in the program Python's re compiles from it.
        if _is_class(regex) or (regex.startswith("(?:") and _closing(regex, 0) == len(regex) - 1):
            return regex
        return f"(?:{regex})"

    return _REFERENCE.sub(substitute, template)


def _is_class(regex: str) -> bool:
    """True when ``regex`` is one character class, ``[...]``."""
    if not regex.startswith("["):
        return False
    index = 2 if regex.startswith("[^") else 1
    if regex[index:index + 1] == "]":
        index += 1
    while index < len(regex):
        if regex[index] == "\\":
            index += 2
            continue
        if regex[index] == "]":
            return index == len(regex) - 1
        index += 1
    return False


def _closing(regex: str, start: int) -> int:
    """The index of the parenthesis closing the group opened at ``start`` (-1 if none)."""
    depth, index, in_class = 0, start, False
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if regex[index + 1:index + 2] == "]":
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _lark_literal(regex: str) -> str:
    """``regex`` as the body of a Lark /…/ literal: the slash escaped, blanks and controls as escapes."""
    out = []
    for index, char in enumerate(regex):
        if char == "/" and (index == 0 or regex[index - 1] != "\\"):
            out.append("\\/")
        elif char in "\t\n\r\f\v":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\v": "\\v"}[char])
        elif (char != " " and unicodedata.category(char)[0] in "ZC") or char in _ESCAPED:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def _python_literal(regex: str) -> str:
    """``regex`` as a Python string literal, the CJK range ends as escapes."""
    return "".join(f"\\u{ord(char):04x}" if char in _ESCAPED else char for char in repr(regex))


def _generated_names(text: str) -> set[str]:
    return {match["head"].split(".")[0] for match in map(_TEMPLATE.match, text.split("\n")) if match}


def _is_generated_line(line: str, generated: set[str]) -> bool:
    head = re.match(r"^([A-Z_][A-Z0-9_]*)(?:\.-?\d+)?:", line)
    return head is not None and head.group(1) in generated


def _terminal_names(text: str) -> list[str]:
    return re.findall(r"^([A-Z_][A-Z0-9_]*)(?:\.-?\d+)?\s*:", text, re.M)


def generate_python(text: str) -> str:
    """``text`` (this module's source) with its block of constants rendered from zh_common.lark."""
    start, end = text.index(_GENERATED_START), text.index(_GENERATED_END)
    start = text.index("\n", start) + 1
    patterns = terminal_patterns("zh_common.lark")
    block = "".join(f"{name} = {_python_literal(patterns[name])}\n" for name in PYTHON_CONSTANTS)
    return text[:start] + block + text[end:]


def main(argv: list[str] | None = None) -> int:
    """Check (default) or, with ``--write``, rewrite the generated terminals and constants."""
    from pathlib import Path

    argv = sys.argv[1:] if argv is None else argv
    write = "--write" in argv
    stale = []
    targets = [(grammar_path(name), functools.partial(generate, name)) for name in GRAMMARS]
    module = Path(__file__)
    targets.append((module, lambda: generate_python(module.read_text(encoding="utf-8"))))
    for path, make in targets:
        text = make()
        if text != path.read_text(encoding="utf-8"):
            if write:
                path.write_text(text, encoding="utf-8")
                print(f"rewrote the generated part of {path}")
            else:
                stale.append(str(path))
    for path in stale:
        print(f"{path}: generated part differs from what it is generated from; run: python -m jxparse.vocabulary --write",
              file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
