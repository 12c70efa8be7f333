"""Throughput of gazette.extract_many on a JSON Lines corpus, against the
command line.

    python python/benches/throughput.py CORPUS.jsonl [--runs 7] [--threads 1,2]
        [--cli target/release/gazette] [--cli-j2] [--date-field date] [--as-json]
        [--iter] [--warm-up 200]

Reads the file once (text, date and id fields), then, in each round, times
`extract_many(texts, dates=..., ids=..., threads=t)` for each thread count
(the records it returns, as a caller gets them: dicts, or with `--as-json`
the command line's JSON bytes; with `--iter`, `extract_iter` over the
same, each record dropped as soon as it is counted, as a streaming
caller does) and, with `--cli`, one whole run of
`gazette -j1 -q --date-field F CORPUS > /dev/null` (with `--cli-j2` also
its `-j2`: what two threads gain on the machine at the time). The rounds
alternate, so a change of load on a shared machine falls on all sides;
each line prints the load average it ran at. Reports medians of wall
time, of CPU time (this process, or the command line's child process)
and of the paired ratios, and how the CPU time of two threads splits
between the calling thread (which alone makes the dicts) and the other.
The clock stops after the cycle collector's first pass over the new
records (the call pauses the collector; its next pass would otherwise
fall after the clock), before the records are dropped.

Make the corpus with
`cargo run --release --example gen-corpus -- 20 > /tmp/news-20m.jsonl`.
"""

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import time

import gazette


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--cli", help="the gazette binary to compare with (-j1)")
    p.add_argument("--cli-j2", action="store_true", help="also time the command line's -j2 (a control for the machine)")
    p.add_argument("--date-field", default="date")
    p.add_argument("--warm-up", type=int, default=200, help="articles extracted once before timing")
    p.add_argument("--as-json", action="store_true", help="time extract_many(..., as_json=True)")
    p.add_argument("--iter", action="store_true", help="time extract_iter, dropping each record")
    args = p.parse_args()
    counts = [int(t) for t in args.threads.split(",")]
    rows = []
    size = 0
    with open(args.path, "rb") as f:
        for line in f:
            size += len(line)
            rows.append(json.loads(line))
    texts = [r["text"] for r in rows]
    dates = [r.get(args.date_field) for r in rows]
    ids = [str(r.get("id")) for r in rows]
    ex = gazette.Extractor()
    kw = {"as_json": True} if args.as_json else {}
    w = args.warm_up
    if w:
        ex.extract_many(texts[:w], dates=dates[:w], ids=ids[:w], threads=1, **kw)
    wall = {t: [] for t in counts}
    cpu = {t: [] for t in counts}
    mine = {t: [] for t in counts}
    cli_wall, cli_cpu, cli2_wall = [], [], []
    loads = []
    cmd = None
    if args.cli:
        cmd = [args.cli, "-j1", "-q", "--date-field", args.date_field, args.path]
    for k in range(args.runs):
        load = os.getloadavg()[0]
        loads.append(load)
        line = [f"round {k + 1}: load {load:.2f}"]
        for t in counts:
            c0, m0, w0 = time.process_time(), time.thread_time(), time.perf_counter()
            if args.iter:
                it = gazette.extract_iter(texts, dates=dates, ids=ids, threads=t, extractor=ex, **kw)
                records = [None] * sum(1 for _ in it)
            else:
                records = ex.extract_many(texts, dates=dates, ids=ids, threads=t, **kw)
            # The collector's pass over what the call made (paused during
            # the call), counted with it.
            gc.collect(0)
            w, c = time.perf_counter() - w0, time.process_time() - c0
            m = time.thread_time() - m0
            assert len(records) == len(texts)
            del records
            wall[t].append(w)
            cpu[t].append(c)
            mine[t].append(m)
            line.append(f"threads={t} {w:.3f} s (cpu {c:.3f})")
        if cmd:
            c0, w0 = children_cpu(), time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            w, c = time.perf_counter() - w0, children_cpu() - c0
            cli_wall.append(w)
            cli_cpu.append(c)
            line.append(f"cli -j1 {w:.3f} s (cpu {c:.3f})")
            if args.cli_j2:
                w0 = time.perf_counter()
                subprocess.run([args.cli, "-j2", *cmd[2:]], stdout=subprocess.DEVNULL, check=True)
                cli2_wall.append(time.perf_counter() - w0)
                line.append(f"cli -j2 {cli2_wall[-1]:.3f} s")
        print("; ".join(line), flush=True)
    mb = size / 1e6
    what = "extract_many returning " + ("as_json=True" if args.as_json else "dicts")
    if args.iter:
        what = "extract_iter, each record dropped" + (" (as_json=True)" if args.as_json else "")
    print(f"{args.path}: {len(texts)} articles, {mb:.1f} MB of JSON Lines; {what}")
    print(f"load average over the rounds: median {statistics.median(loads):.2f}, max {max(loads):.2f}")
    base = counts[0]
    for t in counts:
        m = statistics.median(wall[t])
        pairs = statistics.median(a / b for a, b in zip(wall[base], wall[t]))
        c, caller = statistics.median(cpu[t]), statistics.median(mine[t])
        print(
            f"threads={t}: median {m:.3f} s ({mb / m:.1f} MB/s), cpu {c:.3f} s "
            f"(calling thread {caller:.3f} s, others {c - caller:.3f} s); "
            f"speed-up over threads={base}: {statistics.median(wall[base]) / m:.2f}x "
            f"(median of paired ratios {pairs:.2f}x)"
        )
        if t == 2:
            # What two free cores would give: the run's CPU time over the
            # busier thread's share of it (2.00x: evenly split).
            print(f"threads=2: CPU split {c / max(caller, c - caller):.2f}x on two free cores")
    if cmd:
        m = statistics.median(cli_wall)
        print(f"cli -j1: median {m:.3f} s ({mb / m:.1f} MB/s), cpu {statistics.median(cli_cpu):.3f} s")
        for t in counts:
            wr = statistics.median(a / b for a, b in zip(wall[t], cli_wall))
            cr = statistics.median(a / b for a, b in zip(cpu[t], cli_cpu))
            print(f"threads={t} against cli -j1: paired median time ratio {wr:.3f} (cpu {cr:.3f})")
        if cli2_wall:
            sp = statistics.median(a / b for a, b in zip(cli_wall, cli2_wall))
            print(f"cli -j2 against -j1 in the same rounds: median of paired speed-ups {sp:.2f}x")


if __name__ == "__main__":
    main()
