//! User gazetteers (`--gazetteer`), exclusion lists (`--exclude`), user
//! types in `--types`, `--gazetteer-dir`, and their error messages.

use gazette::output::{Entity, Record};

use crate::util::{assert_offsets, gazette, names, root, TestDir};

fn entity<'r>(rec: &'r Record, name: &str) -> &'r Entity {
    rec.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name:?} in {:#?}", rec.entities))
}

fn texts(e: &Entity) -> Vec<&str> {
    e.mentions.iter().map(|m| m.text.as_str()).collect()
}

/// Run over `text` on stdin with `args`; one record, exit 0, quiet stderr.
fn extract(d: &TestDir, args: &[&str], text: &str) -> Record {
    let run = gazette(&d.path, args, Some(text.as_bytes()));
    run.code(0).stderr_empty();
    let mut recs = run.records();
    assert_eq!(recs.len(), 1);
    assert_offsets(&recs[0], text);
    recs.remove(0)
}

const LOCAL: &str = "name\ttype\tid\taliases\tcountry\tbeat\n\
    Riverside Mall\tvenue\tV1\tthe Mall at Riverside|Riverside\tUS\tbusiness\n\
    Acme Widget\tproduct\tP1\tWidget 3000\t\tgadgets\n\
    Zürich Re\torganization\tO1\t\tCH\t\n";

#[test]
fn new_type_with_ref_country_and_attributes() {
    let d = TestDir::new("ug-new-type");
    d.create("local.tsv", LOCAL);
    let text = "Shoppers at Riverside Mall lined up for the acme widget. The Widget 3000 sold out.";
    let rec = extract(&d, &["--gazetteer", "local.tsv"], text);
    let mall = entity(&rec, "Riverside Mall");
    assert_eq!(mall.ty, "venue");
    assert_eq!(mall.reference.as_deref(), Some("V1"));
    assert_eq!(mall.country.as_deref(), Some("US"));
    assert_eq!(mall.attributes.get("beat").map(String::as_str), Some("business"));
    let widget = entity(&rec, "Acme Widget");
    assert_eq!(widget.ty, "product");
    // Case-insensitive by default, aliases are one entity with the name.
    assert_eq!(texts(widget), ["acme widget", "Widget 3000"]);
    assert!(widget.country.is_none());
}

