"""Benchmark the fixed-layout and office readers side by side (a script, not a test).

In one run, on the same bulletin:

1. ``read_pdf(engine="pdfplumber")`` and ``read_pdf(engine="pdfium")`` on samples/jiaxing-2019-07.pdf,
2. ``read_ofd`` on the OFD of the same bulletin (tests/fixtures/ofd/jiaxing-2019-07.ofd, written by
   scripts/make_ofd_sample.py from the same layout),
3. each of these end to end (reader + ``jxparse.pipeline.parse_source``),
4. ``read_ofd`` on a real OFD of the shared corpus (fujian-minzhengban-2021-055.ofd), when present,
5. ``read_docx`` on DOCX files (``--docx``, default: the .docx files of ../shared/corpus/docx and
   tests/fixtures/docx), when ``jxparse.readers.docx`` can be imported,

best of ``--repeat`` interleaved rounds (wall and CPU time; imports and the grammars' construction
done before timing). Prints ms per page and pages per second for PDF and OFD, MB per second for
every reader, and the ratios against the pdfium engine measured in the same run. Target: the OFD
reader at least as fast per page as the pdfium engine (ratio <= 1.0).

    python bench/bench_formats.py [--repeat 7] [--docx FILE ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE_PDF = ROOT / "samples" / "jiaxing-2019-07.pdf"
SAMPLE_OFD = ROOT / "tests" / "fixtures" / "ofd" / "jiaxing-2019-07.ofd"


def pdf_reader(engine):
    from jxparse.readers.pdf import read_pdf

    return lambda path: read_pdf(path, engine=engine)


def ofd_reader():
    from jxparse.readers.ofd import read_ofd

    return read_ofd


def docx_reader():
    """The DOCX reader, when it exists (another part of issue 17), else None."""
    try:
        from jxparse.readers import docx
    except ImportError:
        return None
    read = getattr(docx, "read_docx", None)
    return (lambda path: read(path)) if read else None


def end_to_end(read):
    from jxparse.pipeline import parse_source

    def run(path):
        source = read(path)
        parse_source(source)
        return source

    return run


def timed(func, path):
    t = time.perf_counter()
    c = time.process_time()
    source = func(path)
    return source, time.perf_counter() - t, time.process_time() - c


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--docx", nargs="*", default=None, help="DOCX files to time (default: corpus and fixtures)")
    args = parser.parse_args(argv)
    if not SAMPLE_OFD.is_file():
        sys.exit(f"{SAMPLE_OFD} is missing: run python scripts/make_ofd_sample.py")

    cases = [
        ("read_pdf engine=pdfplumber", pdf_reader("pdfplumber"), SAMPLE_PDF),
        ("read_pdf engine=pdfium", pdf_reader("pdfium"), SAMPLE_PDF),
        ("read_ofd", ofd_reader(), SAMPLE_OFD),
        ("read_pdf+parse engine=pdfium", end_to_end(pdf_reader("pdfium")), SAMPLE_PDF),
        ("read_ofd+parse", end_to_end(ofd_reader()), SAMPLE_OFD),
    ]
    real = ROOT.parent / "shared" / "corpus" / "ofd" / "fujian-minzhengban-2021-055.ofd"
    if real.is_file():  # a real OFD (WPS, one object per glyph run), when the shared corpus is there
        cases.append((f"read_ofd {real.name}", ofd_reader(), real))
    docx = docx_reader()
    if docx is not None:
        paths = [Path(p) for p in args.docx] if args.docx is not None else sorted(
            [*(ROOT.parent / "shared" / "corpus" / "docx").glob("*.docx"),
             *(ROOT / "tests" / "fixtures" / "docx").glob("*.docx")])
        for path in paths:
            cases.append((f"read_docx {path.name}", docx, path))
    for _, func, path in cases:  # imports, grammars, caches: outside the timings
        func(path)

    wall = {label: float("inf") for label, _, _ in cases}
    cpu = dict(wall)
    pages = {}
    for _ in range(args.repeat):  # interleaved: load from other processes hits every case alike
        for label, func, path in cases:
            source, seconds, cpu_seconds = timed(func, path)
            pages[label] = source.pages
            wall[label] = min(wall[label], seconds)
            cpu[label] = min(cpu[label], cpu_seconds)

    print(f"best of {args.repeat} interleaved rounds; PDF {SAMPLE_PDF.name}, OFD {SAMPLE_OFD.name}")
    for label, _, path in cases:
        mb = path.stat().st_size / 1e6
        n = pages[label]
        per_page = f"{n:3d} pages {wall[label] / n * 1000:6.2f} ms/page {n / wall[label]:7.1f} pages/s" if n else " " * 44
        print(f"  {label:42s} {wall[label] * 1000:8.1f} ms  {per_page}  {mb / wall[label]:6.2f} MB/s  "
              f"(CPU {cpu[label] * 1000:7.1f} ms)")
    reference = "read_pdf engine=pdfium"
    print(f"ratios against {reference} (same run; < 1 is faster):")
    for what, table in (("wall", wall), ("CPU", cpu)):
        ref_page = table[reference] / pages[reference]
        for label, _, path in cases:
            if label == reference:
                continue
            if label.startswith("read_docx"):
                ref_mb = table[reference] / (SAMPLE_PDF.stat().st_size / 1e6)
                ratio = (table[label] / (path.stat().st_size / 1e6)) / ref_mb
                print(f"  [{what}] {label:42s} per MB   {ratio:6.2f}x")
                continue
            ratio = (table[label] / pages[label]) / ref_page
            target = " (target <= 1.0)" if label == "read_ofd" else ""
            print(f"  [{what}] {label:42s} per page {ratio:6.2f}x{target}")
    if docx is None:
        print("  (jxparse.readers.docx is not importable here: no DOCX figures)")


if __name__ == "__main__":
    main()
