"""The manual (README.md and docs/*.md) against the project it describes.

A clone has nothing but these files to learn jxparse from, so they are checked like code: every
relative link leads to a file (and heading) that exists, the README's Quick start commands name
things that exist and do what CI does, every command line shown parses with the real CLI, the
library examples run, the tree excerpts are real output (lines of the golden tree dump), docs/tree.md
names every field the JSON Schema declares, the README's exit codes are those of the CLI, and no
table row is written twice.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
SAMPLE = "samples/jiaxing-2019-07.txt"
GOLDEN_TREE = ROOT / "output" / "jiaxing-2019-07.tree"

FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
INLINE_CODE = re.compile(r"`[^`]*`")


def _prose_lines(path: Path) -> list[str]:
    """The lines of a Markdown page outside fenced code blocks."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def _fenced_blocks(path: Path, info: str) -> list[list[str]]:
    """The fenced code blocks of a page whose info string is ``info`` (``python``, ``text`` …)."""
    blocks, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if current is None and line.strip() == "```" + info:
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (letters of any script, digits,
    ``-`` and ``_`` kept), spaces turned into ``-``."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    """Every heading anchor of a page, with GitHub's ``-1``, ``-2`` … for repeated headings."""
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose_lines(path):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = _slug(match.group(1))
        count = seen.get(slug, 0)
        anchors.add(slug if count == 0 else f"{slug}-{count}")
        seen[slug] = count + 1
    return anchors


def _links(path: Path) -> list[str]:
    """The link targets of a page's prose (not in code blocks or code spans)."""
    return [target for line in _prose_lines(path) for target in LINK.findall(INLINE_CODE.sub("", line))]


def test_the_manual_has_its_pages():
    assert README.is_file() and DOCS.is_dir()
    assert len(PAGES) >= 8, PAGES
    # The README stays an introduction: the manual lives in docs/.
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def _broken_links(page: Path) -> list[str]:
    """The relative links of a page that lead to no file, or to no heading of the file they name."""
    problems = []
    for target in _links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: … are not checked here
            continue
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            problems.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            problems.append(f"{target}: no heading with anchor #{anchor} in {destination.name}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page):
    assert _links(page) or page.name == "LICENSE"
    problems = _broken_links(page)
    assert not problems, f"{page.name}: " + "; ".join(problems)


def test_link_check_catches_a_broken_link(tmp_path):
    """The checker itself can fail: a missing file and a missing anchor are both found, code is skipped."""
    page = tmp_path / "page.md"
    (tmp_path / "there.md").write_text("# A heading, with 中文\n\n## Again\n\n## Again\n", encoding="utf-8")
    page.write_text("[a](there.md#a-heading-with-中文) [b](missing.md) [c](there.md#nope) `[d](x.md)`\n"
                    "[e](there.md#again-1) [f](https://example.org/x)\n```\n[g](y.md)\n```\n", encoding="utf-8")
    assert _links(page) == ["there.md#a-heading-with-中文", "missing.md", "there.md#nope", "there.md#again-1",
                            "https://example.org/x"]
    assert _broken_links(page) == ["missing.md: no such file",
                                   "there.md#nope: no heading with anchor #nope in there.md"]


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in _links(README)}
    orphans = [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked]
    assert not orphans, orphans


def _quick_start() -> list[str]:
    """The indented command lines of the README's Quick start section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]


def test_quick_start_commands_name_what_exists_and_match_ci():
    setup_and_run, setup_and_test = _quick_start()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    venv = "python3 -m venv .venv && . .venv/bin/activate && "

    # One command sets up and converts the bundled sample with the installed console script.
    assert setup_and_run.startswith(venv + "pip install . && jxparse convert "), setup_and_run
    assert re.search(r"^\[project\.scripts\]\njxparse = ", pyproject, re.M)
    assert (ROOT / setup_and_run.split("jxparse convert ", 1)[1].split()[0]).is_file()

    # The other sets up and runs the tests exactly as CI does (.ci/run).
    assert setup_and_test.startswith(venv), setup_and_test
    install, test_command = setup_and_test[len(venv):].split(" && ")
    assert install == 'pip install -e ".[test]"'
    extras = pyproject.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    assert re.search(r"^test = \[", extras, re.M)
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert 'python -m pip install --quiet -e ".[test]"' in ci
    assert ci[-1] == test_command, (ci[-1], test_command)


def test_quick_start_conversion_prints_the_golden_json():
    setup_and_run = _quick_start()[0]
    arguments = shlex.split(setup_and_run.split(" && jxparse ", 1)[1])
    result = subprocess.run([sys.executable, "-m", "jxparse", *arguments], cwd=ROOT, capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout.decode("utf-8") == (ROOT / "output" / "jiaxing-2019-07.json").read_text(encoding="utf-8")


def _command_lines() -> list[tuple[str, str]]:
    """Every concrete ``jxparse …`` line of the manual's code (not synopses with ``[…]`` or ``|``)."""
    found = []
    for page in PAGES:
        fenced = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line):
                fenced = not fenced
                continue
            if not (fenced or line.startswith("    ")):  # code: fenced or indented blocks
                continue
            command = line.strip().split("  #", 1)[0].strip()
            if command.startswith("jxparse ") and not re.search(r"[\[|…]", command.replace("\\|", "")):
                found.append((page.name, command))
    return found


