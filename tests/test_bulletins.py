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


def check_documents(bulletin, issue) -> None:
    """Each document has the facts it has alone, and those first printed; sections their kind and fields."""
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
        section = expected["section"]
        if section is not None:  # a section that is no 公文: its kind and its own fields
            assert document.kind == section["kind"]
            assert [[e.date, e.month, e.day] for e in document.chronicle] == section.get("chronicle", [])
            for key, value in section.get("metadata", {}).items():
                assert dict(document.metadata)[key] == value
            if section["kind"] == "统计":
                assert any(type(block).__name__ == "Table" for block in document.body)


def check_toc(bulletin, issue) -> None:
    """Every 目录 entry has its fields and links to its document."""
    got = [{"category": e.category, "title": _flat(e.title), "doc_number": e.doc_number.text if e.doc_number else None,
            "page": e.page, "document": e.document} for e in bulletin.toc]
    expected = [dict(entry, title=_flat(entry["title"])) for entry in issue["toc"]]
    assert got == expected
    ids = {document.id for document in bulletin.documents}
    assert all(entry.document in ids for entry in bulletin.toc)


def check_issue(bulletin, issue) -> None:
    found = bulletin.issue
    assert found is not None
    assert {"name": found.name, "year": found.year, "number": found.number, "total_number": found.total_number,
            "published": found.published, "details": dict(found.details)} == issue["issue"]
    assert _flat(bulletin.title) == _flat(issue["title"])


def check_no_running_head_in_text(bulletin, layout) -> None:
    body_text = "\n".join(p.text for d in bulletin.documents for p in _paragraphs(d.body))
    for head in (layout.running_head, layout.section_head):
        if head:
            assert head not in body_text


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_documents_have_the_facts_they_have_alone(issues, parsed, name):
    issue = _issue(issues, name)  # skips first where the layout needs the absent corpus
    check_documents(parsed[name], issue)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_every_layout_is_built(issues, name):
    _issue(issues, name)


def test_sections_are_in_layouts_that_need_no_corpus():
    kinds = {assembler.SECTIONS[key]["kind"] for layout in assembler.LAYOUTS for key, _ in layout.documents
             if key in assembler.SECTIONS}
    assert kinds == {"任免", "解读", "大事记", "统计"}


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_toc_entries_are_separate_fields_linked_to_their_documents(issues, parsed, name):
    issue = _issue(issues, name)  # skips first where the layout needs the absent corpus
    check_toc(parsed[name], issue)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_issue_metadata_is_exact(issues, parsed, name):
    issue = _issue(issues, name)  # skips first where the layout needs the absent corpus
    check_issue(parsed[name], issue)


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


# --------------------------------------------------------------------------- 目录 layouts, line by line

_DOC = "\n\n{title}\n\n{number}\n\n各县（市、区）人民政府：\n\n现将有关事项通知如下。\n\n嘉兴市人民政府\n\n2019年7月15日\n"
_T1 = "嘉兴市人民政府关于加强安全生产工作的通知"
_T2 = "嘉兴市人民政府办公室关于印发嘉兴市数字化转型工作实施方案的通知"


def _issue_text(toc: str, *, blank: bool = True) -> str:
    text = "目  录\n" + toc + _DOC.format(title=_T1, number="嘉政发〔2019〕12号") \
        + _DOC.format(title=_T2, number="嘉政办发〔2019〕31号")
    return text if blank else re.sub(r"\n\n+", "\n", text)


_TOC_LAYOUTS = {
    "ref-line": f"【市政府文件】\n{_T1}\n(嘉政发〔2019〕12号) (3)\n【市政府办公室文件】\n{_T2}\n（嘉政办发〔2019〕31号）（5）",
    "ellipsis-inline": f"市政府文件\n{_T1}（嘉政发〔2019〕12号）…………3\n市政府办公室文件\n{_T2}（嘉政办发〔2019〕31号）……5",
    "dots-bare-number": f"一、市政府文件\n{_T1}  嘉政发〔2019〕12号 ........ 3\n二、市政府办公室文件\n{_T2} 嘉政办发〔2019〕31号.....5",
    "middot-next-line": f"【市政府文件】\n{_T1}\n嘉政发〔2019〕12号 ········ 3\n【市政府办公室文件】\n{_T2}\n嘉政办发〔2019〕31号 ···· 5-8",
    "underscore-dashed": f"市政府文件\n{_T1}____－3－\n（嘉政发〔2019〕12号）\n市政府办公室文件\n{_T2}______－5－\n（嘉政办发〔2019〕31号）",
    "wrapped-no-leader": f"市政府文件\n{_T1[:12]}\n{_T1[12:]}（嘉政发〔2019〕12号） 3\n市政府办公室文件\n{_T2[:14]}\n{_T2[14:]}\n（嘉政办发〔2019〕31号）……(5)",
    "two-pages": f"【市政府文件】\n{_T1}……（嘉政发〔2019〕12号）……3\n－1－\n嘉兴市人民政府公报 2019年第7期\n【市政府办公室文件】\n{_T2}（嘉政办发〔2019〕31号）……5",
}


