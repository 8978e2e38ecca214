"""Span and coverage invariants on the bundled samples and on every corpus file."""

from __future__ import annotations

import pytest

import jxparse
from conftest import SAMPLES, corpus_files, needs_corpus
from invariants import check_spans, uncovered

SAMPLE_FILES = sorted(path for path in SAMPLES.iterdir() if path.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_spans_give_back_their_text(path):
    check_spans(jxparse.parse_file(path))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_character_is_placed(path):
    bulletin = jxparse.parse_file(path)
    assert uncovered(bulletin)[:5] == []


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_spans_and_coverage(path):
    source = jxparse.load_source(path)
    from jxparse.pipeline import parse_source

    bulletin = parse_source(source)
    check_spans(bulletin)
    assert uncovered(bulletin, source.body_start)[:5] == []
