//! Which place a place name means (`src/resolve/places.rs`), as tables.
//! Each row: a text in plain news English, the mentions that must be found
//! as a place of a given type in a given country (and first-level
//! division), and mentions that must not be a place at all.

use gazette::Extractor;

struct Case {
    name: &'static str,
    text: &'static str,
    /// (surface, type, country, admin1 or "")
    want: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// Surfaces that must not be a city, country or region.
    not_place: &'static [&'static str],
}

macro_rules! t {
    ($name:expr, $text:expr, want: [$(($s:expr, $ty:expr, $cc:expr, $a1:expr)),* $(,)?], not: [$($n:expr),* $(,)?]) => {
        Case { name: $name, text: $text, want: &[$(($s, $ty, $cc, $a1)),*], not_place: &[$($n),*] }
    };
}

const CASES: &[Case] = &[
    // Qualifiers: "X, ST" with AP state abbreviations; the qualifier is the division.
    t!("AP state abbreviation", "Alexandria police said the suspect was arrested in Pineville, La., on Monday. Rapides Parish deputies assisted.",
       want: [("Pineville", "city", "US", "LA"), ("La.", "region", "US", "LA"), ("Alexandria", "city", "US", "LA"),
              ("Rapides Parish", "region", "US", "LA")], not: []),
    t!("a qualifier settles both names", "The conference in London, Ontario, opened with a speech by the mayor.",
       want: [("London", "city", "CA", "08"), ("Ontario", "region", "CA", "08")], not: []),
    t!("a state named like a country", "She grew up in Athens, Georgia, and studied law there.",
       want: [("Athens", "city", "US", "GA"), ("Georgia", "region", "US", "GA")], not: []),
    t!("Ill. and a small town", "The family moved to Glen Carbon, Ill., in 2004.",
       want: [("Glen Carbon", "city", "US", "IL"), ("Ill.", "region", "US", "IL")], not: []),
    t!("a bare dateline names the capital", "WASHINGTON — Officials held rates steady on Wednesday. The secretary, speaking in Atlanta, welcomed the move.",
       want: [("WASHINGTON", "city", "US", "DC"), ("Atlanta", "city", "US", "GA")], not: []),
    t!("a dateline with its state is that state's", "WASHINGTON, Ga. — Officials held the tax rate steady on Wednesday. The mayor, speaking in Atlanta, welcomed the move.",
       want: [("WASHINGTON", "city", "US", "GA")], not: []),
    t!("a sports dateline's state is the state, not a team", "SPRINGFIELD, Mo. \u{2014} The Ozark Hawks beat the River City Kings 31-17 on Saturday night. Quarterback Sam Reyes threw for 280 yards and two touchdowns, and the Hawks defense forced three turnovers in the game.",
       want: [("SPRINGFIELD", "city", "US", "MO"), ("Mo.", "region", "US", "MO")], not: []),
    t!("country qualifier", "Flooding cut off Victoria, Canada, for two days.", want: [("Victoria", "city", "CA", "")], not: []),
    t!("a town the lists lack, with its state", "The fire started in Keldby, Ohio, on Tuesday.",
       want: [("Keldby", "city", "US", "OH"), ("Ohio", "region", "US", "OH")], not: []),
    t!("a state no listed town of the name is in", "The fire started in Millbrook, Ohio, on Tuesday.",
       want: [("Millbrook", "city", "US", "OH")], not: []),
    t!("the article's other mentions of a town the lists lack", "Millbrook schools reopen\nMILLBROOK, Ohio — Classes resumed on Monday. Millbrook parents were relieved.",
       want: [("Millbrook", "city", "US", "OH"), ("MILLBROOK", "city", "US", "OH")], not: []),
    t!("a town the lists lack, with its country", "Cases were traced to Keldby, Kenya, and to two villages nearby.",
       want: [("Keldby", "city", "KE", "")], not: []),
    t!("Washington state", "Wildfires spread across Washington state this week, officials said.",
       want: [("Washington", "region", "US", "WA")], not: []),
    t!("the state of", "Ranchers in the state of Georgia lost cattle to the drought.",
       want: [("Georgia", "region", "US", "GA")], not: []),
    t!("the province of", "Mines in the province of Ontario reopened on Monday.",
       want: [("Ontario", "region", "CA", "08")], not: []),
    t!("an Australian state abbreviation", "Horse racing resumed in NSW on Friday.", want: [("NSW", "region", "AU", "02")], not: []),
    t!("a Canadian province abbreviation", "A plant in Sarnia, Ont., closed on Monday.",
       want: [("Sarnia", "city", "CA", "08"), ("Ont.", "region", "CA", "08")], not: []),
    t!("Washington the city without a qualifier", "Lawmakers returned to Washington on Tuesday.",
       want: [("Washington", "city", "US", "DC")], not: []),
    // The article's own geography.
    t!("a named state draws its towns", "Paris police said the festival downtown drew 3,000 people. Texas officials praised the turnout.",
       want: [("Paris", "city", "US", "TX")], not: []),
    t!("a named country draws its capital", "Wheat farmers in Idaho and Montana watched prices. Traders in Moscow said Russia would cut exports.",
       want: [("Moscow", "city", "RU", "")], not: []),
    t!("a named state draws its town", "Wheat farmers in Idaho and Montana watched prices. Traders in Moscow said exports would fall.",
       want: [("Moscow", "city", "US", "ID")], not: []),
    t!("a country among several draws a small namesake less", "US and Chinese officials will meet in Geneva next month, the State Department said. Beijing welcomed the talks.",
       want: [("Geneva", "city", "CH", "GE")], not: []),
    t!("without local context the capital", "Talks in Paris ended without a deal, diplomats said.", want: [("Paris", "city", "FR", "")], not: []),
    t!("an organization's head word is no place", "The Alliance of Mayors for Clean Water met in Lisbon on Monday.",
       want: [("Lisbon", "city", "PT", "")], not: ["Alliance"]),
    t!("capitals in a list stay capitals", "Protests spread from La Paz to Montevideo and Buenos Aires over the weekend.",
       want: [("La Paz", "city", "BO", ""), ("Montevideo", "city", "UY", "")], not: []),
    t!("a county", "Baldwin County commissioners approved the budget on Monday. The county seat, Bay Minette, is in Alabama.",
       want: [("Baldwin County", "region", "US", "AL")], not: []),
    t!("a parish", "Deputies in Rapides Parish searched the woods near Pineville.",
       want: [("Rapides Parish", "region", "US", "LA")], not: []),
    // Small towns need evidence: a qualifier, a locative, a nearby place.
    t!("small town with a state", "The band played in Cross Plains, Wisconsin, on Friday night.",
       want: [("Cross Plains", "city", "US", "WI"), ("Wisconsin", "region", "US", "WI")], not: []),
    t!("small town after a locative", "A crash near West Newton closed the road for hours.", want: [("West Newton", "city", "US", "")], not: []),
    t!("a namesake in the story's own country first", "KELDBY \u{2014} Hundreds gathered at the fire station on Saturday. Among them were Burlington Mayor Rosa Diaz and Akron Mayor Joe Lee, who said Ohio must act.",
       want: [("Burlington", "city", "US", "")], not: []),
    t!("small town without evidence", "Freeman said the contract was fair. Sullivan disagreed with Marcus.",
       want: [], not: ["Freeman", "Marcus"]),
    t!("a surname that is a small town", "The coach, Dale Vaas, said the team was ready.", want: [], not: ["Vaas"]),
    // Towns named after countries and states, and lists of countries.
    t!("a country in a report on provinces and states", "Canada counted cases in British Columbia, Alberta and Ontario; Mexico and Texas reported more.",
       want: [("Mexico", "country", "MX", ""), ("Ontario", "region", "CA", "08")], not: []),
    t!("a town named after a country, with its state", "Flooding closed roads in Mexico, Mo., on Monday.",
       want: [("Mexico", "city", "US", "MO")], not: []),
    t!("a list of countries is no qualifier", "Exports to Canada, Mexico and the United States rose.",
       want: [("Canada", "country", "CA", ""), ("Mexico", "country", "MX", "")], not: []),
    t!("a possessive inside a country's name", "Officials of the People's Republic of China and the Republic of China met.",
       want: [("People's Republic of China", "country", "CN", ""), ("Republic of China", "country", "TW", "")], not: []),
    // British counties, named bare.
    t!("English counties", "Heavy rain flooded villages across Shropshire and Staffordshire, in the west of England, overnight.",
       want: [("Shropshire", "region", "GB", "ENG"), ("Staffordshire", "region", "GB", "ENG")], not: []),
    // Without context, a first-level division of a small country weighs as
    // a city of a tenth of its country's people, not as a city of a million.
    t!("small country's division", "Officials in Portland said on Monday that bus fares would rise.",
       want: [("Portland", "city", "US", "OR")], not: []),
    t!("small country's division, again", "Bus fares in Manchester will rise in April, the city council said.",
       want: [("Manchester", "city", "GB", "ENG")], not: []),
    t!("big country's division", "Officials in Durango said on Monday that bus fares would rise.",
       want: [("Durango", "region", "MX", "10")], not: []),
    // A bare dateline of a city of a million names it, not a namesake
    // village near the article's other places.
    t!("big-city dateline", "HOUSTON — Storm Ardal flooded parts of Scotland on Friday, and two oil companies said their crews were safe.",
       want: [("HOUSTON", "city", "US", "TX")], not: []),
    // A qualified dateline names the place, though its name is a word too.
    t!("qualified dateline of a word", "WELLINGTON, New Zealand (AP) — Dairy prices rose for a third month, the farmers' cooperative said on Tuesday.",
       want: [("WELLINGTON", "city", "NZ", "G2")], not: []),
];

