"""Tests of jxparse.readers.html: real gov.cn pages from the shared corpus and hand-made fixtures.

The corpus is read in place (``../shared/corpus`` next to the project, or
``$JXPARSE_CORPUS``); its tests skip when that folder is absent.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from jxparse.ast import Severity
from jxparse.errors import DecodeError
from jxparse.readers import SourceText
from jxparse.readers.html import read_html
from conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CORPUS_HTML = sorted(CORPUS.glob("*.html")) if CORPUS.is_dir() else []

WS = re.compile(r"[\s\u3000\u00a0]+")


def squeeze(s: str) -> str:
    return WS.sub("", s)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def lines_of(st: SourceText) -> list[str]:
    assert st.text == "" or st.text.endswith("\n")
    return st.text.split("\n")[:-1] if st.text else []


def assert_clean_lines(st: SourceText) -> None:
    for line in lines_of(st):
        assert line, "no blank lines"
        assert line == line.strip(), repr(line)
        assert "\n" not in line


def corpus_file(prefix: str) -> Path:
    found = sorted(CORPUS.glob(prefix + "-*.html")) if CORPUS.is_dir() else []
    if not found:
        pytest.skip(f"corpus file {prefix}-*.html not available in {CORPUS}")
    return found[0]


def manifest_numbers() -> dict[str, str]:
    """file name -> 文号 column of MANIFEST.md's table."""
    path = CORPUS / "MANIFEST.md"
    numbers: dict[str, str] = {}
    if not path.is_file():
        return numbers
    column = None
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.startswith("|"):
            continue
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if column is None and "文号" in cells:
            column = cells.index("文号")
        elif column is not None and cells[0].endswith(".html") and len(cells) > column:
            numbers[cells[0]] = cells[column]
    return numbers


# --------------------------------------------------------------------------- corpus


@pytest.mark.parametrize(
    "path",
    CORPUS_HTML or [pytest.param(None, marks=pytest.mark.skip(reason="shared corpus not available"))],
    ids=lambda p: p.name if p else "no-corpus",
)
def test_corpus_page(path: Path) -> None:
    data = path.read_bytes()
    st = read_html(data, name=path.name)
    assert st.format == "html"
    assert st.name == path.name
    assert st.encoding == "utf-8"
    assert st.sha256 == hashlib.sha256(data).hexdigest()
    assert st.diagnostics == ()

    meta = dict(st.metadata)
    assert meta.get("标题"), st.metadata
    assert "发文字号" in meta
    assert list(meta)[:4] == ["索引号", "主题分类", "发文机关", "成文日期"]
    expected = manifest_numbers().get(path.name)
    assert expected, f"{path.name} not in MANIFEST.md"
    assert meta["发文字号"] == expected

    text = st.text
    assert text.strip()
    assert "<" not in text and ">" not in text
    assert "扫一扫" not in text
    for word in ("javascript", "window.", "document.", "function(", "AddFavorite"):
        assert word not in text
    for key in ("索引号", "主题分类", "发布日期"):
        assert key not in text  # the metadata table is not body text
    assert_clean_lines(st)

    head = squeeze("".join(lines_of(st)[:8]))
    assert squeeze(meta["标题"]) in head

    # nothing of the body is lost: same characters as the container's text, up to whitespace
    import lxml.html

    container = lxml.html.document_fromstring(data.decode("utf-8")).get_element_by_id("UCAP-CONTENT")
    body_only = re.sub(r"\[图片[^\]]*\]", "", text)
    assert squeeze(body_only) == squeeze(container.text_content())


def test_corpus_001_ends_with_note() -> None:
    st = read_html(corpus_file("001").read_bytes())
    lines = lines_of(st)
    assert lines[-1] == "（此件公开发布）"
    assert lines[-3:-1] == ["国务院", "2019年1月27日"]  # &nbsp; padding gone
    # title split by <br> inside one <p>: consecutive lines, 文号 right after
    assert lines[:3] == ["国务院关于在市场监管领域全面推行", "部门联合“双随机、一公开”监管的意见", "国发〔2019〕5号"]


def test_corpus_008_joint_signoff() -> None:
    st = read_html(corpus_file("008").read_bytes())
    lines = lines_of(st)
    assert "国务院办公厅\u3000中央军委办公厅" in lines
    assert lines[-2:] == ["国务院办公厅\u3000中央军委办公厅", "一九九六年六月二十九日"]
    assert lines[:3] == ["国务院办公厅、中央军委办公厅", "关于加强对侵华日军遗弃化学武器", "调查和管理工作的通知"]


