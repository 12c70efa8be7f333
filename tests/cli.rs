//! Flags, help, version and exit statuses.

use crate::util::{gazette, TestDir};

#[test]
fn help_documents_exit_status_and_examples() {
    let d = TestDir::new("help");
    let run = gazette(&d.path, &["--help"], None);
    run.code(0);
    let out = run.stdout();
    assert!(out.contains("EXIT STATUS"), "{out}");
    assert!(out.contains("--format"), "{out}");
    assert!(out.contains("--date-field"), "{out}");
}

#[test]
fn version_names_gazetteer_version() {
    let d = TestDir::new("version");
    let run = gazette(&d.path, &["--version"], None);
    run.code(0);
    assert!(run.stdout().contains(&format!("gazetteers {}", gazette::GAZETTEER_VERSION)), "{}", run.stdout());
}

#[test]
fn usage_errors_exit_2() {
    let d = TestDir::new("usage");
    gazette(&d.path, &["--format", "xml"], Some(b"")).code(2).stderr_has("xml");
    gazette(&d.path, &["--date", "yesterday"], Some(b"")).code(2).stderr_has("YYYY-MM-DD");
    gazette(&d.path, &["--threads", "0"], Some(b"")).code(2).stderr_has("--threads");
    gazette(&d.path, &["--types", "planet"], Some(b"")).code(2).stderr_has("unknown type");
}

#[test]
fn missing_file_is_reported_and_others_processed() {
    let d = TestDir::new("partial");
    d.create("good.txt", "Officials in Madrid said so.");
    let run = gazette(&d.path, &["good.txt", "missing.txt"], None);
    run.code(1).stderr_has("gazette: missing.txt: ");
    assert_eq!(run.records().len(), 1);
}

#[test]
fn fail_fast_stops_at_first_bad_line() {
    let d = TestDir::new("failfast");
    d.create("a.jsonl", "{\"text\": \"one in Paris\"}\nnot json\n{\"text\": \"two in Rome\"}\n");
    let run = gazette(&d.path, &["--fail-fast", "-j", "1", "a.jsonl"], None);
    run.code(1).stderr_has("a.jsonl:2: invalid JSON");
    assert_eq!(run.records().len(), 1);
    let run = gazette(&d.path, &["a.jsonl"], None);
    run.code(1);
    assert_eq!(run.records().len(), 2);
}

#[test]
fn quiet_silences_messages_but_not_the_status() {
    let d = TestDir::new("quiet");
    gazette(&d.path, &["-q", "nope.txt"], None).code(1).stderr_empty();
}

