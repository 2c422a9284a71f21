"""``python -m bench [--json FILE] [--repeat N] [--only NAME ...] [--quick]``.

Prints one table on stdout (progress goes to stderr). Exits 0 even when a target is missed;
non-zero only when a benchmark could not be measured, so a slow machine never fails a build.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import report
from bench.registry import Benchmark, Figure, Options, benchmarks

QUICK_REPEAT = 3
# Importing a module registers its figures; the table lists them in this order.
BENCHMARK_MODULES = ("bench.startup", "bench.clients", "bench.language_switch", "bench.plan_pdf",
                     "bench.plan_preview", "bench.backup")


def parse_args(argv: Sequence[str], keys: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows here")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help="measured runs per figure (default: each benchmark's own)")
    parser.add_argument("--only", nargs="+", action="extend", choices=keys, metavar="NAME",
                        help=f"run only these ({', '.join(keys)})")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_REPEAT} runs unless --repeat, and only the 1k data set")
    args = parser.parse_args(list(argv))
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def options_for(bench_: Benchmark, args: argparse.Namespace) -> Options:
    repeat = args.repeat or (QUICK_REPEAT if args.quick else bench_.default_repeat)
    return Options(repeat=repeat, quick=args.quick)


def main(argv: Sequence[str] | None = None) -> int:
    for module in BENCHMARK_MODULES:
        importlib.import_module(module)
    registered = list(benchmarks())
    args = parse_args(sys.argv[1:] if argv is None else argv, [b.key for b in registered])
    selected = [b for b in registered if not args.only or b.key in args.only]
    started = time.perf_counter()
    figures: list[Figure] = []
    rows: list[dict[str, Any]] = []
    failed: list[str] = []
    for bench_ in selected:
        options = options_for(bench_, args)
        print(f"bench: {bench_.key} ({options.repeat} runs)…", file=sys.stderr, flush=True)
        try:
            result = bench_.run(options)
        except Exception:
            traceback.print_exc()
            failed.append(bench_.key)
            continue
        produced = [result] if isinstance(result, Figure) else list(result)
        figures += produced
        rows += [report.json_row(bench_.key, figure) for figure in produced]
    elapsed = time.perf_counter() - started
    print(report.format_table(figures))
    if args.json is not None:
        meta = report.metadata() | {"run_seconds": round(elapsed, 3), "failed": failed}
        report.write_json(args.json, meta, rows)
        print(f"wrote {args.json}")
    print(f"ran in {elapsed:.1f} s")
    if failed:
        print(f"bench: could not measure: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