def test_corpus_012_chapter_heading() -> None:
    st = read_html(corpus_file("012").read_bytes())
    lines = lines_of(st)
    assert "第一章\u3000总\u3000\u3000则" in lines
    assert "第九章\u3000附\u3000\u3000则" in lines
    assert any(line.startswith("第一条\u3000根据") for line in lines)
    assert dict(st.metadata)["发文字号"] == "国发〔2018〕41号"


def test_corpus_013_images() -> None:
    st = read_html(corpus_file("013").read_bytes())
    images = [line for line in lines_of(st) if line.startswith("[图片")]
    assert len(images) == 9
    assert images[0] == "[图片: 243b66761e7645eb8f9c9019903985bf.jpg]"
    lines = lines_of(st)
    assert lines[lines.index(images[0]) + 1] == "图1\u3000汽车号牌编码规则"
    assert lines[-1] == "[图片: bfac2e7d83a54bad90c142f862c72499.jpg]"


def test_corpus_015_spaced_title_kept() -> None:
    st = read_html(corpus_file("015").read_bytes())
    assert lines_of(st)[1] == "几 个 问 题 的 通 知"


def test_corpus_metadata_values() -> None:
    st = read_html(corpus_file("001").read_bytes())
    assert st.metadata == (
        ("索引号", "000014349/2019-00007"),
        ("主题分类", "市场监管、安全生产监管\\工商"),
        ("发文机关", "国务院"),
        ("成文日期", "2019年01月27日"),
        ("标题", "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"),
        ("发文字号", "国发〔2019〕5号"),
        ("发布日期", "2019年02月15日"),
        ("主题词", ""),
    )
    st10 = read_html(corpus_file("010").read_bytes())
    assert dict(st10.metadata)["主题词"] == "经济管理\u3000考察\u3000措施\u3000函"


def test_corpus_str_and_bytes_agree() -> None:
    path = corpus_file("002")
    data = path.read_bytes()
    a = read_html(data)
    b = read_html(data.decode("utf-8"))
    assert a.text == b.text and a.metadata == b.metadata
    assert a.sha256 == b.sha256  # the UTF-8 encoding of the str is the file
    assert b.encoding is None


def test_corpus_fallback_without_container() -> None:
    """Without UCAP-CONTENT the whole body is read: same text, metadata table left out, a warning."""
    source = corpus_file("001").read_text(encoding="utf-8")
    normal = read_html(source)
    fallback = read_html(source.replace('id="UCAP-CONTENT"', ""))
    assert fallback.text == normal.text
    assert fallback.metadata == normal.metadata
    assert [d.code for d in fallback.diagnostics] == ["html-no-content"]
    assert fallback.diagnostics[0].severity is Severity.WARNING


# --------------------------------------------------------------------------- decoding


def test_gb18030_with_meta_charset() -> None:
    data = fixture("gb18030-meta.html")
    st = read_html(data, name="gb18030-meta.html")
    assert st.encoding == "gb18030"  # gb2312 label, decoded with its superset (㐀 is GB18030-only)
    assert st.sha256 == hashlib.sha256(data).hexdigest()
    assert lines_of(st) == [
        "某某县人民政府关于做好喆、镕、堃、㐀等",
        "生僻字录入工作的通知",
        "某政发〔2019〕7号",
        "各乡镇人民政府：",
        "请做好喆、镕、堃、㐀等生僻字的录入工作。",
        "某某县人民政府",
        "2019年3月8日",
    ]
    assert st.metadata == (
        ("标题", "某某县人民政府关于做好喆、镕、堃、㐀等生僻字录入工作的通知"),
        ("发文字号", "某政发〔2019〕7号"),
        ("成文日期", "2019年03月08日"),
    )
    assert st.diagnostics == ()


def test_gb18030_without_declaration_falls_back() -> None:
    data = fixture("gb18030-meta.html").replace(b"charset=gb2312", b"")
    st = read_html(data)
    assert st.encoding == "gb18030"
    assert "生僻字录入工作的通知" in st.text


