"""Metamorphic tests: add one real-world phenomenon to a clean document and the facts must not move.

Every perturbation of ``tests/perturb.py`` (and the compositions of two) runs on the bundled sample
and on every document of the shared corpus (its text as jxparse extracts it; skipped where the
corpus is absent). The clean parse is the reference: what it says of titles, 文号, addressees,
dates, issuers, enclosures, attachments, sections and money must come out the same from the
perturbed text. The letterhead perturbation adds an issuer mark, so there the mark is checked to be
the one added and the other facts to be unchanged.
"""

from __future__ import annotations

import functools

import pytest

import jxparse
from conftest import CORPUS, SAMPLE_TEXT
from perturb import COMPOSITIONS, LETTERHEAD_MARK, PERTURBATIONS, facts

_CORPUS_SUFFIXES = (".txt", ".html")


def _documents() -> list[str]:
    names = [str(SAMPLE_TEXT)]
    if CORPUS.is_dir():
        for folder in (CORPUS, CORPUS / "pbc"):
            names += sorted(str(path) for path in folder.glob("*") if path.suffix in _CORPUS_SUFFIXES)
    return names


@functools.cache
def _clean(path: str):
    text = jxparse.load_source(path).text
    return text, jxparse.parse(text, name=path)


def _check(path: str, names: tuple[str, ...]) -> None:
    text, clean = _clean(path)
    perturbed = text
    for name in names:
        perturbed = PERTURBATIONS[name](perturbed, clean)
    if perturbed == text:
        pytest.skip("the perturbation does not apply to this document")
    result = jxparse.parse(perturbed, name=path)
    with_mark = "letterhead" not in names
    expected, got = facts(clean, issuer_mark=with_mark), facts(result, issuer_mark=with_mark)
    assert got == expected, f"{'+'.join(names)} moved the facts of {path}"
    if not with_mark and clean.documents and clean.documents[0].issuer_mark is None:
        assert (result.documents[0].issuer_mark or "").replace("\u3000", " ") == LETTERHEAD_MARK


def _id(path: str) -> str:
    return path.rsplit("/", 1)[-1]


@pytest.mark.parametrize("path", _documents(), ids=_id)
@pytest.mark.parametrize("perturbation", sorted(PERTURBATIONS))
def test_one_perturbation_keeps_the_facts(perturbation, path):
    _check(path, (perturbation,))


@pytest.mark.parametrize("path", _documents(), ids=_id)
@pytest.mark.parametrize("pair", COMPOSITIONS, ids="+".join)
def test_two_perturbations_keep_the_facts(pair, path):
    _check(path, pair)
