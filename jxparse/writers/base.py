"""The interface every output format implements, and the one way writers dispatch on node types."""

from __future__ import annotations

from collections.abc import Callable

from ..ast import NAMES


class Writer:
    """Turns a bulletin into the text of one output format.

    Subclasses set ``name`` (the ``-t`` value) and ``extension`` (with its dot)
    and implement :meth:`write`.
    """

    name: str = ""
    extension: str = ""

    def write(self, bulletin) -> str:
        """Return the whole output for ``bulletin`` as text."""
        raise NotImplementedError

    def write_to(self, bulletin, stream) -> None:
        """Write the output for ``bulletin`` to the text stream ``stream``. Writers that can write
        piece by piece override this, so that a file output never holds the whole text in memory."""
        stream.write(self.write(bulletin))


def build_dispatch(owner: type, prefix: str, *, fallback: str | None = None,
                   types: tuple[type, ...] | None = None) -> dict[type, Callable]:
    """A table from node class to the method of ``owner`` that writes it, built once per writer class
    (as sqlglot's ``Generator`` builds its ``TRANSFORMS``/``_sql`` dispatch).

    For each node class of :data:`jxparse.ast.NAMES` (or of ``types``), the method is
    ``prefix + name`` (``visit_section``) where ``owner`` has one, else ``fallback`` (a method that
    writes any node from its declaration), else the class is left out: :func:`dispatch` then raises
    a clear error when such a node is met, and ``tests/test_declaration.py`` checks that every
    writer's table covers every node class.
    """
    table: dict[type, Callable] = {}
    for cls in types if types is not None else tuple(NAMES):
        method = getattr(owner, prefix + NAMES[cls], None)
        if method is None and fallback is not None:
            method = getattr(owner, fallback)
        if method is not None:
            table[cls] = method
    return table


def dispatch(table: dict[type, Callable], node, writer: str) -> Callable:
    """The method for ``node`` from a :func:`build_dispatch` table; TypeError naming the writer and the
    node's class when it has none (a class that is no jxparse node, or one the writer cannot place)."""
    method = table.get(type(node))
    if method is None:
        raise TypeError(f"{writer} cannot write a {type(node).__name__}: not a jxparse node type it handles")
    return method


__all__ = [
    "Writer", "build_dispatch", "dispatch",
]
