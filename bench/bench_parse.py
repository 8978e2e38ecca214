"""Text pipeline throughput: jxparse against a plain regex line classifier, in the same run.

Run from the project root:  python bench/bench_parse.py [--quick]

For the sample repeated 10 times and for about 10 MB of it, prints the seconds and MB/s of
  * baseline   — a regex line classifier (heading-marker lines + a money regex), the floor any
                 structure-aware parser has to pay,
  * block      — jxparse's text -> typed tree without inline entities,
  * pipeline   — the whole text -> typed tree with entities,
  * +json      — the pipeline plus JSON serialization,
with ratios to the baseline, the cost of 10x more input, and peak traced memory per input MB.
Targets (issue 2/3): pipeline <= 30x baseline; 10x the input <= 13x the time; entities cost less
than the block parse; memory in proportion to the input. Machines here are shared and noisy: read
the ratios, not the seconds. The steps run in interleaved rounds (baseline, block, pipeline, +json,
then again), so a slow spell of the machine hits every step alike; each figure is the best round,
in wall-clock and in CPU time (the CPU figure is the steadier one on a busy machine). The entities'
cost is shown twice: as the difference of the best pipeline and block rounds, and timed inside
the pipeline run itself against the rest of that run, which no slow spell between runs can skew.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jxparse  # noqa: E402
from jxparse.pipeline import parse_source  # noqa: E402
from jxparse.readers import SourceText  # noqa: E402

_MARKER = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)|[(（]\d+[)）]|第[一二三四五六七八九十百零]+[章条节])")
_MONEY = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?元")


def baseline(text: str) -> int:
    """Classify each line as heading or text and find money: what a regex script would do."""
    count = 0
    for line in text.splitlines():
        if _MARKER.match(line):
            count += 1
        count += len(_MONEY.findall(line))
    return count


def interleaved(rounds: int, steps: dict, *args) -> tuple[dict, dict]:
    """Best wall-clock and best CPU seconds of each step over ``rounds`` rounds of all steps."""
    wall = {name: float("inf") for name in steps}
    cpu = dict(wall)
    for _ in range(rounds):
        for name, function in steps.items():
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            function(*args)
            wall[name] = min(wall[name], time.perf_counter() - start_wall)
            cpu[name] = min(cpu[name], time.process_time() - start_cpu)
    return wall, cpu


def entity_time_inside(pipeline, text: str, runs: int) -> tuple[float, float]:
    """CPU seconds spent finding entities and in the whole pipeline, timed inside one run (the run
    with the least total), so that both figures see the same state of a noisy machine."""
    import jxparse.pipeline as stage

    finder = stage.find_entities_batch
    spent = [0.0]

    def timed_finder(requests):
        start = time.process_time()
        try:
            return finder(requests)
        finally:
            spent[0] += time.process_time() - start

    best = (float("inf"), float("inf"))
    stage.find_entities_batch = timed_finder
    try:
        for _ in range(runs):
            spent[0] = 0.0
            start = time.process_time()
            pipeline(text)
            total = time.process_time() - start
            if total < best[1]:
                best = (spent[0], total)
    finally:
        stage.find_entities_batch = finder
    return best


def peak_memory(function, *args) -> int:
    tracemalloc.start()
    function(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs and fewer runs")
    args = parser.parse_args()
    sample = (ROOT / "samples" / "jiaxing-2019-07.txt").read_text(encoding="utf-8")
    sizes = {"x10": 10, "x150 (~10 MB)": 150} if not args.quick else {"x2": 2, "x20": 20}
    jxparse.parse(sample)  # load and cache every grammar before timing

    def block(text):
        return parse_source(SourceText(text=text), entities=False)

    def pipeline(text):
        return parse_source(SourceText(text=text))

    def with_json(text):
        return jxparse.dumps(parse_source(SourceText(text=text)), format="json")

    results = {}
    steps = {"baseline": baseline, "block": block, "pipeline": pipeline, "+json": with_json}
    print(f"{'input':>16} {'MB':>6} {'step':>10} {'seconds':>9} {'MB/s':>7} {'x baseline':>10} "
          f"{'cpu s':>9} {'cpu x base':>10}")
    for label, factor in sizes.items():
        text = "\n".join([sample] * factor)
        megabytes = len(text.encode("utf-8")) / 1e6
        wall, cpu = interleaved(7 if factor <= 20 else 3, steps, text)
        for step in steps:
            print(f"{label:>16} {megabytes:6.2f} {step:>10} {wall[step]:9.3f} {megabytes / wall[step]:7.2f} "
                  f"{wall[step] / wall['baseline']:10.1f} {cpu[step]:9.3f} {cpu[step] / cpu['baseline']:10.1f}")
        results[factor] = (megabytes, wall)
        peak = peak_memory(pipeline, text)
        print(f"{label:>16} peak traced memory of the pipeline: {peak / 1e6:.0f} MB "
              f"({peak / 1e6 / megabytes:.0f} MB per input MB)")
        for name, times in (("wall", wall), ("cpu", cpu)):
            entity_cost = times["pipeline"] - times["block"]
            print(f"{label:>16} [{name}] entities cost {entity_cost:.3f} s = "
                  f"{entity_cost / times['block']:.2f} of the block parse (difference of best rounds)")
        inside, total = entity_time_inside(pipeline, text, 5 if factor <= 20 else 2)
        print(f"{label:>16} [cpu] entities cost {inside:.3f} s = {inside / (total - inside):.2f} of the rest "
              f"of the same pipeline run (timed inside the run, best of runs)")
    (small_factor, (small_mb, small)), (large_factor, (large_mb, large)) = sorted(results.items())
    growth = large["pipeline"] / small["pipeline"]
    print(f"input grows {large_mb / small_mb:.1f}x: pipeline time grows {growth:.1f}x "
          f"(per 10x input: {growth ** (1 / __import__('math').log10(large_factor / small_factor)):.1f}x)")


if __name__ == "__main__":
    main()
