//! Inputs: stdin, files, directories, JSONL, CSV, gzip, encodings, bad input.

use std::io::Write;

use crate::util::{gazette, names, TestDir};

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn stdin_text_is_one_article() {
    let d = TestDir::new("stdin-text");
    let run = gazette(&d.path, &[], Some("Talks in Zürich.\nMore talks in Kraków.\n".as_bytes()));
    run.code(0).stderr_empty();
    let recs = run.records();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].id, "<stdin>");
    assert_eq!(names(&recs[0], "city"), ["Zürich", "Kraków"]);
}

#[test]
fn stdin_jsonl_is_sniffed_and_dash_reads_stdin() {
    let d = TestDir::new("stdin-jsonl");
    let input = b"\n  {\"id\": \"a\", \"text\": \"Rain in Lisbon.\"}\n{\"id\": 7, \"text\": \"Sun in Madrid.\"}\n";
    for args in [&[][..], &["-"][..]] {
        let recs = gazette(&d.path, args, Some(input)).code(0).records();
        let ids: Vec<_> = recs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(names(&recs[1], "city"), ["Madrid"]);
    }
}

#[test]
fn ids_default_to_path_and_line() {
    let d = TestDir::new("ids");
    d.create("feed.jsonl", "{\"text\": \"one\"}\n\n{\"text\": \"two\"}\n");
    let recs = gazette(&d.path, &["feed.jsonl"], None).code(0).records();
    let ids: Vec<_> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["feed.jsonl:1", "feed.jsonl:3"]);
}

#[test]
fn custom_fields_and_dates() {
    let d = TestDir::new("fields");
    d.create("f.jsonl", "{\"doc\": \"x1\", \"body\": \"Rain in Lisbon.\", \"dct\": \"2019-11-28\"}\n");
    let recs = gazette(&d.path, &["--text-field", "body", "--id-field", "doc", "--date-field", "dct", "f.jsonl"], None)
        .code(0)
        .records();
    assert_eq!(recs[0].id, "x1");
    assert_eq!(recs[0].published.as_deref(), Some("2019-11-28"));
    assert_eq!(recs[0].published_source.as_deref(), Some("field"));
    let recs = gazette(&d.path, &["--text-field", "body", "--date", "2020-01-02", "f.jsonl"], None).code(0).records();
    assert_eq!(recs[0].published.as_deref(), Some("2020-01-02"));
    assert_eq!(recs[0].published_source.as_deref(), Some("flag"));
}

#[test]
fn missing_text_field_and_bad_json_are_reported_with_line() {
    let d = TestDir::new("badjson");
    d.create("f.jsonl", "{\"text\": \"ok in Paris\"}\n{\"body\": \"no text\"}\n{oops\n[1,2]\n");
    let run = gazette(&d.path, &["f.jsonl"], None);
    run.code(1)
        .stderr_has("gazette: f.jsonl:2: no text field \"text\"")
        .stderr_has("gazette: f.jsonl:3: invalid JSON")
        .stderr_has("gazette: f.jsonl:4: expected a JSON object");
    assert_eq!(run.records().len(), 1);
}

#[test]
fn directories_recurse_in_sorted_order_skipping_hidden() {
    let d = TestDir::new("dirs");
    d.create("in/b.txt", "Berlin");
    d.create("in/a/z.txt", "Zagreb");
    d.create("in/a.txt", "Athens");
    d.create("in/.hidden.txt", "Hidden");
    d.create("in/notes.bin", "Binary");
    d.create("in/c.jsonl.gz", gz(b"{\"id\": \"c1\", \"text\": \"Cairo\"}\n"));
    let recs = gazette(&d.path, &["in"], None).code(0).records();
    let ids: Vec<_> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["in/a/z.txt", "in/a.txt", "in/b.txt", "c1"]);
}

#[test]
fn gzip_by_magic_bytes_with_concatenated_members() {
    let d = TestDir::new("gzip");
    let mut data = gz(b"{\"id\": \"1\", \"text\": \"Lisbon\"}\n");
    data.extend(gz(b"{\"id\": \"2\", \"text\": \"Porto\"}\n"));
    d.create("archive.jsonl.gz", &data);
    let recs = gazette(&d.path, &["archive.jsonl.gz"], None).code(0).records();
    assert_eq!(recs.len(), 2);
    // On stdin, too: no extension to go by.
    let recs = gazette(&d.path, &[], Some(&data)).code(0).records();
    assert_eq!(recs.len(), 2);
}

