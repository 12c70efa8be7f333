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
