"""The package's records equal the command line's, parsed as JSON."""

import csv
import datetime
import gc
import io
import json
import subprocess
import threading

import pytest

import gazette
from conftest import EXAMPLES, WRITTEN, read_jsonl, run_cli


def jsonl_of(articles):
    return "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles).encode()


def test_example_text_files_equal_the_cli(cli):
    files = sorted(EXAMPLES.glob("*.txt"))
    assert files
    for path in files:
        [want], _, _ = run_cli(cli, path)
        text = path.read_text(encoding="utf-8")
        assert gazette.extract(text, id=str(path)) == want


def test_written_articles_equal_the_cli(cli):
    articles = [{"id": f"w{i}", "text": t} for i, t in enumerate(WRITTEN)]
    articles += [{"id": f"d{i}", "date": "2024-05-06", "text": t} for i, t in enumerate(WRITTEN)]
    want, _, _ = run_cli(cli, "--input", "jsonl", input=jsonl_of(articles))
    got = [gazette.extract(a["text"], date=a.get("date"), id=a["id"]) for a in articles]
    assert got == want
    assert any(e["type"] == "person" for r in got for e in r["entities"])


def test_generated_news_equals_the_cli(cli, generated):
    want, _, _ = run_cli(cli, "-j", "2", generated)
    rows = read_jsonl(generated)
    assert len(rows) == len(want) > 100
    texts = [r["text"] for r in rows]
    dates = [r["date"] for r in rows]
    ids = [r["id"] for r in rows]
    for threads in (1, 2, 3):
        got = gazette.extract_many(texts, dates=dates, ids=ids, threads=threads)
        assert got == want, f"threads={threads}"
    assert gazette.extract(texts[5], date=dates[5], id=ids[5]) == want[5]


def cli_lines(cli, *args, input=None):
    p = subprocess.run([str(cli), "-q", *map(str, args)], input=input, capture_output=True, check=True)
    return p.stdout.splitlines()


def test_as_json_is_the_cli_line_and_dicts_keep_its_key_order(cli, generated):
    want = cli_lines(cli, generated)
    rows = read_jsonl(generated)
    texts, dates, ids = ([r[k] for r in rows] for k in ("text", "date", "id"))
    for threads in (1, 2):
        assert gazette.extract_many(texts, dates=dates, ids=ids, threads=threads, as_json=True) == want
    assert gazette.extract(texts[3], date=dates[3], id=ids[3], as_json=True) == want[3]
    # The dicts have the keys in the line's order: dumped compactly, they
    # are the line again.
    records = gazette.extract_many(texts, dates=dates, ids=ids, threads=2)
    dumped = [json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() for r in records]
    assert dumped == want
    articles = [{"id": f"w{i}", "date": "2024-05-06", "text": t} for i, t in enumerate(WRITTEN)]
    want = cli_lines(cli, "--input", "jsonl", input=jsonl_of(articles))
    got = gazette.extract_many(WRITTEN, dates=["2024-05-06"] * len(WRITTEN), ids=[a["id"] for a in articles], as_json=True)
    assert got == want


def test_records_stay_out_of_the_cycle_collector():
    records = gazette.extract_many(WRITTEN * 3, threads=2)
    one = gazette.extract(WRITTEN[1])
    containers = []
    for r in records + [one]:
        containers += [r, r["entities"]]
        for e in r["entities"]:
            containers += [e, e["mentions"], *e["mentions"], *e.get("roles", [])]
        containers += r.get("focus", [])
    assert len(containers) > 100
    assert not any(gc.is_tracked(c) for c in containers)
    # Records are plain dicts and lists all the same: changed, copied and
    # collected as any other.
    r = records[0]
    r["entities"][0]["mine"] = {"note": []}
    assert gc.is_tracked(r["entities"][0])
    del r["entities"][0]["mine"]
    gc.collect()
    assert records == gazette.extract_many(WRITTEN * 3, threads=1)


def test_offsets_are_str_indices():
    text = "«Ça va», dit Zoë Ndiaye 🙂 à Genève, Switzerland, le 3 mai 2021. Then Paris."
    r = gazette.extract(text)
    mentions = [m for e in r["entities"] for m in e["mentions"]]
    assert len(mentions) >= 2
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]