@pytest.mark.parametrize("blank", [True, False], ids=["blank-lines", "single-newlines"])
@pytest.mark.parametrize("layout", sorted(_TOC_LAYOUTS))
def test_toc_layouts(layout, blank):
    text = _issue_text(_TOC_LAYOUTS[layout], blank=blank)
    if layout == "two-pages":
        text += "\n嘉兴市人民政府公报 2019年第7期\n"  # the running head stands on every page
    bulletin = jxparse.parse(text)
    assert [d.title for d in bulletin.documents] == [_T1, _T2]
    got = [(e.category, e.title, e.doc_number.text if e.doc_number else None, e.page, e.document) for e in bulletin.toc]
    assert got == [("市政府文件", _T1, "嘉政发〔2019〕12号", 3, "d1"), ("市政府办公室文件", _T2, "嘉政办发〔2019〕31号", 5, "d2")]


def test_toc_without_categories_or_numbers():
    text = _issue_text(f"{_T1}…………3\n{_T2}…………5")
    got = [(e.category, e.title, e.doc_number, e.page, e.document) for e in jxparse.parse(text).toc]
    assert got == [(None, _T1, None, 3, "d1"), (None, _T2, None, 5, "d2")]


def test_toc_entry_not_in_the_issue_links_to_nothing():
    text = _issue_text(f"{_T1}…………3\n嘉兴市人民政府关于另一件事的通知（嘉政发〔2019〕99号）……4\n{_T2}…………5")
    assert [e.document for e in jxparse.parse(text).toc] == ["d1", None, "d2"]


# --------------------------------------------------------------------------- the issue's own lines


def test_cover_colophon_and_letter_spaced_name():
    text = ("浙 江 省 人 民 政 府 公 报\n\n2019年第7期（总第245期）\n\n（半月刊）\n\n"
            + _issue_text(f"{_T1}……3\n{_T2}……5")
            + "\n主办：浙江省人民政府办公厅\n国内统一连续出版物号：CN 33-1xxx/D\n印刷：杭州印刷厂\n出版日期：2019年4月10日\n")
    bulletin = jxparse.parse(text)
    issue = bulletin.issue
    assert (issue.name, issue.year, issue.number, issue.total_number, issue.published) == \
        ("浙江省人民政府公报", 2019, 7, 245, "2019-04-10")
    assert dict(issue.details) == {"刊期": "半月刊", "主办": "浙江省人民政府办公厅", "国内统一连续出版物号": "CN 33-1xxx/D",
                                   "印刷": "杭州印刷厂", "出版日期": "2019年4月10日"}
    assert bulletin.title == "浙 江 省 人 民 政 府 公 报"
    # the colophon is no part of the last document
    last = bulletin.documents[-1]
    assert last.date == "2019-07-15" and "主办" not in jxparse.dumps(replace_body(last), "md")


def replace_body(document):
    from jxparse.ast import Bulletin

    return Bulletin(documents=(document,))


def test_a_document_alone_has_no_issue():
    assert jxparse.parse(_DOC.format(title=_T1, number="嘉政发〔2019〕12号")).issue is None


def test_contact_lines_of_a_document_are_no_colophon():
    text = _DOC.format(title=_T1, number="嘉政发〔2019〕12号").replace(
        "嘉兴市人民政府\n\n2019", "联系人：张三\n电话：0573-82000000\n地址：嘉兴市中山东路1号\n\n嘉兴市人民政府\n\n2019")
    bulletin = jxparse.parse(text)
    assert bulletin.issue is None
    assert "电话：0573-82000000" in jxparse.dumps(bulletin, "md")


@pytest.mark.parametrize("head", ["（2019年7月15日 嘉政发〔2019〕12号）", "（嘉政发〔2019〕12号　2019年7月15日）"])
def test_bulletin_form_head_gives_number_and_date(head):
    text = f"{_T1}\n\n{head}\n\n各县（市、区）人民政府：\n\n现将有关事项通知如下。\n"
    document = jxparse.parse(text).documents[0]
    assert (document.title, document.doc_number.text, document.date, document.date_source) == \
        (_T1, "嘉政发〔2019〕12号", "2019-07-15", "text")
    assert document.signatories == ()


