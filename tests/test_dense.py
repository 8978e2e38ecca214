"""Dense documents (issue 19, and issue 20 items 3, 4, 6, 10 and the line/column lookup): cost that
grows with the input, never faster.

No test here is timed: each checks the cause of a past blow-up directly, by counting the work done
(characters scanned, calls made) or the memory held, against a bound that the old code broke.
Speed itself is measured by ``bench/bench_pathological.py``.
"""

from __future__ import annotations

import io
import random
import re
import tracemalloc

import lxml.html
import pytest

import jxparse
from jxparse import amounts
from jxparse.amounts import SENTENCE_WINDOW, RowWriter, amount_rows, rows_to_csv, rows_to_json
from jxparse.convert import ConvertResult, line_and_column, lines_and_columns
from jxparse.data import to_data
from jxparse.readers import html as html_reader
from jxparse.ast import SectionStyle, Span
from jxparse.pipeline.lines import read_lines
from jxparse.pipeline.sections import HeadingItem, fold_sections
from jxparse.pipeline.tables import physical_line_start
from jxparse.writers.json import JsonWriter, dumps_data
from jxparse.writers.xml import XmlWriter, _indent, to_element


class ScanCounter(str):
    """A str that adds up how many characters its count/rfind/find calls cover."""

    scanned = 0

    def _covered(self, start, end) -> int:
        start = 0 if start is None else start
        end = len(self) if end is None else end
        return max(0, min(end, len(self)) - max(start, 0))

    def count(self, sub, start=None, end=None):
        ScanCounter.scanned += self._covered(start, end)
        return str.count(self, sub, start, end)

    def rfind(self, sub, start=None, end=None):
        ScanCounter.scanned += self._covered(start, end)
        return str.rfind(self, sub, start, end)

    def find(self, sub, start=None, end=None):
        ScanCounter.scanned += self._covered(start, end)
        return str.find(self, sub, start, end)


# --------------------------------------------------------------------------- diagnostics' places


def test_lines_and_columns_equal_the_one_at_a_time_lookup():
    rng = random.Random(19)
    text = "".join(rng.choice("ab\n一") for _ in range(3000))
    offsets = [rng.randrange(0, len(text) + 1) for _ in range(400)] + [0, len(text)]
    places = lines_and_columns(text, offsets)
    assert all(places[offset] == line_and_column(text, offset) for offset in offsets)


def test_placing_many_diagnostics_scans_the_text_about_once():
    # 4 000 places: the old lookup scanned everything before each one (~n²/2 characters)
    text = ScanCounter("关于某事的通知\n" + "一、标题内容\n三、标题内容\n" * 2000)
    starts = [match.start() for match in re.finditer("^[一三]、", str(text), re.M)]
    assert len(starts) == 4000
    ScanCounter.scanned = 0
    places = lines_and_columns(text, starts)
    assert ScanCounter.scanned <= 2 * len(text)  # count and rfind over each stretch between two offsets
    assert places[starts[0]] == (2, 1) and places[starts[1]] == (3, 1) and places[starts[-1]] == (4001, 1)


def test_thousands_of_numbering_gaps_are_listed_up_to_a_hundred_then_counted():
    """Issue 19: every heading from the first 三、 on skips (3 999 gaps); the first 100 are listed one
    by one, the rest are one warning with their count and the place of the first of them."""
    text = "关于某事的通知\n" + "一、标题内容\n三、标题内容\n" * 2000
    bulletin = jxparse.parse(text)
    gaps = [d for d in bulletin.diagnostics if d.code == "numbering-gap"]
    assert len(gaps) == 101
    assert all(gap.message.startswith("heading ") for gap in gaps[:100])
    assert gaps[100].message.startswith("3899 more numbering gaps in this body, not listed one by one; the first: "
                                        "heading 三、 follows number 1; expected 2")
    lines = ConvertResult("dense.txt", bulletin).diagnostic_lines()
    gap_lines = [line for line in lines if line.endswith("[numbering-gap]")]
    numbers = [int(line.split(":")[1]) for line in gap_lines]
    assert numbers == list(range(3, 104))  # listed: lines 3-102; counted from line 103 on
    assert all(line.split(":")[2] == "1" for line in gap_lines)