def test_command_lines_parse_with_the_real_cli():
    from jxparse.cli import main

    lines = _command_lines()
    assert len(lines) >= 8, lines  # the README's three and the batch page's examples at least
    for page, line in lines:
        words = shlex.split(line)[1:]
        if words == ["--version"]:
            continue
        command = main.commands.get(words[0])
        assert command is not None, f"{page}: {line}: no command {words[0]!r}"
        try:
            command.make_context(words[0], words[1:])
        except Exception as error:  # click's usage errors
            pytest.fail(f"{page}: {line}: {error}")


@pytest.mark.parametrize("page", [README, DOCS / "library.md"], ids=lambda p: p.name)
def test_library_examples_run(page):
    blocks = _fenced_blocks(page, "python")
    examples = [block for block in blocks if block and block[0] == "import jxparse"]
    assert examples, f"{page.name} has no library example"
    for block in examples:
        result = subprocess.run([sys.executable, "-c", "\n".join(block)], cwd=ROOT, capture_output=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")


def test_readme_library_example_is_eight_lines():
    (example,) = [b for b in _fenced_blocks(README, "python") if b and b[0] == "import jxparse"]
    assert len(example) == 8, example


@pytest.mark.parametrize("page", [README, DOCS / "tree.md"], ids=lambda p: p.name)
def test_tree_excerpts_are_real_output(page):
    golden = GOLDEN_TREE.read_text(encoding="utf-8").splitlines()
    (excerpt,) = _fenced_blocks(page, "text")
    assert len(excerpt) >= 8
    starts = [i for i, line in enumerate(golden) if line == excerpt[0]]
    assert any(golden[i:i + len(excerpt)] == excerpt for i in starts), \
        f"the excerpt in {page.name} is not a run of lines of {GOLDEN_TREE.name}"


def test_tree_page_names_every_field_and_type_of_the_schema():
    import json

    from jxparse.ast import NODE_TYPES

    page = (DOCS / "tree.md").read_text(encoding="utf-8")
    schema = json.loads((ROOT / "jxparse" / "schemas" / "jxparse.schema.json").read_text(encoding="utf-8"))
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names |= set(definition.get("properties", {}))
    names |= set(NODE_TYPES)
    missing = sorted(n for n in names if not re.search(rf'[`"]{re.escape(n)}[`"]', page))
    assert not missing, f"docs/tree.md does not name {missing}"


def test_readme_exit_codes_are_the_clis():
    import jxparse.cli

    documented = set(re.findall(r"^\|\s*(\d+(?:,\s*\d+)*)\s*\|", README.read_text(encoding="utf-8"), re.M))
    documented = {int(code) for cell in documented for code in cell.split(",")}
    declared = {int(code) for codes in re.findall(r"^\s+(\d+(?:,\s*\d+)*)\s{2,}", jxparse.cli.__doc__, re.M)
                for code in codes.split(",")}
    assert declared and documented == declared, (documented, declared)


def test_no_table_row_is_written_twice():
    seen: dict[str, str] = {}
    repeated = []
    for page in PAGES:
        lines = _prose_lines(page)
        for i, line in enumerate(lines):
            if not line.startswith("|") or re.fullmatch(r"[|\s:-]+", line):
                continue
            if i + 1 < len(lines) and re.fullmatch(r"[|\s:-]+", lines[i + 1]):
                continue  # a header row
            row = re.sub(r"\s+", " ", line.strip())
            if row in seen:
                repeated.append(f"{row[:60]} ({seen[row]} and {page.name})")
            seen.setdefault(row, page.name)
    assert not repeated, repeated


def test_options_named_in_the_cli_and_batch_pages_exist():
    """Every ``--option`` the command-line pages name (synopses, tables, prose) is an option of a
    jxparse command, so a renamed or removed option cannot stay documented."""
    from jxparse.cli import main

    known = {"--help", "--version"}
    for command in main.commands.values():
        for parameter in command.params:
            known.update(o for o in (*parameter.opts, *parameter.secondary_opts) if o.startswith("--"))
    named = set()
    for page in (README, DOCS / "cli.md", DOCS / "batch.md", DOCS / "inputs.md"):
        named |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", page.read_text(encoding="utf-8")))
    named -= {"--headless", "--convert-to"}  # LibreOffice's, in the advice for legacy Word files
    unknown = sorted(named - known)
    assert not unknown, unknown
