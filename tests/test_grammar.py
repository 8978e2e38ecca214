"""The grammars themselves: conflict-free under strict mode, total, and in step with their builders."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from jxparse.grammars import build_parser, grammar_path
from jxparse.pipeline.lines import GRAMMAR_RULES, WHOLE_LINE_KINDS, LineBuilder, read_lines
from jxparse.pipeline.sections import RANKS


@pytest.mark.slow
@pytest.mark.parametrize(("name", "lexer"), [("bulletin.lark", "contextual"), ("sections.lark", "basic")])
def test_grammar_builds_in_strict_mode(name, lexer):
    # strict=True fails on any shift/reduce conflict and on any two terminals of one priority that
    # can match the same text (needs interegular, a test dependency).
    build_parser(name, strict=True, lexer=lexer)


def test_every_line_rule_has_a_builder_method():
    grammar = grammar_path("bulletin.lark").read_text(encoding="utf-8")
    rules = set(re.findall(r"^([a-z][a-z_]*)\s*:", grammar, re.M)) - {"start"}
    assert rules == set(GRAMMAR_RULES)
    for rule in rules:
        assert callable(getattr(LineBuilder, rule))
    # a line made of one terminal gets its kind from that terminal
    line_rule = re.search(r"^line:(.*?)^\S", grammar, re.M | re.S).group(1)
    one_terminal_kinds = set(re.findall(r"\b[A-Z][A-Z_]+\b", line_rule)) - {"INDENT", "MD_PREFIX"}
    assert one_terminal_kinds == set(WHOLE_LINE_KINDS)


def test_section_grammar_ranks_match_the_code():
    grammar = grammar_path("sections.lark").read_text(encoding="utf-8")
    rules = re.findall(r"^([a-z][a-z0-9_]*)\s*:\s*H_", grammar, re.M)
    assert tuple(rules) == RANKS
    start = re.search(r"^start:(.*)$", grammar, re.M).group(1).split()
    assert start == [f"_{rank}s" for rank in reversed(RANKS)]


LINES = [
    "", " ", "\u3000\u3000", "一、", "(一)", "（二）支持", "1.", "1.5万元", "第一章　总　　则", "第3条", "㈠", "①",
    "附件", "附件:", "- 附件:1. 名单(略)", "## 标题", ">", "- ", "目 录", "【市政府文件】", "(嘉政发〔2019〕15 号) (2)",
    "嘉政发〔2019〕15号", "（国办发﹝2019﹞6号）", "第707号", "2019 年 7 月 3 日", "二○一二年一月九日",
    "嘉政发〔2019〕15 号\t标题", "1.1　编制目的", "1　总则", "12345", "\t", "text", "((((", "】【",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES) | st.text(max_size=12), max_size=30),
       st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_line_grammar_accepts_everything(lines, newline):
    text = newline.join(lines)
    for line in read_lines(text):
        assert 0 <= line.start <= line.end <= len(text)
        blanks = " \t\u3000\u00a0\f\v"
        assert text[line.start:line.end].strip(blanks) == text[line.start:line.end] != ""


# ---------------------------------------------------------------------------- the grammar cache

_KEY_OF_THE_LINE_GRAMMAR = (
    "import sys; from jxparse.grammars import cache_key, grammar_path; from jxparse.pipeline.lines import LineBuilder;"
    "import lark; print(cache_key(grammar_path('bulletin.lark').read_bytes(), 'contextual',"
    " {'transformer': LineBuilder()}, lark.__version__))"
)


def test_a_grammar_cache_made_by_one_process_is_found_by_the_next(tmp_path):
    """The cache file's name must not depend on anything that differs between processes (an
    object's address in the embedded transformer's repr did): else every process, every batch
    worker, analyses the line grammar anew, seconds each, and fills the cache folder."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run(code: str) -> str:
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    keys = {run(_KEY_OF_THE_LINE_GRAMMAR) for _ in range(2)}
    assert len(keys) == 1
    for _ in range(2):
        run("from jxparse.pipeline.lines import read_lines; read_lines('一、总则')")
    made = sorted(path.name for path in (tmp_path / "jxparse").glob("bulletin-*"))
    assert made == [f"bulletin-{keys.pop()}-py{sys.version_info[0]}{sys.version_info[1]}.lark-cache"]
