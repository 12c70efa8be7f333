"""Throughput of gazette.extract_many on a JSON Lines corpus.

    python python/benches/throughput.py /tmp/news-20m.jsonl [--runs 5] [--threads 1,2]

Reads the file once (text, date and id fields), then times extract_many
(Rust extraction and the records' dicts) for each thread count, `--runs`
times, in alternation; prints the median seconds, MB/s of article text and
the speed-up of each count over the first. Make the corpus with
`cargo run --release --example gen-corpus -- 20 > /tmp/news-20m.jsonl`.
"""

import argparse
import json
import statistics
import time

import gazette


def main():
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--threads", default="1,2")
    args = p.parse_args()
    counts = [int(t) for t in args.threads.split(",")]
    rows = []
    size = 0
    with open(args.path, "rb") as f:
        for line in f:
            size += len(line)
            rows.append(json.loads(line))
    texts = [r["text"] for r in rows]
    dates = [r.get("date") for r in rows]
    ids = [str(r.get("id")) for r in rows]
    ex = gazette.Extractor()
    ex.extract_many(texts[:200], dates=dates[:200], ids=ids[:200], threads=1)  # warm up
    times = {t: [] for t in counts}
    for _ in range(args.runs):
        for t in counts:
            start = time.perf_counter()
            records = ex.extract_many(texts, dates=dates, ids=ids, threads=t)
            times[t].append(time.perf_counter() - start)
            assert len(records) == len(texts)
            del records
    base = statistics.median(times[counts[0]])
    mb = size / 1e6
    print(f"{args.path}: {len(texts)} articles, {mb:.1f} MB of JSON Lines")
    for t in counts:
        m = statistics.median(times[t])
        pairs = sorted(a / b for a, b in zip(times[counts[0]], times[t]))
        print(
            f"threads={t}: median {m:.3f} s ({mb / m:.1f} MB/s of input), min {min(times[t]):.3f} s, "
            f"speed-up {base / m:.2f}x (median of paired ratios {statistics.median(pairs):.2f}x)"
        )


if __name__ == "__main__":
    main()
