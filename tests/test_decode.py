"""Text input: strict decoding with detection, errors that name the file and the byte."""

from __future__ import annotations

import pytest

import jxparse
from jxparse.errors import DecodeError, InputError
from jxparse.readers.decoding import decode_text as decode

TEXT = "嘉兴市人民政府关于印发市区支持农业农村发展若干财政政策意见的通知\n嘉政发〔2019〕15号\n"


@pytest.mark.parametrize(("data", "expected"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_detection(data, expected):
    assert decode(data) == (TEXT, expected)


def test_explicit_encoding_wins():
    assert decode(TEXT.encode("gb18030"), encoding="gb18030")[0] == TEXT


def test_utf8_with_a_bad_byte_is_an_error_at_its_offset():
    good = TEXT.encode("utf-8")
    data = good[:30] + b"\xff" + good[30:]
    with pytest.raises(DecodeError) as caught:
        decode(data, name="bad.txt")
    error = caught.value
    assert error.offset == 30 and error.source == "bad.txt" and error.line == 1
    assert str(error).startswith("bad.txt:1:31: cannot decode byte offset 30 as utf-8")


def test_wrong_explicit_encoding_is_an_error():
    with pytest.raises(DecodeError, match="byte offset"):
        decode(TEXT.encode("gb18030"), encoding="utf-8", name="x.txt")


def test_unknown_encoding_is_an_error():
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode(b"abc", encoding="no-such-codec")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        jxparse.parse_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        jxparse.parse_file(tmp_path)


def test_nothing_is_dropped_from_odd_but_valid_text():
    text = "标题\x00文字\n嘉政发〔2019〕15号\n正文\u2028第二行。\n"
    bulletin = jxparse.parse(text)
    assert "\x00" in bulletin.documents[0].title or any("\x00" in str(b) for b in bulletin.documents[0].body)


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "gbk"])
def test_text_and_html_readers_fall_back_alike(codec):
    """Without a byte-order mark or a declaration, both readers try strict UTF-8, then GB18030
    (the one decoding module's fallbacks)."""
    from jxparse.readers.html import read_html
    from jxparse.readers.text import read_text

    page = f"<html><body><div id='UCAP-CONTENT'><p>{TEXT}</p></div></body></html>"
    expected = "utf-8" if codec == "utf-8" else "gb18030"
    assert read_text(TEXT.encode(codec)).encoding == expected
    assert read_html(page.encode(codec)).encoding == expected
