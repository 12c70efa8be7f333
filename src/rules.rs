//! Rules as named data: the ids and reasons of the name rules and the word
//! lists they read, all from `gazetteers/rules/` (hand-written, sorted,
//! checked by the tests, compiled in).
//!
//! Every candidate carries the [`Rule`] that proposed it, every entity the
//! set of rules of its mentions ([`RuleSet`]); `--explain` prints them, and
//! rejected candidates with the rule that rejected them.

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

impl Rule {
    /// The rule of that id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

/// A set of rules, as a bit mask (at most 255 rules: build.rs checks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleSet([u128; 2]);

impl RuleSet {
    /// The set of one rule.
    pub fn one(r: Rule) -> RuleSet {
        let mut s = RuleSet::default();
        s.insert(r);
        s
    }

    /// Add `r`.
    #[inline]
    pub fn insert(&mut self, r: Rule) {
        let r = r as u8;
        self.0[usize::from(r >> 7)] |= 1 << (r & 127);
    }

    /// True if `r` is in the set.
    pub fn contains(self, r: Rule) -> bool {
        let r = r as u8;
        self.0[usize::from(r >> 7)] & (1 << (r & 127)) != 0
    }

    /// The rules, in id order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.iter().copied().filter(move |&r| self.contains(r))
    }

    /// True if empty.
    pub fn is_empty(self) -> bool {
        self.0 == [0, 0]
    }
}

/// A candidate some rule turned down, kept for `--explain`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// Byte span.
    pub span: crate::span::Span,
    /// The type it would have had.
    pub ty: crate::entity::EntityType,
    /// The rule that turned it down.
    pub rule: Rule,
}

/// The entries of a word list file: lines that are not comments.
pub fn words(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// True if `title` ends in an office of `civic_titles.txt`, in any case
/// ("Minnesota Gov.", "county coroner"): an office that a town, county or
/// state written before it is the seat of. The names and the roles stage
/// both ask.
pub fn is_civic_title(title: &str) -> bool {
    static CIVIC: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| words(CIVIC_TITLES).collect());
    let t = title.as_bytes();
    CIVIC.iter().any(|c| t.len() >= c.len() && t[t.len() - c.len()..].eq_ignore_ascii_case(c.as_bytes()))
}

