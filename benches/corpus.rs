//! A deterministic generator of news-like articles, for the benchmarks and
//! for whole-process timings (`examples/gen-corpus.rs`).
//!
//! Every word of the output is written here or drawn from the short lists
//! below (places and organizations that are in the built-in gazetteers,
//! common given names and surnames, role titles), so the repository holds no
//! third-party text. The articles look like wire copy: a headline (title
//! case or ALL CAPS), a dateline ("LONDON, March 14 (Reuters) -"), then
//! paragraphs of sentences with about 5-10 entity mentions per KB, accented
//! names, curly quotes and apostrophes, numbers and dates of many shapes.
//!
//! The generator counts what it plants ([`Planted`]), so the benchmarks can
//! check that the pipeline still finds about that many entities.

#![allow(dead_code)]

use std::fmt::Write as _;

/// Cities (all in the built-in `cities.tsv`), as written in English news.
pub const CITIES: &[&str] = &[
    "London",
    "Paris",
    "Berlin",
    "Lisbon",
    "São Paulo",
    "Zürich",
    "Montréal",
    "Kraków",
    "Bogotá",
    "Tokyo",
    "Nairobi",
    "Chicago",
    "Mumbai",
    "Reykjavík",
    "Málaga",
    "Gdańsk",
    "Seoul",
    "Toronto",
    "Madrid",
    "Cairo",
    "Istanbul",
    "Sydney",
    "Lagos",
    "Jakarta",
    "Munich",
    "Geneva",
    "Brussels",
    "Vienna",
];

/// Countries.
pub const COUNTRIES: &[&str] = &[
    "France",
    "Germany",
    "Brazil",
    "Kenya",
    "Japan",
    "Portugal",
    "Canada",
    "Poland",
    "Colombia",
    "Iceland",
    "Spain",
    "South Korea",
    "Turkey",
    "Egypt",
    "Nigeria",
    "Indonesia",
    "Australia",
    "Italy",
    "China",
    "Mexico",
];

/// Organizations (all in the built-in `organizations.tsv`).
pub const ORGS: &[&str] = &[
    "United Nations",
    "European Union",
    "World Health Organization",
    "Bank of England",
    "European Central Bank",
    "International Monetary Fund",
    "World Bank",
    "Microsoft",
    "Toyota",
    "Siemens",
    "Red Cross",
    "Greenpeace",
    "Harvard University",
    "Airbus",
];

/// Given names (common, several accented).
pub const GIVEN: &[&str] = &[
    "Ana", "José", "María", "James", "Sarah", "Chen", "Olga", "Thomas", "Amélie", "Jürgen", "Fatima", "David", "Laura",
    "Michael", "Sofia", "Peter", "Helen", "Daniel", "Grace", "Łukasz",
];

/// Surnames.
pub const SURNAMES: &[&str] = &[
    "Ferreira", "García", "Müller", "Smith", "Johnson", "Nowak", "Kowalski", "Brown", "Martin", "Rossi", "Dubois",
    "Okafor", "Tanaka", "Andersen", "Silva", "Walker", "Novák", "Becker",
];

/// Role titles.
pub const ROLES: &[&str] =
    &["prime minister", "finance minister", "chief executive", "spokesman", "president", "director", "chairman"];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const NOUNS: &[&str] = &[
    "talks",
    "market",
    "economy",
    "agreement",
    "report",
    "budget",
    "election",
    "inflation",
    "shares",
    "investors",
    "government",
    "officials",
    "prices",
    "growth",
    "deal",
    "plan",
    "vote",
    "strike",
    "court",
    "company",
    "workers",
    "policy",
    "rates",
    "exports",
    "profits",
    "police",
    "ministers",
    "lawmakers",
    "analysts",
    "negotiators",
];
const VERBS: &[&str] = &[
    "said",
    "announced",
    "warned",
    "expected",
    "reported",
    "agreed",
    "rejected",
    "approved",
    "confirmed",
    "denied",
    "welcomed",
    "criticised",
    "proposed",
    "signed",
    "delayed",
];
const ADJ: &[&str] = &[
    "new",
    "major",
    "former",
    "senior",
    "local",
    "foreign",
    "national",
    "economic",
    "political",
    "early",
    "annual",
    "strong",
    "weak",
    "sharp",
    "modest",
    "long-awaited",
    "record",
];
const FILLER: &[&str] = &[
    "according to a statement",
    "in a statement",
    "after weeks of uncertainty",
    "for the first time in years",
    "amid growing concern",
    "despite the opposition",
    "on condition of anonymity",
    "without giving details",
    "as the crisis deepened",
    "in an interview",
];

