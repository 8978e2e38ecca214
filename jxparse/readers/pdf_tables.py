"""Ruled tables from a page's rules: used by the pdfium engine, which has no table finder of its own.

pdfplumber's table finder works on its page objects; the pdfium engine hands its horizontal and
vertical rules (from the page's path objects) to :func:`find_tables`, which works the same way
(snap, join, intersections, minimal cells). :func:`close_open_tables` serves both engines: it adds
the rules a table cut open by a page break lacks. Tables come out as rows of cell boxes, top-left
origin, as :class:`~jxparse.readers.layout.PageInput` takes them.
"""

from __future__ import annotations


def find_tables(
    hsegs: list[tuple[float, float, float]],
    vsegs: list[tuple[float, float, float]],
    tol: float = 3.0,
) -> list[list[list[tuple[float, float, float, float]]]]:
    """A ruled-table finder after pdfplumber's "lines" strategy.

    ``hsegs`` are horizontal rules (y, x0, x1), ``vsegs`` vertical ones (x, top, bottom), top-left
    origin. Returns tables as rows of cell boxes. Used by the pdfium engine; the pdfplumber engine uses
    pdfplumber's own finder, which works the same way (snap, join, intersections, minimal cells).
    """

    def snap_join(segs):
        segs = sorted(segs)
        # snap positions within tol
        clusters: list[list] = []
        for s in segs:
            if clusters and s[0] - clusters[-1][0][0] <= tol:
                clusters[-1].append(s)
            else:
                clusters.append([s])
        out = []
        for cl in clusters:
            pos = sum(s[0] for s in cl) / len(cl)
            spans = sorted((min(s[1], s[2]), max(s[1], s[2])) for s in cl)
            a, b = spans[0]
            for c, d in spans[1:]:
                if c <= b + tol:
                    b = max(b, d)
                else:
                    out.append((pos, a, b))
                    a, b = c, d
            out.append((pos, a, b))
        return [s for s in out if s[2] - s[1] >= tol]

    hs = snap_join(hsegs)
    vs = snap_join(vsegs)
    if len(hs) < 2 or len(vs) < 2:
        return []
    # intersections: point -> (h index, v index)
    points: dict[tuple[float, float], tuple[set, set]] = {}
    for hi, (y, hx0, hx1) in enumerate(hs):
        for vi, (x, vt, vb) in enumerate(vs):
            if hx0 - tol <= x <= hx1 + tol and vt - tol <= y <= vb + tol:
                p = (x, y)
                e = points.setdefault(p, (set(), set()))
                e[0].add(hi)
                e[1].add(vi)
    if len(points) < 4:
        return []
    pts = sorted(points, key=lambda p: (p[1], p[0]))

    def h_connected(p, q):
        return bool(points[p][0] & points[q][0])

    def v_connected(p, q):
        return bool(points[p][1] & points[q][1])

    by_x: dict[float, list] = {}
    by_y: dict[float, list] = {}
    for p in pts:
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells = []
    for p in pts:
        below = [q for q in by_x[p[0]] if q[1] > p[1] and v_connected(p, q)]
        right = [q for q in by_y[p[1]] if q[0] > p[0] and h_connected(p, q)]
        found = None
        for b in below:
            for r in right:
                corner = (r[0], b[1])
                if corner in points and v_connected(corner, r) and h_connected(corner, b):
                    found = (p[0], p[1], r[0], b[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    # group cells into tables by shared corners
    tables: list[list] = []
    corner_of: dict = {}
    parent = list(range(len(cells)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, c in enumerate(cells):
        for corner in ((c[0], c[1]), (c[2], c[1]), (c[0], c[3]), (c[2], c[3])):
            j = corner_of.setdefault(corner, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list] = {}
    for i, c in enumerate(cells):
        groups.setdefault(root(i), []).append(c)
    for group in groups.values():
        if len(group) < 2:
            continue
        rows: dict[float, list] = {}
        for c in group:
            rows.setdefault(round(c[1], 1), []).append(c)
        tables.append([sorted(rows[k]) for k in sorted(rows)])
    tables.sort(key=lambda t: (t[0][0][1], t[0][0][0]))
    return tables


def close_open_tables(
    hsegs: list[tuple[float, float, float]], vsegs: list[tuple[float, float, float]], tol: float = 2.0
) -> list[tuple[float, float, float]]:
    """Horizontal rules to add where a ruled table is cut open by a page break.

    A table that continues on the next page often has no bottom rule on this page (and no top rule on
    the next): its vertical rules just stop at the same height. Two or more vertical rules that end
    (or start) at the same height without a horizontal rule there get one, from the leftmost to the
    rightmost of them, so that the last (first) row still forms cells.
    """
    added = []
    for end in (2, 1):  # bottoms, then tops
        groups: dict[int, list[tuple[float, float, float]]] = {}
        for v in sorted(vsegs, key=lambda v: v[end]):
            key = round(v[end] / (2 * tol))
            groups.setdefault(key, []).append(v)
        for group in groups.values():
            if len(group) < 2:
                continue
            y = sum(v[end] for v in group) / len(group)
            x0 = min(v[0] for v in group)
            x1 = max(v[0] for v in group)
            if x1 - x0 < 10:
                continue
            covered = any(abs(h[0] - y) <= tol and h[1] <= x0 + tol and h[2] >= x1 - tol for h in hsegs)
            if not covered:
                added.append((y, x0, x1))
    return added
