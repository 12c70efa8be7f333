//! Where output goes and how input streams are read: `-o`, live streams,
//! folders, JSON documents.

use crate::util::{gazette, TestDir};

#[test]
fn output_file_that_is_an_input_is_refused() {
    let d = TestDir::new("o-input");
    let text = "Officials in Madrid said so.\n";
    d.create("a.txt", text);
    d.create("feed.jsonl", "{\"text\": \"Rain in Lisbon.\"}\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.path.join("a.txt"), d.path.join("link.txt")).unwrap();
    for args in [&["-o", "a.txt", "a.txt"][..], &["-o", "./feed.jsonl", "feed.jsonl"], &["-o", "a.txt", "."]] {
        gazette(&d.path, args, None).code(2).stderr_has("the output file is also an input");
    }
    #[cfg(unix)]
    gazette(&d.path, &["-o", "link.txt", "a.txt"], None).code(2).stderr_has("also an input");
    // Standard input redirected from the output file.
    let stdin = std::fs::File::open(d.path.join("feed.jsonl")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["-o", "feed.jsonl"])
        .current_dir(&d.path)
        .stdin(stdin)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(d.path.join("a.txt")).unwrap(), text);
    assert_eq!(std::fs::read_to_string(d.path.join("feed.jsonl")).unwrap(), "{\"text\": \"Rain in Lisbon.\"}\n");
}

#[test]
fn output_file_is_replaced_whole_at_the_end() {
    let d = TestDir::new("o-replace");
    d.create("a.txt", "Officials in Madrid said so.");
    d.create("out.jsonl", "old contents\n");
    let run = gazette(&d.path, &["-o", "out.jsonl", "a.txt"], None);
    run.code(0);
    let out = std::fs::read_to_string(d.path.join("out.jsonl")).unwrap();
    assert!(out.starts_with("{\"id\":\"a.txt\"") && out.ends_with("}\n") && out.lines().count() == 1, "{out}");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&d.path).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A run that fails before writing leaves the old file as it was.
    gazette(&d.path, &["-o", "out.jsonl", "--gazetteer", "missing.tsv", "a.txt"], None).code(2);
    assert_eq!(std::fs::read_to_string(d.path.join("out.jsonl")).unwrap(), out);
    let names: Vec<_> = std::fs::read_dir(&d.path).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// A live feed on a pipe: each record comes out while the feed is still
/// open, before the next line is written.
#[test]
fn records_of_a_live_stream_are_written_at_once() {
    use std::io::{BufRead, Write};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;
    for threads in ["1", "2"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["-j", threads])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines() {
                if tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        for (i, city) in ["Madrid", "Lisbon", "Oslo"].iter().enumerate() {
            writeln!(stdin, "{{\"id\": \"r{i}\", \"text\": \"Officials in {city} said so.\"}}").unwrap();
            stdin.flush().unwrap();
            let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("-j {threads}: no output for record {i} while the stream is open")
            });
            assert!(line.starts_with(&format!("{{\"id\":\"r{i}\"")) && line.contains(city), "{line}");
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
    }
}

/// A link to a parent folder is not followed round; a FIFO in a folder is
/// not read (it would block).
#[cfg(unix)]
#[test]
fn folder_walk_reads_each_file_once_and_skips_fifos() {
    let d = TestDir::new("walk");
    d.create("news/a.txt", "Officials in Madrid said so.");
    d.create("news/sub/b.txt", "Rain in Lisbon.");
    std::os::unix::fs::symlink(d.path.join("news"), d.path.join("news/sub/loop")).unwrap();
    std::os::unix::fs::symlink(d.path.join("news/sub"), d.path.join("news/twin")).unwrap();
    let fifo = d.path.join("news/feed.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let run = gazette(&d.path, &["news"], None);
    run.code(0);
    let ids: Vec<String> = run.records().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["news/a.txt", "news/sub/b.txt"], "fifo made: {made}");
}

/// A quote never closed would make the rest of a CSV file one field: an
/// error naming the row, not a silent giant article.
#[test]
fn csv_quote_never_closed_is_an_error() {
    let d = TestDir::new("csv-quote");
    d.create(
        "a.csv",
        "id,text\n1,Officials in Madrid said so.\n2,\"Rain in Lisbon.\n3,Snow in Oslo.\n4,Sun in Rome.\n",
    );
    let run = gazette(&d.path, &["a.csv"], None);
    run.code(1).stderr_has("gazette: a.csv:3: invalid CSV: a quote opened in this row is never closed");
    let ids: Vec<String> = run.records().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["1"]);
    // Quotes closed, with commas, line breaks and "" inside, and a stray
    // quote in an unquoted field: all fine.
    d.create("b.csv", "id,text\n1,\"Rain, \"\"heavy\"\",\nin Lisbon.\"\n2,a 5\" screen in Oslo\n");
    let run = gazette(&d.path, &["b.csv"], None);
    run.code(0);
    assert_eq!(run.records().len(), 2);
}

/// A .json file is one JSON value: an array of records (gazette's own
/// `--format json` output) or one record, pretty-printed or not.
#[test]
fn json_documents_are_read_whole() {
    let d = TestDir::new("json-doc");
    d.create(
        "feed.json",
        "[\n  {\"id\": \"a\", \"text\": \"Officials in Madrid said so.\"},\n  {\"text\": \"Rain in Lisbon.\"},\n  \
         {\"title\": \"no text\"}\n]\n",
    );
    d.create("one.json", "{\n  \"id\": \"solo\",\n  \"text\": \"Snow in Oslo.\",\n  \"date\": \"2023-03-14\"\n}\n");
    let run = gazette(&d.path, &["feed.json", "one.json"], None);
    run.code(1).stderr_has("gazette: feed.json:[2]: no text field");
    let recs = run.records();
    let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "feed.json:[1]", "solo"]);
    assert_eq!(recs[2].published.as_deref(), Some("2023-03-14"));
    // A JSON array on stdin, on one line.
    let array = "[{\"text\": \"Officials in Madrid said so.\"}, {\"id\": \"x\", \"text\": \"Rain in Lisbon.\"}]";
    let run = gazette(&d.path, &[], Some(array.as_bytes()));
    run.code(0);
    assert_eq!(run.records().len(), 2, "{array}");
}
