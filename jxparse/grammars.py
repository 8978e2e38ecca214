"""Finding and loading jxparse's Lark grammars, once per process.

The ``.lark`` files live in the top-level ``grammar/`` folder of the source
tree; the wheel ships them as ``jxparse/grammar/`` (see pyproject.toml). Both
places are tried, so a checkout and an installed package behave alike.
Parsers are built lazily and cached: Lark stores the analysed grammar in a file of
the per-user cache folder (``$XDG_CACHE_HOME/jxparse`` or ``~/.cache/jxparse``),
not the shared temp folder, where another user could plant a file that Lark
would unpickle. Lark checks a hash of the grammar (and the files it imports)
stored in the file, so a grammar change never reuses a stale cache. Where no
cache folder can be created or written, parsers are built without a cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
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
    import lark
    from lark import Lark

    path = grammar_path(name)
    lexer = options.pop("lexer", "contextual")
    cache_file: str | bool = False
    if cache and not strict:
        folder = cache_dir()
        if folder is not None:
            # One file per grammar, option set, Lark and Python version; Lark verifies the content.
            key = cache_key(path.read_bytes(), lexer, options, lark.__version__)
            cache_file = str(folder / f"{path.stem}-{key}-py{sys.version_info[0]}{sys.version_info[1]}.lark-cache")
    return Lark.open(
        str(path),
        parser="lalr",
        lexer=lexer,
        propagate_positions=False,
        maybe_placeholders=False,
        cache=cache_file,
        strict=strict,
        **options,
    )


def cache_key(grammar: bytes, lexer: str, options: dict, lark_version: str) -> str:
    """The part of a grammar cache's file name that names what was analysed.

    Options that are objects (the embedded transformer) count by their class, never by their
    ``repr``: that holds the object's address, which differs in every process, so the cache would
    never be found again and every process would analyse the grammar anew (seconds, and far more
    where ``interegular`` is installed, as Lark then checks every pair of terminals).
    """
    def option_value(value) -> str:
        if value is None or isinstance(value, (str, int, float, bool, tuple, list)):
            return repr(value)
        return f"{type(value).__module__}.{type(value).__qualname__}"

    named = sorted((name, option_value(value)) for name, value in options.items())
    return hashlib.sha256(repr((grammar, lexer, named, lark_version)).encode("utf-8")).hexdigest()[:16]


def cache_dir() -> Path | None:
    """The per-user folder for jxparse's grammar caches, created (mode 0700) if needed; None if unusable.

    ``$XDG_CACHE_HOME/jxparse`` when that variable holds an absolute path, else ``~/.cache/jxparse``.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
        folder = root / "jxparse"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to be found
        return None
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return None
    return folder


__all__ = [
    "grammar_path", "build_parser", "cache_dir", "cache_key",
]
