"""Checks that hold for every tree jxparse makes, whatever the input."""

from __future__ import annotations

import dataclasses
import re

from jxparse import ast

_BLANKS = re.compile(r"[\s\u3000\u00a0]+")
# Converter markup that paragraph text drops: **bold**, <autolink>, Markdown escapes and prefixes.
_MARKUP = re.compile(r"\*\*|__|[<>\\]")


# Markdown block prefixes ("## ", "- ", "> ") that the line grammar takes off a line, in any input:
# "## " and "- " before text; "##" alone is an empty heading (no text), but "- " alone stays text "-".
# Matched on the whole source, so that a line's start and end are the real ones, not a span's.
_PREFIXES = re.compile(r"(?:\A|(?<=[\r\n]))[ \t\u3000\u00a0\f\v]*(?:#{1,6}[ \t]+|#{1,6}(?=[ \t]*(?:[\r\n]|\Z))"
                       r"|[-*+>][ \t]+(?![ \t]*(?:[\r\n]|\Z)))")


def squeeze(text: str) -> str:
    """A node's text without blanks and converter markup, for comparing with its source."""
    return _BLANKS.sub("", _MARKUP.sub("", text))


class SourceView:
    """The source with its Markdown line prefixes marked, to read a span as its node sees it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.prefix = bytearray(len(source))
        for match in _PREFIXES.finditer(source):
            self.prefix[match.start():match.end()] = b"\x01" * (match.end() - match.start())

    def squeezed(self, span: ast.Span) -> str:
        """The span's text without Markdown prefixes, squeezed like node text."""
        kept = "".join(char for offset, char in enumerate(self.source[span.start:span.end], span.start)
                       if not self.prefix[offset])
        return squeeze(kept)


def walk(node):
    """Every dataclass node under (and including) ``node``."""
    yield node
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if dataclasses.is_dataclass(item) and not isinstance(item, ast.Span):
                yield from walk(item)


def sections(blocks):
    """Every section under ``blocks``, depth first, in document order."""
    for block in blocks:
        if isinstance(block, ast.Section):
            yield block
            yield from sections(block.children)


def check_spans(bulletin: ast.Bulletin) -> None:
    """Every span lies inside the source and gives back its node's raw text."""
    source = bulletin.text
    view = SourceView(source)
    for node in walk(bulletin):
        for f in dataclasses.fields(node):
            span = getattr(node, f.name)
            if isinstance(span, ast.Span):
                assert 0 <= span.start <= span.end <= len(source), (node, f.name, span)
        span = getattr(node, "span", None)
        if span is None:
            continue
        raw = source[span.start:span.end]
        if isinstance(node, (ast.Paragraph,)):
            assert squeeze(node.text) in view.squeezed(span), (node.text, raw)
        elif isinstance(node, ast.DocNumber):
            assert view.squeezed(span) == squeeze(node.text), (raw, node.text)
        elif isinstance(node, ast.Section):
            assert raw.lstrip("#-*+> \t").startswith(node.marker), (raw[:20], node.marker)
            heading = source[node.heading_span.start:node.heading_span.end]
            assert squeeze(node.heading) in view.squeezed(node.heading_span), (node.heading, heading)
        elif isinstance(getattr(node, "text", None), str) and not isinstance(node, ast.Bulletin):
            assert view.squeezed(span) == squeeze(node.text), (type(node).__name__, raw, node.text)
    for document in (n for n in walk(bulletin) if isinstance(n, ast.Document)):
        if document.title_span is not None:
            raw = view.squeezed(document.title_span)
            # Exports print the title twice; the span covers both copies.
            assert raw in (squeeze(document.title), squeeze(document.title) * 2), (raw, document.title)


def _leaf_spans(bulletin: ast.Bulletin):
    for node in walk(bulletin):
        for f in dataclasses.fields(node):
            span = getattr(node, f.name)
            if not isinstance(span, ast.Span):
                continue
            if not (f.name == "span" and isinstance(node, (ast.Document, ast.Section))):
                yield span
    for diagnostic in bulletin.diagnostics:
        if diagnostic.span is not None:
            yield diagnostic.span


def uncovered(bulletin: ast.Bulletin, body_start: int = 0) -> list[tuple[int, str]]:
    """Non-blank characters of the source that no leaf node's span covers (offset, line)."""
    source = bulletin.text
    covered = bytearray(len(source))
    for span in _leaf_spans(bulletin):
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    missing = []
    for offset, char in enumerate(source):
        if offset >= body_start and not covered[offset] and not char.isspace():
            line_start = source.rfind("\n", 0, offset) + 1
            line_end = source.find("\n", offset)
            missing.append((offset, source[line_start:line_end if line_end != -1 else None]))
    return missing


# ----------------------------------------------------------------------------- PDF layout


def layout_pages(data: bytes) -> list:
    """A PDF-layout input as the fuzzer stores it (JSON, NaN and infinities allowed): a list of pages,
    each ``{"width", "height", "chars": [[text, x0, top, x1, bottom, size], …], "tables": [rows of
    [x0, top, x1, bottom]], "turned": {"90": [glyphs], …}}`` -> PageInput objects."""
    import json

    from jxparse.readers.layout import PageInput

    def glyphs(items):
        return [tuple(item) for item in items]

    pages = []
    for number, page in enumerate(json.loads(data.decode("utf-8")), 1):
        tables = [[[tuple(box) for box in row] for row in table] for table in page.get("tables", [])]
        turned = {int(direction): glyphs(items) for direction, items in page.get("turned", {}).items()}
        pages.append(PageInput(number, page["width"], page["height"], glyphs(page["chars"]), tables, turned))
    return pages


def check_layout(pages: list) -> None:
    """Lay the pages out (as read_pdf does) and check the result: no exception, every output line
    where its span says, and no character in the text that no glyph (or a separator) brought."""
    from jxparse.readers.layout import Layout, render

    glyph_text = {ch for page in pages for glyph in page.chars for ch in glyph[0]}
    glyph_text |= {ch for page in pages for glyphs in page.turned.values() for glyph in glyphs for ch in glyph[0]}
    layout = Layout()
    for page in pages:
        layout.add_page(page)
    out, _ = layout.build()
    text, spans = render(out)
    for start, end, line in spans:
        assert text[start:end] == line.text
    invented = set(text) - glyph_text - set(" \t\n-")
    assert not invented, f"characters no glyph brought: {sorted(invented)[:10]}"
