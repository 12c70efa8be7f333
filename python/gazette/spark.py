"""Run gazette over JSON Lines on Spark.

    python -m gazette.spark INPUT OUTPUT_DIR [--text-field F] [--id-field F]
        [--date-field F] [--date YYYY-MM-DD] [--types T,...] [--date-order O]
        [--gazetteer FILE]... [--exclude FILE]... [--compress gzip]
        [--min-partitions N] [--master URL]

INPUT is a file, a folder or a glob of JSON Lines, on any file system
Spark reads (local, HDFS, S3, ...); ``.gz`` files are decompressed. Each
line is read exactly as the ``gazette`` command line reads a ``.jsonl``
file, and OUTPUT_DIR receives ``part-NNNNN`` files of JSON Lines records,
the same bytes the command line writes for those lines, in input order.

Each Python worker process builds one extractor and keeps it for every
partition it is given; records are extracted in that process, by the
library, with no other program involved. Bad lines are reported on the
executors' stderr as ``gazette: part-NNNNN:LINE: message`` (the partition
and the line within it), counted, and the first of them repeated on the
driver; the exit status is that of the command line (0, 1 when lines
were skipped, 2 when nothing could run).

Records without an id field are named ``part-NNNNN:LINE`` as well, where
the command line would say ``FILE:LINE``: Spark does not tell line numbers
within a file. Give records ids where that matters.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from gazette import Extractor

#: A partition's lines go to the library this many at a time...
BATCH_LINES = 2048
#: ...or this many bytes, whichever comes first.
BATCH_BYTES = 1 << 20
#: How many problem messages the driver repeats.
SHOWN_PROBLEMS = 20

# One extractor per Python worker process, per set of options.
_extractors: Dict[Tuple[Any, ...], Extractor] = {}


def _worker_extractor(options: Dict[str, Any]) -> Extractor:
    from pyspark import SparkFiles

    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))
    ex = _extractors.get(key)
    if ex is None:
        opts = dict(options)
        # User files were shipped with SparkContext.addFile.
        for k in ("gazetteers", "exclude"):
            opts[k] = [SparkFiles.get(name) for name in opts[k]]
        ex = Extractor(**opts)
        _extractors[key] = ex
    return ex


def extract_partition(
    index: int,
    lines: Iterable[bytes],
    options: Dict[str, Any],
    fields: Dict[str, Any],
    counters: Any = None,
) -> Iterator[bytes]:
    """The records (JSON bytes, one per article) of one partition's lines.

    ``options`` are the :class:`gazette.Extractor` options (user files by
    their names in ``SparkFiles``), ``fields`` the keyword arguments of the
    line reader (``text_field``, ``id_field``, ``date_field``, ``date``);
    ``counters`` is a ``(articles, errors, warnings, messages)`` tuple of
    accumulators, or ``None``.
    """
    ex = _worker_extractor(options)
    name = "part-%05d" % index
    first = 1
    batch: List[bytes] = []
    size = 0

    def run(batch: List[bytes], first: int) -> List[bytes]:
        out, problems = ex._extract_jsonl(batch, name, first, **fields)
        errors = warnings = 0
        shown = []
        for location, message, skipped in problems:
            if skipped:
                errors += 1
                line = "gazette: %s: %s" % (location, message)
            else:
                warnings += 1
                line = "gazette: %s: warning: %s" % (location, message)
            print(line, file=sys.stderr)
            if len(shown) < SHOWN_PROBLEMS:
                shown.append(line)
        if counters is not None:
            articles, errs, warns, messages = counters
            articles.add(len(out))
            errs.add(errors)
            warns.add(warnings)
            if shown:
                messages.add(shown)
        return out

    for line in lines:
        batch.append(line)
        size += len(line)
        if len(batch) >= BATCH_LINES or size >= BATCH_BYTES:
            yield from run(batch, first)
            first += len(batch)
            batch, size = [], 0
    if batch:
        yield from run(batch, first)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gazette.spark",
        description="Extract entities from JSON Lines on Spark; write the gazette command line's records.",
    )
    p.add_argument("input", metavar="INPUT", help="JSON Lines file, folder or glob (any Hadoop path; .gz read)")
    p.add_argument("output", metavar="OUTPUT_DIR", help="folder to create for the part-NNNNN files of records")
    p.add_argument("--text-field", default="text", metavar="NAME", help="field holding the text (default: text)")
    p.add_argument("--id-field", default="id", metavar="NAME", help="field holding the id (default: id)")
    p.add_argument(
        "--date-field", default="date", metavar="NAME", help="field holding the publication date (default: date)"
    )
    p.add_argument("--date", metavar="YYYY-MM-DD", help="reference date for records without one")
    p.add_argument("--types", metavar="TYPE,...", help="only output these entity types")
    p.add_argument("--date-order", default="auto", choices=["auto", "dmy", "mdy"])
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE", help="a user gazetteer (repeatable)")
    p.add_argument(
        "--exclude", action="append", default=[], metavar="FILE", help="surface forms never to report (repeatable)"
    )
    p.add_argument("--compress", choices=["none", "gzip"], default="none", help="compress the output files")
    p.add_argument("--min-partitions", type=int, metavar="N", help="read the input in at least N partitions")
    p.add_argument("--master", metavar="URL", help="Spark master, e.g. local[2] (default: as spark-submit says)")
    return p


def _validate(args: argparse.Namespace) -> None:
    """Build an extractor on the driver, so that bad options and files fail
    at once with the command line's message."""
    Extractor(types=args.types, date_order=args.date_order, gazetteers=args.gazetteer, exclude=args.exclude)
    if args.date is not None:
        # The same check as for every record's date.
        Extractor()._extract_jsonl([], "--date", date=args.date)


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _validate(args)
    except (ValueError, OSError) as e:
        print("gazette: %s" % e, file=sys.stderr)
        return 2
    for flag, files in (("--gazetteer", args.gazetteer), ("--exclude", args.exclude)):
        names = [os.path.basename(f) for f in files]
        if len(set(names)) != len(names):
            print("gazette: %s files must have distinct file names (they are shipped by name)" % flag, file=sys.stderr)
            return 2

    if args.master and args.master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # Local workers run this interpreter, the one gazette is installed in.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark import AccumulatorParam
    from pyspark.sql import SparkSession

    class ListParam(AccumulatorParam):
        def zero(self, value: List[str]) -> List[str]:
            return []

        def addInPlace(self, a: List[str], b: List[str]) -> List[str]:
            return (a + b)[:SHOWN_PROBLEMS] if len(a) < SHOWN_PROBLEMS else a

    builder = SparkSession.builder.appName("gazette")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    started = time.monotonic()
    try:
        for f in args.gazetteer + args.exclude:
            sc.addFile(os.path.abspath(f) if os.path.exists(f) else f)
        options = {
            "types": args.types,
            "date_order": args.date_order,
            "gazetteers": [os.path.basename(f) for f in args.gazetteer],
            "exclude": [os.path.basename(f) for f in args.exclude],
        }
        fields = {
            "text_field": args.text_field,
            "id_field": args.id_field,
            "date_field": args.date_field,
            "date": args.date,
        }
        counters = (sc.accumulator(0), sc.accumulator(0), sc.accumulator(0), sc.accumulator([], ListParam()))
        # Folders are read recursively, as the command line reads them.
        sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        if args.min_partitions:
            lines = sc.textFile(args.input, minPartitions=args.min_partitions, use_unicode=False)
        else:
            lines = sc.textFile(args.input, use_unicode=False)
        # A module function, pickled by name: the workers' `gazette.spark`
        # module, and so its extractor, lives as long as the worker.
        run = functools.partial(extract_partition, options=options, fields=fields, counters=counters)
        records = lines.mapPartitionsWithIndex(run, preservesPartitioning=True)
        codec = "org.apache.hadoop.io.compress.GzipCodec" if args.compress == "gzip" else None
        records.saveAsTextFile(args.output, compressionCodecClass=codec)
    except Exception as e:  # Spark's errors (missing input, existing output) are fatal
        message = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print("gazette: %s" % message, file=sys.stderr)
        spark.stop()
        return 2
    articles, errors, warnings, messages = (c.value for c in counters)
    for m in messages:
        print(m, file=sys.stderr)
    elapsed = time.monotonic() - started
    print(
        "gazette: %d articles written to %s, %d errors, %d warnings, %.1f s"
        % (articles, args.output, errors, warnings, elapsed),
        file=sys.stderr,
    )
    spark.stop()
    return 1 if errors else 0


if __name__ == "__main__":
    # Run as `python -m gazette.spark` or as spark-submit's main file: call
    # the importable module's main, so that what is sent to the workers
    # refers to `gazette.spark` rather than to this `__main__` copy.
    from gazette.spark import main as _main

    sys.exit(_main())
