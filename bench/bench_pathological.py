#!/usr/bin/env python3
"""Bounded cost on pathological input: time jxparse.pipeline on 1x, 10x and 100x of each input, and
time and peak memory of ``jxparse convert`` on dense shapes at three sizes, each double the last.

    python bench/bench_pathological.py               # both tables
    python bench/bench_pathological.py --tenfold     # only the 1x/10x/100x table (in process)
    python bench/bench_pathological.py --max 10      # ... only 1x and 10x (quick)
    python bench/bench_pathological.py --memory 10   # also: peak memory (tracemalloc) for 10 MB
                                                     # of the bundled sample repeated
    python bench/bench_pathological.py --doubling    # only the dense shapes, one process per run
    python bench/bench_pathological.py --doubling --shape gaps --format xml --stdout

The first table prints, per input and size, the characters, seconds and the growth ratio against
the previous size (10x the input; linear cost gives a ratio near 10, quadratic near 100).

The second runs ``jxparse convert FILE -t FORMAT -o DIR`` (``--stdout``: to standard output) in a
fresh process per run and prints its CPU time (user + system: other work on the machine stretches
wall time, not CPU time) and peak resident memory (the child's own
``ru_maxrss``, from ``os.wait4``), the ratios of both to the previous size (2x the input: linear
cost gives 2, quadratic 4; memory is taken above the peak of converting an empty file, the
interpreter's own), and the memory above that baseline per MB of input and (with ``-o DIR``) per
MB of output written: a dense shape writes many times more nodes per MB of input than running text.
A ratio above 2.2 (of a run over a second or 20 MB, below which the machine's noise dominates) is
flagged: it is a defect to fix, not a figure to document.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jxparse  # noqa: E402

SAMPLE = ROOT / "samples" / "jiaxing-2019-07.txt"

# name -> (unit, repetitions at 1x)
INPUTS = {
    "heading markers only": ("一、\n（一）\n1.\n（1）\n①\n第一章\n第一条\n1.1 \n", 200),
    "brackets only": ("（（（〔〔【", 2000),
    "one long line": (None, 1),  # the sample without its line breaks
    "many tiny documents": ("标题\n嘉政发〔2019〕1号\n", 300),
    "heading lines 一、标题": ("一、标题\n", 1000),
    "'1.' run": ("1.", 1000),
    "'2019 年' run": ("2019 年", 500),
}


def unit_text(name: str) -> str:
    unit, count = INPUTS[name]
    if unit is None:
        return SAMPLE.read_text(encoding="utf-8").replace("\n", "")
    return unit * count


def seconds_for(text: str) -> float:
    started = time.perf_counter()
    jxparse.parse(text)
    return time.perf_counter() - started


def memory(megabytes: float) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    copies = max(1, round(megabytes * 1e6 / len(sample.encode("utf-8"))))
    text = "\n\n".join([sample] * copies)
    size = len(text.encode("utf-8")) / 1e6
    tracemalloc.start()
    started = time.perf_counter()
    bulletin = jxparse.parse(text)
    seconds = time.perf_counter() - started
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nmemory: {size:.1f} MB of the sample ({copies} copies, {len(bulletin.documents)} documents) "
          f"parsed in {seconds:.1f} s under tracemalloc; peak {peak / 1e6:.0f} MB "
          f"= {peak / 1e6 / size:.0f} MB per input MB; tree kept: {current / 1e6:.0f} MB")


# --- dense shapes, one process per run -------------------------------------------------------------

_MARKERS = ("第{c}章 总则\n", "第{c}节 一般规定\n", "第{c}条 条文内容。\n", "{h}、标题\n", "（{h}）标题\n",
            "{n}.标题\n", "（{n}）标题\n")
_HANZI = "一二三四五六七八九十"


def _deep_gaps(n: int) -> str:
    # every rank of numbering, nested seven deep, each number skipping one (一 then 三)
    parts = ["关于某事的通知\n"]
    for i in range(n):
        number = 2 * (i % 5) + 1  # 1, 3, 5, 7, 9: always a gap
        for marker in _MARKERS:
            parts.append(marker.format(c=_HANZI[number - 1], h=_HANZI[number - 1], n=number))
    return "".join(parts)


def _enclosures(n: int) -> str:
    head = ("嘉兴市人民政府关于印发若干办法的通知\n嘉政发〔2019〕15号\n各县（市、区）人民政府：\n"
            "现将有关办法印发给你们，请认真贯彻执行。\n\n嘉兴市人民政府\n2019年7月15日\n")
    return head + "".join(f"附件{i + 1}\n第{i + 1}号办法\n一、条文内容，给予每亩300元补助。\n"
                          for i in range(n))


def _toc(n: int) -> str:
    return "目 录\n" + "".join(f"嘉兴市人民政府关于第{i}项工作的通知\n(嘉政发〔2019〕{i % 9999 + 1} 号) ({i % 999 + 1})\n"
                                for i in range(n))


def _tables(n: int) -> str:
    return "".join(f"表{i}\n名称\t数值\t单位\n项目{i}\t{i}\t万元\n\n说明文字第{i}段。\n" for i in range(n))


def _html_nesting(n: int) -> str:
    head = "<h1>关于某事的通知</h1><p>嘉政发〔2019〕15号</p><p>各县（市、区）人民政府：</p>"
    inner = ""
    for _ in range(n):
        inner = f'<div class="content"><p>{"正文内容。" * 20}</p>{inner}</div>'
    return (f'<html><body><div class="content">{head}{inner}<p>嘉兴市人民政府</p><p>2019年7月15日</p>'
            "</div></body></html>")


# name -> (suffix, text for size n, n at the smallest size); sizes are n, 2n and 4n
SHAPES = {
    "plain sample": (".txt", lambda n: "\n\n".join([SAMPLE.read_text(encoding="utf-8")] * n), 5),
    "gaps": (".txt", lambda n: "关于某事的通知\n" + "一、标题内容\n三、标题内容\n" * n, 10000),
    "amounts in one paragraph": (".txt", lambda n: "一、补助\n" + "给予每亩300元补助，" * n + "\n", 20000),
    "amounts one per line": (".txt", lambda n: "一、补助\n" + "给予每亩300元补助。\n" * n, 20000),
    "TAB rows (LF)": (".txt", lambda n: "".join(f"项目{i}\t{i}\t{i * 2}\n" for i in range(n)), 20000),
    "one long line": (".txt", lambda n: SAMPLE.read_text(encoding="utf-8").replace("\n", "").replace("\t", " ") * n,
                      5),
    "deep nesting with gaps": (".txt", _deep_gaps, 1500),
    "many attachments": (".txt", _enclosures, 5000),
    "many TOC entries": (".txt", _toc, 5000),
    "many tables": (".txt", _tables, 5000),
    "HTML table rows": (".html", lambda n: "<html><body><table>" + "".join(
        f"<tr><td>项目{i}</td><td>{i}</td></tr>" for i in range(n)) + "</table></body></html>", 20000),
    "HTML nested containers": (".html", _html_nesting, 250),
}


def _run_convert(path: Path, format: str, to_stdout: bool, limit: float = 600.0,
                 command_name: str = "convert") -> tuple[float, float, int, int]:
    """CPU seconds, peak RSS (MB), exit status and bytes written (to ``-o DIR``; 0 otherwise) of one
    ``jxparse convert`` (or ``jxparse amounts``) in a fresh process, killed after ``limit`` seconds
    of wall time (exit status -9)."""
    if command_name == "amounts":
        command = [sys.executable, "-m", "jxparse", "amounts", str(path)]
    else:
        command = [sys.executable, "-m", "jxparse", "convert", str(path), "-q", "-t", format]
    with tempfile.TemporaryDirectory() as out:
        if not to_stdout and command_name == "convert":
            command += ["-o", out]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        timer = threading.Timer(limit, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        if os.waitstatus_to_exitcode(status) == -9:
            return time.perf_counter() - started, usage.ru_maxrss / 1024, -9, 0
        written = sum(path.stat().st_size for path in Path(out).rglob("*") if path.is_file())
    # CPU time (user + system), not wall time: other work on the machine slows a run's wall clock by
    # up to 2x, which would make the ratios noise; ru_maxrss is in KB on Linux
    seconds = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), written


def doubling(shapes, format: str, to_stdout: bool, scale: float, limit: float = 600.0,
             command_name: str = "convert") -> int:
    """Print the dense-shape table; return how many ratios exceed 2.2."""
    flagged = 0
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.txt"
        empty.write_text("一、标题\n", encoding="utf-8")
        _run_convert(empty, format, to_stdout, limit, command_name)  # the first run fills the grammars' caches
        base = min(_run_convert(empty, format, to_stdout, limit, command_name)[1] for _ in range(2))
        where = "stdout" if to_stdout else "-o DIR"
        what = "jxparse amounts" if command_name == "amounts" else f"jxparse convert -t {format} ({where})"
        print(f"\n{what}; peak RSS of a one-line file: {base:.0f} MB")
        print(f"{'shape':26s} {'MB':>6s} {'cpu s':>8s} {'peak MB':>8s} {'time x':>7s} {'mem x':>7s} "
              f"{'MB/MB':>6s} {'out MB':>7s} {'MB/out':>7s}")
        for name in shapes:
            suffix, make, n = SHAPES[name]
            n = max(1, round(n * scale))
            previous = None
            for size in (n, 2 * n, 4 * n):
                path = Path(folder) / f"input{suffix}"
                path.write_text(make(size), encoding="utf-8")
                megabytes = path.stat().st_size / 1e6
                seconds, peak, code, written = _run_convert(path, format, to_stdout, limit, command_name)
                above = max(peak - base, 0.1)
                ratios = ""
                if previous is not None:
                    time_ratio, memory_ratio = seconds / previous[0], above / previous[1]
                    ratios = f"{time_ratio:7.2f} {memory_ratio:7.2f}"
                    # below a second or 20 MB, a ratio is the machine's noise (other work, the allocator)
                    if (time_ratio > 2.2 and seconds > 1.0) or (memory_ratio > 2.2 and above > 20):
                        ratios += "  > 2.2"
                        flagged += 1
                else:
                    ratios = f"{'':7s} {'':7s}"
                failed = f"  killed after {limit:.0f} s" if code == -9 else (f"  exit {code}" if code else "")
                # memory per MB of output: the tree a run holds grows with the nodes it writes, and
                # dense shapes write many times more per MB of input than running text does
                output = f" {written / 1e6:7.2f} {above / (written / 1e6):7.1f}" if written else ""
                print(f"{name:26s} {megabytes:6.2f} {seconds:8.2f} {peak:8.0f} {ratios[:15]} "
                      f"{above / megabytes:6.0f}{output}{ratios[15:]}{failed}", flush=True)
                previous = (seconds, above)
    return flagged


def tenfold(args) -> None:
    jxparse.parse("预热\n一、标题\n")  # build the grammars first
    multiples = [m for m in (1, 10, 100) if m <= args.max]
    print(f"{'input':26s} {'x':>4s} {'chars':>10s} {'seconds':>9s} {'ratio/10x':>9s}")
    for name in INPUTS:
        if args.only and not any(part in name for part in args.only):
            continue
        base = unit_text(name)
        previous = None
        for multiple in multiples:
            text = base * multiple
            seconds = seconds_for(text)
            ratio = f"{seconds / previous:9.1f}" if previous else f"{'':9s}"
            print(f"{name:26s} {multiple:4d} {len(text):10d} {seconds:9.2f} {ratio}", flush=True)
            previous = max(seconds, 1e-6)
    if args.memory:
        memory(args.memory)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenfold", action="store_true", help="only the 1x/10x/100x table")
    parser.add_argument("--doubling", action="store_true", help="only the dense shapes")
    parser.add_argument("--max", type=int, default=100, choices=[1, 10, 100], help="largest multiple (100)")
    parser.add_argument("--only", action="append", help="run only inputs whose name contains this")
    parser.add_argument("--memory", type=float, default=0, metavar="MB",
                        help="also measure peak memory for MB megabytes of the repeated sample")
    parser.add_argument("--shape", action="append", help="dense shapes whose name contains this (all)")
    parser.add_argument("--format", default="json", help="output format of the dense runs (json)")
    parser.add_argument("--stdout", action="store_true", help="dense runs write to stdout, not -o DIR")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the dense sizes (1.0)")
    parser.add_argument("--limit", type=float, default=600.0, help="kill a dense run after this many seconds")
    parser.add_argument("--amounts", action="store_true", help="dense runs are `jxparse amounts FILE` (stdout)")
    args = parser.parse_args(argv)
    both = not args.tenfold and not args.doubling
    if args.tenfold or both:
        tenfold(args)
    flagged = 0
    if args.doubling or both:
        shapes = [name for name in SHAPES if not args.shape or any(part in name for part in args.shape)]
        flagged = doubling(shapes, args.format, args.stdout, args.scale, args.limit,
                           "amounts" if args.amounts else "convert")
        print(f"\n{flagged} ratio(s) above 2.2" if flagged else "\nevery ratio per doubling is at most 2.2")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
