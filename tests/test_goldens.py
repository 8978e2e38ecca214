"""Golden files: output/ holds every bundled sample converted to every format.

output/ is what a user opens to see what jxparse makes, and it is the golden set: these tests
fail when it is stale. Regenerate it only on purpose, then read the diff before committing:

    python -m pytest tests/test_goldens.py --update-goldens
"""

from __future__ import annotations

import difflib
import functools

import pytest

import jxparse
from conftest import ROOT, SAMPLES

OUTPUT = ROOT / "output"
FORMATS = {"json": ".json", "xml": ".xml", "tree": ".tree", "md": ".md"}
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf"))


def golden_path(sample, format):
    """output/<stem>.<ext> for text samples; output/<kind>/<stem>.<ext> for the others (a PDF twin of a
    text sample has the same stem)."""
    folder = OUTPUT if sample.suffix == ".txt" else OUTPUT / sample.suffix[1:]
    return folder / (sample.stem + FORMATS[format])


@functools.cache
def parsed(sample):
    return jxparse.parse_file(sample)


def _cases():
    for sample in SAMPLE_FILES:
        for format in FORMATS:
            if format in jxparse.formats():
                yield pytest.param(sample, format, golden_path(sample, format), id=f"{sample.name}-{format}")


@pytest.mark.parametrize(("sample", "format", "golden"), list(_cases()))
def test_golden(sample, format, golden, update_goldens):
    actual = jxparse.dumps(parsed(sample), format=format)
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        pytest.skip(f"rewrote {golden.relative_to(ROOT)}")
    if not golden.exists():
        pytest.fail(f"{golden.relative_to(ROOT)} is missing; run pytest tests/test_goldens.py --update-goldens")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(golden.relative_to(ROOT)), "now", n=2))
        pytest.fail(f"{golden.relative_to(ROOT)} is stale. If the change is intended, run\n"
                    f"  python -m pytest tests/test_goldens.py --update-goldens\nand review the diff:\n"
                    + diff[:6000])


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_json_and_xml_goldens_load_back_to_the_same_tree(sample):
    tree = parsed(sample)
    for format in ("json", "xml"):
        golden = golden_path(sample, format)
        if golden.exists():
            assert jxparse.loads(golden.read_text(encoding="utf-8"), format=format) == tree


@pytest.mark.parametrize("format", ["json", "xml"])
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_output_validates_against_the_shipped_schemas(sample, format):
    from jxparse.validate import validate_text

    text = jxparse.dumps(parsed(sample), format=format)
    assert validate_text(text, name=f"{sample.stem}.{format}") == []
