"""Small hand-made documents, one structural feature each (fixture table)."""

from __future__ import annotations

import pytest

import jxparse
from invariants import sections


def _outline(document):
    return [(s.style.value, s.marker, s.number, s.level, s.heading) for s in sections(document.body)]


def test_single_document_without_toc():
    doc, = jxparse.parse("关于做好防汛工作的通知\n\n各单位：\n\n现将有关事项通知如下。\n\n某某局\n2020年6月1日\n").documents
    assert (doc.title, doc.kind, doc.addressees, doc.signatories, doc.date) == (
        "关于做好防汛工作的通知", "通知", ("各单位",), ("某某局",), "2020-06-01")


def test_full_width_headings_and_skipped_levels():
    text = ("标题的通知\n国办发〔2019〕6号\n各省：\n一、总体要求\n１．第一项\n正文。\n（一）分项\n（１）细项\n正文二。\n"
            "二、后续\n①圈号项\n")
    doc, = jxparse.parse(text).documents
    assert _outline(doc) == [
        ("hanzi", "一、", 1, 1, "总体要求"), ("arabic", "１．", 1, 2, "第一项"), ("paren_hanzi", "（一）", 1, 2, "分项"),
        ("paren_arabic", "（１）", 1, 3, "细项"), ("hanzi", "二、", 2, 1, "后续"), ("circled", "①", 1, 2, "圈号项")]


def test_regulation_chapters_articles_and_items():
    text = ("某某管理办法\n第一章    总      则\n第一条　为了加强管理，制定本办法。\n第二条　本办法适用于：\n"
            "（一）甲；\n（二）乙。\n第二章　附　　则\n第三条　本办法自公布之日起施行。\n")
    doc, = jxparse.parse(text).documents
    outline = _outline(doc)
    assert outline == [
        ("chapter", "第一章", 1, 1, "总则"), ("article", "第一条", 1, 2, ""), ("article", "第二条", 2, 2, ""),
        ("paren_hanzi", "（一）", 1, 3, "甲；"), ("paren_hanzi", "（二）", 2, 3, "乙"),
        ("chapter", "第二章", 2, 1, "附则"), ("article", "第三条", 3, 2, "")]
    first_article = next(sections(doc.body)).children[0]
    assert first_article.children[0].text == "为了加强管理，制定本办法。"


def test_decimal_outline():
    text = "应急预案\n1　总则\n1.1　编制目的\n正文。\n1.2　适用范围\n2　组织机构\n2.1　指挥部\n（1）负责协调。\n"
    doc, = jxparse.parse(text).documents
    assert [(s.marker, s.level) for s in sections(doc.body)] == [
        ("1", 1), ("1.1", 2), ("1.2", 2), ("2", 1), ("2.1", 2), ("（1）", 3)]


def test_run_in_heading_and_running_enumeration():
    text = "通知\n一、关于住房问题。你省请求，国家给予支持。\n一是加强领导，二是落实责任。\n"
    doc, = jxparse.parse(text).documents
    section, = doc.body
    assert section.heading == "关于住房问题"
    assert [p.text for p in section.children] == ["你省请求，国家给予支持。", "一是加强领导，二是落实责任。"]


def test_joint_issuers_han_date_and_notes():
    text = ("国务院办公厅　中央军委办公厅关于某事的通知\n国办发〔1996〕25号\n各省：\n正文。\n"
            "国务院办公厅　中央军委办公厅\n一九九六年六月二十九日\n（此件公开发布）\n")
    doc, = jxparse.parse(text).documents
    assert doc.signatories == ("国务院办公厅", "中央军委办公厅")
    assert (doc.date, doc.notes) == ("1996-06-29", ("此件公开发布",))