#[cfg(feature = "zstd")]
#[test]
fn zstd_by_magic_bytes_with_concatenated_frames() {
    let d = TestDir::new("zstd");
    let mut data = zstd::encode_all(&b"{\"id\": \"1\", \"text\": \"Lisbon\"}\n"[..], 3).unwrap();
    data.extend(zstd::encode_all(&b"{\"id\": \"2\", \"text\": \"Porto\"}\n"[..], 3).unwrap());
    d.create("archive.jsonl.zst", &data);
    let recs = gazette(&d.path, &["archive.jsonl.zst"], None).code(0).records();
    assert_eq!(recs.len(), 2);
    let recs = gazette(&d.path, &[], Some(&data)).code(0).records();
    assert_eq!(names(&recs[1], "city"), ["Porto"]);
}

#[test]
fn csv_input() {
    let d = TestDir::new("csv");
    d.create("a.csv", "id,text,date\nr1,\"Rain in Lisbon, and \"\"more\"\"\nrain.\",2023-03-14\nr2,Sun in Madrid.,\n");
    let recs = gazette(&d.path, &["a.csv"], None).code(0).records();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].id, "r1");
    assert_eq!(recs[0].published.as_deref(), Some("2023-03-14"));
    assert_eq!(names(&recs[1], "city"), ["Madrid"]);
    d.create("b.csv", "id,body\nr1,x\n");
    gazette(&d.path, &["b.csv"], None).code(1).stderr_has("b.csv:1: no column \"text\"");
}

#[test]
fn invalid_utf8_error_or_lossy() {
    let d = TestDir::new("utf8");
    d.create("bad.txt", b"Paris \xff\xfe caf\xe9");
    d.create("good.txt", "Rome");
    let run = gazette(&d.path, &["bad.txt", "good.txt"], None);
    run.code(1).stderr_has("gazette: bad.txt: invalid UTF-8 at byte 6");
    assert_eq!(run.records().len(), 1);
    let run = gazette(&d.path, &["--invalid-utf8", "lossy", "bad.txt"], None);
    run.code(0);
    let recs = run.records();
    assert!(recs[0].lossy);
    d.create("bad.jsonl", b"{\"text\": \"ok\"}\n{\"text\": \"caf\xe9\"}\n");
    gazette(&d.path, &["bad.jsonl"], None).code(1).stderr_has("bad.jsonl:2: invalid UTF-8");
}

#[test]
fn bom_is_stripped() {
    let d = TestDir::new("bom");
    d.create("bom.txt", "\u{feff}Lisbon is wet.");
    let recs = gazette(&d.path, &["bom.txt"], None).code(0).records();
    assert_eq!(recs[0].entities[0].mentions[0].start, 0);
}

#[test]
fn empty_whitespace_and_garbage_inputs_do_not_panic() {
    let d = TestDir::new("garbage");
    d.create("empty.txt", "");
    d.create("space.txt", " \n\t\n ");
    let garbage: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    d.create("garbage.txt", &garbage);
    let run = gazette(&d.path, &["--invalid-utf8", "lossy", "empty.txt", "space.txt", "garbage.txt"], None);
    run.code(0);
    let recs = run.records();
    assert_eq!(recs.len(), 3);
    assert!(recs[0].entities.is_empty() && recs[1].entities.is_empty());
    gazette(&d.path, &[], Some(b"")).code(0);
}

#[test]
fn large_article() {
    let d = TestDir::new("large");
    let para = "Officials in Bogotá met Ms. Ana Ferreira of the University of Porto on March 3, 2021.\n";
    let text = para.repeat(10_000_000 / para.len());
    d.create("big.txt", &text);
    let recs = gazette(&d.path, &["big.txt"], None).code(0).records();
    let city = recs[0].entities.iter().find(|e| e.name == "Bogotá").expect("Bogotá found");
    assert_eq!(city.mentions.len(), 10_000_000 / para.len());
    crate::util::assert_offsets(&recs[0], &text);
}