def test_encoding_argument_overrides() -> None:
    data = fixture("gb18030-meta.html")
    assert read_html(data, encoding="GBK").encoding == "gb18030"
    with pytest.raises(DecodeError) as info:
        read_html(data, name="gb.html", encoding="utf-8")
    assert info.value.source == "gb.html"
    assert info.value.offset is not None
    with pytest.raises(DecodeError):
        read_html(data, encoding="no-such-codec")


def test_utf8_bom_wins_over_meta() -> None:
    data = fixture("utf8-bom.html")
    assert data.startswith(b"\xef\xbb\xbf")
    st = read_html(data)
    assert st.encoding == "utf-8"
    assert st.sha256 == hashlib.sha256(data).hexdigest()
    assert lines_of(st) == ["带字节顺序标记的页面", "声明写的是 gbk，但 BOM 说它是 UTF-8。"]
    assert "\ufeff" not in st.text


def test_utf16_bom() -> None:
    page = "<html><body><div id='UCAP-CONTENT'><p>十六位编码</p></div></body></html>"
    st = read_html(b"\xff\xfe" + page.encode("utf-16-le"))
    assert st.encoding == "utf-16-le"
    assert st.text == "十六位编码\n"


def test_declared_charset_wrong_gives_warning() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><div id="UCAP-CONTENT"><p>国务院办公厅</p></div></body></html>'
    st = read_html(page.encode("gb18030"))
    assert st.encoding == "gb18030"
    assert st.text == "国务院办公厅\n"
    assert [d.code for d in st.diagnostics] == ["html-charset-mismatch"]


def test_western_label_on_chinese_bytes_not_trusted() -> None:
    page = '<meta charset="iso-8859-1"><div id="UCAP-CONTENT"><p>中文</p></div>'
    st = read_html(page.encode("gb18030"))
    assert (st.encoding, st.text) == ("gb18030", "中文\n")
    assert [d.code for d in st.diagnostics] == ["html-charset-mismatch"]
    latin = read_html('<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1"))
    assert latin.encoding == "iso8859-1" and "café" in latin.text


def test_commented_out_meta_ignored_and_unknown_label() -> None:
    page = '<!-- <meta charset="big5"> --><meta charset="gbk"><div id="UCAP-CONTENT"><p>中文</p></div>'
    assert read_html(page.encode("gb18030")).encoding == "gb18030"
    st = read_html('<meta charset="x-no-such"><div id="UCAP-CONTENT"><p>中文</p></div>'.encode("utf-8"))
    assert st.encoding == "utf-8" and st.text == "中文\n"
    assert [d.code for d in st.diagnostics] == ["html-charset-unknown"]


def test_undecodable_bytes_raise_with_offset() -> None:
    data = fixture("undecodable.html")
    bad = data.index(b"\xff")
    with pytest.raises(DecodeError) as info:
        read_html(data, name="undecodable.html")
    err = info.value
    assert err.offset == bad
    assert err.source == "undecodable.html"
    assert err.line == 3 and err.column == 10  # "<p>坏字节在这里" precedes the bad byte on line 3
    assert str(err).startswith("undecodable.html:3:10: ")
    assert str(bad) in str(err)


# --------------------------------------------------------------------------- markup


def test_broken_markup_does_not_crash() -> None:
    st = read_html(fixture("broken-markup.html"))
    lines = lines_of(st)
    assert lines[:3] == ["第一段加粗", "第二段未闭合", "第三段"]
    assert "实体：<不是标签> & \"引号\" © 中文 & 无分号 &undefined; 结束" in lines
    assert "甲\t乙" in lines and "丙\t丁" in lines
    assert "1.项目一" in lines
    assert "最后一段" in lines
    for leaked in ("不应出现", "注释", "Print", "supportLists", "endif"):
        assert leaked not in st.text
    assert_clean_lines(st)


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   \n",
        "<",
        "</p></div></body>",
        "<html><body><p>未闭合" + "<div>" * 3000 + "深层" + "<span>" * 3000,
        "<p>\x00控制\x01字符\x0b</p>",
        "<p>孤立代理\ud800字符</p>",
        "<table><td><table><tr><td>a<td>b</table>",
    ],
)
def test_odd_input_never_crashes(page: str) -> None:
    st = read_html(page)
    assert isinstance(st.text, str)
    assert_clean_lines(st)


def test_empty_page_warns() -> None:
    st = read_html(b"")
    assert st.text == ""
    assert [d.code for d in st.diagnostics] == ["html-no-content"]