/// What the generator planted, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Planted {
    /// City mentions.
    pub cities: usize,
    /// Country mentions.
    pub countries: usize,
    /// Organization mentions.
    pub orgs: usize,
    /// Person mentions (full names and surnames alone).
    pub people: usize,
    /// Date expressions.
    pub dates: usize,
}

impl Planted {
    /// All mentions.
    pub fn total(&self) -> usize {
        self.cities + self.countries + self.orgs + self.people + self.dates
    }
}

/// SplitMix64: small, fast and the same everywhere.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One element of `xs`.
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    /// True with probability `p` percent.
    pub fn chance(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
}

/// One generated article.
#[derive(Clone, Debug)]
pub struct GenArticle {
    /// `gen-N`.
    pub id: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// The text.
    pub text: String,
}

/// The article generator.
pub struct Generator {
    rng: Rng,
    n: usize,
    /// What has been planted so far.
    pub planted: Planted,
}

impl Generator {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Generator {
        Generator { rng: Rng::new(seed), n: 0, planted: Planted::default() }
    }

    fn person(&mut self, s: &mut String) {
        let g = self.rng.pick(GIVEN);
        let f = self.rng.pick(SURNAMES);
        s.push_str(g);
        s.push(' ');
        s.push_str(f);
        self.planted.people += 1;
    }

    fn date(&mut self, s: &mut String, year: usize) {
        let r = &mut self.rng;
        match r.below(7) {
            0 => {
                let _ = write!(s, "on {}", r.pick(WEEKDAYS));
            }
            1 => {
                let _ = write!(s, "on {} {}", r.pick(MONTHS), 1 + r.below(28));
            }
            2 => {
                let _ = write!(s, "on {} {} {}", 1 + r.below(28), r.pick(MONTHS), year - r.below(3));
            }
            3 => {
                let _ = write!(s, "last {}", r.pick(WEEKDAYS));
            }
            4 => {
                let _ = write!(s, "in {}", year - 1 - r.below(20));
            }
            5 => {
                let _ = write!(s, "on {}-{:02}-{:02}", year, 1 + r.below(12), 1 + r.below(28));
            }
            _ => {
                let _ = write!(s, "in {} {}", r.pick(MONTHS), year - r.below(2));
            }
        }
        self.planted.dates += 1;
    }

    fn place(&mut self, s: &mut String) {
        if self.rng.chance(60) {
            s.push_str(self.rng.pick(CITIES));
            self.planted.cities += 1;
        } else {
            s.push_str(self.rng.pick(COUNTRIES));
            self.planted.countries += 1;
        }
    }

    fn org(&mut self, s: &mut String) {
        let o = self.rng.pick(ORGS);
        if ["United", "European", "World", "Bank", "International", "Red"].iter().any(|p| o.starts_with(p)) {
            s.push_str("the ");
        }
        s.push_str(o);
        self.planted.orgs += 1;
    }

