#!/usr/bin/env python3
"""Corpus evaluation: what jxparse finds in a folder of real documents nobody has labelled.

    python bench/corpus_eval.py PATH…                          # files or folders (walked)
    python bench/corpus_eval.py PATH… --save run.jsonl         # also keep the facts of this run
    python bench/corpus_eval.py PATH… --against before.jsonl   # and list the files whose facts changed

In the manner of Apache Tika's tika-eval: per input file one row of which head fields were found
(title, 文号, 主送, sign-off, date, issuer), the sections by style, the characters of text jxparse
could not place (``unplaced-text`` diagnostics) and the warnings; then the totals. With
``--against`` it compares the facts (not only the counts) with an earlier run's saved rows and
prints every file whose facts moved, field by field, so a change to the parser can be checked
against a whole folder before it is committed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jxparse  # noqa: E402
from jxparse.ast import Section, Severity  # noqa: E402

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".ofd"}
HEAD_FIELDS = ("title", "doc_number", "addressees", "signoff", "date", "issuer")


def walk(paths: list[str]) -> list[Path]:
    """The files named, and the files with a known suffix under the folders named, in sorted order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                                and p.name not in ("MANIFEST.md", "README.md")))
        elif path.is_file():
            found.append(path)
        else:
            print(f"corpus_eval: {name}: no such file or folder", file=sys.stderr)
    return found


def skeleton(blocks) -> list[str]:
    """Every section as ``style:number``, in tree order (the shape of a body)."""
    result: list[str] = []
    for block in blocks:
        if isinstance(block, Section):
            result.append(f"{block.style.value}:{block.number}")
            result.extend(skeleton(block.children))
    return result


def document_facts(document) -> dict:
    """The facts a user reads off one document (and, nested, off the texts it issues)."""
    number = document.doc_number
    return {
        "title": document.title or None,
        "doc_number": number.text if number else None,
        "addressees": list(document.addressees),
        "signatories": list(document.signatories),
        "date": document.date,
        "date_source": getattr(document, "date_source", None),
        "issuer_mark": document.issuer_mark,
        "kind": document.kind,
        "sections": skeleton(document.body),
        "attachments": [attachment.title for attachment in document.attachments],
        "enclosures": [document_facts(enclosure) for enclosure in document.enclosures],
    }


def evaluate(path: Path) -> dict:
    """One row: the facts of every document and the counts derived from them."""
    row: dict = {"file": str(path)}
    try:
        bulletin = jxparse.parse_file(path)
    except jxparse.JxParseError as error:
        row["error"] = str(error)
        return row
    documents = [document_facts(document) for document in bulletin.documents]
    first = documents[0] if documents else {}
    row["documents"] = documents
    row["found"] = {
        "title": bool(first.get("title")),
        "doc_number": bool(first.get("doc_number")),
        "addressees": bool(first.get("addressees")),
        "signoff": bool(first.get("signatories")),
        "date": bool(first.get("date")),
        "issuer": bool(first.get("signatories") or first.get("issuer_mark")),
    }
    styles = Counter(entry.split(":")[0] for document in _with_enclosures(documents) for entry in document["sections"])
    row["sections"] = dict(sorted(styles.items()))
    row["unplaced_chars"] = sum(d.span.end - d.span.start for d in bulletin.diagnostics
                                if d.code == "unplaced-text" and d.span is not None)
    row["warnings"] = sum(1 for d in bulletin.diagnostics if d.severity is not Severity.INFO)
    return row


def _with_enclosures(documents: list[dict]) -> list[dict]:
    result = []
    for document in documents:
        result.append(document)
        result.extend(_with_enclosures(document["enclosures"]))
    return result


def print_rows(rows: list[dict]) -> None:
    header = ["file"] + list(HEAD_FIELDS) + ["docs", "sections", "unplaced", "warn"]
    print("\t".join(header))
    for row in rows:
        name = Path(row["file"]).name
        if "error" in row:
            print(f"{name}\terror: {row['error']}")
            continue
        marks = ["x" if row["found"][key] else "." for key in HEAD_FIELDS]
        sections = " ".join(f"{style}={count}" for style, count in row["sections"].items())
        print("\t".join([name, *marks, str(len(row["documents"])), sections or "-", str(row["unplaced_chars"]),
                         str(row["warnings"])]))
    ok = [row for row in rows if "error" not in row]
    totals = {key: sum(row["found"][key] for row in ok) for key in HEAD_FIELDS}
    print()
    print(f"files: {len(rows)} ({len(rows) - len(ok)} failed)")
    print("found: " + ", ".join(f"{key} {count}/{len(ok)}" for key, count in totals.items()))
    print(f"sections: {sum(sum(row['sections'].values()) for row in ok)}; "
          f"unplaced characters: {sum(row['unplaced_chars'] for row in ok)}; "
          f"warnings: {sum(row['warnings'] for row in ok)}")


def compare(rows: list[dict], previous_path: Path) -> int:
    """Print the files whose facts differ from the saved run; return how many."""
    previous = {}
    for line in previous_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            previous[row["file"]] = row
    changed = 0
    for row in rows:
        before = previous.get(row["file"])
        if before is None:
            print(f"new: {row['file']}")
            continue
        old_docs, new_docs = before.get("documents", []), row.get("documents", [])
        if before.get("error") != row.get("error") or old_docs != new_docs:
            changed += 1
            print(f"changed: {row['file']}")
            if len(old_docs) != len(new_docs):
                print(f"  documents: {len(old_docs)} -> {len(new_docs)}")
            for index, (old, new) in enumerate(zip(old_docs, new_docs)):
                for key in old.keys() | new.keys():
                    if old.get(key) != new.get(key):
                        print(f"  d{index + 1}.{key}: {_short(old.get(key))} -> {_short(new.get(key))}")
    print(f"\n{changed} of {len(rows)} files changed against {previous_path}")
    return changed


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "…"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--save", type=Path, help="write this run's rows as JSON lines")
    parser.add_argument("--against", type=Path, help="a saved run to compare the facts with")
    args = parser.parse_args(argv)
    rows = [evaluate(path) for path in walk(args.paths)]
    print_rows(rows)
    if args.save:
        args.save.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    if args.against:
        print()
        compare(rows, args.against)
    return 0


if __name__ == "__main__":
    sys.exit(main())
