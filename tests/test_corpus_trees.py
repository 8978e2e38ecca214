"""Every corpus document's tree, pinned: a change anywhere in the pipeline that moves a fact of a
real document shows up here, document by document.

The pins live in ``tests/corpus_trees/`` as tree dumps (``jxparse convert -t tree``) in which every
string longer than a few characters is replaced by a fingerprint (``#`` + 8 hex digits of its
SHA-1 + its length): the structure, spans, numbers, short facts (文号 parts, dates, markers,
kinds) stay readable, and the documents themselves are not copied into the project. Skipped where
the corpus is absent. Regenerate on purpose only, and read the diff:

    python -m pytest tests/test_corpus_trees.py --update-goldens
"""

from __future__ import annotations

import difflib
import hashlib
import re

import pytest

import jxparse
from conftest import CORPUS, ROOT, corpus_files

PINS = ROOT / "tests" / "corpus_trees"
SHORT = 16
"""Strings up to this many characters stay as they are (a 文号, a date, a marker, a kind)."""
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_SUFFIXES = (".html", ".htm", ".txt", ".md", ".pdf", ".docx", ".ofd")


def _documents():
    return [path for path in corpus_files("**/*") if path.suffix.lower() in _SUFFIXES]


def _pin_name(path) -> str:
    return "__".join(path.relative_to(CORPUS).parts) + ".tree"


def fingerprint(dump: str) -> str:
    """``dump`` with every quoted string longer than :data:`SHORT` characters replaced by its
    fingerprint."""
    def replace(match: re.Match) -> str:
        quoted = match.group()
        if len(quoted) - 2 <= SHORT:
            return quoted
        digest = hashlib.sha1(quoted.encode("utf-8")).hexdigest()[:8]
        return f"#{digest}:{len(quoted) - 2}"

    return _QUOTED.sub(replace, dump)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", _documents(), ids=lambda path: _pin_name(path)[:-5])
def test_corpus_tree_is_unchanged(path, update_goldens):
    try:
        dump = fingerprint(jxparse.dumps(jxparse.parse_file(path), format="tree"))
    except jxparse.JxParseError as error:  # a file jxparse refuses: the refusal is pinned too
        dump = f"refused: {type(error).__name__}: {error}\n"
    pin = PINS / _pin_name(path)
    if update_goldens:
        PINS.mkdir(exist_ok=True)
        pin.write_text(dump, encoding="utf-8")
        return
    assert pin.exists(), f"no pin for {path.name}: run pytest {__file__} --update-goldens and review it"
    expected = pin.read_text(encoding="utf-8")
    if dump != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), dump.splitlines(True), str(pin), "now", n=2))
        pytest.fail(f"the tree of {path.name} changed:\n{diff[:6000]}")


def test_fingerprints_keep_short_facts_and_hide_long_text():
    line = "doc_number [1:13] text='嘉政发〔2019〕15号' agency='嘉政发' title='市区支持农业农村发展若干财政政策意见的通知'"
    printed = fingerprint(line)
    assert "'嘉政发〔2019〕15号'" in printed and "'嘉政发'" in printed
    assert "市区支持" not in printed and re.search(r"title=#[0-9a-f]{8}:21$", printed)
