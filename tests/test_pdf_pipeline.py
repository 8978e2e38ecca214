"""PDF input through the whole pipeline: the typeset sample gives the tree of the text sample."""

from __future__ import annotations

import json
import re

import pytest

import jxparse
from conftest import CORPUS, SAMPLES, needs_corpus
from invariants import check_spans, uncovered, walk
from jxparse.ast import Amount, Paragraph, Section, Table

SAMPLE_PDF = SAMPLES / "jiaxing-2019-07.pdf"
FIXTURES = SAMPLES.parent / "tests" / "fixtures" / "pdf"


@pytest.fixture(scope="module")
def pdf_trees():
    return {engine: jxparse.parse_file(SAMPLE_PDF, pdf_engine=engine) for engine in ("pdfplumber", "pdfium")}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def _projection(bulletin):
    def sections(blocks):
        out = []
        for block in blocks:
            if isinstance(block, Section):
                out.append((block.style, _squeeze(block.marker), block.number, _squeeze(block.heading)))
                out.extend(sections(block.children))
        return out

    def document(doc):
        return {
            "title": _squeeze(doc.title),
            "number": doc.doc_number and (doc.doc_number.agency, doc.doc_number.year, doc.doc_number.serial),
            "date": doc.date, "signatories": doc.signatories, "addressees": doc.addressees,
            "sections": sections(doc.body),
            "attachments": [(a.number, _squeeze(a.title), a.omitted) for a in doc.attachments],
            "enclosures": [document(e) for e in doc.enclosures],
        }

    amounts = [(_squeeze(node.text), node.value, node.per, node.bound) for node in walk(bulletin)
               if isinstance(node, Amount)]
    return [document(doc) for doc in bulletin.documents], amounts


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_pdf_gives_the_tree_of_the_text(pdf_trees, sample_bulletin, engine):
    documents, amounts = _projection(pdf_trees[engine])
    expected_documents, expected_amounts = _projection(sample_bulletin)
    assert documents == expected_documents
    assert len(amounts) == 88 and amounts == expected_amounts
    assert len(pdf_trees[engine].toc) == len(sample_bulletin.toc) and len(pdf_trees[engine].catalogs) == 1


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_two_column_pdf_gives_the_tree_of_its_text(engine):
    # the blocks the fixture was typeset from, one per line as in a text file
    meta = json.loads((FIXTURES / "layout-columns.json").read_text(encoding="utf-8"))
    text = "\n\n".join("\n".join(block["lines"]) if "lines" in block else block["text"] for block in meta["blocks"])
    expected_documents, expected_amounts = _projection(jxparse.parse(text))
    documents, amounts = _projection(jxparse.parse_file(FIXTURES / "layout-columns.pdf", pdf_engine=engine))
    (notice,) = expected_documents  # the 通知, and the 意见 it issues as its enclosure
    assert notice["number"] == ("嘉政发", 2019, 15) and len(notice["enclosures"][0]["sections"]) >= 4
    assert documents == expected_documents
    assert amounts == expected_amounts


def test_engines_give_equal_trees(pdf_trees):
    assert pdf_trees["pdfplumber"] == pdf_trees["pdfium"]
    assert pdf_trees["pdfplumber"].text == pdf_trees["pdfium"].text


def test_furniture_stays_out_of_the_body(pdf_trees):
    bulletin = pdf_trees["pdfplumber"]
    kinds = {f.kind for f in bulletin.furniture}
    assert {"page_number", "page_header"} <= kinds and bulletin.source.pages == 50
    furniture_texts = {f.text for f in bulletin.furniture}
    for node in walk(bulletin):
        text = getattr(node, "text", None) if isinstance(node, Paragraph) else getattr(node, "title", None)
        if isinstance(text, str):
            assert not re.search(r"—\s*\d+\s*—", text)
            assert not any(f in text for f in furniture_texts if len(f) > 6), text[:40]


def test_every_block_knows_its_page(pdf_trees):
    bulletin = pdf_trees["pdfium"]
    blocks = [node for node in walk(bulletin) if isinstance(node, (Paragraph, Section, Table))]
    assert blocks and all(block.page is not None and block.bbox is not None for block in blocks)
    assert all(1 <= block.page <= 50 for block in blocks)
    pages = [block.page for block in blocks]
    assert pages == sorted(pages) or sum(a > b for a, b in zip(pages, pages[1:])) < 3


def test_pdf_spans_and_coverage(pdf_trees):
    check_spans(pdf_trees["pdfium"])
    assert uncovered(pdf_trees["pdfium"]) == []


@needs_corpus
@pytest.mark.parametrize("name", ["hongze-2023-xxgk.pdf", "hongze-2024-xxgk.pdf"])
def test_issuer_pdf_tables_keep_their_rows(name):
    bulletin = jxparse.parse_file(CORPUS / "pdf" / name, pdf_engine="pdfium")
    document, = bulletin.documents
    assert document.kind == "报告"
    top = [block for block in document.body if isinstance(block, Section)]
    assert [s.marker for s in top] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    tables = [node for node in walk(bulletin) if isinstance(node, Table)]
    # one Table per table the reader found: a row whose text is one cell (第二十条第（一）项 across the
    # table) stays a row of its table rather than a paragraph that splits it
    assert len(tables) == len([d for d in bulletin.diagnostics if d.code == "pdf-table"]) == 3
    # Rows that start with 一、 / （一） inside the tables stay rows, never headings.
    assert any(row and re.match(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", row[0])
               for table in tables for row in table.rows)
    assert not [d for d in bulletin.diagnostics if d.code == "numbering-gap"]


@pytest.mark.parametrize("name", ["bad-encrypted.pdf", "bad-truncated.pdf", "bad-not-a-pdf.pdf", "bad-scan.pdf",
                                  "bad-empty.pdf", "bad-corrupt.pdf"])
def test_bad_pdfs_fail_cleanly_on_the_command_line(name):
    from click.testing import CliRunner

    from jxparse.cli import main

    path = FIXTURES / name
    result = CliRunner().invoke(main, ["convert", str(path), "-t", "json"])
    assert result.exit_code == 1
    assert name in result.output and "Traceback" not in result.output