def test_texts_of_every_utf8_width_equal_the_cli(cli):
    # Texts are read as code points and encoded to UTF-8 by the package:
    # ASCII runs eight at a time, other chars one at a time, at every
    # position in and around those runs, and a text's tail.
    pieces = ["é", "’", "🙂", "ŉ", "\u07ff", "\u0800", "\uffff", "\U00010000", "\U0010ffff"]
    texts = []
    for k, p in enumerate(pieces):
        for at in range(0, 19, 3):
            texts.append("x" * at + p + " Prime Minister Kiri Tane met officials in Wellington on Tuesday." + p * (k % 3))
    texts.append("Paris" + "é" * 17)
    articles = [{"id": str(i), "date": "2024-05-06", "text": t} for i, t in enumerate(texts)]
    want = cli_lines(cli, "--input", "jsonl", input=jsonl_of(articles))
    dates = ["2024-05-06"] * len(texts)
    ids = [a["id"] for a in articles]
    assert gazette.extract_many(texts, dates=dates, ids=ids, as_json=True) == want
    records = gazette.extract_many(texts, dates=dates, ids=ids, threads=1)
    assert records == [json.loads(line) for line in want]
    for text, r in zip(texts, records):
        for e in r["entities"]:
            for m in e["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
    assert gazette.extract(texts[7], date=dates[7], id="7") == records[7]


def test_a_lone_surrogate_is_the_utf8_codec_error():
    for text in ["Paris \ud800 Rome", "a" * 20 + "\udfff", "\ud83d"]:
        with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
            gazette.extract_many(["Paris.", text], threads=1)
        with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
            gazette.extract(text)


def test_defaults_ids_dates_and_inputs():
    r = gazette.extract("Paris.")
    assert r["id"] == "" and "published" not in r and "published_source" not in r
    rs = gazette.extract_many(iter(["Paris.", "Rome.", "Oslo."]), ids=[None, 42, "x"], threads=2)
    assert [r["id"] for r in rs] == ["0", "42", "x"]
    r = gazette.extract("He left on Tuesday.", date=datetime.date(2024, 5, 9))
    assert (r["published"], r["published_source"]) == ("2024-05-09", "field")
    assert gazette.extract("x", date=datetime.datetime(2024, 5, 9, 13, 0))["published"] == "2024-05-09"
    assert gazette.extract_many([]) == []


def test_options_equal_the_cli_flags(cli, tmp_path):
    text = (EXAMPLES / "local-news.txt").read_text(encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    cases = [
        ({"types": "city,person"}, ["--types", "city,person"]),
        ({"types": ["date"], "date_order": "mdy"}, ["--types", "date", "--date-order", "mdy"]),
        (
            {"gazetteers": [EXAMPLES / "newsroom-local.tsv"], "exclude": str(EXAMPLES / "newsroom-exclude.txt")},
            ["--gazetteer", EXAMPLES / "newsroom-local.tsv", "--exclude", EXAMPLES / "newsroom-exclude.txt"],
        ),
        ({"gazetteers": [EXAMPLES / "newsroom-local.tsv"], "types": "venue,event"},
         ["--gazetteer", EXAMPLES / "newsroom-local.tsv", "--types", "venue,event"]),
    ]
    for options, flags in cases:
        [want] = run_cli(cli, *flags, path)[0]
        got = gazette.extract(text, id=str(path), **options)
        assert got == want, options
        assert gazette.Extractor(**options).extract_many([text], ids=[str(path)], threads=1) == [want]
    # The user gazetteer's own fields come through.
    got = gazette.extract(text, gazetteers=[EXAMPLES / "newsroom-local.tsv"], types="venue")
    assert got["entities"][0]["ref"] == "v-001" and got["entities"][0]["attributes"] == {"beat": "events"}


def cli_message(cli, *flags):
    _, err, status = run_cli(cli, *flags, "--input", "text", input=b"Paris.", check=False)
    assert status == 2
    return err


def test_errors_carry_the_cli_messages(cli, tmp_path):
    with pytest.raises(ValueError) as e:
        gazette.Extractor(types="persn")
    assert str(e.value) in cli_message(cli, "--types", "persn")
    with pytest.raises(ValueError) as e:
        gazette.Extractor(types=["planet"])
    assert str(e.value) in cli_message(cli, "--types", "planet")
    with pytest.raises(FileNotFoundError) as e:
        gazette.Extractor(gazetteers=tmp_path / "missing.tsv")
    assert str(e.value) in cli_message(cli, "--gazetteer", tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\ttype\nAcme Widgets\n", encoding="utf-8")
    with pytest.raises(gazette.GazetteerError) as e:
        gazette.Extractor(gazetteers=[bad])
    assert isinstance(e.value, ValueError)
    assert str(e.value) in cli_message(cli, "--gazetteer", bad)
    with pytest.raises(ValueError) as e:
        gazette.extract("Paris.", date="14/03/2023")
    assert str(e.value) == '"14/03/2023" is not a date of the form YYYY-MM-DD'
    assert str(e.value) in cli_message(cli, "--date", "14/03/2023")
    with pytest.raises(ValueError, match="date_order"):
        gazette.Extractor(date_order="ymd")
    with pytest.raises(ValueError, match="dates has 1 items for 2 texts"):
        gazette.extract_many(["a", "b"], dates=["2024-01-01"])
    with pytest.raises(ValueError, match="at least 1"):
        gazette.extract_many(["a"], threads=0)
    with pytest.raises(ValueError, match="not one string"):
        gazette.extract_many("Paris")
    with pytest.raises(ValueError, match=r"texts\[1\] is not a string"):
        gazette.extract_many(["Paris", 3])
    with pytest.raises(TypeError):
        gazette.extract(b"Paris")


def test_extractor_is_shared_across_python_threads():
    ex = gazette.Extractor(types="city")
    want = ex.extract_many(WRITTEN * 20, threads=1)
    results = [None] * 4

    def work(i):
        results[i] = ex.extract_many(WRITTEN * 20, threads=2)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == want for r in results)
    assert all(e["type"] == "city" for r in want for e in r["entities"])


def test_mentions_have_the_cli_csv_columns_and_values(cli):
    articles = [{"id": f"w{i}", "text": t} for i, t in enumerate(WRITTEN)]
    out = subprocess.run(
        [str(cli), "-q", "--input", "jsonl", "--format", "csv"], input=jsonl_of(articles), capture_output=True, check=True
    ).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(out)))
    records = gazette.extract_many([a["text"] for a in articles], ids=[a["id"] for a in articles])
    got = list(gazette.mentions(records))
    assert list(rows[0].keys()) == list(gazette.CSV_COLUMNS)
    assert len(got) == len(rows) > 10
    for g, w in zip(got, rows):
        for k in gazette.CSV_COLUMNS:
            if k in ("lat", "lon"):
                assert (g[k] is None and w[k] == "") or g[k] == float(w[k]), k
            else:
                assert ("" if g[k] is None else str(g[k])) == w[k], k


