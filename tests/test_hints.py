"""Typed hints from the readers (jxparse.readers.ReaderHints): the one label table, its order of
preference, each reader's hints (small fixtures and the corpus), and the metadata stage that
follows the hints, never the labels."""

from __future__ import annotations

import ast as python_ast
import importlib.util
import inspect
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import jxparse
from conftest import CORPUS, ROOT
from jxparse.data import merge_metadata
from jxparse.pipeline import metadata as metadata_stage
from jxparse.pipeline import parse_source
from jxparse.readers import (DATE_LABELS, NUMBER_LABELS, TITLE_LABELS, DateHint, Hint, ReaderHints, SourceText,
                             hints_from_pairs)
from jxparse.readers.docx import read_docx
from jxparse.readers.html import read_html
from jxparse.readers.ofd import read_ofd
from ofd_pieces import NS, add_office_tags, minimal_entries, package

BODY = "现将有关事项通知如下，请认真贯彻执行。\n"
"""A document text without title, 文号 or date: every one of its fields can come from hints."""


def _corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"corpus file {path} not found")
    return path


# --------------------------------------------------------------------------- the label table


def test_the_label_table_is_in_the_readers_only():
    """No pipeline module holds a label of the table as a string (docstrings aside), and none
    defines a table of its own: the metadata stage takes hints."""
    labels = set(TITLE_LABELS + NUMBER_LABELS + DATE_LABELS)
    for path in sorted((ROOT / "jxparse" / "pipeline").glob("*.py")):
        tree = python_ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in python_ast.walk(tree)
                      if isinstance(node, (python_ast.Module, python_ast.FunctionDef, python_ast.ClassDef))
                      and node.body and isinstance(node.body[0], python_ast.Expr)}
        strings = {node.value for node in python_ast.walk(tree)
                   if isinstance(node, python_ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings}
        assigned = {target.id for node in python_ast.walk(tree) if isinstance(node, python_ast.Assign)
                    for target in node.targets if isinstance(target, python_ast.Name)}
        if path.name == "metadata.py":
            assert not strings & labels, f"{path.name} knows labels: {sorted(strings & labels)}"
        assert not assigned & {"TITLE_LABELS", "NUMBER_LABELS", "DATE_LABELS"}, path.name
    assert "_LABELS" not in inspect.getsource(metadata_stage)


def test_order_of_preference():
    hints = hints_from_pairs([("发布日期", "2019年2月15日"), ("名称", "名称的标题"), ("成文日期", "2019年1月27日"),
                              ("文号", "国发〔2019〕6号"), ("标题", "标题的标题"), ("发文字号", "国发〔2019〕5号")])
    assert hints.title == Hint("标题", "标题的标题")
    assert hints.doc_number == Hint("发文字号", "国发〔2019〕5号")
    assert hints.date == DateHint("成文日期", "2019年1月27日", "2019-01-27")  # 成文日期 before 发布日期
    assert [hint.label for hint in hints.dates] == ["成文日期", "发布日期"]
    assert [hint.label for hint in hints.titles] == ["标题", "名称"]


def test_publication_date_stands_in_only_where_nothing_better_is_there():
    assert hints_from_pairs([("发布日期", "2019年2月15日")]).date.iso == "2019-02-15"
    # a better label without a date in it does not count: the next label stands in
    hints = hints_from_pairs([("成文日期", "无"), ("发布日期", "2019年2月15日")])
    assert hints.date == DateHint("发布日期", "2019年2月15日", "2019-02-15")
    assert hints_from_pairs([("发文日期", "二〇一九年一月五日"), ("发布日期", "2019年2月15日")]).date.iso == "2019-01-05"
    # 2019-02-15 written with dashes is no date parse_date reads (as before): no date at all
    assert hints_from_pairs([("发布日期", "2019-02-15")]).date is None


def test_the_best_number_label_counts_even_when_it_holds_no_number():
    """The 文号 text under the best label is the one the pipeline parses: a 发文字号 of 无 gives the
    document no 文号, a worse label is not tried (as before)."""
    hints = hints_from_pairs([("发文字号", "无"), ("文号", "国发〔2019〕5号")])
    assert hints.doc_number == Hint("发文字号", "无")
    [document] = parse_source(SourceText(text=BODY, metadata=(("发文字号", "无"), ("文号", "国发〔2019〕5号")),
                                         hints=hints)).documents
    assert document.doc_number is None


def test_empty_values_count_as_not_given_and_a_label_twice_keeps_both():
    hints = hints_from_pairs([("标题", ""), ("title", "T"), ("成文日期", "2019年1月1日"), ("成文日期", "2019年1月2日")])
    assert hints.title == Hint("title", "T")
    assert hints.dates == (Hint("成文日期", "2019年1月1日；2019年1月2日"),)
    assert not hints_from_pairs([("索引号", "1"), ("标题", "")]) and not ReaderHints()


def test_a_date_is_kept_as_written_not_as_a_calendar_date():
    """parse_date checks month and day ranges only; the hint keeps its ISO string, which a
    datetime.date could not hold."""
    assert hints_from_pairs([("成文日期", "2021年2月30日")]).date.iso == "2021-02-30"


# --------------------------------------------------------------------------- the metadata stage


def test_the_fill_follows_the_hints_not_the_labels():
    """Pairs and hints that disagree: the fields come from the hints, the pairs stay the metadata."""
    pairs = (("标题", "标签里的标题"), ("发文字号", "国发〔2019〕5号"), ("成文日期", "2019年1月27日"))
    hints = ReaderHints(titles=(Hint("dc:title", "提示的标题"),), doc_numbers=(Hint("Tag", "嘉政发〔2020〕3号"),),
                        dates=(Hint("CreationDate", "2020年3月4日"),))
    [document] = parse_source(SourceText(text=BODY, metadata=pairs, hints=hints)).documents
    assert (document.title, document.doc_number.text, document.date, document.date_source) == (
        "提示的标题", "嘉政发〔2020〕3号", "2020-03-04", "metadata")
    assert document.metadata == pairs
    # pairs without hints fill nothing: the pipeline does not read labels
    [bare] = parse_source(SourceText(text=BODY, metadata=pairs)).documents
    assert (bare.title, bare.doc_number, bare.date, bare.metadata) == ("", None, None, pairs)


def test_the_text_wins_over_the_hints():
    text = "关于测试工作的通知\n嘉政发〔2019〕15号\n\n各县（市、区）人民政府：\n" + BODY + "\n嘉兴市人民政府\n2019年7月15日\n"
    hints = hints_from_pairs([("标题", "别的标题"), ("发文字号", "国发〔2019〕5号"), ("成文日期", "2019年1月27日")])
    [document] = parse_source(SourceText(text=text, metadata=(("标题", "别的标题"),), hints=hints)).documents
    assert (document.title, document.doc_number.text, document.date, document.date_source) == (
        "关于测试工作的通知", "嘉政发〔2019〕15号", "2019-07-15", "text")


def test_hints_of_a_metadata_block_in_the_text_and_of_the_reader_combine():
    """A metadata block in the text gives the document hints of its own; a single document takes
    the reader's too, the better label winning whichever source gives it."""
    reader = (("发布日期", "2020年2月2日"), ("文号", "国发〔2019〕5号"))
    text = "索引号：001\n成文日期：2020年1月1日\n\n" + BODY
    [document] = parse_source(SourceText(text=text, metadata=reader, hints=hints_from_pairs(reader))).documents
    assert (document.date, document.doc_number.text) == ("2020-01-01", "国发〔2019〕5号")  # 成文日期 beats 发布日期
    assert document.metadata == reader + (("索引号", "001"), ("成文日期", "2020年1月1日"))
    # the block alone, no reader metadata: its own hints
    [alone] = parse_source(SourceText(text=text)).documents
    assert (alone.date, alone.date_source) == ("2020-01-01", "metadata")


def test_several_documents_take_only_their_own_hints():
    text = ("关于甲的通知\n嘉政发〔2019〕1号\n\n各单位：\n" + BODY + "\n发布日期：2019年3月1日\n索引号：001\n\n"
            "关于乙的通知\n嘉政发〔2019〕2号\n\n各单位：\n" + BODY)
    reader = (("成文日期", "2018年1月1日"),)
    documents = parse_source(SourceText(text=text, metadata=reader, hints=hints_from_pairs(reader))).documents
    # the block stands directly above the second document's title: it is the second's, and the
    # reader's 成文日期 (about the page, not one document) is neither's
    assert [d.date for d in documents] == [None, "2019-03-01"]
    assert all(dict(d.metadata).get("成文日期") is None for d in documents)


_LABELS = list(TITLE_LABELS + NUMBER_LABELS + DATE_LABELS) + ["索引号", "dc:title"]
_VALUES = ["", "无", "关于测试的通知", "国发〔2019〕5号", "嘉政发〔2020〕3号", "2019年1月27日", "二〇一九年一月五日",
           "2020年13月1日", "0000年00月00日", "2019-02-15", "甲；乙"]
_PAIRS = st.lists(st.tuples(st.sampled_from(_LABELS), st.sampled_from(_VALUES)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(reader=_PAIRS, found=_PAIRS)
@example(reader=[("成文日期", "二〇一九年一月五日")], found=[("成文日期", "2019年1月27日")])
@example(reader=[("成文日期", "二〇一九年一月五日")], found=[("成文日期", "0000年00月00日"), ("发布日期", "2019年1月27日")])
@example(reader=[("发布日期", "2019年1月27日")], found=[("成文日期", "0000年00月00日")])
def test_combined_hints_read_as_the_merged_pairs(reader, found):
    """The reader's hints combined with a document's in-text hints are the hints of the pairs the
    document's metadata merges (reader's first, then its own, already merged): what the metadata
    stage read from those merged pairs before the hints, value for value, quirks included (two
    values under one label are read joined)."""
    own = merge_metadata(found)
    assert hints_from_pairs(reader).combined(hints_from_pairs(own)) == hints_from_pairs(tuple(reader) + own)
    assert ReaderHints().combined(hints_from_pairs(own)) == hints_from_pairs(own)


# --------------------------------------------------------------------------- each reader's hints


def test_html_hints_from_the_metadata_table():
    page = ("<html><body><table><tr><td>标　　题：</td><td>某通知</td></tr><tr><td>发文字号：</td><td>某发〔2020〕1号</td></tr>"
            "<tr><td>发布日期：</td><td>2020年1月3日</td></tr><tr><td>成文日期：</td><td>2020年1月2日</td></tr></table>"
            "<div class='content'><p>" + BODY + "</p></div></body></html>")
    source = read_html(page.encode("utf-8"), name="t.html")
    assert source.hints == hints_from_pairs(source.metadata)
    assert (source.hints.title, source.hints.doc_number, source.hints.date) == (
        Hint("标题", "某通知"), Hint("发文字号", "某发〔2020〕1号"), DateHint("成文日期", "2020年1月2日", "2020-01-02"))
    [document] = parse_source(source).documents
    assert (document.title, document.doc_number.text, document.date) == ("某通知", "某发〔2020〕1号", "2020-01-02")


def test_markdown_hints_from_the_front_matter(tmp_path):
    path = tmp_path / "f.md"
    path.write_text("---\ntitle: 测试通知\n文号: 嘉政发〔2019〕15号\n发布日期: 2019年7月20日\n---\n\n" + BODY, encoding="utf-8")
    source = jxparse.load_source(path)
    assert (source.hints.title, source.hints.doc_number, source.hints.date) == (
        Hint("title", "测试通知"), Hint("文号", "嘉政发〔2019〕15号"), DateHint("发布日期", "2019年7月20日", "2019-07-20"))
    assert not jxparse.load_source(path, format="text").hints  # the same file read as text has no front matter


def _docx_module():
    spec = importlib.util.spec_from_file_location("make_docx_samples", ROOT / "scripts" / "make_docx_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docx_hints_from_the_wps_element_markers():
    wps = 'xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData"'

    def marked(name: str, ident: str, text: str) -> str:
        return (f'<w:p><wpsCustomData:docfieldStart {wps} id="{ident}" docfieldname="{name}"/><w:r><w:t>{text}</w:t></w:r>'
                f'<wpsCustomData:docfieldEnd {wps} id="{ident}"/></w:p>')

    body = marked("标题_1", "1", "某某关于某事的通知") + marked("成文日期", "2", "2020年5月6日") + f"<w:p><w:r><w:t>{BODY}</w:t></w:r></w:p>"
    source = read_docx(_docx_module().docx_bytes(body), name="t.docx")
    assert source.hints == hints_from_pairs(source.metadata)
    assert (source.hints.title, source.hints.doc_number, source.hints.date) == (
        Hint("标题", "某某关于某事的通知"), None, DateHint("成文日期", "2020年5月6日", "2020-05-06"))


def test_ofd_hints_from_the_office_tags_not_docinfo():
    entries = minimal_entries()
    entries["OFD.xml"] = entries["OFD.xml"].replace(b"<ofd:DocID>t</ofd:DocID>",
                                                    "<ofd:DocID>t</ofd:DocID><ofd:Title>No:0000001</ofd:Title>".encode())
    add_office_tags(entries, f'<od:电子公文 xmlns:od="http://www.nits.org.cn/eGovDoc/2013" xmlns:ofd="{NS}"><od:公文体>'
                    '<od:主体><od:标题><ofd:ObjectRef PageRef="1">12</ofd:ObjectRef></od:标题><od:成文日期>'
                    '<ofd:ObjectRef PageRef="2">23</ofd:ObjectRef></od:成文日期></od:主体></od:公文体></od:电子公文>')
    source = read_ofd(package(entries), name="t.ofd")
    assert dict(source.metadata)["doc_info_title"] == "No:0000001"
    assert source.hints == hints_from_pairs(source.metadata)
    assert (source.hints.title, source.hints.date) == (
        Hint("标题", "嘉兴市人民政府关于测试工作的通知"), DateHint("成文日期", "2019年7月15日", "2019-07-15"))


# --------------------------------------------------------------------------- the corpus


def test_corpus_html_hints():
    source = jxparse.load_source(_corpus("001-gwy-guofa-2019-005.html"))
    hints = source.hints
    assert hints.title == Hint("标题", "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见")
    assert hints.doc_number == Hint("发文字号", "国发〔2019〕5号")
    assert hints.dates == (Hint("成文日期", "2019年01月27日"), Hint("发布日期", "2019年02月15日"))
    assert hints.date.iso == "2019-01-27"


def test_corpus_ofd_hints():
    fujian = jxparse.load_source(_corpus("ofd", "fujian-minzhengban-2021-055.ofd"))
    assert (fujian.hints.title, fujian.hints.doc_number, fujian.hints.date) == (
        Hint("标题", "福建省人民政府办公厅关于进一步强化农村建房安全管理的通知"), Hint("发文字号", "闽政办〔2021〕55号"),
        DateHint("成文日期", "2021年9月30日", "2021-09-30"))
    # DocInfo's Title is an issuer's name (or a serial: No:0000001 above), never a hint
    bengbu = jxparse.load_source(_corpus("ofd", "bengbu-guotuju-han-2023.ofd"))
    assert dict(bengbu.metadata)["doc_info_title"] == "蚌埠市国土资源局" and not bengbu.hints
    # a licence's field names (发证日期, 项目名称) are no labels of the table
    assert not jxparse.load_source(_corpus("ofd", "linxiang-yongdi-yushen-xuanzhi-2022.ofd")).hints


def test_corpus_wps_hints():
    source = jxparse.load_source(_corpus("docx", "wps-gongwen-yangzhang-template.wps"))
    hints = source.hints
    assert hints.title == Hint("标题", "×××关于××××××××××的通告")
    assert hints.doc_number is None  # the template marks 发文机关代字, 年份 and 发文顺序号 apart
    assert hints.dates == (Hint("成文日期", "20××年×月×日"),) and hints.date is None  # a placeholder, no date


def test_corpus_in_text_blocks_give_the_number():
    """People's Bank pages exported as text: the 文号 only stands in the metadata block."""
    path = _corpus("pbc", "zhengwugongkai_administrative_normative_documents_000023_000.txt")
    [document] = jxparse.parse_file(path).documents
    assert document.doc_number is not None
    assert document.doc_number.text == hints_from_pairs(document.metadata).doc_number.text
    assert not jxparse.load_source(path).hints  # the reader (plain text) gives none
