"""Tests of the inline entity recognizer (jxparse.pipeline.entities).

The cases live in ``tests/fixtures/entities*.txt`` in a small reviewed format, one case per block::

    case title
    .
    the input text (one line; may be empty)
    .
    amount | 1000万元 | value=10000000
    amount | 每亩40元 | value=40 | per=亩
    .

Lines starting with ``#`` outside a block are comments. Each expected line is
``type | text | key=value | …`` listing every field that is not at its default (text and span
aside). Decimal values must be written exactly as the recognizer prints them (25000, not 25000.0).
List fields (duty) join their items with ``;``. A doc_ref shows its DocNumber as ``number=``,
``agency=``, ``year=`` and ``serial=``. An empty expected block means "no entities".
"""

from __future__ import annotations

import dataclasses
import random
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest

from jxparse.pipeline import entities as ent
from jxparse.ast import TYPE_NAMES, Amount, DateMention, DocRef, Fraction, Percent
from jxparse.pipeline.entities import find_entities, parse_doc_number
from jxparse.grammars import build_parser, grammar_path
from conftest import CORPUS

HERE = Path(__file__).resolve().parent
FIXTURES = sorted((HERE / "fixtures").glob("entities*.txt"))
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "jiaxing-2019-07.txt"


# ---------------------------------------------------------------------------- fixture format


def format_entity(entity) -> str:
    """The compact one-line notation of an entity used by the fixtures."""
    parts = [TYPE_NAMES[type(entity)], entity.text]
    for f in dataclasses.fields(entity):
        if f.name in ("text", "span"):
            continue
        value = getattr(entity, f.name)
        if f.name == "doc_number":
            parts += [f"number={value.text}", f"agency={value.agency}", f"year={value.year}", f"serial={value.serial}"]
            continue
        default = f.default if f.default is not dataclasses.MISSING else None
        if value == default and type(value) is type(default):
            continue
        if isinstance(value, tuple):
            value = ";".join(value)
        parts.append(f"{f.name}={value}")
    return " | ".join(parts)


