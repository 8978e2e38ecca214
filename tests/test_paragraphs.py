"""The paragraph text builder: re-joined stretches of the source and the position of every character."""

from __future__ import annotations

import pytest

from jxparse.pipeline.paragraphs import PositionMap, TextBuilder


def build(source: str, stretches, **options):
    builder = TextBuilder(source, **options)
    for start, end in stretches:
        builder.add(start, end)
    return builder.result()


def test_a_page_break_keeps_each_character_at_its_source_offset():
    source = "给予 10 万\n\n元补助"
    text, positions = build(source, [(0, 7), (9, 12)])
    assert text == "给予 10 万元补助"
    assert list(positions) == [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12]
    assert all(source[positions[i]] == char for i, char in enumerate(text))


def test_blanks_at_the_edges_are_stripped_with_their_positions():
    source = "\u3000\u3000第一段。  \n  续写。 "
    text, positions = build(source, [(0, 8), (9, 15)])
    assert text == "第一段。    续写。"
    assert [source[p] for p in list(positions)[:-1]] == list(text)
    assert positions[len(text)] == 14  # just after the last kept character


def test_markup_removal_falls_back_to_one_offset_per_character():
    source = "见**附件1**"
    text, positions = build(source, [(0, len(source))])
    assert text == "见附件1"
    assert list(positions) == [0, 3, 4, 5, 6]


def test_latin_words_meeting_at_a_break_get_a_space_placed_at_the_second_word():
    source = "IPv6\nready"
    text, positions = build(source, [(0, 4), (5, 10)])
    assert text == "IPv6 ready"
    assert positions[4] == 5 and positions[5] == 5


def test_an_all_blank_builder_gives_an_empty_text():
    text, positions = build("   ", [(0, 3)])
    assert text == "" and len(positions) == 1


def test_position_map_indexing():
    positions = PositionMap([0, 3], [10, 20], 5, 22)
    assert len(positions) == 6
    assert [positions[i] for i in range(6)] == [10, 11, 12, 20, 21, 22]
    assert positions[-1] == 22 and positions[1:3] == [11, 12]
    with pytest.raises(IndexError):
        positions[6]