def test_folding_headings_holds_no_parse_tree_and_lets_each_heading_go():
    """Issue 19: the section grammar builds the fold as it reduces. A parse tree (a Tree with its own
    dict and a Token per heading, some 400 bytes a heading) held until the sections were made was a
    third of the peak on a body of thousands of headings; each HeadingItem is let go once made."""
    styles = (SectionStyle.HANZI, SectionStyle.PAREN_HANZI, SectionStyle.ARABIC, SectionStyle.PAREN_ARABIC)
    count = 20_000
    items = [HeadingItem(style=styles[i % 4], marker="一、", number=(i // 4) % 9 + 1, heading="标题",
                         heading_span=Span(i, i + 1)) for i in range(count)]
    fold_sections(items[:8], "d0")  # the grammar is built outside the measurement
    tracemalloc.start()
    try:
        blocks, _ = fold_sections(items, "d1")
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(blocks) == count // 4 and blocks[0].children[0].children[0].children[0].marker == "一、"
    assert (peak - current) / count < 250, f"{(peak - current) / count:.0f} bytes a heading held only while folding"
    assert not any(isinstance(item, HeadingItem) for item in items)


def test_a_line_keeps_one_copy_of_its_text():
    """Issue 19: a heading line's rest (its text after the marker) is read from its text when asked,
    and every 一、 of a text is one string: the lines of a body of many headings hold no second copy."""
    lines = read_lines("一、标题内容\n（二） 小标题  \n附件：1．名单\n三、\n正文。\n")
    assert [line.rest for line in lines] == ["标题内容", "小标题", "1．名单", "", ""]
    assert [line.rest_start - line.content_start for line in lines[:3]] == [2, 4, 3]
    assert read_lines("一、甲\n一、乙\n")[0].marker is read_lines("一、丙\n")[0].marker


def test_amounts_share_their_unit_and_rate_strings():
    """Issue 19: 元 and 亩 are cut out of every amount's text; each amount of a text of thousands of them
    held its own copies (152 of the some 700 bytes of a one-amount paragraph)."""
    bulletin = jxparse.parse("一、补助\n" + "给予每亩300元补助，每人每年2万元。\n" * 3)
    amounts = [entity for paragraph in bulletin.documents[0].body[0].children for entity in paragraph.entities]
    assert [(a.unit, a.per) for a in amounts] == [("元", "亩"), ("元", "人·年")] * 3
    assert all(a.unit is amounts[0].unit for a in amounts)
    assert amounts[0].per is amounts[2].per and amounts[1].per is amounts[3].per is amounts[5].per


# --------------------------------------------------------------------------- TAB rows


class IndexCounter(str):
    reads = 0

    def __getitem__(self, key):
        IndexCounter.reads += 1
        return str.__getitem__(self, key)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_row_finds_its_line_start_by_reading_its_indentation_only(newline):
    text = IndexCounter(("项目\t1\t2" + newline) * 5000 + "  \t缩进\t3" + newline)
    start = len(text) - len("缩进\t3" + newline)  # the first non-blank character of the last row
    IndexCounter.reads = 0
    begin = physical_line_start(text, start)
    assert str.__getitem__(text, slice(begin, start)) == "  \t"
    assert IndexCounter.reads <= 4  # three blanks and the line break: not the 5 000 rows before


def test_tab_rows_in_lf_text_keep_their_cells():
    text = "".join(f"\t项目{i}\t{i}\t\n" for i in range(3000))
    tables = [b for b in jxparse.parse(text).documents[0].body]
    rows = [row for table in tables for row in table.rows]
    assert len(rows) == 3000 and rows[7] == ("", "项目7", "7", "")


# --------------------------------------------------------------------------- HTML container


def _nested_page(depth: int, head: bool = True) -> str:
    top = "<h1>关于某事的通知</h1><p>嘉政发〔2019〕15号</p><p>各县（市、区）人民政府：</p>" if head else ""
    inner = ""
    for _ in range(depth):
        inner = f'<div class="content"><p>{"正文内容。" * 20}</p>{inner}</div>'
    tail = "<p>嘉兴市人民政府</p><p>2019年7月15日</p>" if head else ""
    return f'<html><body><div class="content">{top}{inner}{tail}</div></body></html>'


def test_nested_container_of_the_same_class_keeps_the_document_head(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text(_nested_page(30), encoding="utf-8")
    bulletin = jxparse.parse_file(path)
    document = bulletin.documents[0]
    assert document.title == "关于某事的通知"
    assert document.doc_number is not None and document.doc_number.text == "嘉政发〔2019〕15号"
    assert document.addressees == ("各县（市、区）人民政府",)
    assert document.date == "2019-07-15"
    assert bulletin.text.count("正文内容。" * 20) == 30  # no level's paragraph is dropped either


def test_nested_container_is_still_chosen_around_page_chrome(tmp_path):
    path = tmp_path / "chrome.html"
    path.write_text('<div class="content"><p>上一篇 某某工作会议召开</p>'
                    f'<div class="content"><p>{"正文内容。" * 20}</p></div></div>', encoding="utf-8")
    assert jxparse.parse_file(path).text == "正文内容。" * 20 + "\n"


def test_container_sizes_are_summed_in_one_walk(monkeypatch):
    page = _nested_page(400)
    calls = []
    original = lxml.html.HtmlMixin.text_content
    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content",
                        lambda self: calls.append(1) or original(self))
    doc = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True))
    candidates = html_reader._container_candidates(doc)
    found = list(html_reader._walk(candidates[6]))  # rule (".content",)
    assert len(found) == 401
    assert calls == []  # the old finder measured each of the 401 nested candidates' whole text
    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", original)
    assert [c.size for c in found] == [html_reader._visible_len(c.element) for c in found]


