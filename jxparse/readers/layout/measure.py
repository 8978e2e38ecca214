"""The text area: the body text's size and its left and right margins.

Evidence: the most common font size of the lines (body text), the most common left edge of the
body-size lines (the margin), and the right edge most of the full lines reach (the measure).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .lines import Line, LineKind


@dataclass(slots=True)
class Geometry:
    """The margins (points) and the body text size of a page, a column or a document."""

    left: float
    right: float
    size: float


def most_common(values, default):
    """The most common of ``values`` (the first seen on a tie), or ``default`` when there are none."""
    c = Counter(values)
    return c.most_common(1)[0][0] if c else default


def body_geometry(lines: list[Line], width: float) -> Geometry:
    """The text area of ``lines`` on a page ``width`` points wide (without text lines: 12 % margins)."""
    text = [ln for ln in lines if ln.kind is LineKind.TEXT]
    size = most_common((round(ln.size) for ln in text), 12.0)
    body = [ln for ln in text if abs(ln.size - size) < 1.0]
    if not body:
        return Geometry(width * 0.12, width * 0.88, size)
    left = most_common((round(ln.x0) for ln in body), body[0].x0)
    right = max(ln.x1 for ln in body)
    full = [round(ln.x1) for ln in body if ln.x1 > right - 2 * size]
    right = most_common(full, right)
    right = max([ln.x1 for ln in body if abs(ln.x1 - right) <= 1.5] or [right])
    return Geometry(float(left), float(right), float(size))
