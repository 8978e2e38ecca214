"""The same bulletin in other clothes gives the same tree: print punctuation, GB18030, CRLF."""

from __future__ import annotations

import re

import jxparse
from jxparse.data import to_data
from jxparse.data import is_position_field

# ASCII punctuation the converter left, back to the full-width forms of print. A comma between
# digits (1,200) and the colon of a URL stay as they are.
_TO_FULL_WIDTH = [
    (re.compile(r"\("), "（"), (re.compile(r"\)"), "）"),
    (re.compile(r"(?<![0-9]),|,(?![0-9])"), "，"),
    (re.compile(r":(?!//)"), "："), (re.compile(r";"), "；"),
]
_BACK_TO_ASCII = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


def full_width(text: str) -> str:
    for pattern, replacement in _TO_FULL_WIDTH:
        text = pattern.sub(replacement, text)
    return text


def _content(bulletin, normalize=lambda s: s):
    """The tree as plain data without positions and source facts; strings passed through ``normalize``."""

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if not is_position_field(k) and k != "source"}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, str):
            return normalize(value)
        return value

    return clean(to_data(bulletin))


def test_print_punctuation_gives_the_same_tree(sample_source, sample_bulletin):
    variant = jxparse.parse(full_width(sample_source), name="full-width")
    assert variant.text != sample_source
    normalize = lambda s: s.translate(_BACK_TO_ASCII)  # noqa: E731
    assert _content(variant, normalize) == _content(sample_bulletin, normalize)


def test_gb18030_with_crlf_gives_the_same_tree(tmp_path, sample_source, sample_bulletin):
    path = tmp_path / "jiaxing-gb.txt"
    path.write_bytes(sample_source.replace("\n", "\r\n").encode("gb18030"))
    variant = jxparse.parse_file(path)
    assert variant.source.encoding == "gb18030"
    assert variant.documents == sample_bulletin.documents  # equality ignores spans
    assert _content(variant) == _content(sample_bulletin)


def test_utf8_bom_and_utf16_give_the_same_tree(tmp_path, sample_source, sample_bulletin):
    for name, data in [("bom.txt", b"\xef\xbb\xbf" + sample_source.encode("utf-8")),
                       ("utf16.txt", sample_source.encode("utf-16"))]:
        path = tmp_path / name
        path.write_bytes(data)
        assert _content(jxparse.parse_file(path)) == _content(sample_bulletin), name
