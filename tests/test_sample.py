"""The bundled July 2019 嘉兴 bulletin: every fact pinned here was read from the sample by eye."""

from __future__ import annotations

from collections import Counter

import pytest

from jxparse.ast import Section, SectionStyle


def _styles(blocks) -> Counter:
    counts = Counter()
    for block in blocks:
        if isinstance(block, Section):
            counts[block.style.value] += 1
            counts.update(_styles(block.children))
    return counts


def _doc(bulletin, serial):
    return next(d for d in bulletin.documents if d.doc_number and d.doc_number.serial == serial)


def test_six_documents_in_order(sample_bulletin):
    numbers = [(d.doc_number.agency, d.doc_number.year, d.doc_number.serial) for d in sample_bulletin.documents]
    assert numbers == [("嘉政发", 2019, 15)] + [("嘉政办发", 2019, n) for n in range(31, 36)]
    assert [d.doc_number.text for d in sample_bulletin.documents][:2] == ["嘉政发〔2019〕15号", "嘉政办发[2019]31 号"]


def test_titles_dates_signatories_addressees(sample_bulletin):
    docs = sample_bulletin.documents
    assert [d.date for d in docs] == ["2019-07-15", "2019-07-03", "2019-07-05", "2019-07-19", "2019-07-23",
                                      "2019-07-26"]
    assert [d.signatories for d in docs] == [("嘉兴市人民政府",)] + [("嘉兴市人民政府办公室",)] * 5
    assert docs[0].title == "嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知"
    assert docs[1].title == "嘉兴市人民政府办公室关于印发嘉兴市推进学前教育“以县为主”管理体制改革的指导意见的通知"
    assert docs[2].title.replace(" ", "") == (
        "嘉兴市人民政府办公室关于印发嘉兴市深化“最多跑一次”改革推进政府数字化转型工作实施方案(2019-2022年)的通知")
    assert docs[3].title == "嘉兴市人民政府办公室关于支持全市农信机构高质量发展的意见"
    assert [d.kind for d in docs] == ["通知", "通知", "通知", "意见", "通知", "通知"]
    assert docs[0].addressees == ("各县(市、区)", "市政府各部门、直属各单位")
    assert all(d.addressees == ("各县(市、区)人民政府", "市政府各部门、直属各单位") for d in docs[1:5])
    assert docs[5].addressees == ("各县(市、区)人民政府", "市级有关部门(单位)")


def test_enclosures_of_the_four_issuing_notices(sample_bulletin):
    enclosures = {d.doc_number.serial: [e.title.replace(" ", "") for e in d.enclosures] for d in sample_bulletin.documents}
    assert enclosures == {
        15: ["市区支持农业农村发展若干财政政策意见"],
        31: ["嘉兴市推进学前教育“以县为主”管理体制改革的指导意见"],
        32: ["嘉兴市深化“最多跑一次”改革推进政府数字化转型工作实施方案(2019-2022年)"],
        33: [],
        34: ["2019年嘉兴市食品安全工作要点"],
        35: [],  # its enclosure is not printed in the bulletin ("可登陆…查询")
    }
    assert [e.kind for d in sample_bulletin.documents for e in d.enclosures] == ["意见", "意见", "方案", "要点"]


@pytest.mark.parametrize(("serial", "in_enclosure", "expected"), [
    (15, True, {"hanzi": 7, "paren_hanzi": 20}),
    (31, True, {"hanzi": 5, "paren_hanzi": 14}),
    (32, True, {"hanzi": 4, "paren_hanzi": 17, "arabic": 13}),
    (33, False, {"hanzi": 3, "paren_hanzi": 8}),
    (34, True, {"hanzi": 8, "paren_hanzi": 29}),
    (35, False, {}),
])
def test_sections_by_style(sample_bulletin, serial, in_enclosure, expected):
    doc = _doc(sample_bulletin, serial)
    target = doc.enclosures[0] if in_enclosure else doc
    assert dict(_styles(target.body)) == expected


def test_cover_letters_are_plain_paragraphs(sample_bulletin):
    for doc in sample_bulletin.documents:
        if doc.enclosures:
            assert not _styles(doc.body)