#[test]
fn places_are_resolved_from_the_article() {
    let ex = Extractor::default();
    let mut failures = Vec::new();
    for c in CASES {
        let ents = ex.entities(c.text, None);
        let found: Vec<(String, &str, String, String)> = ents
            .iter()
            .filter(|e| e.ty.is_place())
            .flat_map(|e| {
                e.mentions.iter().map(move |m| {
                    let a = &e.attrs;
                    let cc = a.iso.clone().or(a.country.clone()).unwrap_or_default();
                    (c.text[m.start..m.end].to_owned(), e.ty.as_str(), cc, a.admin1.clone().unwrap_or_default())
                })
            })
            .collect();
        for &(s, ty, cc, a1) in c.want {
            let ok = found.iter().any(|(f, t, fc, fa)| f == s && *t == ty && fc == cc && (a1.is_empty() || fa == a1));
            if !ok {
                failures.push(format!("{}: want {s:?} {ty} {cc} {a1}; found {found:?}", c.name));
            }
        }
        for &s in c.not_place {
            if found.iter().any(|(f, ..)| f == s) {
                failures.push(format!("{}: {s:?} is not a place here; found {found:?}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_place_is_geocoded() {
    let ex = Extractor::default();
    let text = "Officials in Lisbon, Portugal met envoys from Brazil, Asia and Ohio in Franklin County.";
    let ents = ex.entities(text, None);
    let places: Vec<_> = ents.iter().filter(|e| e.ty.is_place()).collect();
    assert!(places.len() >= 5, "{places:?}");
    for e in places {
        let a = &e.attrs;
        assert!(
            a.geonames_id.is_some() && a.lat.is_some() && a.lon.is_some(),
            "{} lacks id or position: {a:?}",
            e.name
        );
        assert!(a.feature.is_some(), "{} lacks a feature code", e.name);
        let (lat, lon) = (a.lat.unwrap(), a.lon.unwrap());
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon), "{}: {lat},{lon}", e.name);
    }
}
