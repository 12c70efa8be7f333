//! The output contract: JSONL/JSON/CSV, offsets, determinism.

use crate::util::{assert_offsets, gazette, names, root, TestDir};

const ARTICLE: &str = "“Bogotá, Kraków and Zürich” – Lagos’s council met in São Paulo.\nMs. Ana Ferreira said so.";

#[test]
fn offsets_are_code_points_and_slice_the_text() {
    let d = TestDir::new("offsets");
    let recs = gazette(&d.path, &[], Some(ARTICLE.as_bytes())).code(0).records();
    assert_offsets(&recs[0], ARTICLE);
    assert_eq!(names(&recs[0], "city"), ["Bogotá", "Kraków", "Zürich", "Lagos", "São Paulo"]);
    let bogota = &recs[0].entities[0].mentions[0];
    assert_eq!((bogota.start, bogota.end), (1, 7));
}

#[test]
fn entity_ids_and_first_mention_order() {
    let d = TestDir::new("ids");
    let recs = gazette(&d.path, &[], Some(b"Paris, then Rome, then Paris again.")).code(0).records();
    let e = &recs[0].entities;
    assert_eq!(e[0].id, "e1");
    assert_eq!(e[0].name, "Paris");
    assert_eq!(e[0].mentions.len(), 2);
    assert_eq!(e[1].id, "e2");
}

#[test]
fn json_array_format() {
    let d = TestDir::new("json");
    let input = b"{\"id\": \"a\", \"text\": \"Lisbon\"}\n{\"id\": \"b\", \"text\": \"Rome\"}\n";
    let run = gazette(&d.path, &["--format", "json"], Some(input));
    run.code(0);
    let recs: Vec<gazette::Record> = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(recs.len(), 2);
    let run = gazette(&d.path, &["--format", "json"], Some(b""));
    let recs: Vec<gazette::Record> = serde_json::from_str(&run.stdout()).unwrap();
    assert!(recs.is_empty());
}

#[test]
fn csv_rows_per_mention_with_header() {
    let d = TestDir::new("csvout");
    let input = "{\"id\": \"a,1\", \"text\": \"Lisbon and \\\"Rome\\\", then Lisbon.\"}\n";
    let run = gazette(&d.path, &["--format", "csv"], Some(input.as_bytes()));
    run.code(0);
    let stdout = run.stdout();
    let mut r = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&header[..7], ["article_id", "entity_id", "type", "name", "text", "start", "end"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "a,1");
    assert_eq!(&rows[0][4], "Lisbon");
    // Rows follow entities in order of first mention, then their mentions.
    assert_eq!(&rows[1][5], "24");
    assert_eq!(&rows[2][4], "Rome");
    // An empty input still has a header.
    let run = gazette(&d.path, &["--format", "csv"], Some(b""));
    assert!(run.stdout().starts_with("article_id,entity_id,type"));
}

#[test]
fn output_file_and_determinism_across_threads() {
    let d = TestDir::new("det");
    // Many of the workers' batches (a batch closes at 128 KB of input or
    // 1,024 articles), of unequal cost: a long article is a batch of its
    // own, slower than the batch of short ones after it, which a second
    // worker finishes first.
    let mut feed = String::new();
    let long = "Talks in Lisbon with Ms. Ana Ferreira and the United Nations on 3 May. ".repeat(2000);
    for i in 0..6000 {
        let text = if i % 1200 == 0 { long.as_str() } else { "Talks in Rome with Mr. Luis Costa." };
        feed.push_str(&format!("{{\"id\": \"{i}\", \"text\": \"{i} {text}\"}}\n"));
    }
    d.create("feed.jsonl", &feed);
    gazette(&d.path, &["-j", "1", "-o", "one.jsonl", "feed.jsonl"], None).code(0);
    gazette(&d.path, &["-j", "2", "-o", "two.jsonl", "feed.jsonl"], None).code(0);
    let one = std::fs::read(d.path.join("one.jsonl")).unwrap();
    let two = std::fs::read(d.path.join("two.jsonl")).unwrap();
    assert!(!one.is_empty());
    assert!(one == two, "output differs between -j 1 and -j 2");
}

