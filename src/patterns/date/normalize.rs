//! The date normalizer: the parts a date rule recognized (a weekday, a
//! month, a holiday, a season, a calendar unit with this/last/next), the
//! publication date and the tense of the clause in; a TIMEX3 value out.
//! Pure: it never sees the text, so every reading is a row of the table
//! tests below.

use crate::date::{year_month, Date};

/// A calendar unit ("week", "quarters"): the granularity of a relative date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Half,
    Year,
    Decade,
    Century,
    /// A length of clock time only ("five hours"): no calendar period.
    Hour,
    Minute,
}

/// How a holiday's day is found in a given year (`gazetteers/rules/holidays.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DayRule {
    /// The same day every year (Christmas: 12-25).
    Fixed { month: u8, day: u8 },
    /// The `n`th `weekday` (0 Monday) of `month` (Thanksgiving: the fourth
    /// Thursday of November); the last one for `n` -1 (Memorial Day).
    NthWeekday { n: i8, weekday: u8, month: u8 },
    /// The first `weekday` on or after `month`-`day` (US Election Day: the Tuesday after the first Monday of November).
    WeekdayAfter { weekday: u8, month: u8, day: u8 },
    /// That many days after Easter Sunday.
    Easter(i8),
}

impl DayRule {
    /// The holiday's day in year `y`.
    pub(super) fn in_year(self, y: i32) -> Option<Date> {
        match self {
            DayRule::Fixed { month, day } => Date::new(y, month, day),
            DayRule::NthWeekday { n: -1, weekday, month } => {
                let last = Date::new(y, month, crate::date::days_in_month(y, month))?;
                Some(last.add_days(-((last.weekday() as i64 - weekday as i64).rem_euclid(7))))
            }
            DayRule::NthWeekday { n, weekday, month } => {
                let d1 = Date::new(y, month, 1)?;
                let k = (weekday as i64 + 7 - d1.weekday() as i64) % 7;
                let d = d1.add_days(k + 7 * (n as i64 - 1));
                (d.month == month).then_some(d)
            }
            DayRule::WeekdayAfter { weekday, month, day } => {
                let d1 = Date::new(y, month, day)?;
                Some(d1.add_days((weekday as i64 + 7 - d1.weekday() as i64) % 7))
            }
            DayRule::Easter(n) => Some(easter(y)?.add_days(n as i64)),
        }
    }
}

/// Easter Sunday of year `y` (Gregorian computus).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(y, month as u8, day as u8)
}

/// The TIMEX3 codes of the seasons, spring first.
pub(super) const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

/// "last", "this", "next" (and their synonyms) before a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Relation {
    Last,
    This,
    Next,
}

impl Relation {
    /// -1, 0, +1.
    fn offset(self) -> i32 {
        match self {
            Relation::Last => -1,
            Relation::This => 0,
            Relation::Next => 1,
        }
    }
}

/// The tense of the clause a date stands in, as the words around it show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    #[default]
    Unknown,
    Future,
}

impl Tense {
    /// From a cue: +1 future, -1 past, 0 unknown.
    pub(super) fn of_cue(cue: i8) -> Tense {
        match cue {
            1.. => Tense::Future,
            0 => Tense::Unknown,
            _ => Tense::Past,
        }
    }
}

/// What a date rule recognized, before it is placed in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Parts {
    /// A year the text names.
    pub year: Option<i32>,
    /// Month, 1-12.
    pub month: Option<u8>,
    /// Day of the month.
    pub day: Option<u8>,
    /// Weekday, 0 Monday.
    pub weekday: Option<u8>,
    /// Season, an index of [`SEASONS`].
    pub season: Option<u8>,
    /// A holiday's day.
    pub holiday: Option<DayRule>,
    /// last / this / next.
    pub relation: Option<Relation>,
    /// The unit a relative date counts in ("last week"), or the granularity
    /// of the value (`Week` for "Easter week").
    pub unit: Option<Unit>,
}

/// The TIMEX3 value of `p`, placed in time by the publication date `anchor`
/// and the clause's `tense`; `None` when it needs an anchor and has none,
/// or is no calendar date ("the next day").
pub(super) fn normalize(p: &Parts, anchor: Option<Date>, tense: Tense) -> Option<String> {
    if let Some(h) = p.holiday {
        return holiday(h, p, anchor?, tense);
    }
    if let Some(s) = p.season {
        let y = match (p.year, anchor, p.relation) {
            (Some(y), _, _) => y,
            (None, Some(a), Some(r)) => season_year(s, a, r),
            (None, Some(a), None) => bare_season_year(s, a, tense),
            _ => return None,
        };
        return Some(format!("{y:04}-{}", SEASONS[s as usize]));
    }
    let a = anchor?;
    if let Some(d) = p.weekday {
        return Some(weekday(d, a, p.relation, tense).iso());
    }
    match (p.relation, p.unit) {
        (Some(r), Some(u)) => relative(u, r.offset(), a),
        _ => None,
    }
}

