"""What a source says about the document it holds (title, 文号, date), typed: the readers' hints.

A source gives these fields under labels (an HTML page's 发文字号 row, a front-matter key, a WPS
docfield's or an OFD tag's name); the one table of those labels, and the reading of labelled pairs
into hints, is here, so that no pipeline stage knows a label.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import merge_metadata
from ..numbers import parse_date

# The labels under which a source gives a document's own fields, in order of preference: the one
# table of them. 发布日期 is the day of publication, not of signing: it stands in for the 成文日期
# only where nothing better is there. WPS docfield and OFD tag names (GB/T 33476: 标题, 发文字号,
# 成文日期) are labels of this table too.
TITLE_LABELS = ("标题", "title", "名称")
NUMBER_LABELS = ("发文字号", "文号", "文件编号", "doc_number")
DATE_LABELS = ("成文日期", "date", "发文日期", "发布日期")


@dataclass(frozen=True, slots=True)
class Hint:
    """One value a source gives for a document field, with the label it stood under."""

    label: str
    """The label as the source gives it (an HTML table's 发文字号, a front-matter key, a WPS
    docfield's or an OFD tag's name), so that a message or the docs can say where a value came from."""
    text: str
    """The value as the source gives it (blanks as given); a label given twice holds both values
    joined with '；', as ``SourceText.metadata`` holds them."""


@dataclass(frozen=True, slots=True)
class DateHint:
    """The date a source gives for a document: its label, its text and the date read from it."""

    label: str
    """The label the date stood under (成文日期, 发布日期 …)."""
    text: str
    """The value as the source gives it."""
    iso: str
    """``YYYY-MM-DD`` as :func:`jxparse.numbers.parse_date` reads the text: the string a document's
    ``date`` holds. A string, not a ``datetime.date``: parse_date checks month 1-12 and day 1-31
    only (a printed 2月30日 is kept as written, not refused), which a ``datetime.date`` cannot hold."""


@dataclass(frozen=True, slots=True)
class ReaderHints:
    """What a source says about the document it holds (title, 文号, date), typed, each value with
    its label: the evidence that fills a document's fields where its text has none.

    Each field holds every value the source gives under a label of that field, best label first, so
    that the hints of two sources (a reader's, and a metadata block in a document's text) combine
    exactly as their pairs merge (:meth:`combined`); :attr:`title`, :attr:`doc_number` and
    :attr:`date` are the values that count.
    """

    titles: tuple[Hint, ...] = ()
    """Values given for the document's title, best first (``TITLE_LABELS`` order)."""
    doc_numbers: tuple[Hint, ...] = ()
    """Values given for its 文号, best first (``NUMBER_LABELS`` order), as text: the pipeline's 文号
    parser reads them."""
    dates: tuple[Hint, ...] = ()
    """Values given under a date label, best first (``DATE_LABELS`` order), those that hold no date
    too (a later label stands in for them)."""

    @property
    def title(self) -> Hint | None:
        """The title the source gives, or None."""
        return self.titles[0] if self.titles else None

    @property
    def doc_number(self) -> Hint | None:
        """The 文号 text the source gives under its best label, or None. A text that is not one 文号
        gives the document none: the next label is not tried (a page whose 发文字号 is 无 has none)."""
        return self.doc_numbers[0] if self.doc_numbers else None

    @property
    def date(self) -> DateHint | None:
        """The date under the best label whose value holds one, or None."""
        for hint in self.dates:
            iso = parse_date(hint.text)
            if iso:
                return DateHint(hint.label, hint.text, iso)
        return None

    def __bool__(self) -> bool:
        return bool(self.titles or self.doc_numbers or self.dates)

    def combined(self, then: ReaderHints) -> ReaderHints:
        """These hints and ``then``'s, as :func:`hints_from_pairs` reads the pairs of both, these
        first: the better label wins whichever source gives it; two values under one label are
        joined as :func:`jxparse.data.merge_metadata` joins them."""
        return ReaderHints(titles=_joined(self.titles, then.titles, TITLE_LABELS),
                           doc_numbers=_joined(self.doc_numbers, then.doc_numbers, NUMBER_LABELS),
                           dates=_joined(self.dates, then.dates, DATE_LABELS))


def hints_from_pairs(pairs) -> ReaderHints:
    """The hints of a source whose labels are the only evidence (an HTML metadata table, Markdown
    front matter, WPS docfields, OFD tags, a metadata block in a document's text): the (label,
    value) pairs read by the label table above. A label given twice counts with both values joined
    (:func:`jxparse.data.merge_metadata`); an empty value counts as not given."""
    values = dict(merge_metadata(pairs))

    def given(labels: tuple[str, ...]) -> tuple[Hint, ...]:
        return tuple(Hint(label, values[label]) for label in labels if values.get(label))

    return ReaderHints(titles=given(TITLE_LABELS), doc_numbers=given(NUMBER_LABELS), dates=given(DATE_LABELS))


def _joined(first: tuple[Hint, ...], then: tuple[Hint, ...], labels: tuple[str, ...]) -> tuple[Hint, ...]:
    """The hints of one field from two sources, one per label, best label first (a label outside
    the table after the table's, in the order given)."""
    merged = merge_metadata([(hint.label, hint.text) for hint in first + then])
    rank = {label: index for index, label in enumerate(labels)}
    return tuple(sorted((Hint(label, text) for label, text in merged if text),
                        key=lambda hint: rank.get(hint.label, len(labels))))


__all__ = ["DATE_LABELS", "DateHint", "Hint", "NUMBER_LABELS", "ReaderHints", "TITLE_LABELS", "hints_from_pairs"]