#[test]
fn types_filter_output() {
    let d = TestDir::new("types");
    let run = gazette(&d.path, &["--types", "city"], Some("Ms. Ana Ferreira flew from Lisbon to Kraków.".as_bytes()));
    run.code(0);
    let recs = run.records();
    assert!(!recs[0].entities.is_empty());
    assert!(recs[0].entities.iter().all(|e| e.ty == "city"), "{:?}", recs[0].entities);
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::process::{Command, Stdio};
    let d = TestDir::new("pipe");
    let line = "{\"text\": \"Officials in Madrid and Paris met on Tuesday.\"}\n".repeat(20_000);
    d.create("big.jsonl", line);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("big.jsonl")
        .current_dir(&d.path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::BufRead;
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        assert!(first.starts_with("{\"id\""));
        // dropping `out` closes the pipe, like `| head -n1`
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn stats_summarize_articles_and_entities_by_type() {
    let d = TestDir::new("stats");
    d.create(
        "a.jsonl",
        "{\"text\": \"Officials in Madrid and Lisbon met on 14 March 2023.\"}\n{\"text\": \"Rome, too.\"}\nnot json\n",
    );
    for threads in ["1", "2"] {
        let run = gazette(&d.path, &["--stats", "-j", threads, "a.jsonl"], None);
        run.code(1);
        let err = run.stderr();
        let line = err.lines().find(|l| l.contains("articles,")).unwrap_or_else(|| panic!("no summary in {err}"));
        assert!(line.contains("2 articles"), "{line}");
        assert!(line.contains("1 error,"), "{line}");
        // Three cities and one date, types listed by name.
        assert!(line.contains("4 entities (city 3, date 1)"), "{line}");
        assert!(line.contains("4 mentions"), "{line}");
    }
}

#[test]
fn explain_names_the_rules_and_the_rejected_readings() {
    let d = TestDir::new("explain");
    let text = b"In Reading, officials said the plan would go ahead.\n";
    // Off by default: no explanation, no rejected list.
    let plain = gazette(&d.path, &[], Some(text));
    plain.code(0);
    assert!(!plain.stdout().contains("\"explain\"") && !plain.stdout().contains("\"rejected\""), "{}", plain.stdout());
    for run in [
        gazette(&d.path, &["--explain"], Some(text)),
        crate::util::gazette_env(&d.path, &[], Some(text), &[("GAZETTE_EXPLAIN", "1")]),
    ] {
        run.code(0);
        let v: serde_json::Value = serde_json::from_str(run.stdout().trim()).unwrap();
        let reading = &v["entities"][0];
        assert_eq!(reading["type"], "city", "{v}");
        assert_eq!(reading["explain"]["rules"][0], "gazetteer.entry", "{v}");
        assert!(reading["explain"]["entry"].as_str().unwrap().starts_with("geonames:"), "{v}");
        let rejected = v["rejected"].as_array().unwrap();
        assert!(rejected.iter().any(|j| j["text"] == "Reading" && j["rule"] == "team.needs-sports-evidence"), "{v}");
    }
    gazette(&d.path, &["--explain", "--format", "csv"], Some(text)).code(2).stderr_has("--explain");
}

#[test]
fn gazetteer_dir_must_be_a_gazetteer_folder() {
    let d = TestDir::new("gazdir");
    d.create("a.txt", "Officials in Madrid said so.");
    d.create("empty/readme.md", "nothing here");
    gazette(&d.path, &["--gazetteer-dir", "nonexistent", "a.txt"], None)
        .code(2)
        .stderr_has("gazette: --gazetteer-dir nonexistent: no such file or directory");
    gazette(&d.path, &["--gazetteer-dir", "a.txt", "a.txt"], None).code(2).stderr_has("not a directory");
    gazette(&d.path, &["--gazetteer-dir", "empty", "a.txt"], None)
        .code(2)
        .stderr_has("holds none of the gazetteer files");
}

#[test]
fn thread_counts_past_the_limit_are_usage_errors() {
    let d = TestDir::new("threads");
    for n in ["100000", "99999999999"] {
        gazette(&d.path, &["-j", n], Some(b"Officials in Madrid said so.")).code(2).stderr_has("at most 1024");
    }
    let run = gazette(&d.path, &["-j", "1024"], Some(b"Officials in Madrid said so."));
    run.code(0);
    assert_eq!(run.records().len(), 1);
}

#[test]
fn messages_read_cleanly() {
    let d = TestDir::new("messages");
    d.create("empty/notes.md", "not an article");
    d.create("a.txt", "Officials in Madrid said so.");
    let run = gazette(&d.path, &["empty"], None);
    run.stderr_has("gazette: warning: no articles were read");
    assert!(!run.stderr().contains("gazette: gazette:"), "{}", run.stderr());
    let run = gazette(&d.path, &["missing.txt", "a.txt"], None);
    run.code(1).stderr_has("gazette: missing.txt: no such file or directory\n");
    let run = gazette(&d.path, &["-o", "a.txt/out.jsonl", "a.txt"], None);
    run.code(2);
    assert!(!run.stderr().contains("os error"), "{}", run.stderr());
    assert_eq!(run.stderr().matches("not a directory").count(), 1, "{}", run.stderr());
    gazette(&d.path, &["--date", "2023-02-30"], Some(b"")).code(2).stderr_has("February 2023 has 28 days");
    let run = gazette(&d.path, &["--stats", "a.txt"], None);
    run.code(0).stderr_has("gazette: 1 article, ");
    let help = gazette(&d.path, &["--help"], None);
    assert!(help.stdout().contains("zstd"), "{}", help.stdout());
}

#[test]
fn feed_publication_dates_are_read() {
    let d = TestDir::new("feed-dates");
    let feed = "{\"id\": \"a\", \"date\": \"Tue, 14 Mar 2023 09:30:00 +0000\", \"text\": \"Rain on Monday.\"}\n\
                {\"id\": \"b\", \"date\": \"14 March 2023\", \"text\": \"Rain on Monday.\"}\n\
                {\"id\": \"c\", \"date\": \"2023-03-14T23:30:00-05:00\", \"text\": \"Rain on Monday.\"}\n";
    let run = gazette(&d.path, &[], Some(feed.as_bytes()));
    run.code(0).stderr_empty();
    for r in run.records() {
        assert_eq!(r.published.as_deref(), Some("2023-03-14"), "{}", r.id);
        let monday = r.entities.iter().find(|e| e.ty == "date").expect("a date");
        assert_eq!(monday.value.as_deref(), Some("2023-03-13"), "{}", r.id);
    }
}

#[test]
fn dateline_after_a_headline_block() {
    let d = TestDir::new("dateline");
    d.create(
        "a.txt",
        "NEWS\nLocal politics\nCouncil approves new budget for schools\nTuesday 14/03/2023\n\n\
         The council approved the budget on Monday after a long debate.\n",
    );
    let run = gazette(&d.path, &["a.txt"], None);
    run.code(0);
    let r = &run.records()[0];
    assert_eq!(r.published.as_deref(), Some("2023-03-14"));
    assert_eq!(r.published_source.as_deref(), Some("dateline"));
}
