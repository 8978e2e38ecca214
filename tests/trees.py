"""Hand-built trees that use every node type and every field (shared by the writer and schema tests)."""

from __future__ import annotations

import dataclasses

from decimal import Decimal

from jxparse.ast import (
    Amount,
    Attachment,
    Bulletin,
    Catalog,
    CatalogEntry,
    ChronicleEntry,
    DateMention,
    Diagnostic,
    DocNumber,
    DocRef,
    Document,
    Duty,
    Fraction,
    Furniture,
    Issue,
    Paragraph,
    Percent,
    Quantity,
    Section,
    SectionStyle,
    Severity,
    Source,
    Span,
    Table,
    TitleRef,
    TocEntry,
)

BIG = Decimal("1234567890123456789012345678901234567890")  # 40 digits

# --------------------------------------------------------------------------- sample trees


def entities_paragraph() -> Paragraph:
    text = (
        "对新建的给予每亩40元补助，最高不超过1000万元；比例不低于50%，0.5%~3.0%之间；三分之一以上；"
        "面积50亩、3.4个百分点；2019年8月、2019年8月1日前、2020年底完成；按照嘉政发〔2019〕15号和《嘉兴市\x00办法》执行"
        "(市农业农村局牵头,市财政局、市市场监管局配合)。"
    )

    def at(fragment: str, occurrence: int = 0) -> Span:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(fragment, start + 1)
        return Span(start, start + len(fragment))

    entities = (
        Amount("每亩40元", value=Decimal("40"), per="亩", span=at("每亩40元")),
        Amount("最高不超过1000万元", value=Decimal("10000000"), bound="max", span=at("最高不超过1000万元")),
        Percent("不低于50%", value=Decimal("50"), bound="min", span=at("不低于50%")),
        Percent("0.5%~3.0%", min=Decimal("0.5"), max=Decimal("3.0"), span=at("0.5%~3.0%")),
        Fraction("三分之一", numerator=1, denominator=3, span=at("三分之一")),
        Quantity("50亩", value=Decimal("50"), unit="亩", bound="min", span=at("50亩")),
        Quantity("3.4个百分点", value=Decimal("3.4"), unit="个百分点", span=at("3.4个百分点")),
        DateMention("2019年8月", year=2019, month=8, span=at("2019年8月")),
        DateMention("2019年8月1日", value="2019-08-01", span=at("2019年8月1日")),
        DateMention("2020年底", year=2020, part="end", span=at("2020年底")),
        DocRef("嘉政发〔2019〕15号", DocNumber("嘉政发〔2019〕15号", "嘉政发", 2019, 15, span=at("嘉政发〔2019〕15号")), span=at("嘉政发〔2019〕15号")),
        TitleRef("《嘉兴市\x00办法》", title="嘉兴市\x00办法", span=at("《嘉兴市\x00办法》")),
        Duty(
            "(市农业农村局牵头,市财政局、市市场监管局配合)",
            lead=("市农业农村局",),
            cooperate=("市财政局", "市市场监管局"),
            span=at("(市农业农村局牵头,市财政局、市市场监管局配合)"),
        ),
    )
    return Paragraph(text, entities, span=Span(400, 400 + len(text)), page=2, bbox=(56.7, 100.25, 538.0, 160.5))


