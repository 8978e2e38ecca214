"""Shared fixtures: the bundled samples, the shared corpus, and the golden-file switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_TEXT = SAMPLES / "jiaxing-2019-07.txt"
CORPUS = Path(os.environ.get("JXPARSE_CORPUS", ROOT.parent / "shared" / "corpus"))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="Rewrite tests/expected/* and output/* from the current code (review the diff!).")


@pytest.fixture(scope="session")
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture(scope="session")
def sample_source() -> str:
    return SAMPLE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_bulletin():
    import jxparse

    return jxparse.parse_file(SAMPLE_TEXT)


def corpus_files(pattern: str = "*") -> list[Path]:
    """Files of the shared corpus (empty when the folder is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.glob(pattern) if path.is_file() and path.name != "MANIFEST.md")


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