def test_deep_nesting_keeps_text() -> None:
    st = read_html("<div id='UCAP-CONTENT'>" + "<span>" * 1500 + "深层文字" + "</span>" * 1500 + "</div>")
    assert st.text == "深层文字\n"
    assert st.diagnostics == ()
    # many unclosed inline tags, one per paragraph (a real failure mode of old CMS pages)
    st = read_html("<div id='UCAP-CONTENT'>" + "".join(f"<p><font>第{i}段" for i in range(600)) + "</div>")
    assert lines_of(st)[-1] == "第599段"


def test_too_deep_nesting_keeps_the_text_or_fails() -> None:  # issue 20.12: no text lost behind a warning
    st = read_html("<div id='UCAP-CONTENT'><p>开头</p>" + "<span>" * 5000 + "深层文字" + "</span>" * 5000
                   + "<p>结尾</p></div>")
    assert st.text == "开头\n深层文字\n结尾\n"
    assert [d.code for d in st.diagnostics] == ["html-deep-nesting"]
    st = read_html("<div id='UCAP-CONTENT'><p>开头</p>" + "<div>" * 5000 + "深层文字" + "</div>" * 5000 + "</div>")
    assert st.text == "开头\n深层文字\n"  # block nesting: read as flat paragraphs, warned
    assert "html-deep-nesting" in [d.code for d in st.diagnostics]


def test_external_entity_not_resolved(monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES)  # the relative SYSTEM id would resolve here
    st = read_html(fixture("xxe-doctype.html"), name="xxe-doctype.html")
    assert "XXE-SECRET-CONTENT" not in st.text
    assert "ENTITY" not in st.text and "]>" not in st.text
    assert lines_of(st) == ["正文开始 &xxe; &remote; 正文结束"]


def test_external_entity_absolute_path_not_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-FILE-CONTENT", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        f'<html><body><div id="UCAP-CONTENT"><p>甲&xxe;乙</p></div></body></html>'
    )
    for data in (page, page.encode("utf-8")):
        st = read_html(data)
        assert "TOP-SECRET" not in st.text
        assert st.text == "甲&xxe;乙\n"


def test_trs_editor_container() -> None:
    st = read_html(fixture("trs-editor.html"), name="trs-editor.html")
    assert lines_of(st) == [
        "某某市人民政府办公室关于印发",
        "某某市政务公开工作要点的通知",
        "各县（市、区）人民政府，市政府各部门：",
        "《某某市政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻执行。",
        "附件：某某市政务公开工作要点",
        "[图片: 区域示意图]",
        "[图片: P020190720_photo.jpg]",
        "某某市人民政府办公室",
        "2019年7月19日",
    ]
    assert st.metadata == (
        ("索引号", "113304000025/2019-01234"),
        ("发布机构", "市政府办公室"),
        ("文号", "某政办发〔2019〕34号"),
        ("名称", "某某市人民政府办公室关于印发某某市政务公开工作要点的通知"),
    )
    assert st.diagnostics == ()
    for chrome in ("脚本", "首页", "当前位置", "分享到", "微信", "扫一扫", "版权所有", "纠错", "打印", "隐藏文字", "字体"):
        assert chrome not in st.text


@pytest.mark.parametrize(
    "attrs",
    ['class="view TRS_UEDITOR trs_paper_default"', 'id="zoom"', 'id="Zoom"', 'class="pages_content"', 'class="conTxt"', 'class="content"'],
)
def test_other_containers(attrs: str) -> None:
    page = f'<html><body><div class="menu">菜单</div><div {attrs}><p>正文</p></div><div class="x">页脚文字</div></body></html>'
    st = read_html(page)
    assert st.text == "正文\n"
    assert st.diagnostics == ()


def test_container_priority_and_nesting() -> None:
    page = (
        '<div class="content"><p>外层导语</p><div class="TRS_Editor"><p>真正的正文</p></div></div>'
        '<div id="UCAP-CONTENT"></div>'  # empty: skipped
    )
    assert read_html(page).text == "真正的正文\n"


def test_nested_tables() -> None:
    st = read_html(fixture("nested-tables.html"))
    assert lines_of(st) == [
        "某某市人民政府关于公布2019年项目资金的通知",
        "各县（市、区）人民政府：",
        "现将项目资金安排公布如下。",
        "表1\u3000项目资金安排表",
        "序号\t项目名称\t金额（万元）\t备注",
        "1\t农村道路 改造工程\t500",
        "2\t水利设施 维修\t\t待定",
        "合计\t500",
        "以上资金请专款专用。",
        "某某市人民政府",
        "2019年7月15日",
    ]
    assert st.metadata == ()


