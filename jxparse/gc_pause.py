"""Pausing Python's cyclic garbage collector around work that builds many objects and no cycles."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector for one task, then restore it as it was.

    A parse or a PDF read allocates hundreds of thousands of small objects (tokens, lines, glyph
    records, nodes) and frees few: the collector's passes over them cost a fifth of the time on a
    3 MB input and grow with it, yet find nothing, since the results hold no reference cycles.
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
