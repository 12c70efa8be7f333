//! Extraction cases as tables, through the library (`Extractor::entities`).
//! Each row: the text, mentions that must be found with their type, and
//! mentions that must not be reported as that type.

use gazette::entity::EntityType;
use gazette::Extractor;

struct Case {
    name: &'static str,
    text: &'static str,
    want: &'static [(&'static str, &'static str)],
    not: &'static [(&'static str, &'static str)],
}

macro_rules! t {
    ($name:expr, $text:expr, want: [$(($ty:expr, $s:expr)),* $(,)?], not: [$(($nty:expr, $ns:expr)),* $(,)?]) => {
        Case { name: $name, text: $text, want: &[$(($ty, $s)),*], not: &[$(($nty, $ns)),*] }
    };
}

fn run(cases: &[Case]) {
    let ex = Extractor::default();
    let mut failures = Vec::new();
    for c in cases {
        let ents = ex.entities(c.text, None);
        let found: Vec<(String, String)> = ents
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| (e.ty.as_str().to_owned(), c.text[m.start..m.end].to_owned())))
            .collect();
        for (ty, s) in c.want {
            if !found.iter().any(|(t, f)| t == ty && f == s) {
                failures.push(format!("{}: missing {ty} {s:?}; found {found:?}", c.name));
            }
        }
        for (ty, s) in c.not {
            if found.iter().any(|(t, f)| t == ty && f == s) {
                failures.push(format!("{}: unexpected {ty} {s:?}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const PLACES: &[Case] = &[
    t!("accents", "Delegates from Bogotá, Kraków and Zürich arrived.", want: [("city", "Bogotá"), ("city", "Kraków"), ("city", "Zürich")], not: []),
    t!("ascii forms", "Delegates from Bogota, Krakow and Zurich arrived.", want: [("city", "Bogota"), ("city", "Krakow"), ("city", "Zurich")], not: []),
    t!("multi-word", "The flight from New York to Rio de Janeiro was late.", want: [("city", "New York"), ("city", "Rio de Janeiro")], not: [("city", "York")]),
    t!("possessive", "Lagos’s city council and Lagos's mayor met.", want: [("city", "Lagos")], not: []),
    t!("markup", "**Tallinn** hosted the talks.", want: [("city", "Tallinn")], not: []),
    t!("caps dateline", "LONDON 1996-08-30\nShares fell.", want: [("city", "LONDON")], not: []),
    t!("countries", "Talks between the U.S. and the Czech Republic resumed in Czechia.", want: [("country", "U.S."), ("country", "Czech Republic"), ("country", "Czechia")], not: []),
    t!("regions", "Storms hit California and the Middle East.", want: [("region", "California"), ("region", "Middle East")], not: []),
    t!("exonym", "Traders in Bombay and Peking reacted.", want: [("city", "Bombay"), ("city", "Peking")], not: []),
    t!("common-word city mid-sentence", "The summit was held in Nice last year.", want: [("city", "Nice")], not: []),
    t!("common words are not places", "Nice work. Reading is fun. It will split the vote.", want: [], not: [("city", "Nice"), ("city", "Reading")]),
    t!("an article before a town", "An Elkhart man was hurt in the crash on Monday.", want: [("city", "Elkhart")], not: [("person", "An Elkhart")]),
    t!("a country named like its people", "Aid reached the Philippines and the Democratic Republic of Congo on Monday.", want: [("country", "Philippines"), ("country", "Democratic Republic of Congo")], not: [("nationality", "Philippines")]),
    t!("demonyms are not places", "The Spanish and German delegations left.", want: [], not: [("country", "Spanish"), ("country", "German")]),
    t!("city inside its council's name", "Madrid City Council and the Washington Post disagreed.", want: [("organization", "Madrid City Council"), ("city", "Madrid")], not: [("city", "Washington")]),
    t!("place inside an event name", "He won the U.S. Open in New York.", want: [("city", "New York")], not: [("country", "U.S.")]),
    t!("qualified place", "She grew up in Paris, Texas.", want: [("city", "Paris"), ("region", "Texas")], not: []),
    t!("Australian and Canadian state abbreviations", "Horse racing resumed in NSW and Qld on Friday; a plant in Sarnia, Ont., closed.", want: [("region", "NSW"), ("region", "Qld"), ("city", "Sarnia"), ("region", "Ont.")], not: []),
    t!("streets and natural features", "Police closed Maple Street and Route 9 after a truck slid into the Tanner River near Lake Hollis.", want: [("location", "Maple Street"), ("location", "Route 9"), ("location", "Tanner River"), ("location", "Lake Hollis")], not: [("person", "Maple Street")]),
    t!("time zones after clock times", "Bids close at 5 p.m. EST on Friday, or 0800 GMT; the 9am EST call is off.", want: [], not: [("region", "EST"), ("person", "EST"), ("person", "GMT")]),
    t!("a country's name that is also a word", "China said to fear dissidents .\nTURKEY BANS RALLY\nTurkey said so . Nice weather , said the china shop .", want: [("country", "China"), ("country", "TURKEY"), ("country", "Turkey")], not: [("city", "Nice"), ("country", "china")]),
];

const PEOPLE: &[Case] = &[
    t!("honorific", "Ms. Ana Ferreira said the plan works.", want: [("person", "Ana Ferreira")], not: [("person", "Ms. Ana Ferreira")]),
    t!("title", "President Emmanuel Macron spoke.", want: [("person", "Emmanuel Macron")], not: []),
    t!("demonym and title", "French President Emmanuel Macron spoke.", want: [("person", "Emmanuel Macron")], not: [("person", "French President Emmanuel Macron")]),
    t!("surname coreference", "Ana Ferreira arrived. Ferreira said it rained.", want: [("person", "Ana Ferreira"), ("person", "Ferreira")], not: []),
    t!("surname that is a place", "Bill Clinton arrived. Clinton said it rained.", want: [("person", "Clinton")], not: [("city", "Clinton")]),
    t!("title before a place-like name", "President Clinton spoke in Ohio.", want: [("person", "Clinton"), ("region", "Ohio")], not: [("city", "Clinton")]),
    t!("particles", "Ludwig van Beethoven and Osama bin Laden are names.", want: [("person", "Ludwig van Beethoven"), ("person", "Osama bin Laden")], not: []),
    t!("two particles and a company's first name", "Maren van der Berg met DA Lucia Romero. Leonardo da Vinci drew it. Shares of Leonardo rose.", want: [("person", "Maren van der Berg"), ("person", "Lucia Romero"), ("person", "Leonardo da Vinci"), ("organization", "Leonardo")], not: [("person", "Vinci"), ("person", "Berg")]),
    t!("hyphens and apostrophes", "Jean-Claude Juncker met Kim Jong-un and Sinead O'Neill.", want: [("person", "Jean-Claude Juncker"), ("person", "Kim Jong-un"), ("person", "Sinead O'Neill")], not: []),
    t!("initials", "J. R. R. Tolkien wrote it.", want: [("person", "J. R. R. Tolkien")], not: []),
    t!("common-word first names", "The bill will pass, May said. Will Smith may act.", want: [], not: [("person", "May"), ("person", "Will")]),
    t!("given name + common-word surname", "Voters heard Bob Dole speak.", want: [("person", "Bob Dole")], not: []),
    t!("family name first", "Dissident Zhao Minghui was held. Zhao denied it.", want: [("person", "Zhao Minghui"), ("person", "Zhao")], not: []),
    t!("M. is an initial", "Surrey 300 ( M. Clarke 80 , A. Stewart 55 ) .", want: [("person", "M. Clarke"), ("person", "A. Stewart")], not: [("person", "Clarke")]),
    t!("an unknown first name before a family name that is a place", "Last year's finalist Zorbai Washington lost . Washington said he was tired . Veltrix Canada agreed .", want: [("person", "Zorbai Washington"), ("person", "Washington")], not: [("city", "Washington"), ("person", "Veltrix Canada")]),
    t!("a family name, then a place", "Modi Kashmir move criticised . Erdogan Syria plan fails .", want: [("region", "Kashmir"), ("country", "Syria")], not: [("person", "Modi Kashmir"), ("person", "Erdogan Syria")]),
    t!("a plural is not a title", "Erdmann told reporters Bonn supported the plan .\nMajor Workers Warned in Tokyo", want: [("city", "Bonn")], not: [("person", "Bonn"), ("person", "Warned"), ("person", "Workers Warned")]),
    t!("a country after a title", "The final pits defending champion Spain against Mr. Jordan 's team .", want: [("country", "Spain"), ("person", "Jordan")], not: [("person", "Spain")]),
    t!("the pronoun I is no family name", "\"Like I said , I think it is over ,\" said the coach . Emperor Pedro I ruled .", want: [("person", "Pedro I")], not: [("person", "Like I"), ("person", "I")]),
    t!("initials alone name no one", "The wall was built around 100 B.C., and F.A. stands for fiscal agent.", want: [], not: [("person", "B.C"), ("person", "F.A"), ("region", "B.C.")]),
    t!("a suffix after a name", "Queen Elizabeth II watched.", want: [("person", "Elizabeth II")], not: [("person", "II")]),
    t!("versus is not a suffix", "CRICKET - COUNTY RESULTS .\nResults on Friday : Somerset v Kent at Taunton .", want: [("organization", "Kent")], not: [("person", "Kent")]),
    t!("a generational suffix is not a title", "A senior Belarus politician spoke. Senior Chechnya officials agreed. Senior Vice President John Smith left.", want: [("country", "Belarus"), ("region", "Chechnya"), ("person", "John Smith")], not: [("person", "Belarus"), ("person", "Chechnya")]),
];

const ORGANIZATIONS: &[Case] = &[
    t!("article after a dateline dash", "OSLO (AP) — The Nordic Fisheries Council met on Monday.", want: [("organization", "Nordic Fisheries Council")], not: [("organization", "The Nordic Fisheries Council")]),
    t!("an institution, then a title and a name", "Bank of Ruritania Governor Ada Voss said rates would hold. Pupils at the School of Our Lady and St Anne sang.", want: [("organization", "Bank of Ruritania"), ("person", "Ada Voss")], not: [("organization", "Bank of Ruritania Governor Ada Voss"), ("organization", "School of Our")]),
    t!("acronym definition", "The Institute for Coastal Research (ICR) said so. ICR later agreed.", want: [("organization", "Institute for Coastal Research"), ("organization", "ICR")], not: []),
    t!("known acronyms", "The UN and NATO met the FBI.", want: [("organization", "UN"), ("organization", "NATO"), ("organization", "FBI")], not: []),
    t!("legal suffix keeps its period", "Shares of Acme Widgets Inc. rose.", want: [("organization", "Acme Widgets Inc.")], not: []),
    t!("university of", "She studied at the University of Porto.", want: [("organization", "University of Porto")], not: [("city", "Porto")]),
    t!("head word", "The Lisbon Port Authority and the Coastal Research Institute signed.", want: [("organization", "Lisbon Port Authority"), ("organization", "Coastal Research Institute"), ("city", "Lisbon")], not: []),
    t!("bank of", "The Bank of England held rates.", want: [("organization", "Bank of England")], not: [("country", "England")]),
    t!("possessive inside a company name", "Harmon's Bancshares Inc. agreed.", want: [("organization", "Harmon's Bancshares Inc.")], not: []),
    t!("all caps alone is not an org", "He said it was OK and the USB stick was lost.", want: [], not: [("organization", "OK"), ("organization", "USB")]),
    t!("venue headings in results", "CRICKET - COUNTY SCORES .\nNottingham : Essex beat Kent by 39 runs .\nCardiff ( Sophia Gardens ) : Glamorgan 259 , Surrey 98-2 .\nBrighton beat Leeds 2-1 .", want: [("city", "Nottingham"), ("city", "Cardiff"), ("organization", "Brighton")], not: [("organization", "Nottingham"), ("organization", "Cardiff")]),
    t!("home nations play as countries", "SOCCER - QUALIFIER .\nScotland beat Wales 2-1 in the match , and Leeds beat Chelsea .", want: [("region", "Scotland"), ("region", "Wales"), ("organization", "Leeds")], not: [("organization", "Scotland"), ("organization", "Wales")]),
    t!("no teams in individual sports", "ATHLETICS - MITCHELL WINS .\nMitchell won the 100 metres sprint at the Berlin athletics meeting , ahead of the world champion . Zurich hosts the next meeting .", want: [("city", "Berlin"), ("city", "Zurich")], not: [("organization", "Berlin"), ("organization", "Zurich")]),
    t!("teams in results", "SOCCER - RESULTS .\nLeeds 2 Chelsea 1\nArsenal beat Everton 3-1 in the league match .\nThe striker scored two goals .", want: [("organization", "Leeds")], not: [("city", "Leeds")]),
];

#[test]
fn places() {
    run(PLACES);
}

#[test]
fn people() {
    run(PEOPLE);
}

#[test]
fn organizations() {
    run(ORGANIZATIONS);
}

#[test]
fn types_filter_keeps_role_links_consistent() {
    let ex = Extractor::new(
        gazette::Gazetteers::builtin(),
        gazette::Options { types: Some(vec![EntityType::Person]), ..Default::default() },
    );
    let ents = ex.entities("President Emmanuel Macron spoke in Paris.", None);
    assert!(ents.iter().all(|e| e.ty == EntityType::Person));
    assert!(ents.iter().all(|e| e.roles.is_empty()));
}

#[test]
fn a_company_is_later_named_without_its_legal_suffix() {
    let ex = Extractor::default();
    let text = "Provexa S.A. agreed to buy Tarnwell International Inc. The deal values \
                Tarnwell at $5 a share. Provexa said the price was fair, and analysts \
                said Tarnwell would accept. The sum Provexa says it needs is small.";
    let ents = ex.entities(text, None);
    let mentions = |name: &str| -> Vec<String> {
        ents.iter()
            .filter(|e| e.ty == EntityType::Organization && e.name.starts_with(name))
            .flat_map(|e| e.mentions.iter().map(|m| text[m.start..m.end].to_owned()))
            .collect()
    };
    assert_eq!(mentions("Provexa"), ["Provexa S.A.", "Provexa", "Provexa"]);
    assert_eq!(mentions("Tarnwell"), ["Tarnwell International Inc.", "Tarnwell", "Tarnwell"]);
    assert!(ents.iter().all(|e| e.ty != EntityType::Person), "{ents:?}");
    // One entity each: the short name is the company named in full.
    assert_eq!(ents.iter().filter(|e| e.ty == EntityType::Organization).count(), 2);
}

#[test]
fn a_company_short_name_outranks_a_place_of_that_name() {
    let ex = Extractor::default();
    let text = "Shares of Durham Industries Inc. rose. Durham said sales grew, and analysts expect Durham to gain.";
    let ents = ex.entities(text, None);
    let found: Vec<(&str, &str)> =
        ents.iter().flat_map(|e| e.mentions.iter().map(move |m| (e.ty.as_str(), &text[m.start..m.end]))).collect();
    assert_eq!(
        found,
        [("organization", "Durham Industries Inc."), ("organization", "Durham"), ("organization", "Durham")],
        "{ents:?}"
    );
}

#[test]
fn a_shared_family_name_means_the_person_named_last_before_it() {
    let ex = Extractor::default();
    let text = "Lorna Pevensey taught for 30 years. Pevensey retired in May. \
                Her son, Martin Pevensey, said she loved the work.";
    let ents = ex.entities(text, None);
    let mentions = |name: &str| -> Vec<&str> {
        let e = ents.iter().find(|e| e.name.as_ref() == name).unwrap_or_else(|| panic!("{name} in {ents:?}"));
        e.mentions.iter().map(|m| &text[m.start..m.end]).collect()
    };
    assert_eq!(mentions("Lorna Pevensey"), ["Lorna Pevensey", "Pevensey"]);
    assert_eq!(mentions("Martin Pevensey"), ["Martin Pevensey"]);
}
