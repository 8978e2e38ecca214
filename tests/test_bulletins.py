"""Bulletin issues assembled from real documents in several layouts (scripts/assemble_bulletins.py).

For every layout: each document of the issue comes out with the same facts as the document parsed
alone (in the head form the issue prints it), the 目录 has every entry with its title, 文号, page and
category and links it to its document, the issue's metadata is exact, and the running heads and page
numbers are furniture, never text of a document.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

import jxparse
from conftest import CORPUS, ROOT

sys.path.insert(0, str(Path(__file__).parent))
from perturb import document_facts  # noqa: E402

_spec = importlib.util.spec_from_file_location("assemble_bulletins", ROOT / "scripts" / "assemble_bulletins.py")
assembler = importlib.util.module_from_spec(_spec)
sys.modules["assemble_bulletins"] = assembler  # dataclasses look their module up while the script loads
_spec.loader.exec_module(assembler)

LAYOUT_NAMES = [layout.name for layout in assembler.LAYOUTS]


def _flat(text):
    return re.sub(r"\s+", "", text) if text else text


@pytest.fixture(scope="module")
def issues():
    return {issue["layout"]: issue for issue in assembler.assemble_all(CORPUS if CORPUS.is_dir() else None)}


@pytest.fixture(scope="module")
def parsed(issues):
    return {name: jxparse.parse(issue["text"], name=f"{name}.txt") for name, issue in issues.items()}


def _issue(issues, name):
    if name not in issues:
        pytest.skip(f"layout {name} needs the shared corpus at {CORPUS}")
    return issues[name]


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_documents_have_the_facts_they_have_alone(issues, parsed, name):
    issue = _issue(issues, name)
    bulletin = parsed[name]
    assert len(bulletin.documents) == len(issue["documents"])
    for document, expected in zip(bulletin.documents, issue["documents"]):
        alone = jxparse.parse(expected["text"]).documents
        assert len(alone) == 1, expected["key"]
        assert document_facts(document) == document_facts(alone[0]), expected["key"]
        # and the facts are those of the document as first printed, whatever the head form
        assert _flat(document.title) == _flat(expected["title"])
        assert (document.doc_number.text if document.doc_number else None) == expected["doc_number"]
        assert document.date == expected["date"], expected["key"]
        assert document.date_source in (None, "text")


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_toc_entries_are_separate_fields_linked_to_their_documents(issues, parsed, name):
    issue = _issue(issues, name)
    bulletin = parsed[name]
    got = [{"category": e.category, "title": _flat(e.title), "doc_number": e.doc_number.text if e.doc_number else None,
            "page": e.page, "document": e.document} for e in bulletin.toc]
    expected = [dict(entry, title=_flat(entry["title"])) for entry in issue["toc"]]
    assert got == expected
    ids = {document.id for document in bulletin.documents}
    assert all(entry.document in ids for entry in bulletin.toc)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_issue_metadata_is_exact(issues, parsed, name):
    issue = _issue(issues, name)
    found = parsed[name].issue
    assert found is not None
    assert {"name": found.name, "year": found.year, "number": found.number, "total_number": found.total_number,
            "published": found.published, "details": dict(found.details)} == issue["issue"]
    assert _flat(parsed[name].title) == _flat(issue["title"])


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_running_heads_and_page_numbers_are_furniture(issues, parsed, name):
    issue = _issue(issues, name)
    bulletin = parsed[name]
    layout = next(layout for layout in assembler.LAYOUTS if layout.name == name)
    printed = [line for line in issue["text"].split("\n")
               if line in (layout.running_head, layout.section_head) or re.fullmatch(r"－\d+－", line)]
    assert sorted(f.text for f in bulletin.furniture) == sorted(printed)
    body_text = "\n".join(p.text for d in bulletin.documents for p in _paragraphs(d.body))
    for line in set(printed):
        assert line not in body_text
    assert not [d for d in bulletin.diagnostics if d.code == "unplaced-text"]


def _paragraphs(blocks):
    for block in blocks:
        if hasattr(block, "children"):
            yield from _paragraphs(block.children)
        elif hasattr(block, "text"):
            yield block
