"""Benchmark batch conversion (a script, not a test).

Builds a folder of text inputs from samples/jiaxing-2019-07.txt (the sample split into its
documents plus whole copies, ``--inputs`` files in all, in subfolders), then, in the same process
run and with the grammars already loaded:

1. the single-core text throughput of parse + JSON (MB/s of input text, no file writing);
2. ``convert_many(..., workers=1)`` (converts in this process) and
   ``convert_many(..., workers=2)`` (two worker processes) writing JSON to a temporary folder,
   best of ``--repeat`` alternating runs each, and the speed-up (target >= 1.7x on 2 free cores).

The machine's load average is printed first: other processes on the cores lower the speed-up.

    python bench/bench_batch.py [--inputs 240] [--repeat 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "samples" / "jiaxing-2019-07.txt"
sys.path.insert(0, str(ROOT / "tests"))
from sample_pieces import split_documents as pieces  # noqa: E402


def build(folder: Path, count: int) -> int:
    text = SAMPLE.read_text(encoding="utf-8")
    variants = [text, *pieces(text)]
    size = 0
    for i in range(count):
        path = folder / f"vol{i % 4}" / f"doc{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = variants[i % len(variants)].encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=240)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import jxparse
    from jxparse.batch import convert_many, default_workers

    print(f"cores available: {default_workers()}; load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    text = SAMPLE.read_text(encoding="utf-8")
    jxparse.dumps(jxparse.parse(text), format="json")  # load the grammars and lxml before timing

    # 1. single-core throughput: parse + JSON over the whole sample
    best = float("inf")
    for _ in range(max(args.repeat, 5)):
        start = time.perf_counter()
        jxparse.dumps(jxparse.parse(text), format="json")
        best = min(best, time.perf_counter() - start)
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"parse+JSON, one core: {megabytes * 1e3:.0f} kB in {best * 1e3:.1f} ms = {megabytes / best:.2f} MB/s")

    with tempfile.TemporaryDirectory(prefix="jxparse-bench-") as temporary:
        folder = Path(temporary, "in")
        size = build(folder, args.inputs)
        print(f"inputs: {args.inputs} text files, {size / 1e6:.2f} MB")
        timings = {1: float("inf"), args.workers: float("inf")}
        cpu = {1: float("inf"), args.workers: float("inf")}
        for run in range(args.repeat):  # alternate -j 1 and -j N so that a busy spell hits both alike
            for workers in timings:
                out = Path(temporary, f"out{workers}-{run}")
                start, before = time.perf_counter(), os.times()
                results = list(convert_many([folder], formats=("json",), out_dir=out, workers=workers))
                timings[workers] = min(timings[workers], time.perf_counter() - start)
                after = os.times()
                cpu[workers] = min(cpu[workers], sum(after[:4]) - sum(before[:4]))  # user+sys, self+children
                assert all(r.status in ("ok", "warnings") for r in results), [r.error for r in results if r.failed]
                shutil.rmtree(out)
        for workers, best in timings.items():
            print(f"-j {workers}: {best:.2f} s  {args.inputs / best:.0f} files/s  {size / 1e6 / best:.2f} MB/s"
                  f"  (CPU time {cpu[workers]:.2f} s)")
        print(f"speed-up -j {args.workers} over -j 1: {timings[1] / timings[args.workers]:.2f}x (target >= 1.7x)")
        print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (a speed-up needs idle cores)")


if __name__ == "__main__":
    main()
