"""Finding and loading jxparse's Lark grammars, once per process.

The ``.lark`` files live in the top-level ``grammar/`` folder of the source
tree; the wheel ships them as ``jxparse/grammar/`` (see pyproject.toml). Both
places are tried, so a checkout and an installed package behave alike.
Parsers are built lazily with ``cache=True``: Lark stores the analysed grammar
in the temp directory keyed by its hash, so a grammar change can never reuse a
stale cache.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def grammar_path(name: str) -> Path:
    """The path of grammar file ``name`` (e.g. ``"bulletin.lark"``), installed or in a checkout."""
    for folder in (_PACKAGE_DIR / "grammar", _PACKAGE_DIR.parent / "grammar"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"jxparse grammar file {name!r} is missing from the installation")


def build_parser(name: str, *, strict: bool = False, cache: bool = True, **options):
    """Build an LALR parser from grammar file ``name``.

    ``strict=True`` makes Lark fail on any shift/reduce conflict or terminal collision (it needs the
    ``interegular`` package); the test suite builds every grammar that way.
    """
    from lark import Lark

    return Lark.open(
        str(grammar_path(name)),
        parser="lalr",
        lexer=options.pop("lexer", "contextual"),
        propagate_positions=False,
        maybe_placeholders=False,
        cache=cache and not strict,
        strict=strict,
        **options,
    )