def test_order_number_and_minister_signature():
    text = "中华人民共和国国务院令\n第707号\n现公布《某条例》，自2019年1月1日起施行。\n总理　　李克强\n二○一八年十二月十八日\n"
    doc, = jxparse.parse(text).documents
    assert (doc.title, doc.kind, doc.doc_number.serial, doc.doc_number.year) == ("中华人民共和国国务院令", "令", 707, None)
    assert (doc.signatories, doc.date) == (("总理 李克强",), "2018-12-18")


def test_list_of_one_sentence_items_is_notsections():
    text = "通报\n附件\n典型做法\n1.北京市推进改革。\n2.天津市推进建设。\n3.河北省推进开放。\n"
    doc, = jxparse.parse(text).documents
    assert not list(sections(doc.body)) and not [s for a in doc.attachments for s in sections(a.body)]


def test_letterhead_number_then_title():
    text = "嘉兴市人民政府文件\n嘉政发〔2019〕15号\n嘉兴市人民政府关于某事的通知\n各县（市、区）：\n正文。\n"
    doc, = jxparse.parse(text).documents
    assert (doc.issuer_mark, doc.title, doc.doc_number.serial) == ("嘉兴市人民政府文件", "嘉兴市人民政府关于某事的通知", 15)


def test_markdown_input():
    text = ("---\n标题: 关于某事的通知\n文号: 国办发〔2019〕6号\n发布日期: 2019-02-14\n---\n"
            "# 关于某事的通知\n\n国办发〔2019〕6号\n\n各省：\n\n## 一、总体要求\n\n**坚持**稳中求进，见 <http://www.gov.cn>。\n\n"
            "> 本文有删减\n\n- 附件：1. 名单（略）\n\n国务院办公厅\n\n2019年2月14日\n")
    bulletin = jxparse.parse(text, format="markdown")
    doc, = bulletin.documents
    assert (doc.title, doc.doc_number.text, doc.date) == ("关于某事的通知", "国办发〔2019〕6号", "2019-02-14")
    assert dict(doc.metadata)["发布日期"] == "2019-02-14"
    section, = doc.body
    assert section.heading == "总体要求"
    assert section.children[0].text == "坚持稳中求进，见 http://www.gov.cn。"
    assert doc.notes == ("本文有删减",)
    assert [(a.number, a.title, a.omitted) for a in doc.attachments] == [(1, "名单", True)]


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff", "一、", "附件：", "2019年7月15日", "（（（（", "嘉政发〔2019〕15号"])
def test_degenerate_inputs_parse(text):
    bulletin = jxparse.parse(text)
    assert bulletin.text == text


def test_numbering_gap_is_a_warning_but_run_on_numbering_is_not():
    run_on = jxparse.parse("方案\n一、甲\n（一）子\n（二）子\n二、乙\n（三）子\n（四）子\n")
    assert not run_on.diagnostics
    gap = jxparse.parse("方案\n一、甲\n三、丙\n")
    (diagnostic,) = gap.diagnostics
    assert (diagnostic.code, diagnostic.severity.value) == ("numbering-gap", "warning")
    assert gap.text[diagnostic.span.start:diagnostic.span.end].startswith("三、")


def test_mismatched_duty_bracket_loses_nothing():
    text = "要点\n（三）加强建设。开展规范化建设。〔市食安办牵头，市农业农村局配合，各县（市、区）负责]\n"
    doc, = jxparse.parse(text).documents
    paragraph = doc.body[0].children[0]
    assert paragraph.text.endswith("各县（市、区）负责]")
    duty = paragraph.entities[-1]
    assert (duty.lead, duty.cooperate, duty.responsible) == (("市食安办",), ("市农业农村局",), ("各县（市、区）",))


def test_repeated_metadata_keys_keep_every_value():
    bulletin = jxparse.parse("【法宝引证码】CLI.1\n【法宝引证码】CLI.2\n关于某事的通知\n正文。\n")
    assert bulletin.documents[0].metadata == (("法宝引证码", "CLI.1；CLI.2"),)
    assert jxparse.loads(jxparse.dumps(bulletin, "json")) == bulletin