#[test]
fn csv_output_has_ref_and_attributes() {
    let d = TestDir::new("ug-csv-out");
    d.create("local.tsv", LOCAL);
    let text = "Riverside Mall, Zürich Re and the Widget 3000 in Lisbon.";
    let run = gazette(&d.path, &["--gazetteer", "local.tsv", "--format", "csv"], Some(text.as_bytes()));
    run.code(0).stderr_empty();
    let stdout = run.stdout();
    let mut r = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[header.len() - 3..], ["ref", "attributes", "published"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let row = |name: &str| {
        rows.iter().find(|r| &r[col("name")] == name).unwrap_or_else(|| panic!("no row {name:?} in {stdout}"))
    };
    // The extra columns, as the JSON object of the JSON output.
    assert_eq!(&row("Riverside Mall")[col("attributes")], r#"{"beat":"business"}"#);
    assert_eq!(&row("Riverside Mall")[col("ref")], "V1");
    assert_eq!(&row("Acme Widget")[col("attributes")], r#"{"beat":"gadgets"}"#);
    // No extra column with a value, or no user entry: empty.
    assert_eq!(&row("Zürich Re")[col("attributes")], "");
    assert_eq!(&row("Zürich Re")[col("ref")], "O1");
    assert_eq!(&row("Lisbon")[col("attributes")], "");
    // Quoting: a value with a comma and a quote survives the round trip.
    d.create("q.tsv", "name\ttype\tnote\tbeat\nRiverside Mall\tvenue\tsays \"hi\", twice\tbusiness\n");
    let run = gazette(&d.path, &["--gazetteer", "q.tsv", "--format", "csv"], Some(text.as_bytes()));
    let stdout = run.stdout();
    let mut r = csv::Reader::from_reader(stdout.as_bytes());
    let rec = r.records().map(Result::unwrap).find(|r| &r[3] == "Riverside Mall").unwrap();
    let attrs: std::collections::BTreeMap<String, String> = serde_json::from_str(&rec[col("attributes")]).unwrap();
    assert_eq!(attrs["note"], "says \"hi\", twice");
    assert_eq!(attrs["beat"], "business");
}

#[test]
fn accents_possessives_and_csv_quoting() {
    let d = TestDir::new("ug-csv");
    d.create("firms.csv", "name,type,id,aliases\n\"Smith, Jones & Co\",company,c1,SJC\nZürich Re,company,c2,\n");
    let text = "Zurich Re’s profit rose, Smith, Jones & Co said, and SJC agreed.";
    let rec = extract(&d, &["--gazetteer", "firms.csv"], text);
    assert_eq!(texts(entity(&rec, "Zürich Re")), ["Zurich Re"]);
    assert_eq!(texts(entity(&rec, "Smith, Jones & Co")), ["Smith, Jones & Co", "SJC"]);
    assert_eq!(names(&rec, "company").len(), 2);
}

#[test]
fn user_entry_overrides_builtin() {
    let d = TestDir::new("ug-override");
    d.create("tx.tsv", "name\ttype\tid\tcountry\nParis\tcity\tparis-tx\tUS\nJordan\tperson\tp-jordan\t\n");
    let text = "Officials in Paris said Jordan would coach the team.";
    let rec = extract(&d, &[], text);
    assert_eq!(entity(&rec, "Paris").country.as_deref(), Some("FR"));
    assert_eq!(entity(&rec, "Jordan").ty, "country");
    let rec = extract(&d, &["--gazetteer", "tx.tsv"], text);
    let paris = entity(&rec, "Paris");
    assert_eq!((paris.ty.as_str(), paris.country.as_deref()), ("city", Some("US")));
    assert_eq!(paris.reference.as_deref(), Some("paris-tx"));
    assert!(paris.geonames_id.is_none(), "{paris:?}");
    assert_eq!(entity(&rec, "Jordan").ty, "person");
    // A longer built-in name still wins over a shorter user entry.
    d.create("eng.tsv", "name\ttype\nEngland\tteam\n");
    let rec = extract(&d, &["--gazetteer", "eng.tsv"], "The Bank of England raised rates.");
    assert_eq!(names(&rec, "organization"), ["Bank of England"]);
    assert!(names(&rec, "team").is_empty());
}

#[test]
fn common_words_need_capitals_unless_case_says_otherwise() {
    let d = TestDir::new("ug-case");
    d.create(
        "c.tsv",
        "name\ttype\tcase\n\
         Target\tshop\t\n\
         NHS\tagency\t\n\
         Apple\tfruitco\texact\n\
         amber\tcolour\tany\n",
    );
    let text =
        "Target stores were busy. We hit the target at Target, and the nhs said the NHS was amber; Apple and apple.";
    let rec = extract(&d, &["--gazetteer", "c.tsv"], text);
    // fold: a common word matches capitalised and mid-sentence only.
    let target = entity(&rec, "Target");
    assert_eq!(target.mentions.len(), 1, "{target:?}");
    assert_eq!(target.mentions[0].start, text.find("at Target").unwrap() + 3);
    // fold: an acronym matches only in capitals.
    assert_eq!(texts(entity(&rec, "NHS")), ["NHS"]);
    // exact: as written only.
    assert_eq!(texts(entity(&rec, "Apple")), ["Apple"]);
    // any: no protection.
    assert_eq!(texts(entity(&rec, "amber")), ["amber"]);
}

#[test]
fn exclusions_drop_names_after_resolution() {
    let d = TestDir::new("ug-exclude");
    d.create("local.tsv", LOCAL);
    d.create(
        "ex.txt",
        "# comment\nBank of England\nLisbon\tcity\nAna Ferreira\nWashington, D.C.\nriverside mall,venue\n",
    );
    let text = "Ana Ferreira of the Bank of England flew from Lisbon to Washington, D.C. and Madrid. \
                Ferreira visited Riverside Mall.";
    let rec = extract(&d, &["--gazetteer", "local.tsv"], text);
    assert!(names(&rec, "organization").contains(&"Bank of England"));
    let rec = extract(&d, &["--gazetteer", "local.tsv", "--exclude", "ex.txt"], text);
    // The excluded long name leaves no "England" behind.
    assert!(names(&rec, "organization").is_empty(), "{:?}", rec.entities);
    assert!(names(&rec, "country").is_empty(), "{:?}", rec.entities);
    // Excluded by type; the later surname of an excluded person goes too.
    assert_eq!(names(&rec, "city"), ["Madrid"]);
    assert!(names(&rec, "person").is_empty(), "{:?}", rec.entities);
    // A comma followed by a type name is a type column.
    assert!(names(&rec, "venue").is_empty(), "{:?}", rec.entities);
    // Without a user gazetteer, exclusions work on built-in names.
    let rec = extract(&d, &["--exclude", "ex.txt"], "Officials in Lisbon and Madrid met.");
    assert_eq!(names(&rec, "city"), ["Madrid"]);
}

#[test]
fn several_exclusion_lists_are_one_list() {
    let d = TestDir::new("ug-exclude-several");
    d.create("local.tsv", LOCAL);
    d.create("a.txt", "Bank of England\nLisbon\tcity\nJordan\tperson\n");
    d.create("b.txt", "# the second list\nriverside mall,venue\nMadrid\nJordan\n");
    let text = "Officials of the Bank of England flew from Lisbon to Madrid and Paris, \
                then to Jordan. They visited Riverside Mall.";
    let one = extract(&d, &["--gazetteer", "local.tsv", "--exclude", "a.txt"], text);
    assert!(names(&one, "organization").is_empty(), "{:?}", one.entities);
    assert_eq!(names(&one, "city"), ["Madrid", "Paris"]);
    assert_eq!(names(&one, "country"), ["Jordan"]);
    assert_eq!(names(&one, "venue"), ["Riverside Mall"]);
    let both = extract(&d, &["--gazetteer", "local.tsv", "--exclude", "a.txt", "--exclude", "b.txt"], text);
    assert!(names(&both, "organization").is_empty(), "{:?}", both.entities);
    assert_eq!(names(&both, "city"), ["Paris"]);
    // Excluded for one type in one list and for every type in the other: every type.
    assert!(names(&both, "country").is_empty(), "{:?}", both.entities);
    assert!(names(&both, "venue").is_empty(), "{:?}", both.entities);
    // The order of the files does not matter.
    let swapped = extract(&d, &["--gazetteer", "local.tsv", "--exclude", "b.txt", "--exclude", "a.txt"], text);
    assert_eq!(swapped, both);
    // An error in the second list names that file.
    d.create("bad.txt", "Acme\tplanet\n");
    usage_error(
        &d,
        &["--exclude", "a.txt", "--exclude", "bad.txt"],
        "gazette: bad.txt:1: unknown type \"planet\": no user gazetteer defines it",
    );
}

#[test]
fn types_accept_user_types() {
    let d = TestDir::new("ug-types");
    d.create("local.tsv", LOCAL);
    let text = "Riverside Mall in Lisbon sold the Acme Widget on Monday.";
    let rec = extract(&d, &["--gazetteer", "local.tsv", "--types", "venue,city"], text);
    let types: Vec<&str> = rec.entities.iter().map(|e| e.ty.as_str()).collect();
    assert_eq!(types, ["venue", "city"]);
    // A user type no gazetteer defines is a usage error, listing the types there are.
    gazette(&d.path, &["--gazetteer", "local.tsv", "--types", "planet"], Some(b""))
        .code(2)
        .stderr_has("gazette: unknown type \"planet\" (expected one of: city, country, region, organization, person, date, duration, set, time, role, nationality, location, venue, product)");
    gazette(&d.path, &["--types", "venue"], Some(b"")).code(2).stderr_has("unknown type \"venue\"");
    gazette(&d.path, &["--types", "persn"], Some(b"")).code(2).stderr_has("did you mean \"person\"?");
}

#[test]
fn several_gazetteers_and_merged_duplicates() {
    let d = TestDir::new("ug-several");
    d.create("a.tsv", "name\ttype\tid\taliases\nAcme Widget\tproduct\tP1\tWidgetCo\n");
    d.create("b.csv", "type,name,id,aliases\nproduct,Acme Widget,P1,Widget 3000\nvenue,Riverside Mall,,\n");
    let text = "WidgetCo showed the Widget 3000 at Riverside Mall.";
    let rec = extract(&d, &["--gazetteer", "a.tsv", "--gazetteer", "b.csv"], text);
    assert_eq!(texts(entity(&rec, "Acme Widget")), ["WidgetCo", "Widget 3000"]);
    assert_eq!(names(&rec, "venue"), ["Riverside Mall"]);
}

#[test]
fn gazetteer_dir_replaces_the_builtin_lists() {
    let d = TestDir::new("ug-dir");
    d.create(
        "gaz/cities.tsv",
        "geonames_id\tname\tcountry\tadmin1\tpopulation\tlat\tlon\tfeature\taliases\n\
         9000001\tNew Avalon\tXX\t01\t12000\t1.5\t2.5\tPPL\tAvalon\n",
    );
    let text = "Officials in New Avalon and Lisbon met.";
    let rec = extract(&d, &["--gazetteer-dir", "gaz"], text);
    let city = entity(&rec, "New Avalon");
    assert_eq!((city.ty.as_str(), city.geonames_id, city.country.as_deref()), ("city", Some(9000001), Some("XX")));
    assert!(!names(&rec, "city").contains(&"Lisbon"), "{:?}", rec.entities);
    // User gazetteers work on top of a replaced folder.
    d.create("u.tsv", "name\ttype\nLisbon\tcity\n");
    let rec = extract(&d, &["--gazetteer-dir", "gaz", "--gazetteer", "u.tsv"], text);
    assert_eq!(names(&rec, "city"), ["New Avalon", "Lisbon"]);
    // A malformed folder is a usage error.
    d.create("bad/cities.tsv", "geonames_id\tname\n1\n");
    gazette(&d.path, &["--gazetteer-dir", "bad"], Some(b"")).code(2).stderr_has("cities.tsv:2: expected 2");
}

/// A bad user list: exit 2, `gazette: FILE:LINE: message`, nothing read or written.
fn usage_error(d: &TestDir, args: &[&str], message: &str) {
    let mut all = args.to_vec();
    all.push("missing-article.txt");
    let run = gazette(&d.path, &all, None);
    run.code(2).stderr_has(message);
    assert!(run.stdout().is_empty());
    // The error comes before any input is opened.
    assert!(!run.stderr().contains("missing-article.txt"), "{}", run.stderr());
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
}

#[test]
fn error_messages() {
    let d = TestDir::new("ug-errors");
    d.create("nocol.tsv", "name\tkind\nAcme\tproduct\n");
    usage_error(
        &d,
        &["--gazetteer", "nocol.tsv"],
        "gazette: nocol.tsv:1: missing column `type` (the header must name the columns `name` and `type`)\n",
    );
    d.create("noname.csv", "# comment\ntitle,type\n");
    usage_error(&d, &["--gazetteer", "noname.csv"], "gazette: noname.csv:2: missing column `name`");
    d.create("typo.tsv", "name\ttype\nAcme\tproduct\nGlobex\torgnization\n");
    usage_error(
        &d,
        &["--gazetteer", "typo.tsv"],
        "gazette: typo.tsv:3: unknown type \"orgnization\": did you mean \"organization\"?\n",
    );
    d.create("typo2.csv", "name,type\nOcean City,cty\n");
    usage_error(
        &d,
        &["--gazetteer", "typo2.csv"],
        "gazette: typo2.csv:2: unknown type \"cty\": did you mean \"city\"?",
    );
    d.create(
        "dup.tsv",
        "name\ttype\tid\tcountry\nAcme\tcompany\tc1\tUS\nAcme Corp\tcompany\tc2\tUS\nAcme\tcompany\tc1\tGB\n",
    );
    usage_error(
        &d,
        &["--gazetteer", "dup.tsv"],
        "gazette: dup.tsv:4: duplicate entry \"Acme\" (company) conflicts with dup.tsv:2: `country` \"US\" vs \"GB\"\n",
    );
    d.create("dup2.tsv", "name\ttype\tbeat\nAcme\tcompany\tbusiness\nacme\tcompany\tsports\n");
    usage_error(
        &d,
        &["--gazetteer", "dup2.tsv"],
        "gazette: dup2.tsv:3: duplicate entry \"acme\" (company) conflicts with dup2.tsv:2: `name` \"Acme\" vs \"acme\"; give each an `id` to keep both",
    );
    d.create("fields.tsv", "name\ttype\nAcme\tcompany\textra\n");
    usage_error(
        &d,
        &["--gazetteer", "fields.tsv"],
        "gazette: fields.tsv:2: expected 2 tab-separated fields as in the header, found 3",
    );
    d.create("case.tsv", "name\ttype\tcase\nAcme\tcompany\tupper\n");
    usage_error(
        &d,
        &["--gazetteer", "case.tsv"],
        "gazette: case.tsv:2: `case` must be `fold`, `exact` or `any`, not \"upper\"",
    );
    d.create("empty.tsv", "name\ttype\n\tcompany\n");
    usage_error(&d, &["--gazetteer", "empty.tsv"], "gazette: empty.tsv:2: empty `name`");
    d.create("list.json", "{}");
    usage_error(&d, &["--gazetteer", "list.json"], "gazette: list.json: unknown gazetteer format");
    usage_error(&d, &["--gazetteer", "nope.tsv"], "gazette: nope.tsv: No such file");
    d.create("ex.txt", "Acme\tplanet\n");
    usage_error(
        &d,
        &["--exclude", "ex.txt"],
        "gazette: ex.txt:1: unknown type \"planet\": no user gazetteer defines it",
    );
    d.create("ex2.txt", "Acme\torgnization\n");
    usage_error(
        &d,
        &["--exclude", "ex2.txt"],
        "gazette: ex2.txt:1: unknown type \"orgnization\": did you mean \"organization\"?",
    );
}

#[test]
fn readme_example() {
    let args = [
        "--gazetteer",
        "examples/newsroom-local.tsv",
        "--exclude",
        "examples/newsroom-exclude.txt",
        "examples/local-news.txt",
    ];
    let run = gazette(&root(), &args, None);
    run.code(0).stderr_empty();
    let rec = &run.records()[0];
    let user: Vec<(&str, &str, Option<&str>)> = rec
        .entities
        .iter()
        .filter(|e| e.reference.is_some())
        .map(|e| (e.ty.as_str(), e.name.as_str(), e.reference.as_deref()))
        .collect();
    assert_eq!(
        user,
        [
            ("city", "Paris", Some("geo-paris-tx")),
            ("venue", "Love Civic Center", Some("v-001")),
            ("person", "Jane Hollis", Some("p-hollis")),
            ("event", "Red River Valley Fair", Some("ev-fair")),
            ("organization", "Lamar Valley College", Some("o-lvc")),
            ("venue", "Lamar County Expo Hall", Some("v-002")),
        ]
    );
    assert!(names(rec, "organization").iter().all(|n| *n != "Paris City Council"));
    assert!(names(rec, "date").iter().all(|n| *n != "June"));
    // The README shows this very output (`| jq -c '.entities[]'`), every line.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for e in &rec.entities {
        let line = serde_json::to_string(e).unwrap();
        assert!(readme.contains(&format!("\n{line}\n")), "README lacks the example output line:\n{line}");
    }
    let shown = readme.lines().filter(|l| l.starts_with(r#"{"id":"e"#)).count();
    assert_eq!(shown, rec.entities.len(), "the README shows other entities than a run gives");
}

#[test]
fn a_users_place_columns_land_in_the_place_fields() {
    let d = TestDir::new("ug-geo");
    d.create(
        "towns.tsv",
        "name\ttype\tid\tcountry\tadmin1\tlat\tlon\tpopulation\tgeonames_id\tbeat\n\
         Millbrook Landing\tcity\tT1\tUS\tNY\t41.785\t-73.694\t1400\t5127889\tcounty\n\
         Harrow Flats\tvenue\tV1\tUS\t\t41.7\t-73.6\t\t\tevents\n",
    );
    let rec = extract(&d, &["--gazetteer", "towns.tsv"], "Crews in Millbrook Landing cleared Harrow Flats.");
    let town = entity(&rec, "Millbrook Landing");
    assert_eq!((town.lat, town.lon), (Some(41.785), Some(-73.694)));
    assert_eq!((town.population, town.geonames_id, town.admin1.as_deref()), (Some(1400), Some(5127889), Some("NY")));
    assert_eq!(town.attributes.get("beat").map(String::as_str), Some("county"));
    assert!(!town.attributes.contains_key("lat"));
    // A type that is no place keeps such columns as attributes.
    let venue = entity(&rec, "Harrow Flats");
    assert_eq!(venue.lat, None);
    assert_eq!(venue.attributes.get("lat").map(String::as_str), Some("41.7"));
    // Bad values stop the run with the file and line.
    d.create("bad.tsv", "name\ttype\tlat\tlon\nMillbrook Landing\tcity\t141.8\t-73.7\n");
    usage_error(&d, &["--gazetteer", "bad.tsv"], "bad.tsv:2: `lat` must lie between -90 and 90, not 141.8");
}