# --------------------------------------------------------------------------- writers


@pytest.fixture(scope="module")
def dense_bulletin():
    return jxparse.parse("关于某事的通知\n" + "一、标题内容，给予每亩300元补助。\n三、标题内容\n" * 1500)


class PieceStream:
    """A text stream that keeps only the total length and the largest piece written."""

    def __init__(self) -> None:
        self.length = 0
        self.largest = 0

    def write(self, text: str) -> int:
        self.length += len(text)
        self.largest = max(self.largest, len(text))
        return len(text)


@pytest.mark.parametrize("format", ["json", "xml", "md", "tree"])
def test_writers_stream_in_bounded_pieces_and_memory(dense_bulletin, format):
    stream = PieceStream()
    tracemalloc.start()
    try:
        jxparse.dump(dense_bulletin, stream, format=format)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stream.length > 40_000  # enough output for the memory bound below to mean something
    assert stream.largest < 100_000
    # the whole text as one str (2 bytes a character with CJK in it; and the plain-data copy, the lxml
    # tree or the list of lines before it) is what used to be held; a few KB are the writer's own
    assert peak < stream.length / 2 + 32_000, f"{format}: peak {peak} for {stream.length} characters written"


def test_streamed_json_and_xml_equal_the_whole_tree_serializations(dense_bulletin, sample_bulletin):
    for bulletin in (dense_bulletin, sample_bulletin, jxparse.parse("")):
        for format in ("md", "tree", "json"):
            written = io.StringIO()
            jxparse.dump(bulletin, written, format=format)
            assert written.getvalue() == jxparse.dumps(bulletin, format=format)
        assert JsonWriter().write(bulletin) == dumps_data(to_data(bulletin)) + "\n"
        root = to_element(bulletin)
        _indent(root, 0)
        from lxml import etree

        whole = etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"
        assert XmlWriter().write(bulletin) == whole
        written = io.StringIO()
        jxparse.dump(bulletin, written, format="xml")
        assert written.getvalue() == whole