/// The year of a month (and day) without one: by this/last/next when
/// given, else by the tense and the distance from the publication date.
pub(super) fn month_year(month: u8, day: Option<u8>, a: Date, relation: Option<Relation>, tense: Tense) -> i32 {
    if let Some(r) = relation {
        return match r {
            // the month just ended is "last month": named with "last"
            // ("crashed last February", in March) it is a year further back
            Relation::Last if day.is_none() && month + 1 == a.month => a.year - 1,
            Relation::Last if month < a.month || day.is_some_and(|d| month == a.month && d < a.day) => a.year,
            Relation::Last => a.year - 1,
            Relation::Next if month > a.month => a.year,
            Relation::Next => a.year + 1,
            Relation::This => a.year,
        };
    }
    if let Some(d) = day {
        // closest of year-1, year, year+1, as `distance` weighs them
        let mut best = (i64::MAX, a.year);
        for y in [a.year - 1, a.year, a.year + 1] {
            let dd = d.min(crate::date::days_in_month(y, month));
            if let Some(dt) = Date::new(y, month, dd) {
                let raw = dt.to_days() - a.to_days();
                let diff = distance(raw, tense);
                if diff < best.0 {
                    best = (diff, y);
                }
            }
        }
        return best.1;
    }
    // A bare month name in news is usually this year's or, when it lies
    // half a year or more ahead, last year's.
    let diff = month as i32 - a.month as i32;
    match tense {
        Tense::Future if diff < -2 => a.year + 1,
        Tense::Past if diff > 0 => a.year - 1,
        Tense::Future | Tense::Past => a.year,
        Tense::Unknown if diff >= 6 => a.year - 1,
        Tense::Unknown if diff < -8 => a.year + 1,
        Tense::Unknown => a.year,
    }
}

/// The day of weekday `d`: the coming one after "next" or in a future
/// clause, this week's after "this", else the last one.
fn weekday(d: u8, a: Date, relation: Option<Relation>, tense: Tense) -> Date {
    let (aw, dw) = (a.weekday() as i64, d as i64);
    let off = match relation {
        Some(Relation::Last) => -(1 + (aw - dw - 1).rem_euclid(7)),
        Some(Relation::Next) => 1 + (dw - aw - 1).rem_euclid(7),
        Some(Relation::This) => (dw - aw).rem_euclid(7),
        None if tense == Tense::Future => (dw - aw).rem_euclid(7),
        None => -((aw - dw).rem_euclid(7)),
    };
    a.add_days(off)
}

/// How far a day `raw` days after the publication date lies for a clause
/// of `tense`: news looks back, so a later day counts three times its
/// distance, unless the clause points ahead ("will", "until"); there an
/// earlier day counts five times, as such a clause names a past day only
/// when it is near ("will appeal the ruling of March 10").
fn distance(raw: i64, tense: Tense) -> i64 {
    match (raw, tense) {
        (1.., Tense::Past | Tense::Unknown) => raw * 3,
        (..=-1, Tense::Future) => -raw * 5,
        _ => raw.abs(),
    }
}

/// The holiday's day: in the year the text names ("Christmas Day 2001"),
/// after "last" or in a past clause the last one, after "next" the coming
/// one, else the nearest by [`distance`]. "Easter week" is that ISO week.
fn holiday(h: DayRule, p: &Parts, a: Date, tense: Tense) -> Option<String> {
    let this = h.in_year(a.year)?;
    let d = match p.relation {
        _ if p.year.is_some() => h.in_year(p.year?)?,
        Some(Relation::Last) if this < a => this,
        Some(Relation::Last) => h.in_year(a.year - 1)?,
        Some(Relation::Next) if this > a => this,
        Some(Relation::Next) => h.in_year(a.year + 1)?,
        // "Easter week" in the week of Easter: this one, whatever the tense
        None if p.unit == Some(Unit::Week) && this.iso_week() == a.iso_week() => this,
        // in a past clause ("was closed on Easter Monday"), the last one
        None if tense == Tense::Past && this <= a => this,
        None if tense == Tense::Past => h.in_year(a.year - 1)?,
        _ => {
            let mut best = (i64::MAX, this);
            for y in [a.year - 1, a.year, a.year + 1] {
                if let Some(d) = h.in_year(y) {
                    let raw = d.to_days() - a.to_days();
                    let dist = distance(raw, tense);
                    if dist < best.0 {
                        best = (dist, d);
                    }
                }
            }
            best.1
        }
    };
    Some(if p.unit == Some(Unit::Week) { iso_week(d) } else { d.iso() })
}

