"""The schemas jxparse ships: ``jxparse.schema.json`` (JSON Schema 2020-12) and ``jxparse.xsd`` (XSD 1.0).

They are package data, read with :mod:`importlib.resources` so they work from a wheel or a zip.
"""

from __future__ import annotations

from importlib import resources

JSON_SCHEMA = "jxparse.schema.json"
"""File name of the JSON Schema for jxparse JSON output."""
XSD = "jxparse.xsd"
"""File name of the XSD for jxparse XML output."""


def read_schema(filename: str) -> str:
    """The text of the shipped schema file ``filename`` (one of :data:`JSON_SCHEMA`, :data:`XSD`)."""
    return resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