def test_to_pandas_one_row_per_mention():
    pd = pytest.importorskip("pandas")
    records = gazette.extract_many(WRITTEN)
    df = gazette.to_pandas(records)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(gazette.CSV_COLUMNS)
    assert len(df) == sum(len(e["mentions"]) for r in records for e in r["entities"])
    assert set(df["type"]) >= {"city", "person"}


def test_extract_iter_yields_the_records_of_extract_many(generated):
    rows = read_jsonl(generated)
    texts, dates, ids = ([r[k] for r in rows] for k in ("text", "date", "id"))
    want = gazette.extract_many(texts, dates=dates, ids=ids, threads=1)
    for batch, threads in ((7, 1), (50, 2), (100_000, None)):
        got = gazette.extract_iter(iter(texts), dates=iter(dates), ids=iter(ids), threads=threads, batch=batch)
        assert list(got) == want, (batch, threads)
    lines = gazette.extract_many(texts[:40], dates=dates[:40], ids=ids[:40], as_json=True)
    assert list(gazette.extract_iter(texts[:40], dates=dates[:40], ids=ids[:40], batch=9, as_json=True)) == lines
    ex = gazette.Extractor(types="city")
    assert list(gazette.extract_iter(texts[:30], batch=4, extractor=ex)) == ex.extract_many(texts[:30])


def test_extract_iter_ids_are_positions_in_the_whole_input_and_it_reads_a_batch_at_a_time():
    texts = WRITTEN * 3
    assert [r["id"] for r in gazette.extract_iter(texts, batch=4)] == [str(i) for i in range(len(texts))]
    ids = [None, "a", 7] * 6
    assert [r["id"] for r in gazette.extract_iter(texts, ids=ids, batch=4)] == [
        str(i) if v is None else str(v) for i, v in enumerate(ids)
    ]
    pulled = []

    def source():
        for t in texts:
            pulled.append(t)
            yield t

    it = gazette.extract_iter(source(), batch=5)
    assert pulled == []
    first = next(it)
    assert len(pulled) == 5 and first == gazette.extract(texts[0], id="0")
    assert len(list(it)) == len(texts) - 1


def test_extract_iter_errors():
    with pytest.raises(ValueError, match="not one string"):
        gazette.extract_iter("Paris")
    with pytest.raises(ValueError, match="batch must be at least 1"):
        gazette.extract_iter(["a"], batch=0)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        gazette.extract_iter(["a"], threads=0)
    with pytest.raises(ValueError, match="extractor or options"):
        gazette.extract_iter(["a"], extractor=gazette.Extractor(), types="city")
    with pytest.raises(ValueError, match=r"texts\[5\] is not a string: int"):
        list(gazette.extract_iter(["Paris."] * 5 + [3], batch=2))
    with pytest.raises(ValueError, match="dates ran out after 3 items"):
        list(gazette.extract_iter(["Paris."] * 5, dates=["2024-01-01"] * 3, batch=2))
    with pytest.raises(ValueError, match="ids has more items than the 2 texts"):
        list(gazette.extract_iter(["Paris."] * 2, ids=["a", "b", "c"], batch=2))