def full_bulletin() -> Bulletin:
    """A bulletin with every node type and every field set somewhere."""
    number = DocNumber("嘉政发〔2019〕15号", "嘉政发", 2019, 15, span=Span(60, 71))
    heading_text = "支持资金2.5亿元与25000元 & <special> \"quoted\" 'single'"
    heading = Section(
        id="d1.s1.1",
        style=SectionStyle.PAREN_HANZI,
        marker="（一）",
        number=1,
        level=2,
        heading=heading_text,
        children=(
            Paragraph("A & B < C > D \"E\" 'F' ]]> 中文\t制表\r回车", span=Span(300, 330)),
            Table(
                (("项目", "金额（万元）"), ("补助 & 奖励", "25000"), ("", "\x0b竖排")),
                span=Span(330, 360),
                page=2,
                bbox=(0.0, 1.5, 595.2755905511812, 841.8897637795276),
            ),
            entities_paragraph(),
            Section(
                id="d1.s1.1.1",
                style=SectionStyle.ARABIC,
                marker="1.",
                number=None,
                level=3,
                heading="",
                children=(Paragraph("", span=Span(600, 600)),),
                span=Span(590, 600),
                heading_span=None,
            ),
        ),
        entities=(
            Amount("2.5亿元", value=Decimal("250000000"), span=Span(210, 215)),
            Amount("25000元", value=Decimal("25000"), span=Span(216, 222)),
        ),
        span=Span(200, 600),
        heading_span=Span(203, 240),
        page=1,
        bbox=(10.0, 20.0, 30.0, 40.0),
    )
    enclosure = Document(
        id="d1.e1",
        title="市区支持农业农村发展若干财政政策意见",
        kind="意见",
        body=(
            Section(
                id="d1.e1.s1",
                style=SectionStyle.CHAPTER,
                marker="第一章",
                number=1,
                level=1,
                heading="总则",
                children=(
                    Section(
                        id="d1.e1.s1.1",
                        style=SectionStyle.ARTICLE,
                        marker="第一条",
                        number=1,
                        level=2,
                        heading="目的",
                        children=(Paragraph("为了……制定本意见。", span=Span(900, 910)),),
                    ),
                ),
            ),
        ),
        attachments=(Attachment(None, "附表", omitted=True),),
        signatories=("嘉兴市财政局", "嘉兴市农业农村局"),
        date="2019-07-10",
        date_source="metadata",
        chronicle=(
            ChronicleEntry("7月1日，市政府召开常务会议。", date="2019-07-01", month=7, day=1, span=Span(820, 835)),
            ChronicleEntry("13月40日，<&>\x02", span=Span(836, 846)),
        ),
        span=Span(800, 1000),
    )
    document = Document(
        id="d1",
        title="嘉兴市人民政府关于印发\x1f市区支持农业农村发展若干财政政策意见的通知",
        kind="通知",
        issuer_mark="嘉兴市人民政府文件",
        doc_number=number,
        addressees=("各县(市、区)人民政府", "市政府各部门、直属各单位"),
        body=(
            Paragraph("现将《意见》印发给你们，请认真贯彻执行。", span=Span(100, 120)),
            Section(
                id="d1.s1",
                style=SectionStyle.HANZI,
                marker="一、",
                number=1,
                level=1,
                heading="总体要求",
                children=(heading,),
                span=Span(190, 600),
                heading_span=Span(192, 196),
            ),
        ),
        attachments=(
            Attachment(
                1,
                "补助标准表",
                omitted=False,
                body=(Paragraph("附件正文 & 说明", span=Span(700, 710)), Table((("a",),))),
                span=Span(690, 720),
            ),
            Attachment(2, "申报表（略）", omitted=True, span=Span(720, 730), header_span=Span(731, 740)),
        ),
        signatories=("嘉兴市人民政府",),
        date="2019-07-15",
        date_source="text",
        notes=("此件公开发布", "本文有删减"),
        enclosures=(enclosure,),
        metadata=(("索引号", "002541934/2019-123456"), ("发布机构", "市政府办公室 & <信息科>"), ("ctrl\x01key", "值\x02")),
        title_entities=(TitleRef("若干财政政策意见", title="若干财政政策意见", span=Span(20, 28)),),
        span=Span(0, 1000),
        title_span=Span(10, 50),
        addressees_span=Span(72, 95),
        signoff_span=Span(740, 770),
        notes_span=Span(770, 790),
        issuer_mark_span=Span(0, 9),
        doc_number_span=Span(10, 30),
        metadata_span=Span(0, 5),
        page=1,
    )
    return Bulletin(
        source=Source(name="jiaxing-2019-07.pdf", format="pdf", encoding=None, sha256="ab" * 32, pages=12),
        title="嘉兴市人民政府公报 2019年第7期",
        issue=Issue(
            name="嘉兴市人民政府公报",
            year=2019,
            number=7,
            total_number=245,
            published="2019-07-31",
            details=(("主办", "嘉兴市人民政府办公室"), ("国内统一连续出版物号", "CN 33-1xxx/D"), ("刊期", "半月刊"),
                     ("地址", "<嘉兴 & \x01 \"路\">")),
            span=Span(0, 12),
            colophon_span=Span(2000, 2100),
        ),
        toc=(
            TocEntry("嘉兴市人民政府关于印发……的通知", category="市政府文件", doc_number=number, page=2, document="d1",
                     span=Span(0, 30)),
            TocEntry("人事任免", span=Span(31, 40)),
        ),
        documents=(document,),
        catalogs=(
            Catalog(
                "2019年市政府发文目录",
                entries=(
                    CatalogEntry("关于……的通知", DocNumber("嘉政发〔2019〕1号", "嘉政发", 2019, 1), span=Span(1010, 1030)),
                    CatalogEntry("嘉兴市人民政府令", DocNumber("嘉兴市人民政府令第5号", "嘉兴市人民政府令", None, 5)),
                ),
                span=Span(1000, 1100),
                title_span=Span(1000, 1009),
            ),
        ),
        furniture=(
            Furniture("page_header", "嘉兴市人民政府公报", 3),
            Furniture("page_footer", "— 3 —", 3),
            Furniture("page_number", "3", 3),
            Furniture("page_footer", "关闭窗口", None, Span(0, 4)),
        ),
        diagnostics=(
            Diagnostic(Severity.WARNING, "numbering-gap", "（二） follows （一）… & <gap>", span=Span(250, 260)),
            Diagnostic(Severity.INFO, "page-break-joined", "joined"),
            Diagnostic(Severity.ERROR, "unplaced-text", "text\x0cwith form feed"),
        ),
        title_span=Span(0, 4),
        toc_span=Span(5, 40),
        text="(not serialized)",
    )