/// The year of season `s` after last/this/next; winter counts with the year
/// it starts in.
fn season_year(s: u8, a: Date, r: Relation) -> i32 {
    let cur = season_of(a);
    let base = if a.month <= 2 { a.year - 1 } else { a.year };
    match r {
        Relation::Last if s < cur => base,
        Relation::Last => base - 1,
        Relation::Next if s > cur => base,
        Relation::Next => base + 1,
        Relation::This => base,
    }
}

/// The year of season `s` named without a year or this/last/next ("over
/// the summer"): the coming one in a future clause, else the last one to
/// have begun, the current season included.
fn bare_season_year(s: u8, a: Date, tense: Tense) -> i32 {
    let cur = season_of(a);
    let base = if a.month <= 2 { a.year - 1 } else { a.year };
    match tense {
        Tense::Future if s < cur => base + 1,
        Tense::Future => base,
        _ if s <= cur => base,
        _ => base - 1,
    }
}

/// The season index (spring 0) of day `a`; January and February are the
/// winter that began the year before.
fn season_of(a: Date) -> u8 {
    match a.month {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

/// A calendar unit `off` units from the publication date ("last week",
/// "next month"); `None` for units that name no calendar period of their
/// own ("the next day", "the next half").
fn relative(u: Unit, off: i32, a: Date) -> Option<String> {
    Some(match u {
        Unit::Day | Unit::Half | Unit::Hour | Unit::Minute => return None,
        Unit::Week => iso_week(a.add_days(7 * off as i64)),
        Unit::Weekend => format!("{}-WE", iso_week(a.add_days(7 * off as i64))),
        Unit::Month => {
            let d = a.add_months(off);
            year_month(d.year, d.month)
        }
        Unit::Quarter => {
            let d = a.add_months(3 * off);
            format!("{:04}-Q{}", d.year, d.quarter())
        }
        Unit::Year => format!("{:04}", a.year + off),
        Unit::Decade => format!("{:03}", (a.year + 10 * off) / 10),
        Unit::Century => format!("{:02}", (a.year + 100 * off) / 100),
    })
}

/// `2024-W11`.
pub(super) fn iso_week(d: Date) -> String {
    let (y, w) = d.iso_week();
    format!("{y:04}-W{w:02}")
}

/// The TIMEX3 value of a duration of `count` `unit`s: "three years" is
/// `P3Y`, "18 months" `P18M`, "two decades" `P20Y`; `count` `None` (an
/// unstated number: "several years", "the coming weeks") is `X`, `PXY`.
/// `count` is digits, or digits with one decimal point ("1.5 years", `P1.5Y`).
pub(super) fn duration(count: Option<&str>, unit: Unit) -> String {
    let n = count.unwrap_or("X");
    match unit {
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Weekend => format!("P{n}WE"),
        Unit::Month => format!("P{n}M"),
        // a count of quarters in months, as TIMEX3 has no quarter length (`P9M`)
        Unit::Quarter => match n.parse::<u32>() {
            Ok(k) => format!("P{}M", 3 * k),
            Err(_) => "PXM".to_string(),
        },
        // TIMEX3 has no half-year unit: six months each.
        Unit::Half => match n.parse::<u32>() {
            Ok(k) => format!("P{}M", 6 * k),
            Err(_) => "PXM".to_string(),
        },
        Unit::Year => format!("P{n}Y"),
        // a counted decade or century in years, as annotated news writes
        // it ("two decades" `P20Y`); an unstated count in its own unit
        Unit::Decade => match n.parse::<u32>() {
            Ok(k) => format!("P{}Y", 10 * k),
            Err(_) => format!("P{n}DE"),
        },
        Unit::Century => match n.parse::<u32>() {
            Ok(k) => format!("P{}Y", 100 * k),
            Err(_) => format!("P{n}CE"),
        },
        Unit::Hour => format!("PT{n}H"),
        Unit::Minute => format!("PT{n}M"),
    }
}

/// The TIMEX3 value of `whole` `unit`s and a half ("3 1/2 hours", "an
/// hour and a half", "three and a half years"): the half in the next
/// smaller unit where it is a whole number of them (`PT3H30M`, `PT1M30S`,
/// `P3Y6M`, `P3DT12H`), else a decimal (`P2.5W`); `whole` 0 is a half
/// alone ("half an hour", `PT30M`).
pub(super) fn duration_and_a_half(whole: u32, unit: Unit) -> String {
    match (unit, whole) {
        (Unit::Year, 0) => "P6M".to_string(),
        (Unit::Year, n) => format!("P{n}Y6M"),
        (Unit::Day, 0) => "PT12H".to_string(),
        (Unit::Day, n) => format!("P{n}DT12H"),
        (Unit::Hour, 0) => "PT30M".to_string(),
        (Unit::Hour, n) => format!("PT{n}H30M"),
        (Unit::Minute, 0) => "PT30S".to_string(),
        (Unit::Minute, n) => format!("PT{n}M30S"),
        (Unit::Half, n) => format!("P{}M", 6 * n + 3),
        (_, n) => duration(Some(&format!("{n}.5")), unit),
    }
}

/// The TIMEX3 value of a set that recurs once a `unit` ("every year" is
/// `P1Y`, "every quarter" `P1Q`, "every weekend" `XXXX-WXX-WE`).
pub(super) fn once_a(unit: Unit) -> String {
    match unit {
        Unit::Weekend => "XXXX-WXX-WE".to_string(),
        Unit::Quarter => "P1Q".to_string(),
        _ => duration(Some("1"), unit),
    }
}

/// The TIMEX3 value of a set that recurs on a weekday (0 Monday): "every
/// Monday" is `XXXX-WXX-1`.
pub(super) fn weekly_on(weekday: u8) -> String {
    format!("XXXX-WXX-{}", weekday + 1)
}

/// The TIMEX3 value of a set that recurs in a month: "each March" is `XXXX-03`.
pub(super) fn yearly_in(month: u8) -> String {
    format!("XXXX-{month:02}")
}

/// The TIMEX3 value of a set that recurs in a season (an index of
/// [`SEASONS`]): "every summer" is `XXXX-SU`.
pub(super) fn yearly_in_season(season: u8) -> String {
    format!("XXXX-{}", SEASONS[season as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thursday 14 March 2024, the publication date of every row.
    fn anchor() -> Option<Date> {
        Date::new(2024, 3, 14)
    }

    fn parts() -> Parts {
        Parts::default()
    }

    #[test]
    fn durations_and_sets() {
        for (count, unit, want) in [
            (Some("3"), Unit::Year, "P3Y"),
            (Some("18"), Unit::Month, "P18M"),
            (Some("2"), Unit::Week, "P2W"),
            (Some("10"), Unit::Day, "P10D"),
            (Some("1.5"), Unit::Year, "P1.5Y"),
            (None, Unit::Year, "PXY"),
            (None, Unit::Week, "PXW"),
            (Some("2"), Unit::Decade, "P20Y"),
            (Some("3"), Unit::Century, "P300Y"),
            (None, Unit::Decade, "PXDE"),
            (Some("3"), Unit::Quarter, "P9M"),
            (None, Unit::Quarter, "PXM"),
            (Some("5"), Unit::Hour, "PT5H"),
            (Some("90"), Unit::Minute, "PT90M"),
            (None, Unit::Hour, "PTXH"),
            (Some("2"), Unit::Half, "P12M"),
            (None, Unit::Half, "PXM"),
            (Some("4"), Unit::Weekend, "P4WE"),
        ] {
            assert_eq!(duration(count, unit), want, "{count:?} {unit:?}");
        }
        for (whole, unit, want) in [
            (3, Unit::Hour, "PT3H30M"),
            (0, Unit::Hour, "PT30M"),
            (1, Unit::Minute, "PT1M30S"),
            (2, Unit::Year, "P2Y6M"),
            (3, Unit::Day, "P3DT12H"),
            (2, Unit::Week, "P2.5W"),
        ] {
            assert_eq!(duration_and_a_half(whole, unit), want, "{whole} {unit:?} and a half");
        }
        assert_eq!(once_a(Unit::Year), "P1Y");
        assert_eq!(once_a(Unit::Quarter), "P1Q");
        assert_eq!(once_a(Unit::Weekend), "XXXX-WXX-WE");
        assert_eq!(weekly_on(0), "XXXX-WXX-1");
        assert_eq!(weekly_on(6), "XXXX-WXX-7");
        assert_eq!(yearly_in(3), "XXXX-03");
        assert_eq!(yearly_in(12), "XXXX-12");
        assert_eq!(yearly_in_season(1), "XXXX-SU");
    }

    #[test]
    fn table() {
        use Relation::*;
        use Tense::*;
        let christmas = Some(DayRule::Fixed { month: 12, day: 25 });
        let easter_monday = Some(DayRule::Easter(1));
        let thanksgiving = Some(DayRule::NthWeekday { n: 4, weekday: 3, month: 11 });
        let election = Some(DayRule::WeekdayAfter { weekday: 1, month: 11, day: 2 });
        #[rustfmt::skip]
        let rows: &[(&str, Parts, Tense, Option<&str>)] = &[
            ("Tuesday, past clause", Parts { weekday: Some(1), ..parts() }, Past, Some("2024-03-12")),
            ("Tuesday, unknown tense", Parts { weekday: Some(1), ..parts() }, Unknown, Some("2024-03-12")),
            ("Tuesday, future clause", Parts { weekday: Some(1), ..parts() }, Future, Some("2024-03-19")),
            ("Thursday (the day itself)", Parts { weekday: Some(3), ..parts() }, Past, Some("2024-03-14")),
            ("last Thursday", Parts { weekday: Some(3), relation: Some(Last), ..parts() }, Unknown, Some("2024-03-07")),
            ("next Thursday", Parts { weekday: Some(3), relation: Some(Next), ..parts() }, Unknown, Some("2024-03-21")),
            ("this Saturday", Parts { weekday: Some(5), relation: Some(This), ..parts() }, Past, Some("2024-03-16")),
            ("last week", Parts { unit: Some(Unit::Week), relation: Some(Last), ..parts() }, Unknown, Some("2024-W10")),
            ("next month", Parts { unit: Some(Unit::Month), relation: Some(Next), ..parts() }, Unknown, Some("2024-04")),
            ("last quarter", Parts { unit: Some(Unit::Quarter), relation: Some(Last), ..parts() }, Unknown, Some("2023-Q4")),
            ("this year", Parts { unit: Some(Unit::Year), relation: Some(This), ..parts() }, Unknown, Some("2024")),
            ("last decade", Parts { unit: Some(Unit::Decade), relation: Some(Last), ..parts() }, Unknown, Some("201")),
            ("next weekend", Parts { unit: Some(Unit::Weekend), relation: Some(Next), ..parts() }, Unknown, Some("2024-W12-WE")),
            ("the next day", Parts { unit: Some(Unit::Day), relation: Some(Next), ..parts() }, Unknown, None),
            ("Christmas, unknown tense", Parts { holiday: christmas, ..parts() }, Unknown, Some("2023-12-25")),
            ("Christmas, future clause", Parts { holiday: christmas, ..parts() }, Future, Some("2024-12-25")),
            ("Easter Monday, past clause", Parts { holiday: easter_monday, ..parts() }, Past, Some("2023-04-10")),
            ("Easter Monday, unknown tense", Parts { holiday: easter_monday, ..parts() }, Unknown, Some("2024-04-01")),
            ("last Christmas", Parts { holiday: christmas, relation: Some(Last), ..parts() }, Unknown, Some("2023-12-25")),
            ("next Christmas", Parts { holiday: christmas, relation: Some(Next), ..parts() }, Unknown, Some("2024-12-25")),
            ("Easter Monday 2024 (Easter 31 March)", Parts { holiday: easter_monday, ..parts() }, Future, Some("2024-04-01")),
            ("Thanksgiving 2023", Parts { holiday: thanksgiving, relation: Some(Last), ..parts() }, Unknown, Some("2023-11-23")),
            ("Election Day 2024", Parts { holiday: election, relation: Some(Next), ..parts() }, Unknown, Some("2024-11-05")),
            ("Easter week", Parts { holiday: Some(DayRule::Easter(0)), unit: Some(Unit::Week), ..parts() }, Future, Some("2024-W13")),
            ("Christmas Day 2001", Parts { holiday: christmas, year: Some(2001), ..parts() }, Future, Some("2001-12-25")),
            ("spring 2023", Parts { season: Some(0), year: Some(2023), ..parts() }, Unknown, Some("2023-SP")),
            ("last winter", Parts { season: Some(3), relation: Some(Last), ..parts() }, Unknown, Some("2023-WI")),
            ("next summer", Parts { season: Some(1), relation: Some(Next), ..parts() }, Unknown, Some("2024-SU")),
            ("last spring", Parts { season: Some(0), relation: Some(Last), ..parts() }, Unknown, Some("2023-SP")),
            ("over the summer, past clause", Parts { season: Some(1), ..parts() }, Past, Some("2023-SU")),
            ("the winter, unknown tense (this one began in December)", Parts { season: Some(3), ..parts() }, Unknown, Some("2023-WI")),
            ("the spring, unknown tense (now)", Parts { season: Some(0), ..parts() }, Unknown, Some("2024-SP")),
            ("the summer, future clause", Parts { season: Some(1), ..parts() }, Future, Some("2024-SU")),
            ("the winter, future clause", Parts { season: Some(3), ..parts() }, Future, Some("2024-WI")),
        ];
        for (what, p, tense, want) in rows {
            assert_eq!(normalize(p, anchor(), *tense).as_deref(), *want, "{what}");
        }
        assert_eq!(normalize(&Parts { weekday: Some(1), ..parts() }, None, Past), None, "no anchor");
        let easter_week = Parts { holiday: Some(DayRule::Easter(0)), unit: Some(Unit::Week), ..parts() };
        let in_it = Date::new(2024, 3, 27);
        assert_eq!(normalize(&easter_week, in_it, Past).as_deref(), Some("2024-W13"), "Easter week, published in it");
    }

    #[test]
    fn month_years() {
        use Relation::*;
        use Tense::*;
        let a = anchor().unwrap();
        #[rustfmt::skip]
        type Row = (&'static str, u8, Option<u8>, Option<Relation>, Tense, i32);
        let rows: &[Row] = &[
            ("in November, unknown tense: last year's", 11, None, None, Unknown, 2023),
            ("in May, unknown tense: this year's", 5, None, None, Unknown, 2024),
            ("in May, past clause: last year's", 5, None, None, Past, 2023),
            ("in January, future clause: this year's, just past", 1, None, None, Future, 2024),
            ("in December, future clause", 12, None, None, Future, 2024),
            ("November 3, unknown tense", 11, Some(3), None, Unknown, 2023),
            ("April 2, future clause", 4, Some(2), None, Future, 2024),
            ("November 1, future clause: the coming one", 11, Some(1), None, Future, 2024),
            ("March 10, future clause: four days back", 3, Some(10), None, Future, 2024),
            ("December 20, unknown tense", 12, Some(20), None, Unknown, 2023),
            ("March 10", 3, Some(10), None, Past, 2024),
            ("last March (this month: last year's)", 3, None, Some(Last), Unknown, 2023),
            ("last March 10", 3, Some(10), Some(Last), Unknown, 2024),
            ("last February (the month just ended: last year's)", 2, None, Some(Last), Unknown, 2023),
            ("last January", 1, None, Some(Last), Unknown, 2024),
            ("next February", 2, None, Some(Next), Unknown, 2025),
            ("this June", 6, None, Some(This), Unknown, 2024),
        ];
        for &(what, m, d, r, t, y) in rows {
            assert_eq!(month_year(m, d, a, r, t), y, "{what}");
        }
    }

    #[test]
    fn holidays_fall_on_their_days() {
        let easter_sundays = [(2019, 4, 21), (2024, 3, 31), (2025, 4, 20), (2038, 4, 25)];
        for (y, m, d) in easter_sundays {
            assert_eq!(DayRule::Easter(0).in_year(y), Date::new(y, m, d), "Easter {y}");
        }
        assert_eq!(DayRule::Easter(-2).in_year(2024), Date::new(2024, 3, 29), "Good Friday 2024");
        let thanksgiving = DayRule::NthWeekday { n: 4, weekday: 3, month: 11 };
        assert_eq!(thanksgiving.in_year(2024), Date::new(2024, 11, 28));
        let memorial_day = DayRule::NthWeekday { n: -1, weekday: 0, month: 5 };
        assert_eq!(memorial_day.in_year(2024), Date::new(2024, 5, 27));
        assert_eq!(memorial_day.in_year(2021), Date::new(2021, 5, 31));
        let labor_day = DayRule::NthWeekday { n: 1, weekday: 0, month: 9 };
        assert_eq!(labor_day.in_year(2024), Date::new(2024, 9, 2));
        let election = DayRule::WeekdayAfter { weekday: 1, month: 11, day: 2 };
        assert_eq!(election.in_year(2020), Date::new(2020, 11, 3));
        assert_eq!(election.in_year(2022), Date::new(2022, 11, 8));
    }
}