def test_issue_survives_json_xml_and_markdown():
    text = "嘉兴市人民政府公报\n\n2019年第7期\n\n" + _issue_text(f"{_T1}……3\n{_T2}……5") \
        + "\n主办：嘉兴市人民政府办公室\n出版日期：2019年7月31日\n"
    bulletin = jxparse.parse(text)
    for format in ("json", "xml"):
        assert jxparse.loads(jxparse.dumps(bulletin, format), format) == bulletin
    again = jxparse.parse(jxparse.dumps(bulletin, "md"), format="markdown")
    assert again.issue == bulletin.issue
    assert [(e.title, e.page, e.document) for e in again.toc] == [(e.title, e.page, e.document) for e in bulletin.toc]


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_assembled_issue_round_trips(issues, parsed, name):
    _issue(issues, name)
    bulletin = parsed[name]
    for format in ("json", "xml"):
        assert jxparse.loads(jxparse.dumps(bulletin, format), format) == bulletin
    again = jxparse.parse(jxparse.dumps(bulletin, "md"), format="markdown")
    assert again.issue == bulletin.issue
    assert [(e.category, e.title, e.page, e.document) for e in again.toc] == \
        [(e.category, e.title, e.page, e.document) for e in bulletin.toc]
    assert [(d.kind, document_facts(d)) for d in again.documents] == [(d.kind, document_facts(d)) for d in bulletin.documents]


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_assembled_issue_spans_give_back_their_text_and_cover_everything(issues, parsed, name):
    from invariants import check_spans, uncovered

    _issue(issues, name)
    bulletin = parsed[name]
    check_spans(bulletin)
    assert uncovered(bulletin) == []


# --------------------------------------------------------------------------- as PDF, both engines


def _can_typeset() -> str | None:
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return "fpdf2 is not installed (pip install fpdf2)"
    font = ROOT / "scripts" / "typeset_samples.py"
    text = font.read_text(encoding="utf-8")
    path = re.search(r'FONT = "([^"]+)"', text).group(1)
    if not Path(path).is_file():
        return f"the font {path} is not installed (apt-get install fonts-wqy-zenhei)"
    return None


def _engine_missing(engine: str) -> str | None:
    if engine == "pdfium":
        try:
            import pypdfium2  # noqa: F401
        except ImportError:
            return "pypdfium2 is not installed"
    return None


@pytest.fixture(scope="module")
def pdfs(issues, tmp_path_factory):
    reason = _can_typeset()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("bulletin-pdfs")
    return {name: assembler.typeset_issue(issue, folder / f"{name}.pdf") for name, issue in issues.items()}


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_assembled_issue_as_pdf(issues, pdfs, name, engine):
    issue = _issue(issues, name)
    reason = _engine_missing(engine)
    if reason:
        pytest.skip(reason)
    bulletin = jxparse.parse_file(pdfs[name], pdf_engine=engine)
    layout = next(layout for layout in assembler.LAYOUTS if layout.name == name)
    check_documents(bulletin, issue)
    check_toc(bulletin, issue)
    check_issue(bulletin, issue)
    check_no_running_head_in_text(bulletin, layout)
    page_numbers = [f for f in bulletin.furniture if f.kind == "page_number"]
    assert len(page_numbers) == bulletin.source.pages


def test_a_label_printed_twice_keeps_both_values():
    text = ("嘉兴市人民政府公报\n2019年第7期\n主办：嘉兴市人民政府办公室\n电话：0573-82000000\n电话：0573-82000001\n\n"
            + _issue_text(f"{_T1}……3\n{_T2}……5"))
    assert dict(jxparse.parse(text).issue.details)["电话"] == "0573-82000000；0573-82000001"


def test_page_numbers_left_in_a_single_documents_text_are_furniture():
    text = _DOC.format(title=_T1, number="嘉政发〔2019〕12号").replace(
        "现将有关事项通知如下。", "现将有关事项通知如下。\n\n— 2 —\n\n请认真贯彻执行。")
    bulletin = jxparse.parse(text)
    assert [(f.kind, f.text) for f in bulletin.furniture] == [("page_number", "— 2 —")]
    assert [p.text for p in bulletin.documents[0].body] == ["现将有关事项通知如下。", "请认真贯彻执行。"]
    assert bulletin.issue is None and bulletin.documents[0].signatories == ("嘉兴市人民政府",)
