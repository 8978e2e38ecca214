#!/usr/bin/env python3
"""Bounded cost on pathological input: time jxparse.parse on 1x, 10x and 100x of each input.

    python bench/bench_pathological.py               # all inputs, 1x/10x/100x
    python bench/bench_pathological.py --max 10      # only 1x and 10x (quick)
    python bench/bench_pathological.py --memory 10   # also: peak memory (tracemalloc) for 10 MB
                                                     # of the bundled sample repeated

Prints, per input and size, the characters, seconds and the growth ratio against the previous
size (10x the input; linear cost gives a ratio near 10, quadratic near 100).
"""

from __future__ import annotations

import argparse
import sys
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=100, choices=[1, 10, 100], help="largest multiple (100)")
    parser.add_argument("--only", action="append", help="run only inputs whose name contains this")
    parser.add_argument("--memory", type=float, default=0, metavar="MB",
                        help="also measure peak memory for MB megabytes of the repeated sample")
    args = parser.parse_args(argv)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