def test_heading_hierarchy_and_run_in_headings(sample_bulletin):
    plan = _doc(sample_bulletin, 15).enclosures[0]
    first = [b for b in plan.body if isinstance(b, Section)][0]
    assert (first.style, first.marker, first.number, first.level, first.heading) == (
        SectionStyle.HANZI, "一、", 1, 1, "推进基础设施建设,提升农业现代化水平")
    sub = first.children[0]
    assert (sub.style, sub.marker, sub.number, sub.level, sub.heading) == (
        SectionStyle.PAREN_HANZI, "(一)", 1, 2, "支持农业基础设施建设")
    assert sub.children[0].text.startswith("经省以上批准的农田水利建设项目")
    # Numbering runs on across 一、 … 七、: the first (x) under 二、 is (四).
    second = [b for b in plan.body if isinstance(b, Section)][1]
    assert second.children[0].marker == "(四)" and second.children[0].number == 4


def test_attachments(sample_bulletin):
    plan32 = _doc(sample_bulletin, 32).enclosures[0]
    assert [(a.number, a.title, a.omitted) for a in plan32.attachments] == [
        (1, "2019 年嘉兴市深化“最多跑一次”改革推进政府数字化转型绩效指标体系", True),
        (2, "嘉兴市政府数字化转型“四横三纵”框架图", True),
    ]
    opinion = _doc(sample_bulletin, 33)
    assert [(a.number, a.omitted) for a in opinion.attachments] == [(1, True), (2, True), (3, True), (4, True)]
    assert opinion.attachments[3].title == "2019~2021年各农商银行争先进阶目标"
    # Its "2. 3. 4." attachment lines are attachments, not headings.
    assert all(s.style is not SectionStyle.ARABIC for s in opinion.body if isinstance(s, Section))
    assert [(a.number, a.title) for a in _doc(sample_bulletin, 35).attachments] == [(None, "市级有关部门(单位)名单")]


def test_toc(sample_bulletin):
    toc = sample_bulletin.toc
    assert [entry.page for entry in toc] == [2, 5, 8, 13, 14, 17, 17]
    assert [entry.category for entry in toc] == ["市政府文件"] + ["市政府办公室文件"] * 6
    assert [entry.doc_number.serial for entry in toc[:6]] == [15, 31, 32, 33, 34, 35]
    assert toc[6].doc_number is None and toc[6].title == "2019 年 7 月份市政府、市政府办公室发文目录"
    assert [e.title.replace(" ", "") for e in toc[:6]] == [d.title.replace(" ", "") for d in sample_bulletin.documents]


def test_catalog(sample_bulletin):
    (catalog,) = sample_bulletin.catalogs
    assert catalog.title == "2019 年 7 月份市政府、市政府办公室发文目录"
    assert [entry.doc_number.serial for entry in catalog.entries] == [15, 31, 32, 33, 34, 35]
    assert catalog.entries[3].title == "嘉兴市人民政府办公室关于支持全市农信机构高质量发展的意见"


def test_page_breaks_are_repaired(sample_bulletin):
    texts = [p.text for p in _paragraphs(sample_bulletin)]
    joined = "\n".join(texts)
    for fragment in ("秸秆利用、统防统治", "县(市、区)政府", "10 万元补助", "对新建的现代农业综合服务中心",
                     "嘉兴经济技术开发区(国际商务区)、嘉兴港区负责〕"):
        assert fragment in joined, fragment
    assert not any(text.startswith(("利用、统防统治", "元补助", "区)政府", "的现代农业综合服务中心")) for text in texts)


def test_markup_of_converters_is_cleaned(sample_bulletin):
    joined = "\n".join(p.text for p in _paragraphs(sample_bulletin))
    assert "**" not in joined and "<http" not in joined
    assert "重点支持" in joined and "http://www.jiaxing.gov.cn" in joined


def test_no_unexpected_diagnostics(sample_bulletin):
    assert [d.code for d in sample_bulletin.diagnostics] == []


def _paragraphs(bulletin):
    from jxparse.ast import Paragraph

    def walk(blocks):
        for block in blocks:
            if isinstance(block, Paragraph):
                yield block
            elif isinstance(block, Section):
                yield from walk(block.children)

    for doc in bulletin.documents:
        for target in (doc, *doc.enclosures):
            yield from walk(target.body)