def load_cases(path: Path) -> list[tuple[str, str, list[str]]]:
    """Read a fixture file into (title, input, expected lines)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        title = line
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title {title!r}"
        text = lines[i + 2]
        assert lines[i + 3] == ".", f"{path.name}:{i + 4}: expected '.' after the input of {title!r}"
        j = i + 4
        expected = []
        while lines[j] != ".":
            expected.append(lines[j])
            j += 1
        cases.append((title, text, expected))
        i = j + 1
    return cases


CASES = [(path.name, *case) for path in FIXTURES for case in load_cases(path)]


def test_fixture_has_enough_cases():
    assert len(CASES) >= 150
    titles = [c[1] for c in CASES]
    assert len(titles) == len(set(titles)), "case titles must be unique"


@pytest.mark.parametrize(("fixture", "title", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_fixture_case(fixture, title, text, expected):
    found = find_entities(text)
    assert [format_entity(e) for e in found] == expected
    for entity in found:
        # the text is the slice of the input at the span, and values are exact
        assert text[entity.span.start : entity.span.end] == entity.text
        for name in ("value", "min", "max"):
            value = getattr(entity, name, None)
            if isinstance(value, Decimal):
                assert "E" not in str(value) and not (("." in str(value)) and str(value).endswith("0"))


# ---------------------------------------------------------------------------- properties


def test_order_and_no_overlap():
    text = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else "给予 10 万元、5 万元;2019 年 8 月 1 日"
    for para in re.split(r"\n\s*\n", text):
        found = find_entities(para)
        for a, b in zip(found, found[1:]):
            assert a.span.end <= b.span.start


def test_positions_map_spans_back_to_the_source():
    source = "对从事农产品连锁经营的主体,前三年每年分别给予 1 万元、5 万元、10 万\n\n元补助。(嘉政发[2017]36 号)"
    cut = source.index("\n\n")
    text = source[:cut] + source[cut + 2 :]
    positions = list(range(cut)) + list(range(cut + 2, len(source) + 1))
    assert len(positions) == len(text) + 1
    found = find_entities(text, positions)
    assert [e.text for e in found] == ["每年分别给予 1 万元", "5 万元", "10 万元", "嘉政发[2017]36 号"]
    last_amount = found[2]
    assert last_amount.value == Decimal(100000)
    assert source[last_amount.span.start : last_amount.span.end] == "10 万\n\n元"
    for entity in (found[0], found[1], found[3]):
        assert source[entity.span.start : entity.span.end] == entity.text
    assert found[3].doc_number.span == found[3].span
    # without positions the spans are offsets into the text
    assert [text[e.span.start : e.span.end] for e in find_entities(text)] == [e.text for e in found]


def test_bad_positions_length_is_a_caller_error():
    with pytest.raises(ValueError):
        find_entities("给予 10 万元", [0, 1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("嘉政发〔2019〕15号", ("嘉政发〔2019〕15号", "嘉政发", 2019, 15)),
        ("(嘉政发〔2019〕15 号)", ("嘉政发〔2019〕15 号", "嘉政发", 2019, 15)),
        ("（国办发﹝2019﹞6号）", ("国办发﹝2019﹞6号", "国办发", 2019, 6)),
        ("嘉政办发[2019]31 号", ("嘉政办发[2019]31 号", "嘉政办发", 2019, 31)),
        (" 国发【2015】43号 ", ("国发【2015】43号", "国发", 2015, 43)),
        ("浙政办发［2018］79号", ("浙政办发［2018］79号", "浙政办发", 2018, 79)),
        ("国令第707号", ("国令第707号", "国令", None, 707)),
        ("国办发明电〔2018〕15号", ("国办发明电〔2018〕15号", "国办发明电", 2018, 15)),
        ("民航总局〔2006〕80号", ("民航总局〔2006〕80号", "民航总局", 2006, 80)),
        ("嘉 政 发 〔 2019 〕 15 号", None),
        ("嘉政发〔2019〕15号)", None),
        ("嘉政发〔2019〕15号 (2)", None),
        ("2019年7月15日", None),
        ("", None),
        ("公告第3号", None),
    ],
)
def test_parse_doc_number(text, expected):
    number = parse_doc_number(text)
    if expected is None:
        assert number is None
    else:
        assert (number.text, number.agency, number.year, number.serial) == expected
        assert number.span is None


# ---------------------------------------------------------------------------- the whole sample


def _sample_paragraphs() -> list[str]:
    """The sample split at blank lines, page breaks rejoined (a paragraph not ending a sentence)."""
    raw = SAMPLE.read_text(encoding="utf-8")
    out: list[str] = []
    for para in re.split(r"\n[ \t]*\n", raw):
        para = para.strip("\n")
        if not para.strip():
            continue
        if out and not re.search(r"[。；;：:!！?？)）〕\]】]\s*$", out[-1]) and not re.match(r"[一二三四五六七八九十]+、|\(|（|\d+\.", para):
            out[-1] += para
        else:
            out.append(para)
    return out


# (text, value in yuan, per, bound) of the 88 money amounts of the sample, in order, as read by hand
SAMPLE_AMOUNTS = """
1000万元 10000000 - -|250万元 2500000 - -|最高不超过250万元 2500000 - max|150万元 1500000 - max
1000万元/年 10000000 年 -|100万元 1000000 - -|不高于10万元/个 100000 个 max|每亩40元 40 亩 -
每亩20元 20 亩 -|2.5万元 25000 - -|2万元 20000 - -|1.5万元 15000 - -|1万元 10000 - -
每年不超过 4000 万元 40000000 年 max|200 元/亩 200 亩 -|10 万元 100000 - -|5 万元 50000 - -
15 万元 150000 - -|1.5 万元 15000 - -|1 万元 10000 - -|最高不超过 1000 万元 10000000 - max
突破 500 万元 5000000 - min|1000 万元 10000000 - min|2000 万元 20000000 - min|2 万元 20000 - -
5 万元 50000 - -|10 万元 100000 - -|最高不超过 30 万元 300000 - max|达到 50 万元 500000 - min
5 万元 50000 - -|达到 100 万元以上 1000000 - min|10 万元 100000 - -|每年分别给予 1 万元 10000 年 -|5 万元 50000 年 -
10 万元 100000 年 -|最高不超过 100 万元 1000000 - max|最高不超过 50 万元 500000 - max
每亩 400 元 400 亩 -|每亩 500 元 500 亩 -|每亩 1000 元 1000 亩 -|每平方米 4 元 4 平方米 -
每平方米 8 元 8 平方米 -|最高不超过 5 万元 50000 - max|5000 元/人 5000 人 -
每条精品线 1500 万元以内 15000000 精品线 max|每村 1000 万元 10000000 村 max|200 万元以内 2000000 村 max
1000 万元 10000000 - max|200 万元以内 2000000 - max|20 万元/年·村 200000 年·村 -
每村 30 万元 300000 村 max|20 万元 200000 村 max|10 万元以内 100000 村 max|每村(社区)1 万元 10000 村 -
1 万元 10000 - -|15 万元 150000 - -|5 万元 50000 - -|10 万元 100000 - -|5 万元 50000 - -|5 万元 50000 - -
3 万元 30000 - -|最高不超过 80 万元 800000 - max|每村 5 万元/年 50000 年·村 -|500 元/户 500 户 -
每年给予不超过 25 万元 250000 年 max|不超过 15 万元 150000 - max|50 万元(含)以上 500000 - min
最高不超过 100 万元 1000000 - max|25 万元 250000 - -|10 万元 100000 - -|5 万元 50000 - -|每个主体每次补助 1 万元 10000 主体·次 -
10 万元 100000 - -|5 万元 50000 - -|3 万元 30000 - -|5 万元 50000 - -|3 万元 30000 - -
2.5 万元/家 25000 家 -|5 万元/年 50000 年 -|20 元/亩·年 20 亩·年 -|人均 500 元以内 500 人 max
人均 1000 元以内 1000 人 max|人均 250 元以内 250 人 max|人均 200 元以内 200 人 max
140 亿元 14000000000 - -|150 亿元 15000000000 - -|达到 2300 亿元 230000000000 - min|达到 1600 亿元 160000000000 - min
"""


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample not present")
def test_whole_sample():
    paragraphs = _sample_paragraphs()
    found = [e for para in paragraphs for e in find_entities(para)]
    amounts = [e for e in found if isinstance(e, Amount)]
    expected = [row.rsplit(" ", 3) for row in SAMPLE_AMOUNTS.replace("\n", "|").split("|") if row.strip()]
    assert len(expected) == 88
    got = [(a.text, str(a.value), a.per or "-", a.bound or "-") for a in amounts]
    assert got == [tuple(row) for row in expected]
    assert all(a.unit == "元" and a.min is None and a.max is None for a in amounts)

    fractions = [e for e in found if isinstance(e, Fraction)]
    assert [(f.text, f.numerator, f.denominator) for f in fractions] == [("三分之一", 1, 3)] * 2
    ranges = [e for e in found if isinstance(e, Percent) and e.min is not None]
    assert [(p.text, p.min, p.max) for p in ranges] == [("0.5%~3.0%", Decimal("0.5"), Decimal("3"))]

    dates = [e for e in found if isinstance(e, DateMention)]
    assert any(d.text == "2019 年 8 月 1 日" and d.value == "2019-08-01" for d in dates)
    assert any(d.text == "2020 年底" and d.year == 2020 and d.part == "end" for d in dates)
    refs = {e.doc_number.text for e in found if isinstance(e, DocRef)}
    assert {"嘉委发〔2018〕11号", "嘉委办发〔2019〕14号", "嘉政发[2017]36 号"} <= refs
    # the sample's 文号 lines themselves
    for para in paragraphs:
        if re.fullmatch(r"嘉政(办)?发\s*[〔\[]2019[〕\]]\s*\d+\s*号", para.strip()):
            assert parse_doc_number(para) is not None


@pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")
def test_corpus_never_fails_and_finds_citations():
    """Every paragraph of the corpus parses (the grammar is total) and the cited 文号 are found."""
    texts = []
    for path in sorted(CORPUS.glob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            raw = re.sub(r"<(br|/p|/tr|/div)[^>]*>", "\n", raw, flags=re.I)
            raw = re.sub(r"<[^>]+>", "", raw)
        texts += [line for line in raw.replace("\r", "").split("\n") if line.strip()]
    assert texts
    refs = set()
    for line in texts:
        ent._parse_joined(line)  # raises if the grammar were not total
        refs |= {e.doc_number.text for e in find_entities(line) if isinstance(e, DocRef)}
    assert {"国发〔2015〕43号", "鄂政文〔2004〕15号", "民航总局〔2006〕80号", "国令第707号"} <= refs


# ---------------------------------------------------------------------------- batching


def _sentence_by_sentence(text: str) -> list[tuple[int, int, object]]:
    """The reference the batched parse must equal: every sentence of ``text`` parsed on its own."""
    found = []
    offset = 0
    for sentence in re.split(r"(?<=[。！？!?])", text):
        found += [(start + offset, end + offset, entity) for (start, end), entity in ent._parse_joined(sentence)]
        offset += len(sentence)
    return found


def _batch_texts() -> list[str]:
    rng = random.Random(7)
    # a Han character ending one text and a 文号 tail opening the next: no agency across the break
    texts = ["一元一", "〔2019〕15号", "嘉政发", "[2017]36 号"]
    texts += [case[2] for case in CASES]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 80))) for _ in range(500)]
    if SAMPLE.exists():
        paragraphs = _sample_paragraphs()
        texts += paragraphs
        # pieces glued without a sentence end between them, and cut at random places
        for _ in range(300):
            glued = "".join(rng.choice(paragraphs) for _ in range(rng.randint(1, 3)))
            a, b = sorted(rng.randrange(len(glued) + 1) for _ in range(2))
            texts.append(glued[a:b])
    return texts


def test_batched_parse_equals_one_sentence_at_a_time():
    """find_entities_batch parses the candidate sentences of many texts joined in one call; that must
    give exactly what parsing each sentence alone gives (the grammar lets nothing cross a line break)."""
    texts = _batch_texts()
    batched = ent.find_entities_batch([(text, None) for text in texts])
    assert len(batched) == len(texts)
    mismatches = []
    for text, entities in zip(texts, batched):
        got = [(e.span.start, e.span.end, e) for e in entities]
        if got != _sentence_by_sentence(text):
            mismatches.append(text)
    assert not mismatches, mismatches[:3]
    assert sum(len(entities) for entities in batched) > 500  # the check saw real entities


def test_batch_maps_positions_per_text():
    texts = [("给予 10 万元补助", [100 + i for i in range(9)] + [109]), ("无", None), ("每亩40元", None)]
    first, second, third = ent.find_entities_batch(texts)
    assert [(e.text, e.span.start, e.span.end) for e in first] == [("10 万元", 103, 108)]
    assert second == ()
    assert [(e.text, e.span.start, e.span.end) for e in third] == [("每亩40元", 0, 5)]


# ---------------------------------------------------------------------------- robustness


ALPHABET = (
    "0123456789０１２３４５６７８９.．,，、%％~～-—至/·年月日底末初元万亿千百十零〇○一二两三四五六七八九"
    "分之每亩人均不超过最高低于少突破以上内下含第号令国发办〔〕[]［］【】﹝﹞()（）《》〈〉牵头负责配合参与"
    "市局县区 \u3000\t\n\r平方米吨个户天次abcXYZ<>:：;；。"
)


def test_never_raises_on_random_strings():
    rng = random.Random(20190715)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        ent._parse_joined(text)  # the grammar itself must accept everything
        for entity in find_entities(text):
            assert text[entity.span.start : entity.span.end] == entity.text


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60) | st.text(max_size=60))
def test_never_raises_hypothesis(text):
    ent._parse_joined(text)
    found = find_entities(text)
    for a, b in zip(found, found[1:]):
        assert a.span.end <= b.span.start
    for entity in found:
        assert text[entity.span.start : entity.span.end] == entity.text


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "(" * 100_000,
        "〔" * 100_000,
        "()" * 50_000,
        "(" + "a" * 100_000,
        "(()" * 30_000,
        "《" * 100_000,
        "《" + "字" * 100_000,
        "一" * 100_000,
        "每" * 100_000,
        "不超过" * 30_000,
        "1、" * 50_000,
        "1-" * 50_000,
        "2019年" * 20_000,
        "国发〔" * 30_000,
        ("万" * 11 + "一") * 8_000,
        "".join(random.Random(7).choice(ALPHABET) for _ in range(100_000)),
    ],
    ids=lambda t: repr(t[:6]),
)
def test_adversarial_long_strings_are_fast(text):
    start = time.perf_counter()
    find_entities(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"{elapsed:.1f}s for {len(text)} characters"


# ---------------------------------------------------------------------------- the grammar itself


@pytest.mark.slow
def test_grammar_is_strict():
    """No shift/reduce conflict and no same-priority terminal collision (needs interegular)."""
    pytest.importorskip("interegular")
    build_parser("entities.lark", start=["start", "docnum"], strict=True)


def test_grammar_path():
    path = grammar_path("entities.lark")
    assert path.is_file() and path.parent.name == "grammar"
    assert grammar_path("zh_common.lark").parent == path.parent
    with pytest.raises(FileNotFoundError):
        grammar_path("no-such.lark")


@pytest.mark.parametrize("written", ["二〇二〇年三月十二日", "二0二0年三月十二日", "二０二０年三月十二日", "二O二O年三月十二日"])
def test_han_date_in_a_sign_off(written):
    """Issue 15: a sign-off date typed with 0 or O for 〇 is still the document's date."""
    import jxparse

    text = ("嘉兴市人民政府关于做好某某工作的通知\n\n嘉政发〔2020〕5号\n\n各县(市、区)人民政府:\n\n一、总则\n\n正文。\n\n"
            f"嘉兴市人民政府\n\n{written}\n")
    document, = jxparse.parse(text).documents
    assert document.date == "2020-03-12" and document.signatories == ("嘉兴市人民政府",)


