"""Content sniffing before decoding (issue 15, item 3): formats jxparse does not read are named."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import jxparse
from jxparse.cli import main
from jxparse.sniff import sniff_format

HERE = Path(__file__).parent
SMALL_PDF = HERE / "fixtures" / "pdf" / "layout-dash.pdf"
HOSTILE = HERE / "fixtures" / "hostile"


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = _zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
OFD = _zip("OFD.xml", "Doc_0/Document.xml")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
GB_PAIRS = bytes(b for i in range(300) for b in (0xB0 + i % 0x40, 0xA1 + i % 0x5D))
PNG = b"\x89PNG\r\n\x1a\n" + GB_PAIRS  # decodes as GB18030 from end to end


@pytest.mark.parametrize("head, kind", [
    (b"%PDF-1.7\n", "pdf"),
    (b"\r\n\r\n%PDF-1.4\n", "pdf"),  # bytes before the header are allowed
    (DOCX, "docx"),
    (OFD, "ofd"),
    (_zip("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
    (_zip("readme.txt"), "zip"),
    (OLE2, "ole2"),
    (PNG, "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"GIF89a\x01\x00", "gif"),
    (b"II*\x00\x08\x00", "tiff"),
    (b"BM" + bytes(12) + b"\x28" + bytes(20), "bmp"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
    (b"\x7fELF\x02\x01\x01" + bytes(9), "binary"),  # a run of NUL bytes
    (bytes(range(1, 32)) * 4, "binary"),  # control bytes no text holds
])
def test_binary_heads_are_named(head, kind):
    assert sniff_format(head) == kind


@pytest.mark.parametrize("text", [
    "嘉兴市人民政府关于印发某某办法的通知\n",
    "BMW 汽车\n",  # "BM" alone is no BMP
    "第一页\f第二页\r\n",  # form feeds and CRLF are text
])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "utf-8-sig"])
def test_text_is_not_sniffed_as_binary(text, encoding):
    assert sniff_format(text.encode(encoding)) is None


def test_a_few_nul_bytes_stay_text():
    assert sniff_format((HOSTILE / "nul-inside.txt").read_bytes()) is None


def test_png_that_decodes_as_gb18030_is_refused_as_an_image(tmp_path):
    PNG.decode("gb18030")  # what made it "convert" before
    path = tmp_path / "scan.txt"
    path.write_bytes(PNG)
    with pytest.raises(jxparse.InputError, match="PNG image.*OCR") as caught:
        jxparse.parse_file(path)
    assert caught.value.source == str(path) and "--encoding" not in str(caught.value)


# DOCX and OFD packages go to their readers, which name what is wrong with these hollow ones; the
# legacy binary formats are named and given the way to convert them.
@pytest.mark.parametrize("name, data, words", [
    ("notice.docx", DOCX, "'word/document.xml' is not WordprocessingML"),
    ("notice.ofd", OFD, "entry 'OFD.xml'"),
    ("notice.doc", OLE2, "OLE2 compound file"),
    ("notice.wps", OLE2, ".wps"),
    ("notice.txt", OLE2, "soffice --headless --convert-to docx"),
])
def test_office_files_are_named_not_given_encoding_advice(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["convert", str(path)])
    assert result.exit_code == 1
    assert words in result.stderr and "--encoding" not in result.stderr
    assert "Traceback" not in result.output


def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(SMALL_PDF.read_bytes())
    bulletin = jxparse.parse_file(path)
    assert bulletin.source.format == "pdf" and bulletin.documents == jxparse.parse_file(SMALL_PDF).documents
    with pytest.raises(jxparse.InputError, match="is a PDF document, not text.*--format pdf"):
        jxparse.parse_file(path, format="text")  # an explicit --format that does not fit is said so


def test_pdf_on_stdin_is_spooled_and_read(tmp_path):
    result = CliRunner().invoke(main, ["convert", "-", "-t", "json"], input=SMALL_PDF.read_bytes())
    assert result.exit_code == 0, result.output
    read = jxparse.loads(result.stdout)
    assert read.documents == jxparse.parse_file(SMALL_PDF).documents and read.source.name == "<stdin>"
    result = CliRunner().invoke(main, ["convert", "-"], input=b"%PDF-1.7\n garbage")
    assert result.exit_code == 1 and result.stderr.startswith("<stdin>: ") and "Traceback" not in result.output


def test_binary_on_stdin_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["convert", "-"], input=PNG)
    assert result.exit_code == 1 and "<stdin>: the file is a PNG image" in result.stderr


def test_folder_walk_counts_and_lists_what_it_leaves_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("关于某事的通知\n\n正文。\n", encoding="utf-8")
    for name, data in (("b.odt", DOCX), ("c.xlsx", DOCX), ("d.pages", DOCX), ("e.ofx", OFD)):
        (folder / name).write_bytes(data)
    manifest = tmp_path / "m.jsonl"
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(tmp_path / "out"), "--manifest",
                                       str(manifest), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "1 converted" in result.stderr and "4 left out (not an input format)" in result.stderr
    for name in ("b.odt", "c.xlsx", "d.pages", "e.ofx"):
        assert f"left out: {folder / name}" in result.stderr
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert [(Path(line["path"]).name, line["status"]) for line in lines] == [
        ("a.txt", "ok"), ("b.odt", "unsupported"), ("c.xlsx", "unsupported"), ("d.pages", "unsupported"),
        ("e.ofx", "unsupported")]
    # a folder of nothing but unsupported files says so instead of a silent "0 converted"
    (folder / "a.txt").unlink()
    result = CliRunner().invoke(main, ["convert", str(folder)])
    assert "0 converted" in result.stderr and "4 left out" in result.stderr
    # --include / --exclude are the user's choice: what they leave out is not reported
    result = CliRunner().invoke(main, ["convert", str(folder), "--exclude", "*.odt", "--exclude", "*.xlsx",
                                       "--exclude", "*.pages", "--exclude", "*.ofx"])
    assert "left out" not in result.stderr


def test_many_left_out_files_are_summarised(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(25):
        (folder / f"img{i:02d}.jpg").write_bytes(b"\xff\xd8\xff")
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(tmp_path / "out")])
    assert "25 left out" in result.stderr and "and 5 more left out" in result.stderr
    assert result.stderr.count("  left out: ") == 20


@pytest.mark.parametrize("seed", range(4))
def test_random_binary_never_converts(seed, tmp_path):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(4096))
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    assert sniff_format(data) == "binary"
    with pytest.raises(jxparse.InputError, match="binary data"):
        jxparse.parse_file(path)


def test_corpus_office_files_are_told_apart():
    from conftest import CORPUS

    found = [p for folder in ("docx", "ofd") for p in sorted((CORPUS / folder).glob("*"))
             if p.suffix in (".docx", ".wps", ".ofd")] if CORPUS.is_dir() else []
    if not found:
        pytest.skip("no DOCX/OFD files in the shared corpus")
    for path in found:
        kind = sniff_format(path.read_bytes()[:65536])
        # a .wps saved by WPS Office in the DOCX format is a DOCX
        assert kind == ("ofd" if path.suffix == ".ofd" else "docx"), path