macro_rules! lists {
    ($($(#[$doc:meta])* $name:ident = $file:literal;)*) => {
        $($(#[$doc])* pub static $name: &str = include_str!(concat!("../gazetteers/rules/", $file));)*
        /// Every word list, by file name (for the data lint).
        pub const LISTS: &[(&str, &str)] = &[$(($file, $name)),*];
    };
}

lists! {
    /// Words that end organization names ("X Council").
    ORG_HEADS = "org_heads.txt";
    /// Organization heads followed by of/for/on inside a name ("Bank of X").
    OF_HEADS = "of_heads.txt";
    /// Lowercase particles inside personal names ("van", "bin").
    PARTICLES = "particles.txt";
    /// Verbs of saying after a speaker's name ("said").
    SPEECH_VERBS = "speech_verbs.txt";
    /// Words of sports reports.
    SPORTS_WORDS = "sports_words.txt";
    /// Words of sports played by individuals.
    INDIVIDUAL_SPORTS_WORDS = "individual_sports_words.txt";
    /// Prepositions and verbs after which a place name is a place.
    LOCATIVES = "locatives.txt";
    /// Words that end names of streets, grounds, buildings, natural features.
    FACILITY_HEADS = "facility_heads.txt";
    /// Words that end names of streets, roads and natural features ("X Street").
    LOCATION_HEADS = "location_heads.txt";
    /// Nouns that call a name an organization at the end of an appositive
    /// ("Horizon, an association of planners").
    ORG_NOUNS = "org_nouns.txt";
    /// Nouns that call a name a town ("the village of X", "X, a farming town").
    SETTLEMENT_NOUNS = "settlement_nouns.txt";
    /// Words after a sentence-opening company named by an everyday word
    /// that make it the company ("Apple will", "Shell shares").
    COMPANY_SUBJECT_WORDS = "company_subject_words.txt";
    /// Eras after a year, without their periods ("500 B.C.").
    ERA_WORDS = "era_words.txt";
    /// Words that may follow the settlement noun closing an appositive
    /// ("X, a town near the border").
    SETTLEMENT_FOLLOWERS = "settlement_followers.txt";
    /// Words that open names of natural features and military posts ("Lake X").
    FEATURE_PREFIXES = "feature_prefixes.txt";
    /// Ethnic and religious communities ("Sunni", "Kurdish").
    GROUP_WORDS = "group_words.txt";
    /// Words that end names of events and observances ("X Cup", "X Day").
    EVENT_HEADS = "event_heads.txt";
    /// Words before a storm's given name ("Hurricane X", "Typhoon X").
    STORM_WORDS = "storm_words.txt";
    /// Prepositions after which capitalised words are a place, not a person.
    PLACE_PREPOSITIONS = "place_prepositions.txt";
    /// Time-zone abbreviations after clock times (lowercase).
    TIME_ZONES = "time_zones.txt";
    /// Institutions of a state after its name ("the Ghana police").
    STATE_INSTITUTIONS = "state_institutions.txt";
    /// Points of the compass before a place ("Northeast Ohio").
    COMPASS_WORDS = "compass_words.txt";
    /// Words of disease names that borrow a place's ("Norwalk virus").
    DISEASE_WORDS = "disease_words.txt";
    /// Nouns for a town's people and homes ("a Millbrook man", "her Millbrook home").
    LOCAL_NOUNS = "local_nouns.txt";
    /// Words that end the name of a town's, county's or state's own body
    /// ("Tulsa Police Department").
    LOCAL_BODIES = "local_bodies.txt";
    /// Words for a division of a country after its name ("X Province").
    DIVISION_WORDS = "division_words.txt";
    /// Names of faith that towns share ("Thanks be to God"): no place.
    FAITH_WORDS = "faith_words.txt";
    /// What a leader holds or commands, after a lone family name and its
    /// possessive ("Maduro's government").
    LEADER_NOUNS = "leader_nouns.txt";
    /// Armed services named before a rank ("Navy Capt.").
    ARMED_SERVICES = "armed_services.txt";
    /// Occupations that are a role with their institution ("analyst at X").
    EXPERT_WORDS = "expert_words.txt";
    /// Fields kept in a title written before it ("political adviser").
    TITLE_MODIFIERS = "title_modifiers.txt";
    /// Governing and collective bodies that "the X", capitalised and
    /// alone, names ("the Legislature").
    BODY_WORDS = "body_words.txt";
    /// Lowercase nouns for a place after its name ("the Kessler
    /// neighborhood").
    PLACE_NOUNS = "place_nouns.txt";
    /// Words that end a numbered military unit's name ("the 7th Fleet").
    MILITARY_UNITS = "military_units.txt";
    /// Words before "to" that make it no preposition of place ("according to").
    SOURCE_BEFORE_TO = "source_before_to.txt";
    /// Offices a town, county or state written before them is the seat of
    /// ("Minnesota Gov.", "Keldby Fire Chief").
    CIVIC_TITLES = "civic_titles.txt";
    /// Verbs after a family name that opens a sentence ("Musk has said").
    FAMILY_NAME_FOLLOWERS = "family_name_followers.txt";
}

/// The hand-written tables of the date rules (`gazetteers/rules/*.tsv`
/// other than `rules.tsv`; comment lines, a header row, tab-separated rows
/// sorted by their first field), by file name (for the data lint). build.rs
/// compiles them into the date stage.
pub const TABLES: &[(&str, &str)] = &[
    ("date_cues.tsv", include_str!("../gazetteers/rules/date_cues.tsv")),
    ("date_words.tsv", include_str!("../gazetteers/rules/date_words.tsv")),
    ("holidays.tsv", include_str!("../gazetteers/rules/holidays.tsv")),
    ("number_words.tsv", include_str!("../gazetteers/rules/number_words.tsv")),
];
