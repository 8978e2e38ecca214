"""Document heads in forms the project did not write: the People's Bank of China texts of
../shared/corpus/pbc as a crawler's extractor left them (see its MANIFEST).

Each pin was read off the file by eye: the head is found behind a metadata block, a letterhead or
an urgency mark; a title glued to its 主送 line or to its 文号 in brackets is cut apart; a 令 or
公告 gets its number; the text a cover issues is found by the title the cover names. Skipped where
the corpus is absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import jxparse
from conftest import CORPUS
from jxparse.ast import Section

PBC = CORPUS / "pbc"


@dataclass
class Head:
    name: str
    title: str
    doc_number: str | None
    date: str | None
    date_source: str | None = None
    first_addressee: str | None = None
    issuer_mark: str | None = None
    signatories: tuple[str, ...] = ()
    enclosures: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    level1: list[str] = field(default_factory=list)


HEADS = [
    # Title with its 文号 in brackets at the end of the line; joint issuers signing.
    Head("tiaofasi_normative_document_000026_000.txt",
         "中国人民银行 国家金融监督管理总局关于印发《系统重要性保险公司评估办法》的通知", "银发〔2023〕208号",
         "2023-10-07", "text", "中国人民银行上海总部", signatories=("中国人民银行", "国家金融监督管理总局"),
         enclosures=["系统重要性保险公司评估办法"]),
    # Letterhead, 文号, then the title glued to the 主送 line; the cover has no sign-off and the issued
    # 办法 follows a bare 附件 label.
    Head("tiaofasi_normative_document_000097_000.txt",
         "中国人民银行关于印发《国库资金经收支付服务管理办法（试行）》的通知", "银发〔2019〕292号", None, None,
         "中国人民银行上海总部", issuer_mark="中国人民银行文件", enclosures=["国库资金经收支付服务管理办法（试行）"]),
    # Title glued to the 主送 line, no letterhead, no 文号 in the text.
    Head("tiaofasi_normative_document_000318_000.txt",
         "中国人民银行关于金融机构在跨境业务合作中加强反洗钱工作的通知", None, None, None, "外汇局"),
    # 特急 above the letterhead: metadata, not part of the letterhead.
    Head("tiaofasi_normative_document_000334_000.txt",
         "中国人民银行关于改进个人银行账户服务加强账户管理的通知", "银发〔2015〕392号", None, None,
         "中国人民银行上海总部", issuer_mark="中国人民银行文件", metadata={"紧急程度": "特急"}),
    # A portal's metadata block (label / value on the next line, some empty) between title and 主送.
    Head("zhengwugongkai_administrative_normative_documents_000023_000.txt",
         "中国人民银行 发展改革委 证监会关于印发《绿色债券支持项目目录（2021年版）》的通知", "银发〔2021〕96号",
         "2021-04-02", "text", "中国人民银行上海总部", signatories=("中国人民银行", "发展改革委", "证监会"),
         metadata={"文号": "银发〔2021〕96号", "发布日期": "2021年04月21日", "公文种类": ""}),
    # The title printed over two lines, then again (also over two lines) as the block's 标题.
    Head("zhengwugongkai_administrative_normative_documents_000361_000.txt",
         "中国人民银行 财政部 国家税务总局关于跨境税费缴库退库业务管理有关事项的通知", "银发〔2024〕4号",
         "2024-01-04", "text", "中国人民银行上海总部", signatories=("中国人民银行", "财政部", "国家税务总局"),
         metadata={"主题词": "跨境税费 缴库退库", "生效日期": "2024年02月18日"}),
    # An empty label's next line is a value (中国人民银行 民政部), though the title starts with it.
    Head("zhengwugongkai_administrative_normative_documents_000152_000.txt",
         "中国人民银行 民政部关于印发《社会组织反恐怖融资管理办法》的通知", "银发〔2025〕57号", "2025-03-28", "text",
         "中国人民银行上海总部", signatories=("中国人民银行", "民 政 部"), enclosures=["社会组织反恐怖融资管理办法"],
         metadata={"发文机关": "中国人民银行 民政部", "公文种类": "规范性文件"}),
    # 令: number, the rule's title in brackets, on one line.
    Head("tiaofasi_departmental_rule_000028_000.txt", "金融控股公司监督管理试行办法", "中国人民银行令〔2020〕第4号",
         "2020-09-11", "text", signatories=("中国人民银行行长易纲",), enclosures=["金融控股公司监督管理试行办法"]),
    # 令 over two lines: 中国人民银行令 / 〔2001〕第 1 号.
    Head("tiaofasi_departmental_rule_000074_000.txt", "中国人民银行令", "〔2001〕第 1 号", None),
    # 公告 over two lines.
    Head("tiaofasi_normative_document_000114_000.txt", "中国人民银行公告", "〔2006〕第15号", "2006-11-02", "text",
         enclosures=["全国银行间债券市场债券借贷业务管理暂行规定"]),
    # Headings glued to the first heading below them: 一、建立健全工作机制（一）银行业金融机构…
    Head("tiaofasi_normative_document_000110_000.txt",
         "中国人民银行 中国银行保险监督管理委员会关于实施银行业金融机构金融消费者投诉统计分类及编码行业标准的通知",
         "银发〔2018〕243号", None, None, "中国人民银行上海总部", issuer_mark="中国人民银行中国银行保险监督管理委员会文件",
         level1=["一、建立健全工作机制", "二、优化资源配置", "三、规范投诉数据统计与报送", "四、完善保障措施", "五、强化监督管理"]),
]


def _flat(text: str | None) -> str | None:
    return None if text is None else "".join(text.split())


@pytest.mark.skipif(not PBC.is_dir(), reason=f"PBC corpus not found at {PBC}")
@pytest.mark.parametrize("head", HEADS, ids=lambda head: head.name)
def test_pbc_head(head):
    bulletin = jxparse.parse_file(PBC / head.name)
    assert len(bulletin.documents) == 1
    document = bulletin.documents[0]
    assert _flat(document.title) == _flat(head.title)
    assert (document.doc_number.text if document.doc_number else None) == head.doc_number
    assert (document.date, document.date_source) == (head.date, head.date_source)
    assert (document.addressees[0] if document.addressees else None) == head.first_addressee
    assert document.issuer_mark == head.issuer_mark
    assert tuple(_flat(name) for name in document.signatories) == tuple(_flat(name) for name in head.signatories)
    assert [enclosure.title for enclosure in document.enclosures] == head.enclosures
    metadata = dict(document.metadata)
    for key, value in head.metadata.items():
        assert metadata.get(key) == value, key
    if head.level1:
        assert [s.marker + s.heading for s in document.body if isinstance(s, Section)] == head.level1
    # Nothing around the head was read as body: no metadata label and no letterhead in a paragraph.
    first_text = next((block.text for block in document.body if hasattr(block, "text")), "")
    assert not first_text.startswith(("标题：", "索引号：", "主题词：", "特急", "中国人民银行文件"))
