"""Packaging a newcomer expects (issue 15, item 11): licence, changelog, __all__, the grammar cache."""

from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_MODULES = ["jxparse", "jxparse.ast", "jxparse.errors", "jxparse.amounts", "jxparse.convert", "jxparse.batch",
                  "jxparse.grammars", "jxparse.numbers", "jxparse.sniff", "jxparse.pipeline.entities", "jxparse.validate",
                  "jxparse.readers", "jxparse.readers.text", "jxparse.readers.markdown", "jxparse.readers.pdf",
                  "jxparse.writers", "jxparse.writers.json", "jxparse.writers.markdown", "jxparse.writers.xml",
                  "jxparse.writers.tree", "jxparse.pipeline", "jxparse.pipeline.reading", "jxparse.declaration",
                  "jxparse.xml_layout", "jxparse.loaders.xml"]


def test_license_file_matches_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"]["text"] == "MIT" and license_text.startswith("MIT License")
    assert "jxparse contributors" in license_text


def test_changelog_names_the_current_version():
    from jxparse import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog and "## [Unreleased]" in changelog


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_modules_declare_all_and_it_resolves(name):
    module = importlib.import_module(name)
    assert isinstance(module.__all__, (list, tuple)) and module.__all__
    missing = [item for item in module.__all__ if not hasattr(module, item)]
    assert missing == [], f"{name}.__all__ names what the module lacks: {missing}"
    assert len(set(module.__all__)) == len(module.__all__)


def test_grammar_cache_is_per_user(tmp_path, monkeypatch):
    from jxparse import grammars

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    parser = grammars.build_parser("sections.lark", start="start")
    assert parser is not None
    folder = tmp_path / "cache" / "jxparse"
    files = list(folder.glob("sections-*.lark-cache"))
    assert len(files) == 1 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    again = grammars.build_parser("sections.lark", start="start")  # loaded from the cache file
    assert type(again.parser) is type(parser.parser) and list(folder.glob("*.lark-cache")) == files


def test_grammar_cache_falls_back_when_not_writable(tmp_path, monkeypatch):
    from jxparse import grammars

    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cannot hold a folder
    assert grammars.cache_dir() is None
    parser = grammars.build_parser("sections.lark", start="start")
    assert parser is not None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert grammars.cache_dir() == tmp_path / "home" / ".cache" / "jxparse"
