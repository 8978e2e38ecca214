"""The grammars' vocabulary: named once in zh_common.lark, composed, and generated where Lark cannot compose.

Generated text (the ``//=`` terminals of the grammars, the constants of jxparse/vocabulary.py) must be
what its template gives; the 文号 shape of Python code must compile to the same regex program as the
grammars' 文号 terminals; and the vocabulary's classes must not be written out again elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jxparse import vocabulary
from jxparse.grammars import grammar_path
from jxparse.vocabulary import (DOCNUM_CLOSE, DOCNUM_OPEN, DOCNUM_SQUARE_CLOSE, DOCNUM_SQUARE_OPEN, LPAREN, RPAREN,
                                ZH_BLANK, ZH_WS, docnum, docnum_serial, docnum_tail, docnum_year, pattern)

_REGENERATE = "python -m jxparse.vocabulary --write"


def _program(regex: str) -> list[int]:
    """The program Python's re compiles ``regex`` to: equal programs match alike, at the same cost."""
    return re._compiler._code(re._parser.parse(regex, 0), 0)


@pytest.mark.parametrize("name", vocabulary.GRAMMARS)
def test_generated_terminals_are_their_templates(name):
    committed = grammar_path(name).read_text(encoding="utf-8")
    assert vocabulary.generate(name) == committed, (
        f"grammar/{name}: a generated terminal differs from its `//=` template; run: {_REGENERATE}")


def test_python_constants_are_zh_common_terminals():
    source = Path(vocabulary.__file__).read_text(encoding="utf-8")
    assert vocabulary.generate_python(source) == source, (
        f"jxparse/vocabulary.py: the constants differ from grammar/zh_common.lark; run: {_REGENERATE}")
    for name in vocabulary.PYTHON_CONSTANTS:
        assert getattr(vocabulary, name) == pattern(name)


def test_a_hand_edit_of_a_generated_terminal_is_found():
    committed = grammar_path("entities.lark").read_text(encoding="utf-8")
    filler = re.search(r"^FILLER\.10: .*$", committed, re.M).group()
    edited = committed.replace(filler, filler.replace("人每第", "每第"))  # FILLER would no longer stop at 人
    assert edited != committed
    assert vocabulary.generate("entities.lark", edited) == committed
    # The templates are used, not the generated lines: a broken generated line does not matter either.
    broken = re.sub(r"^(BOUND_PRE\.33): /.*/$", r"\1: /x/", committed, flags=re.M)
    assert vocabulary.generate("entities.lark", broken) == committed


def test_a_template_must_name_terminals():
    with pytest.raises(ValueError, match="NO_SUCH"):
        vocabulary.generate("entities.lark", "//= X.1: ${NO_SUCH}a\nX.1: /a/\n")
    with pytest.raises(ValueError, match="must be `X.1: …`"):
        vocabulary.generate("entities.lark", "//= X.1: a\nY: /a/\n")


def test_the_python_docnum_shape_is_the_grammars():
    """One shape: the grammars' 文号 terminals are what docnum()/docnum_tail() give for their readings."""
    assert _program(docnum(ZH_BLANK, ordinal="")) == _program(pattern("DOCNUM_PLAIN", "bulletin.lark"))
    assert _program(docnum_year(ZH_BLANK)) == _program(pattern("DOCNUM_YEAR_PART", "bulletin.lark"))
    assert _program(docnum_serial(ZH_BLANK)) == _program(pattern("DOCNUM_SERIAL", "bulletin.lark"))
    assert _program(docnum_tail(ZH_WS, digits=6)) == _program(pattern("DOCNUM_TAIL", "entities.lark"))


@pytest.mark.parametrize("text", ["嘉政发〔2019〕15号", "嘉政办发[2019]31 号", "国办发﹝2019﹞6号", "浙政发【2019】12号",
                                  "国办发（2019）6号", "银发〔2021〕第 259 号", "嘉政发 〔 ２０１９ 〕 １５ 号"])
def test_docnum_reads_a_number(text):
    assert re.fullmatch(docnum(ZH_BLANK), text)


@pytest.mark.parametrize("text", ["嘉政发〔20l9〕15号", "嘉政发〔2019〕号", "嘉政发〔2019〕123456号", "〔2019〕15号",
                                  "嘉政发〔2019〕\u00a015号"])
def test_docnum_refuses_what_is_no_number(text):
    assert not re.fullmatch(docnum(ZH_BLANK), text)


def test_nbsp_is_a_blank_only_in_zh_ws():
    assert re.fullmatch(docnum(ZH_WS), "嘉政发〔2019〕\u00a015号")
    assert re.fullmatch(f"{ZH_WS}+", " \t\u3000\u00a0") and not re.fullmatch(f"{ZH_BLANK}+", "\u00a0")


def test_the_year_brackets_are_the_square_ones_and_the_parentheses():
    chars = "〔〕[]［］﹝﹞【】()（）{}<>《》"
    for char in chars:
        assert bool(re.fullmatch(DOCNUM_OPEN, char)) == bool(re.fullmatch(f"{DOCNUM_SQUARE_OPEN}|{LPAREN}", char))
        assert bool(re.fullmatch(DOCNUM_CLOSE, char)) == bool(re.fullmatch(f"{DOCNUM_SQUARE_CLOSE}|{RPAREN}", char))


# The vocabulary's classes as they were once written out in every terminal.
_WRITTEN_ONCE = {
    "ZH_WS": [r"[ \t\u3000\u00a0]", "[ \t\u3000\u00a0]"],
    "ZH_BLANK": [r"[ \t\u3000]", "[ \t\u3000]"],
    "DIGIT": [r"[0-9\uff10-\uff19]", "[0-9０-９]"],
    "DOCNUM_OPEN": [r"〔\[\uff3b﹝【(\uff08", "〔\\[［﹝【(（"],
    "DOCNUM_CLOSE": [r"〕\]\uff3d﹞】)\uff09", "〕\\]］﹞】)）"],
    "DOCNUM_AGENCY": [r"[\u3400-\u9fffA-Za-z]"],
}


@pytest.mark.parametrize("name", ["bulletin.lark", "entities.lark"])
def test_the_vocabulary_is_not_written_again(name):
    """Outside zh_common.lark, a terminal uses the vocabulary's names, never its classes spelled out.

    Comments and generated lines (which are made from the names) are not counted.
    """
    lines = grammar_path(name).read_text(encoding="utf-8").split("\n")
    generated = {index + 1 for index, line in enumerate(lines) if line.startswith("//= ")}
    written = [line for index, line in enumerate(lines) if not line.startswith("//") and index not in generated]
    for term, spellings in _WRITTEN_ONCE.items():
        for spelling in spellings:
            found = [line[:60] for line in written if spelling in line]
            assert not found, f"{name} spells out {term} ({spelling}) instead of using it: {found}"
