"""Readers of jxparse's own output: JSON (:func:`jxparse.data.from_data`) and XML (:mod:`jxparse.loaders.xml`).

The readers of input documents are in :mod:`jxparse.readers`; these read back what the writers
(:mod:`jxparse.writers`) wrote, into an equal tree.
"""

__all__: list[str] = []
