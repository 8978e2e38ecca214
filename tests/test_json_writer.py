"""The JSON writer writes exactly what json.dumps writes, with Decimals as their own digits."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jxparse.writers.json import dumps_data, loads_data

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_same_text_as_json_dumps(data):
    assert dumps_data(data) == json.dumps(data, ensure_ascii=False, indent=2)
    assert dumps_data(data, indent=None) == json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("2.50"), "2.5"), (Decimal("25000.0"), "25000"), (Decimal("1E+4"), "10000"),
    (Decimal("-0"), "0"), (Decimal("123456789012345678901234567890.5"), "123456789012345678901234567890.5"),
])
def test_decimals_are_written_exactly(value, text):
    assert dumps_data({"value": value}) == '{\n  "value": ' + text + "\n}"
    assert loads_data(dumps_data([value])) == [value]


def test_non_string_keys_and_unknown_types_are_refused():
    with pytest.raises(TypeError):
        dumps_data({1: "a"})
    with pytest.raises(TypeError):
        dumps_data({"a": object()})