#[test]
fn example_article_record() {
    let path = root().join("examples/coastal-research.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let run = gazette(&root(), &["examples/coastal-research.txt"], None);
    run.code(0).stderr_empty();
    let rec = &run.records()[0];
    assert_offsets(rec, &text);
    for city in ["Lisbon", "Bogotá", "Kraków", "Zürich", "Lagos"] {
        assert!(names(rec, "city").contains(&city), "{city} missing: {:?}", names(rec, "city"));
    }
    let people = names(rec, "person");
    assert!(people.contains(&"Ana Ferreira"), "{people:?}");
    let orgs = names(rec, "organization");
    assert!(orgs.contains(&"Institute for Coastal Research"), "{orgs:?}");
    assert!(orgs.contains(&"University of Porto"), "{orgs:?}");
    let ferreira = rec.entities.iter().find(|e| e.name == "Ana Ferreira").unwrap();
    assert_eq!(ferreira.mentions.len(), 2, "Ferreira joins Ana Ferreira");
}

/// `--types` keeps what the kept entities refer to, by name.
#[test]
fn type_filter_keeps_references_named() {
    let run = gazette(&root(), &["--types", "role", "examples/coastal-research.txt"], None);
    run.code(0);
    let rec = &run.records()[0];
    assert!(rec.entities.iter().all(|e| e.ty == "role"));
    let head = rec.entities.iter().find(|e| e.name == "head of research").unwrap();
    assert_eq!(head.person_name.as_deref(), Some("Ana Ferreira"));
    assert_eq!(head.organization_name.as_deref(), Some("Centre for Urban Studies"));
    assert_eq!((head.person.as_deref(), head.organization.as_deref()), (None, None), "ids of entities not written");

    let run = gazette(&root(), &["--types", "person,role", "examples/coastal-research.txt"], None);
    let rec = &run.records()[0];
    let head = rec.entities.iter().find(|e| e.name == "head of research").unwrap();
    let ana = rec.entities.iter().find(|e| e.name == "Ana Ferreira").unwrap();
    assert_eq!(head.person.as_deref(), Some(ana.id.as_str()));
    assert_eq!(head.organization_name.as_deref(), Some("Centre for Urban Studies"));

    let run = gazette(&root(), &["--types", "city,person", "examples/coastal-research.txt"], None);
    let rec = &run.records()[0];
    let ana = rec.entities.iter().find(|e| e.name == "Ana Ferreira").unwrap();
    assert_eq!(ana.roles.len(), 1, "people keep their roles");
    assert_eq!(ana.roles[0].organization_name.as_deref(), Some("Centre for Urban Studies"));
    assert_eq!(ana.roles[0].organization, None);
}

/// The record is what the README says: ids in order of first mention,
/// every entity with a mention, no null keys, `ambiguous` only when
/// guessed, `published` in CSV, an empty id replaced.
#[test]
fn record_schema_as_documented() {
    let d = TestDir::new("schema");
    let text = "French President Emmanuel Macron met Ana Ferreira, head of research at the Centre for Urban \
                Studies, in Lisbon on 03/04/2023.";
    let run = gazette(&d.path, &[], Some(text.as_bytes()));
    run.code(0);
    let rec = &run.records()[0];
    assert!(!run.stdout().contains("null"), "{}", run.stdout());
    let firsts: Vec<usize> = rec.entities.iter().map(|e| e.mentions.first().expect("a mention").start).collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "not in order of first mention: {firsts:?}");
    for (i, e) in rec.entities.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", i + 1));
    }
    let president = rec.entities.iter().find(|e| e.name == "president").expect("a role");
    assert_eq!(president.organization_name.as_deref(), Some("France"));
    let date = |args: &[&str]| {
        let run = gazette(&d.path, args, Some(text.as_bytes()));
        run.records()[0].entities.iter().find(|e| e.ty == "date").unwrap().ambiguous
    };
    assert!(date(&[]));
    assert!(!date(&["--date-order", "dmy"]));
    assert!(!date(&["--date-order", "mdy"]));
    let run = gazette(&d.path, &["--format", "csv", "--date", "2023-03-14"], Some(b"Rain in Lisbon."));
    let csv = run.stdout();
    assert!(csv.lines().next().unwrap().ends_with(",published"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().ends_with(",2023-03-14"), "{csv}");
    let run = gazette(&d.path, &[], Some(b"{\"id\": \"\", \"text\": \"Rain in Lisbon.\"}\n"));
    assert_eq!(run.records()[0].id, "<stdin>:1");
}
