"""jxparse's own exceptions: the only ones its public API raises for bad input.

Every error knows the file (``source``) and, where it makes sense, the place
(``line`` and ``column`` are 1-based, ``offset`` is a byte or character
offset). ``str(error)`` is ``file:line:col: message``, the form the CLI prints.
"""

from __future__ import annotations


class JxParseError(ValueError):
    """Base class of every error jxparse raises for a user's input."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
        context: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.offset = offset
        self.context = context

    def location(self) -> str:
        """``file:line:col`` as far as it is known."""
        parts = [self.source or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.context:
            text += "\n" + self.context
        return text


class DecodeError(JxParseError):
    """The bytes of a text file cannot be decoded; ``offset`` is the first bad byte."""


class InputError(JxParseError):
    """A file cannot be read at all: missing, unreadable, or of an unsupported kind."""


class PdfError(InputError):
    """A PDF cannot be read: encrypted, corrupt, truncated, or without a text layer."""


class OfdError(InputError):
    """An OFD package cannot be read: not a ZIP, broken or missing parts, hostile entries, no text."""


class FormatError(JxParseError):
    """Serialized jxparse output (JSON or XML) that does not have the documented shape."""


class UnknownFormat(JxParseError):
    """An output or input format name that jxparse does not know."""


__all__ = [
    "JxParseError", "DecodeError", "InputError", "PdfError", "FormatError", "UnknownFormat",
]