    fn words(&mut self, s: &mut String, n: usize) {
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = match self.rng.below(3) {
                0 => self.rng.pick(ADJ),
                _ => self.rng.pick(NOUNS),
            };
            s.push_str(w);
        }
    }

    fn sentence(&mut self, s: &mut String, year: usize) {
        match self.rng.below(14) {
            0 => {
                self.person(s);
                s.push_str(", the ");
                s.push_str(self.rng.pick(ROLES));
                s.push_str(" of ");
                self.org(s);
                s.push_str(", ");
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" the ");
                self.words(s, 2);
                s.push_str(" would go ahead ");
                self.date(s, year);
                s.push('.');
            }
            1 => {
                s.push_str("“We are ");
                s.push_str(self.rng.pick(ADJ));
                s.push_str(" about the ");
                self.words(s, 2);
                s.push_str(",” ");
                s.push_str(self.rng.pick(SURNAMES));
                self.planted.people += 1;
                s.push_str(" told reporters in ");
                self.place(s);
                s.push('.');
            }
            2 => {
                s.push_str("The ");
                self.words(s, 3);
                s.push_str(" in ");
                self.place(s);
                s.push_str(" rose ");
                let _ = write!(s, "{}.{} percent ", self.rng.below(12), self.rng.below(10));
                self.date(s, year);
                s.push_str(", ");
                s.push_str(FILLER[self.rng.below(FILLER.len())]);
                s.push('.');
            }
            3 => {
                s.push_str("Officials from ");
                self.org(s);
                s.push_str(" and ");
                self.place(s);
                s.push(' ');
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" the ");
                self.words(s, 4);
                s.push_str(", but the ");
                self.words(s, 2);
                s.push_str(" remained ");
                s.push_str(self.rng.pick(ADJ));
                s.push('.');
            }
            4 | 8 | 9 | 10 => {
                s.push_str("It’s the ");
                s.push_str(self.rng.pick(ADJ));
                s.push_str(" sign that the ");
                self.words(s, 3);
                s.push_str(" could change, ");
                s.push_str(FILLER[self.rng.below(FILLER.len())]);
                s.push_str(", and ");
                self.words(s, 2);
                s.push_str(" are ");
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" to follow.");
            }
            5 => {
                s.push_str("Speaking ");
                self.date(s, year);
                s.push_str(", ");
                self.person(s);
                s.push(' ');
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" that ");
                let _ = write!(s, "{} ", 2 + self.rng.below(900));
                self.words(s, 2);
                s.push_str(" had been ");
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" since the ");
                self.words(s, 1);
                s.push('.');
            }
            6 | 11 | 12 => {
                s.push_str("Analysts said the ");
                self.words(s, 5);
                s.push_str(" was ");
                s.push_str(self.rng.pick(ADJ));
                s.push_str(" and that the ");
                self.words(s, 3);
                s.push_str(" would take time ");
                s.push_str(FILLER[self.rng.below(FILLER.len())]);
                s.push('.');
            }
            7 => {
                s.push_str("The ");
                self.words(s, 2);
                s.push_str(" between ");
                self.place(s);
                s.push_str(" and ");
                self.place(s);
                s.push_str(" ‘will ");
                s.push_str(self.rng.pick(NOUNS));
                s.push_str("’, a ");
                self.words(s, 2);
                s.push_str(" said.");
            }
            _ => {
                s.push_str("Critics ");
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" that ");
                let _ = write!(s, "{},{:03} ", 1 + self.rng.below(99), self.rng.below(1000));
                self.words(s, 3);
                s.push_str(" were ");
                s.push_str(self.rng.pick(ADJ));
                s.push_str(", and the ");
                self.words(s, 2);
                s.push_str(" (which ");
                s.push_str(self.rng.pick(VERBS));
                s.push_str(" the ");
                self.words(s, 2);
                s.push_str(") was not ");
                s.push_str(self.rng.pick(ADJ));
                s.push_str(" enough.");
            }
        }
    }

    /// The next article.
    pub fn article(&mut self) -> GenArticle {
        self.n += 1;
        let year = 2015 + self.rng.below(10);
        let month = 1 + self.rng.below(12);
        let day = 1 + self.rng.below(28);
        let mut s = String::with_capacity(2048);
        // Headline.
        let caps = self.rng.chance(30);
        let head_start = s.len();
        let place = self.rng.pick(CITIES);
        let _ = write!(
            s,
            "{} {} {} in {}",
            cap(self.rng.pick(ADJ)),
            cap(self.rng.pick(NOUNS)),
            cap(self.rng.pick(VERBS)),
            place
        );
        self.planted.cities += 1;
        if caps {
            let up = s[head_start..].to_uppercase();
            s.truncate(head_start);
            s.push_str(&up);
        }
        s.push_str("\n\n");
        // Dateline.
        let city = self.rng.pick(CITIES);
        let _ = write!(s, "{}, {} {} (Reuters) - ", city.to_uppercase(), MONTHS[month - 1], day);
        self.planted.cities += 1;
        self.planted.dates += 1;
        let paragraphs = 3 + self.rng.below(6);
        for p in 0..paragraphs {
            if p > 0 {
                s.push_str("\n\n");
            }
            let sentences = 1 + self.rng.below(4);
            for k in 0..sentences {
                if k > 0 {
                    s.push(' ');
                }
                self.sentence(&mut s, year);
            }
        }
        s.push('\n');
        GenArticle { id: format!("gen-{}", self.n), date: format!("{year}-{month:02}-{day:02}"), text: s }
    }

    /// Articles until their text adds up to at least `bytes`.
    pub fn articles(&mut self, bytes: usize) -> Vec<GenArticle> {
        let mut v = Vec::new();
        let mut n = 0;
        while n < bytes {
            let a = self.article();
            n += a.text.len();
            v.push(a);
        }
        v
    }
}

fn cap(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One article as a JSON Lines record `{"id","date","text"}` (with newline).
pub fn jsonl_line(a: &GenArticle, out: &mut String) {
    out.push_str("{\"id\":");
    out.push_str(&serde_json::to_string(&a.id).unwrap());
    out.push_str(",\"date\":\"");
    out.push_str(&a.date);
    out.push_str("\",\"text\":");
    out.push_str(&serde_json::to_string(&a.text).unwrap());
    out.push_str("}\n");
}
