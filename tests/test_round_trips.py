"""JSON ⇄ XML equivalence on every bundled sample and corpus file, and `jxparse validate` on real output."""

from __future__ import annotations

import functools

import pytest
from click.testing import CliRunner

import jxparse
from conftest import SAMPLES, corpus_files
from jxparse.cli import main
from jxparse.validate import validate_text

INPUTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html")) + corpus_files("*.*")


@functools.cache
def parsed(path):
    return jxparse.parse_file(path)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_json_xml_json_is_the_same_json(path):
    json_text = jxparse.dumps(parsed(path), format="json")
    from_json = jxparse.loads(json_text, format="json")
    xml_text = jxparse.dumps(from_json, format="xml")
    assert validate_text(xml_text, name=f"{path.stem}.xml") == []
    assert jxparse.dumps(jxparse.loads(xml_text, format="xml"), format="json") == json_text


def test_validate_names_the_line_of_a_broken_xml(tmp_path):
    xml_text = jxparse.dumps(parsed(SAMPLES / "jiaxing-2019-07.txt"), format="xml")
    lines = xml_text.splitlines()
    fault = next(i for i, line in enumerate(lines) if "<section " in line)
    lines[fault] = lines[fault].replace('style="', 'style="roman-', 1)
    broken = tmp_path / "broken.xml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = tmp_path / "good.xml"
    good.write_text(xml_text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(good)]).exit_code == 0
    result = runner.invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert f"broken.xml:{fault + 1}:" in result.output
