"""`python -m gazette.spark` in Spark local mode writes the command line's records."""

import gzip
import json
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES, WRITTEN, run_cli

pytest.importorskip("pyspark")


def spark_job(*args):
    return subprocess.run(
        [sys.executable, "-m", "gazette.spark", "--master", "local[2]", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def read_parts(folder):
    parts = sorted(p for p in folder.iterdir() if p.name.startswith("part-"))
    assert parts, f"no part files in {folder}"
    lines = []
    for p in parts:
        opener = gzip.open if p.suffix == ".gz" else open
        with opener(p, "rt", encoding="utf-8") as f:
            lines += [line.rstrip("\n") for line in f]
    return lines


def test_spark_local_equals_the_cli(cli, generated, tmp_path):
    # Input: generated news, the examples, the written articles (one with a
    # date field and one keyed by numbers), a gzipped file and a bad line.
    data = tmp_path / "in"
    (data / "more").mkdir(parents=True)
    shutil.copy(generated, data / "a-news.jsonl")
    rows = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(EXAMPLES.glob("*.txt"))]
    rows += [{"id": f"w{i}", "date": "2024-05-06", "text": t} for i, t in enumerate(WRITTEN)]
    rows += [{"id": 12345, "text": "Kenyan runners led in Berlin."}]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, '{"id": "broken", "text": ')
    with gzip.open(data / "more" / "b-written.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    want_records, _, status = run_cli(cli, "-j", "1", data, check=False)
    assert status == 1  # the bad line
    want = {r["id"]: r for r in want_records}
    assert len(want) == len(want_records) > 100

    out = tmp_path / "out"
    p = spark_job(data, out)
    assert p.returncode == 1, p.stderr
    assert "invalid JSON" in p.stderr and "1 errors" in p.stderr
    got_lines = read_parts(out)
    got = [json.loads(line) for line in got_lines]
    assert {r["id"]: r for r in got} == want
    assert len(got) == len(want)
    # Records come in input order within each file.
    gen_ids = [json.loads(line)["id"] for line in open(generated, encoding="utf-8")]
    assert [r["id"] for r in got if r["id"] in set(gen_ids)] == gen_ids


def test_spark_options_fields_and_gzip_output(cli, tmp_path):
    src = tmp_path / "feed.jsonl"
    rows = [{"key": f"k{i}", "body": t, "dct": "2023-11-02"} for i, t in enumerate(WRITTEN)]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    flags = [
        "--text-field", "body", "--id-field", "key", "--date-field", "dct",
        "--gazetteer", EXAMPLES / "newsroom-local.tsv", "--exclude", EXAMPLES / "newsroom-exclude.txt",
        "--types", "city,person,date,venue",
    ]
    want, _, _ = run_cli(cli, *flags, src)
    out = tmp_path / "out"
    p = spark_job(src, out, *flags, "--compress", "gzip")
    assert p.returncode == 0, p.stderr
    assert [json.loads(line) for line in read_parts(out)] == want


def test_spark_bad_options_fail_with_the_cli_message(cli, tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text('{"id": "a", "text": "Paris."}\n', encoding="utf-8")
    p = spark_job(src, tmp_path / "out", "--types", "persn")
    assert p.returncode == 2
    _, err, _ = run_cli(cli, "--types", "persn", src, check=False)
    assert 'unknown type "persn": did you mean "person"?' in p.stderr
    assert 'unknown type "persn": did you mean "person"?' in err