def test_br_and_nbsp() -> None:
    st = read_html(fixture("br-nbsp.html"))
    assert lines_of(st) == [
        "关于做好",
        "2019年春节期间",
        "安全工作的通知",
        "各乡镇人民政府，县政府各部门：",  # source line break between CJK characters removed
        "为切实做好 春节期间 安全工作，现通知如下。",  # &nbsp; and space runs -> one space
        "一、加强领导。",  # leading U+3000 indentation stripped
        "第一章\u3000总\u3000\u3000则",  # inner U+3000 kept
        "附件：1. 安全检查表",
        "县人民政府办公室\u3000县应急管理局",  # right-aligned padding gone
        "2019年1月20日",
        "Line one",
        "Line two",  # <br><br> gives no blank line
    ]


def test_no_content_container_warns() -> None:
    st = read_html(fixture("no-content.html"), name="no-content.html")
    assert lines_of(st) == ["正文第一段。", "正文第二段。"]
    assert len(st.diagnostics) == 1
    diag = st.diagnostics[0]
    assert diag.code == "html-no-content" and diag.severity is Severity.WARNING and diag.span is None


def test_images_and_icons() -> None:
    page = (
        '<div id="UCAP-CONTENT"><p>图示<img src="a/b/c.png?x=1#y">如下</p>'
        '<p><img src="spacer.gif" width="1" height="1"><img alt=" 示意 图 " src="z.jpg"></p>'
        '<p><img src="data:image/png;base64,AAAA"></p>'
        '<table><tr><td>样式</td><td><img src="t.jpg" alt="表内图"></td></tr></table></div>'
    )
    assert lines_of(read_html(page)) == ["图示", "[图片: c.png]", "如下", "[图片: 示意 图]", "[图片]", "样式\t[图片: 表内图]"]


def test_pre_and_lists() -> None:
    page = '<div id="UCAP-CONTENT"><pre>第一行\n  第二行   有空格\n\n第三行</pre><ul><li>甲</li><li>乙<br>丙</li></ul><h2>标题</h2><dl><dt>术语</dt><dd>释义</dd></dl></div>'
    assert lines_of(read_html(page)) == ["第一行", "第二行 有空格", "第三行", "甲", "乙", "丙", "标题", "术语", "释义"]


def test_layout_table_signoff_not_merged() -> None:
    page = '<div id="UCAP-CONTENT"><p>正文。</p><table><tr><td></td><td>国务院<br>2019年1月27日</td></tr></table></div>'
    assert lines_of(read_html(page)) == ["正文。", "国务院", "2019年1月27日"]


def test_metadata_key_normalisation_and_forms() -> None:
    page = (
        "<table><tr><td>标\u3000\u3000题：</td><td>某通知</td><td>发 文 字 号:</td><td> 某发〔2020〕1号 </td></tr>"
        "<tr><td>成文日期&nbsp;：</td><td>2020年1月2日</td></tr></table>"
        '<div id="UCAP-CONTENT"><table><tr><td>发文机关：</td><td>______</td></tr></table><p>正文</p></div>'
    )
    st = read_html(page)
    assert st.metadata == (("标题", "某通知"), ("发文字号", "某发〔2020〕1号"), ("成文日期", "2020年1月2日"))
    # a one-key form inside the body stays body text
    assert lines_of(st) == ["发文机关：\t______", "正文"]


def test_str_input_with_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="gb2312"?><html><body><div id="UCAP-CONTENT"><p>字符串输入</p></div></body></html>'
    st = read_html(page, name="s.html", encoding="gb2312")
    assert st.text == "字符串输入\n"
    assert st.encoding == "gb2312"
    assert st.sha256 == hashlib.sha256(page.encode("utf-8")).hexdigest()


def test_chrome_lines_removed_inside_container() -> None:
    page = (
        '<div id="UCAP-CONTENT"><p>正文</p><p>【我要纠错】【打印】【关闭】</p><p>[打印] | [关闭窗口]</p>'
        "<p>【字体：大 中 小】</p><p>分享到：</p><p>扫一扫在手机打开当前页</p><p>打印本页时请注意格式</p></div>"
    )
    assert lines_of(read_html(page)) == ["正文", "打印本页时请注意格式"]
