"""Markdown input: the text grammar reads Markdown as it reads plain text (it knows ``#``, ``- ``,
``> `` prefixes, ``**bold**`` and autolinks); this module only takes the YAML front matter that
converters put first (标题, 文号, 发布单位, 发布日期 …) into metadata, and its labels' title, 文号
and date into the hints (:func:`~jxparse.readers.hints_from_pairs`).

Front matter is read as flat ``key: value`` lines, which is all converters write; quoted values
lose their quotes. Nested YAML is kept as text under its key. No YAML library is needed for that.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import SourceText, hints_from_pairs

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_KEY_VALUE = re.compile(r"^([^\s:#][^:]*?)\s*[:：]\s*(.*?)\s*$")


def with_front_matter(source: SourceText) -> SourceText:
    """``source`` with its front matter (if any) moved into ``metadata`` (and read into ``hints``) and
    ``body_start`` after it."""
    match = _FRONT_MATTER.match(source.text)
    if not match:
        return source
    pairs = []
    for line in match.group(1).splitlines():
        found = _KEY_VALUE.match(line)
        if found:
            pairs.append((found.group(1).strip(), _unquote(found.group(2))))
        elif line.strip() and pairs:
            key, value = pairs[-1]
            pairs[-1] = (key, (value + " " + line.strip()).strip())
    metadata = tuple(source.metadata) + tuple(pairs)
    return replace(source, metadata=metadata, hints=hints_from_pairs(metadata), body_start=match.end())


_DOUBLE_QUOTED_ESCAPE = re.compile(r'\\([\\"nt])')


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] == '"':
        # YAML's double-quoted escapes that jxparse's own front matter writes: \\ \" \n \t
        return _DOUBLE_QUOTED_ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] and value[0] == "'":
        return value[1:-1].replace("''", "'")
    return value


__all__ = [
    "with_front_matter",
]