def minimal_bulletin() -> Bulletin:
    """Everything at its default: empty lists, nulls."""
    return Bulletin()


def single_document_bulletin() -> Bulletin:
    return Bulletin(
        source=Source(name=None, format="text", encoding="gb18030"),
        documents=(Document(id="d1", title="关于做好2019年防汛工作的通知", body=(Paragraph("各单位："),)),),
    )


def nasty_bulletin() -> Bulletin:
    """Control characters and backslashes everywhere, unplaceable and overlapping entities."""
    ctrl = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800"
    text = f"开头{ctrl}中间 1000万元 结尾\\n\\\\"
    entities = (
        Amount(f"中间{ctrl[:2]}", value=BIG, unit="元\x00", per="年·村\\", span=Span(0, 1)),  # not found after 中间? found later
        Amount("1000万元", value=Decimal("10000000"), bound="max", span=Span(10, 16)),
        Amount("1000万元", value=Decimal("-0.000001"), min=Decimal("2.5"), max=BIG, span=Span(10, 16)),  # overlaps: not placed
        Quantity("不在文中", value=None, unit="亩\t\\u0041", min=Decimal("1E+3"), max=Decimal("0.10")),  # not in the text
        Duty("", lead=("", "a\tb", "c\\d\x00"), cooperate=(), responsible=("",)),
        DateMention("", value="not-a-date?", month=None, end_year=2022, part="mid\x1f"),
        Fraction("结尾", numerator=-1, denominator=0),
    )
    return Bulletin(
        source=Source(name="we\x01ird\\name.txt", format="text", encoding="utf-8", sha256=None, pages=0),
        title=ctrl,
        documents=(
            Document(
                id="d\x02\\1",
                title=ctrl + "标题",
                kind="通\x03知",
                issuer_mark="",
                doc_number=DocNumber("\x00", "\\", None, 0, span=Span(0, 0)),
                addressees=("", "\x0b"),
                body=(Paragraph(text, entities),),
                title_entities=(TitleRef(ctrl, title=ctrl),),
                date="2019-7-1?",
                metadata=(("", ""), ("k\\", "\x00")),
            ),
        ),
        diagnostics=(Diagnostic(Severity.ERROR, "code\\\x00", ctrl),),
    )


def sample_bulletins() -> dict[str, Bulletin]:
    """Every hand-built sample, by name (also used by the schema and tree-writer tests)."""
    return {
        "full": full_bulletin(),
        "minimal": minimal_bulletin(),
        "single": single_document_bulletin(),
        "nasty": nasty_bulletin(),
    }


def walk_nodes(value):
    """Every dataclass instance in a tree (the node itself first, then its fields in order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from walk_nodes(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from walk_nodes(item)
