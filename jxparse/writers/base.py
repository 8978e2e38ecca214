"""The interface every output format implements."""

from __future__ import annotations


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