def test_long_sentences_cut_at_clauses_give_the_same_entities(monkeypatch):
    """Issue 19: a sentence of more than 4 096 characters is parsed in runs of clauses cut at a ， or ；
    outside brackets. The entities must be exactly those of the sentence parsed whole: the sample's
    paragraphs with every sentence end made a comma, glued into sentences of up to 60 000 characters."""
    texts = [re.sub("[。！？!?]", "，", paragraph) for paragraph in _sample_paragraphs()]
    rng = random.Random(19)
    glued = ["".join(rng.sample(texts, len(texts))) for _ in range(3)]
    glued.append("一、补助" + "给予每亩300元补助，（牵头单位：市财政局，配合单位：市农业农村局）" * 2000)
    assert max(len(text) for text in glued) > 10 * ent._LONGEST_SENTENCE
    cut = ent.find_entities_batch([(text, None) for text in glued])
    assert any(end - start < len(text) for text in glued for start, end in ent._candidate_sentences(text))
    monkeypatch.setattr(ent, "_LONGEST_SENTENCE", 10 ** 9)
    whole = ent.find_entities_batch([(text, None) for text in glued])
    assert cut == whole
    assert [[(e.span.start, e.span.end) for e in found] for found in cut] == \
        [[(e.span.start, e.span.end) for e in found] for found in whole]
    assert sum(len(found) for found in cut) > 2000
