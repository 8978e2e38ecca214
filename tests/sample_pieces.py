"""The bundled sample cut into its documents: small real inputs for batch tests and benchmarks."""

from __future__ import annotations

import re

DOC_NUMBER_LINE = re.compile(r"^\S{2,8}[〔\[]\d{4}[〕\]]\s*\d+\s*号$")


def split_documents(text: str) -> list[str]:
    """The sample cut before the title line of each document (the line above a 文号 line)."""
    lines = text.split("\n")
    cuts = []
    for number, line in enumerate(lines):
        if DOC_NUMBER_LINE.match(line.strip()):
            title = number - 1
            while title > 0 and not lines[title].strip():
                title -= 1
            cuts.append(title)
    bounds = [0, *cuts, len(lines)]
    return ["\n".join(lines[a:b]).strip("\n") + "\n" for a, b in zip(bounds, bounds[1:]) if a < b]
