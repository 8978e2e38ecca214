"""OFD input (issue 17): the bundled bulletin as OFD gives the tree of its text; the real OFD files of
the shared corpus give the facts read off them by hand; bad packages stop with a clear message."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest
from click.testing import CliRunner

import jxparse
from conftest import CORPUS, SAMPLES
from invariants import check_spans, uncovered
from jxparse.ast import Paragraph, Table
from jxparse.cli import main
from jxparse.errors import InputError, OfdError
from jxparse.readers.ofd import MM, read_ofd
from ofd_pieces import NS, add_office_tags, minimal_entries, package, page_xml
from test_pdf_pipeline import _projection

SAMPLE_OFD = SAMPLES.parent / "tests" / "fixtures" / "ofd" / "jiaxing-2019-07.ofd"
OFD_CORPUS = CORPUS / "ofd"


def corpus(name: str):
    path = OFD_CORPUS / f"{name}.ofd"
    if not path.is_file():
        pytest.skip(f"corpus file {name}.ofd not present")
    return path


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def ofd_tree():
    return jxparse.parse_file(SAMPLE_OFD)


# --------------------------------------------------------------------------- the bundled bulletin


def test_bulletin_ofd_gives_the_tree_of_the_text(ofd_tree, sample_bulletin):
    documents, amounts = _projection(ofd_tree)
    expected_documents, expected_amounts = _projection(sample_bulletin)
    assert len(documents) == len(expected_documents) == 6
    for got, expected in zip(documents, expected_documents):  # fact by fact, so a failure says which
        for key in ("title", "number", "date", "addressees", "signatories", "sections", "attachments", "enclosures"):
            assert got[key] == expected[key], (expected["title"], key)
    assert len(amounts) == 88 and amounts == expected_amounts
    assert len(ofd_tree.toc) == len(sample_bulletin.toc) and len(ofd_tree.catalogs) == 1
    check_spans(ofd_tree)
    assert uncovered(ofd_tree) == []


def test_bulletin_ofd_source_furniture_and_metadata(ofd_tree):
    source = ofd_tree.source
    assert (source.format, source.pages, source.name) == ("ofd", 50, "jiaxing-2019-07.ofd")
    # the running head stands on one template page shared by pages 2-50: furniture, never body
    heads = [f for f in ofd_tree.furniture if f.kind == "page_header"]
    assert [f.page for f in heads] == list(range(2, 51))
    assert {squeeze(f.text) for f in heads} == {"嘉兴市人民政府公报2019年第7期"}
    numbers = [f for f in ofd_tree.furniture if f.kind == "page_number"]
    assert [f.page for f in numbers] == list(range(1, 51)) and squeeze(numbers[6].text) == "—7—"
    assert "嘉兴市人民政府公报2019年第7期" not in squeeze(ofd_tree.text)
    assert "ofd-template-furniture" in {d.code for d in ofd_tree.diagnostics}
    source_text = read_ofd(SAMPLE_OFD)
    meta = dict(source_text.metadata)
    assert meta["signed"] == "yes" and meta["signatures"] == "1" and meta["seal_pages"] == "50"
    assert meta["doc_info_title"] == "嘉兴市人民政府公报 2019年第7期"


def test_bulletin_ofd_boxes_are_the_pdf_boxes_in_points():
    """mm -> pt: every paragraph's box lies where the PDF of the same layout puts it (within 2 pt
    vertically: OFD gives no glyph metrics, the reader assumes them)."""
    from jxparse.readers.pdf import read_pdf

    ofd = read_ofd(SAMPLE_OFD)
    pdf = read_pdf(SAMPLES / "jiaxing-2019-07.pdf", engine="pdfium")
    def by_text(source):
        out = {}
        for o in source.origins:
            out.setdefault(squeeze(source.text[o.start:o.end]), []).append(o)
        return {key: found[0] for key, found in out.items() if len(found) == 1}  # texts printed once

    pdf_lines = by_text(pdf)
    ofd_lines = by_text(ofd)
    matched = 0
    for key, o in ofd_lines.items():
        other = pdf_lines.get(key)
        if other is None:
            continue
        matched += 1
        assert o.page == other.page
        assert abs(o.bbox[0] - other.bbox[0]) < 1.0 and abs(o.bbox[1] - other.bbox[1]) < 4.0
    assert matched >= 0.8 * len(ofd.origins)
    assert max(o.bbox[2] for o in ofd.origins) < 595.3  # an A4 page in points, not 210 mm


# --------------------------------------------------------------------------- the real files


def test_fujian_notice():
    bulletin = jxparse.parse_file(corpus("fujian-minzhengban-2021-055"))
    (document,) = bulletin.documents
    number = document.doc_number
    assert (number.agency, number.year, number.serial) == ("闽政办", 2021, 55)
    assert document.title == "福建省人民政府办公厅关于进一步强化农村建房安全管理的通知"
    assert str(document.date) == "2021-09-30"
    assert document.signatories == ("福建省人民政府办公厅",)
    assert document.addressees[0] == "各市、县（区）人民政府" and document.addressees[-1] == "各高等院校"
    assert [(a.number, a.title) for a in document.attachments] == [(1, "农村建房安全管理责任清单"), (2, "农村建房监管要点")]
    assert [s.number for s in document.body if hasattr(s, "number")][:6] == [1, 2, 3, 4, 5, 6]
    # the GB/T 33476 tags (Tag_OfficeDoc.xml) name objects by ID; their text is metadata evidence
    meta = dict(document.metadata)
    assert meta["发文字号"] == "闽政办〔2021〕55号" and meta["成文日期"] == "2021年9月30日"
    assert meta["发文机关名称"] == "福建省人民政府办公厅" and meta["附注"] == "（此件主动公开）"
    assert meta["标题"] == document.title and "年份" not in meta
    # page numbers: upright on the portrait pages, rotated (CTM 0 1 -1 0) on the landscape pages 6-10
    numbers = [(f.page, squeeze(f.text)) for f in bulletin.furniture if f.kind == "page_number"]
    assert numbers == [(n, f"—{n}—") for n in range(1, 12)]
    text = bulletin.text
    assert "— 7 —" not in text and "—7—" not in squeeze(text)
    # the two 附件 tables, found from the rules, each one table across its pages (附件1: pages 6-8)
    tables = [d.message for d in bulletin.diagnostics if d.code == "pdf-table"]
    assert len(tables) == 2 and "on page 6-8" in tables[0] and "on page 9-10" in tables[1]
    # a 、 set alone in a narrow object at a cell's right edge stays in its cell
    assert "\n、\n" not in text


def test_luqiao_reply_seal_and_split_doc_number():
    path = corpus("luqiao-luweifa-2011-076")
    source = read_ofd(path)
    bulletin = jxparse.parse_file(path)
    document = bulletin.documents[0]
    assert (document.doc_number.agency, document.doc_number.year, document.doc_number.serial) == ("路卫发", 2011, 76)
    assert document.title == "关于同意张阿三同志辞职的批复"
    assert document.addressees == ("区中医院",) and str(document.date) == "2011-03-10"
    # the cited 文号 broken across two printed lines is joined back
    assert "（路中医发〔2011〕10号）收悉。" in source.text
    meta = dict(source.metadata)
    # StampAnnot PageRef="1021" is the ID of the second page
    assert meta["signed"] == "yes" and meta["seal_pages"] == "2" and meta["signer"] == "某某省人力资源和社会测试章"
    assert "测试章" not in source.text
    assert [f.text for f in source.furniture] == ["— 1 —", "— 2 —"]


def test_bengbu_letter_lines_by_baseline_and_outlines():
    source = read_ofd(corpus("bengbu-guotuju-han-2023"))
    bulletin = jxparse.parse_file(corpus("bengbu-guotuju-han-2023"))
    (document,) = bulletin.documents
    assert document.title == "关于加快南货场铁路涵洞下穿建设的函"
    assert document.addressees == ("蚌山区政府",) and str(document.date) == "2023-07-12"
    assert document.doc_number is None
    # digits in another font, their Boundary 0.18 mm off, stay on their line
    assert "根据我市 2023" in source.text and "根据我市2023年房地产用地供应计划" in squeeze(source.text)
    # the issuer's mark is drawn as outlines and the seal is an image: no text invented, no table of rules
    assert "蚌埠市国土资源局" not in source.text and "\t" not in source.text
    assert "ofd-images" in {d.code for d in source.diagnostics}
    assert dict(source.metadata)["doc_info_title"] == "蚌埠市国土资源局"


def test_shizhengfu_form_annotation_text_stays_out():
    source = read_ofd(corpus("shizhengfu-shouwen-chulidan-2020"))
    assert "测试文本注释" not in source.text
    assert "府办专督〔2020〕 24号" in source.text  # three objects on two baselines, one cell
    assert "市委主要领导同志调研后续落实事项的通知" in source.text  # CTM 0.3528 with Size in points
    assert dict(source.metadata)["stamp_annotations"] == "4"


def test_kuangchan_licence_text_on_templates():
    source = read_ofd(corpus("kuangchan-kancha-xukezheng-2022"))
    flat = squeeze(source.text)
    # page 1 has no text of its own: its template holds all of it (CTM 9.17 / 4.94 with Size 1)
    first_page = squeeze("".join(source.text[o.start:o.end] for o in source.origins if o.page == 1))
    assert "一、探矿权人应在批准的勘查范围内依法进行勘查活动。" in first_page and "矿产资源勘查许可证" in first_page
    assert "探矿权人：test123" in flat and "T32132132132132132" in flat
    assert dict(source.metadata)["signatures"] == "2" and not source.furniture


def test_linxiang_values_and_malformed_tag_file():
    source = read_ofd(corpus("linxiang-yongdi-yushen-xuanzhi-2022"))
    assert "批复（临翔发改复[2018]172号）" in source.text
    assert "临沧市临翔区自然资源局" in source.text and "2022年08月23日" in source.text
    # the field names are only in Tags/CustomTag.xml, which is not well-formed (<:params xmlns:="">):
    # read with recovery, it names each value
    meta = dict(source.metadata)
    assert meta["发证机关"] == "临沧市临翔区自然资源局" and meta["用字第号"] == "530902202200014"
    assert meta["项目代码"] == "2018-530902-70-01-002747"


def test_jianzhu_doubled_template_glyphs_read_once():
    source = read_ofd(corpus("jianzhu-shigong-xukezheng-2020"))
    flat = squeeze(source.text)
    assert "建建筑筑" not in flat and "工工程程" not in flat
    assert "建筑工程施工许可证" in flat and "建筑工程项目明细单" in flat
    # the certificate's ruled fields are table rows; the ornamental border's empty grid is no table
    assert "建设单位\t中华安保有限公司" in source.text
    assert sum(1 for d in source.diagnostics if d.code == "pdf-table") <= 8
    meta = dict(source.metadata)
    assert meta["signer"] == "云南省住房和城乡建设厅" and meta["seal_pages"] == "1, 2"


def test_every_corpus_file_satisfies_the_invariants():
    paths = sorted(OFD_CORPUS.glob("*.ofd")) if OFD_CORPUS.is_dir() else []
    if not paths:
        pytest.skip("no OFD corpus")
    for path in paths:
        bulletin = jxparse.parse_file(path)
        check_spans(bulletin)
        assert uncovered(bulletin) == [], path.name
        for node in (b for d in bulletin.documents for b in d.body if isinstance(b, (Paragraph, Table))):
            assert node.page is not None and node.bbox is not None


# --------------------------------------------------------------------------- CLI, writers, batch


def test_cli_text_and_every_writer(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["convert", "-t", "text", str(SAMPLE_OFD)])
    assert result.exit_code == 0 and result.stdout == read_ofd(SAMPLE_OFD).text
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", "-t", "json,xml,md,tree,text", "-o", str(out), str(SAMPLE_OFD)])
    assert result.exit_code == 0, result.output
    stem = SAMPLE_OFD.stem
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len(files) == 5 and all(name.startswith(stem) for name in files)
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert data["source"]["format"] == "ofd"
    assert jxparse.loads(next(out.glob("*.xml")).read_text(encoding="utf-8")).source.format == "ofd"
    # the contract (JSON Schema, XSD) knows the format
    result = runner.invoke(main, ["validate", str(next(out.glob("*.json"))), str(next(out.glob("*.xml")))])
    assert result.exit_code == 0, result.output


def test_batch_folder_walk_and_skip_existing(tmp_path):
    archive = tmp_path / "archive"
    (archive / "2019").mkdir(parents=True)
    shutil.copy(SAMPLE_OFD, archive / "2019" / "bulletin.ofd")
    (archive / "2019" / "note.txt").write_text("嘉兴市人民政府\n\n关于测试的通知\n", encoding="utf-8")
    out = tmp_path / "out"
    manifest = tmp_path / "m.jsonl"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(archive), "-o", str(out), "-t", "json", "-j", "1",
                                  "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert (out / "2019" / "bulletin.json").is_file()
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    ofd_line = next(line for line in lines if line["path"].endswith(".ofd"))
    assert ofd_line["status"] in ("ok", "warnings") and ofd_line["pages"] == 50
    before = (out / "2019" / "bulletin.json").stat().st_mtime_ns
    result = runner.invoke(main, ["convert", str(archive), "-o", str(out), "-t", "json", "-j", "1",
                                  "--skip-existing", "--manifest", str(manifest)])
    assert result.exit_code == 0 and "2 skipped" in result.stderr
    assert (out / "2019" / "bulletin.json").stat().st_mtime_ns == before


def test_ofd_told_by_content_and_by_format(tmp_path):
    renamed = tmp_path / "archive-item.bin"
    renamed.write_bytes(package(minimal_entries()))
    assert jxparse.load_source(renamed).format == "ofd"
    plain = tmp_path / "x.txt"
    plain.write_bytes(package(minimal_entries()))
    assert jxparse.load_source(plain, format="ofd").format == "ofd"
    source = jxparse.source_from_bytes(package(minimal_entries()), name="stdin.ofd", format="ofd")
    assert "嘉政发〔2019〕15号" in source.text
    result = CliRunner().invoke(main, ["convert", "--format", "ofd", "-t", "text", "-"],
                                input=package(minimal_entries()))
    assert result.exit_code == 0 and "一、总体要求" in result.output


def test_minimal_package_tree():
    source = read_ofd(package(minimal_entries()), name="m.ofd")
    from jxparse.pipeline import parse_source

    (document,) = parse_source(source).documents
    assert document.title == "嘉兴市人民政府关于测试工作的通知"
    assert (document.doc_number.agency, document.doc_number.serial) == ("嘉政发", 15)
    assert document.signatories == ("嘉兴市人民政府",) and str(document.date) == "2019-07-15"
    assert [f.kind for f in source.furniture] == ["page_number", "page_number"]
    assert dict(source.metadata)["signed"] == "no"


# --------------------------------------------------------------------------- bad packages


def _with(change) -> bytes:
    entries = minimal_entries()
    change(entries)
    return package(entries)


def _bomb() -> bytes:
    entries = minimal_entries()
    entries["Doc_0/Res/padding.xml"] = b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>"
    return package(entries)


def _escaping() -> bytes:
    return _with(lambda e: e.__setitem__("../../evil.xml", b"<x/>"))


def _doctype(e):
    e["Doc_0/Document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
                               + e["Doc_0/Document.xml"].split(b"?>", 1)[1])


def _no_position(e):
    e["Doc_0/Pages/Page_1/Content.xml"] = page_xml(
        '<ofd:TextObject ID="5" Boundary="10 10 50 8" Font="1" Size="5"><ofd:TextCode>无位置文字</ofd:TextCode>'
        "</ofd:TextObject>")


def _no_text(e):
    for name in ("Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml"):
        e[name] = page_xml('<ofd:ImageObject ID="7" Boundary="0 0 210 297" ResourceID="3"/>')


def _glyph_indexes_only(e):
    for name in ("Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml"):
        e[name] = page_xml(
            '<ofd:TextObject ID="5" Boundary="10 10 50 8" Font="1" Size="5"><ofd:CGTransform CodePosition="0" '
            'CodeCount="2" GlyphCount="2"><ofd:Glyphs>3755 3069</ofd:Glyphs></ofd:CGTransform>'
            '<ofd:TextCode X="0" Y="4"></ofd:TextCode></ofd:TextObject>')


BAD = [
    ("empty", lambda: b"", "empty"),
    ("not a zip", lambda: "嘉兴市人民政府公报\n".encode(), "no ZIP"),
    ("damaged zip", lambda: package(minimal_entries())[:200], "damaged"),
    ("no OFD.xml", lambda: _with(lambda e: e.pop("OFD.xml")), "no OFD.xml"),
    ("broken OFD.xml", lambda: _with(lambda e: e.__setitem__("OFD.xml", b"<ofd:OFD xmlns:ofd='x'><ofd:DocBody>")),
     "entry 'OFD.xml': not well-formed XML"),
    ("no DocRoot", lambda: _with(lambda e: e.__setitem__("OFD.xml", f'<ofd:OFD xmlns:ofd="{NS}"/>'.encode())),
     "DocRoot is missing"),
    ("missing page", lambda: _with(lambda e: e.pop("Doc_0/Pages/Page_1/Content.xml")),
     "entry 'Doc_0/Pages/Page_1/Content.xml': the entry is missing"),
    ("escaping entry", _escaping, "entry '../../evil.xml': the entry name leaves the package"),
    ("escaping reference", lambda: _with(lambda e: e.__setitem__(
        "OFD.xml", e["OFD.xml"].replace(b"Doc_0/Document.xml", b"../../etc/passwd"))), "leaves the package"),
    ("bomb", _bomb, "decompression bomb"),
    ("doctype", lambda: _with(_doctype), "entry 'Doc_0/Document.xml': XML with a DOCTYPE"),
    ("text without position", lambda: _with(_no_position), "has no position"),
    ("no text", lambda: _with(_no_text), "no text"),
    ("glyph indexes without text", lambda: _with(_glyph_indexes_only), "no Unicode text"),
]


@pytest.mark.parametrize("data_of, message", [(d, m) for _, d, m in BAD], ids=[n for n, _, _ in BAD])
def test_bad_packages_name_file_and_entry(tmp_path, data_of, message):
    path = tmp_path / "bad.ofd"
    path.write_bytes(data_of())
    with pytest.raises(OfdError) as info:
        read_ofd(path)
    assert isinstance(info.value, InputError)
    assert message in str(info.value) and str(path) in str(info.value)
    result = CliRunner().invoke(main, ["convert", "-t", "json", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and str(path) in result.output and message in result.output


def test_bad_package_in_batch_writes_nothing(tmp_path):
    archive = tmp_path / "in"
    archive.mkdir()
    (archive / "bad.ofd").write_bytes(_escaping())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(archive), "-o", str(out), "-t", "json", "-j", "1"])
    assert result.exit_code == 1 and "leaves the package" in result.output + result.stderr
    assert not list(out.rglob("*.json")) and not (tmp_path / "evil.xml").exists()


def test_stored_zip_bomb_by_total_size(tmp_path, monkeypatch):
    import jxparse.readers.ofd.package as ofd_package

    monkeypatch.setattr(ofd_package, "MAX_TOTAL_BYTES", 1024)
    data = package(minimal_entries(), compression=zipfile.ZIP_STORED)
    with pytest.raises(OfdError, match="unpacks to more than"):
        read_ofd(data, name="big.ofd")


def test_malformed_optional_part_is_a_warning_not_an_error():
    def broken_signatures(e):
        e["OFD.xml"] = e["OFD.xml"].replace(b"</ofd:DocRoot>", b"</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/S.xml"
                                            b"</ofd:Signatures>")
        e["Doc_0/Signs/S.xml"] = b"<ofd:Signatures xmlns:ofd='x'><unclosed>"

    source = read_ofd(_with(broken_signatures), name="s.ofd")
    assert "ofd-unreadable-part" in {d.code for d in source.diagnostics}
    assert dict(source.metadata)["signed"] == "no" and "一、总体要求" in source.text


def test_mm_to_points_and_rotated_objects():
    """A 10 mm x 10 mm glyph at (20, 30) mm is at (56.69, 85.04) pt; a CTM turned 90° sends text
    downwards, and the layout reads it as sideways text, not as a line of the page."""
    entries = minimal_entries()
    objects = ('<ofd:TextObject ID="5" Boundary="20 30 100 12" Font="1" Size="10"><ofd:TextCode X="0" Y="8.6" '
               'DeltaX="10">通知</ofd:TextCode></ofd:TextObject>'
               '<ofd:TextObject ID="6" CTM="0 1 -1 0 0 0" Boundary="195 100 6 40" Font="1" Size="5">'
               '<ofd:TextCode X="0" Y="-1">侧边文字</ofd:TextCode></ofd:TextObject>')
    entries["Doc_0/Pages/Page_1/Content.xml"] = page_xml(objects)
    source = read_ofd(package(entries), name="r.ofd")
    origin = next(o for o in source.origins if source.text[o.start:o.end] == "通知")
    assert origin.page == 2
    assert origin.bbox[0] == pytest.approx(20 * MM, abs=0.01) and origin.bbox[1] == pytest.approx(30 * MM, abs=0.01)
    assert origin.bbox[2] == pytest.approx(40 * MM, abs=0.01)
    assert "侧边文字" in source.text and "通知侧" not in source.text


def test_repeat_shorthand_is_bounded_by_the_text():
    """``g N width`` with a huge N (a hostile DeltaX) expands to no more items than the run has glyphs."""
    from jxparse.readers.ofd.page import _deltas

    assert _deltas("g 999999999 1.5 g 999999999 2", 3) == [1.5, 1.5, 1.5]
    assert _deltas("1 g 2 3.5 4", 10) == [1.0, 3.5, 3.5, 4.0]
    assert _deltas("1 2 x 3", 10) == [1.0, 2.0]
    entries = minimal_entries()
    entries["Doc_0/Pages/Page_1/Content.xml"] = page_xml(
        '<ofd:TextObject ID="5" Boundary="30 30 100 8" Font="1" Size="5"><ofd:TextCode X="0" Y="5" '
        'DeltaX="g 2000000000 5 g 2000000000 5">落款单位</ofd:TextCode></ofd:TextObject>')
    assert "落款单位" in read_ofd(package(entries), name="g.ofd").text


def test_glyph_indexes_without_text_are_reported():
    entries = minimal_entries()
    entries["Doc_0/Pages/Page_1/Content.xml"] = entries["Doc_0/Pages/Page_1/Content.xml"].replace(
        b"</ofd:Layer>", b'<ofd:TextObject ID="77" Boundary="10 200 50 8" Font="1" Size="5"><ofd:CGTransform '
        b'CodePosition="0" CodeCount="1" GlyphCount="1"><ofd:Glyphs>42</ofd:Glyphs></ofd:CGTransform>'
        b'<ofd:TextCode X="0" Y="4"/></ofd:TextObject></ofd:Layer>')
    source = read_ofd(package(entries), name="g.ofd")
    (warning,) = [d for d in source.diagnostics if d.code == "ofd-glyphs-without-text"]
    assert "pages 2" in warning.message and "各地要认真落实。" in source.text


def test_office_tags_are_evidence_and_invent_nothing():
    """A tag file (cut short: read with recovery) names objects by ID: their text becomes metadata;
    the body is not copied, and a 发文字号 whose parts do not all name objects gives nothing."""
    entries = minimal_entries()
    add_office_tags(entries, (  # cut short: read with recovery
        f'<od:电子公文 xmlns:od="http://www.nits.org.cn/eGovDoc/2013" xmlns:ofd="{NS}"><od:公文体><od:版头>'
        '<od:发文字号><od:发文机关代字><ofd:ObjectRef PageRef="1">12</ofd:ObjectRef></od:发文机关代字>'
        "<od:年份>2019</od:年份></od:发文字号></od:版头><od:主体><od:标题>"
        '<ofd:ObjectRef PageRef="1">12</ofd:ObjectRef></od:标题><od:正文><ofd:ObjectRef PageRef="1">15'
        "</ofd:ObjectRef></od:正文></od:主体></od:公文体>"))
    source = read_ofd(package(entries), name="t.ofd")
    meta = dict(source.metadata)
    assert meta["标题"] == "嘉兴市人民政府关于测试工作的通知" and "正文" not in meta
    assert "发文字号" not in meta  # its parts are incomplete (年份 names no object): nothing invented


def test_committed_sample_is_what_the_script_writes(tmp_path):
    """tests/fixtures/ofd/jiaxing-2019-07.ofd is reproducible from scripts/make_ofd_sample.py."""
    import runpy

    script = runpy.run_path(str(SAMPLES.parent / "scripts" / "make_ofd_sample.py"))
    script["main"](tmp_path / "again.ofd")
    assert (tmp_path / "again.ofd").read_bytes() == SAMPLE_OFD.read_bytes()