def test_convert_to_a_folder_streams_the_json(tmp_path, dense_bulletin, monkeypatch):
    from jxparse.convert import write_rendered

    monkeypatch.setattr(JsonWriter, "write", lambda self, bulletin: pytest.fail("whole text built"))
    target = tmp_path / "dense.json"
    write_rendered(target, dense_bulletin, "json")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == JsonWriter().write(dense_bulletin)
    assert [p.name for p in tmp_path.iterdir()] == ["dense.json"]  # no .part left behind


# --------------------------------------------------------------------------- the money table


def test_amount_sentence_is_cut_to_a_window_when_a_paragraph_never_ends():
    bulletin = jxparse.parse("一、补助\n" + "给予每亩300元补助，" * 3000 + "\n")
    rows = list(amount_rows(bulletin))
    assert len(rows) == 3000
    limit = 2 * SENTENCE_WINDOW + max(len(row.text) for row in rows) + 2
    assert max(len(row.sentence) for row in rows) <= limit  # was the whole 30 000-character paragraph
    middle = rows[1500].sentence
    assert middle.startswith("…") and middle.endswith("…") and "300元" in middle
    assert rows[0].sentence.startswith("给予每亩300元") and rows[-1].sentence.endswith("补助，")


def test_amount_sentence_scan_is_bounded_by_the_window():
    text = ScanCounter("给予每亩300元补助，" * 2000)
    ScanCounter.scanned = 0
    for offset in range(4, len(text), 10):
        amounts._sentence(text, offset, 4)
    calls = len(range(4, len(text), 10))
    assert ScanCounter.scanned <= calls * 2 * len(amounts._SENTENCE_END) * (SENTENCE_WINDOW + 4)


def test_amount_sentence_within_the_window_is_whole(sample_bulletin):
    rows = list(amount_rows(sample_bulletin))
    assert not any(row.sentence.startswith("…") or row.sentence.endswith("…") for row in rows)


def test_row_writer_writes_each_row_as_it_comes(sample_bulletin):
    rows = list(amount_rows(sample_bulletin))
    for format, whole in (("csv", rows_to_csv), ("json", rows_to_json)):
        stream = io.StringIO()
        table = RowWriter(stream, format)
        seen = []

        def feed():
            for row in rows:
                seen.append(len(stream.getvalue()))
                yield row

        table.write(feed())
        table.close()
        assert stream.getvalue() == whole(rows)
        assert all(a < b for a, b in zip(seen[1:], seen[2:]))  # written before the next row was made
        empty = RowWriter(io.StringIO(), format)
        empty.close()
        assert empty.stream.getvalue() == whole([])


# --------------------------------------------------------------------------- entities in groups


def test_entity_parse_runs_in_bounded_groups_with_the_same_result(sample_source, monkeypatch):
    from jxparse.pipeline import entities

    texts = [(paragraph, None) for paragraph in sample_source.split("\n\n") if paragraph.strip()] * 3
    whole = entities.find_entities_batch(texts)
    sizes = []
    original = entities._parse_into
    monkeypatch.setattr(entities, "_parse_into", lambda text, out: sizes.append(len(text)) or original(text, out))
    monkeypatch.setattr(entities, "_GROUP_CHARS", 300)
    grouped = entities.find_entities_batch(texts)
    assert grouped == whole and sum(len(found) for found in whole) > 300
    longest = max(end - start for text, _ in texts for start, end in entities._candidate_sentences(text))
    assert len(sizes) > 10 and max(sizes) <= max(300, longest) + 1
