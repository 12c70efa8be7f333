//! Lengths of time as news writes them beyond a plural count of calendar
//! units: clock time ("five hours", "a 14-hour drive", "half an hour",
//! "an hour and a half"), a number before a singular unit used as an
//! adjective ("a ten year high", "a four hour session"), "-long"
//! adjectives ("an hour-long meeting", "a year-long inquiry"), halves
//! ("3 1/2 hours", "three and a half years") and the bounds a count carries
//! ("more than six hours", "at least 48 hours").

use super::normalize::{duration, duration_and_a_half, Unit};
use super::{
    cardinal_word, cue, lower, next_tok, number_word, prev_tok, push_duration, push_timex, word_cues_in, Cand, Tok,
    UnitCx,
};
use crate::rules::Rule;

/// A clock unit ("hours", "minute"): a duration when a count, "a"/"an",
/// "half" or "-long" goes with it. Always the clock unit's last rule.
pub(super) fn clock(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) {
    let UnitCx { t, u, plural, prev, next, hy_before, .. } = cx;
    // "Nine Minutes", "Happy Hour": a capitalised clock word is a name.
    if t.capitalized(b) || cx.hy_after && long_adjective(b, cx, cands) {
        return;
    }
    // "two hours ago" is a time of the day the text does not give.
    if next.is_some_and(|n| n.is(b, "ago")) {
        return;
    }
    if hy_before {
        // "a 14-hour drive", "a two-hour hearing", "a half-hour show"
        let Some(p) = prev_tok(b, t.s - 1).filter(|p| p.e == t.s - 1) else { return };
        if p.is(b, "half") {
            push_timex(cands, Rule::DateClockLength, super::TimexType::Duration, p.s, t.e, duration_and_a_half(0, u));
        } else if count(b, p).is_some() {
            push_duration(cands, b, p.s, t, Some(u));
        }
        return;
    }
    let Some(p) = prev else { return };
    if plural {
        // "five hours", "90 minutes", "a few minutes", "two more hours",
        // "3 1/2 hours"; not "minutes apart", nor "24 hours a day" (a rate).
        let c = if p.cue(b, cue::COUNT_FILLER) { prev_tok(b, p.s) } else { Some(p) };
        let counted = c.is_some_and(|c| {
            count(b, c).is_some_and(|n| n != 1 || c.is_num(b))
                || c.cue(b, cue::COUNT_WORD)
                || c.is(b, "of") && prev_tok(b, c.s).is_some_and(|d| d.cue(b, cue::OF_COUNT))
        });
        let rate = next.is_some_and(|n| n.cue(b, cue::ARTICLE) || n.is(b, "per"))
            && next.and_then(|n| next_tok(b, n.e)).is_some_and(|w| super::is_unit_word(b, w));
        if counted && !rate {
            push_duration(cands, b, count_start(b, p), t, Some(u));
        } else if !rate && (p.cue(b, cue::BACK) || p.is(b, "next") || p.is(b, "first")) {
            // "the first hours of the strike", "in the past hours"
            let start = prev_tok(b, p.s).filter(|d| d.is(b, "the")).map_or(p.s, |d| d.s);
            push_duration(cands, b, start, t, Some(u));
        }
        return;
    }
    if p.cue(b, cue::ARTICLE) || p.is(b, "one") {
        // "half an hour"
        let pp = prev_tok(b, p.s);
        if let Some(h) = pp.filter(|h| h.is(b, "half") && !p.is(b, "one")) {
            push_length(cands, b, h.s, t.e, duration_and_a_half(0, u));
            return;
        }
        // "$15 an hour", "60 miles an hour", "twice a minute": a rate.
        if pp.is_some_and(|q| rate_before(b, q)) {
            return;
        }
        // "an hour and a half"
        match and_a_half_after(b, t.e) {
            Some(end) => push_length(cands, b, p.s, end, duration_and_a_half(1, u)),
            None => push_length(cands, b, p.s, t.e, duration(Some("1"), u)),
        }
    } else if p.is(b, "half") {
        // "a half hour"
        let start = prev_tok(b, p.s).filter(|a| a.is(b, "a")).map_or(p.s, |a| a.s);
        push_length(cands, b, start, t.e, duration_and_a_half(0, u));
    } else if count(b, p).is_some() {
        // "a four hour session", "the 24 hour strike"
        push_duration(cands, b, p.s, t, Some(u));
    }
}

/// A count before a unit: digits (not four of them, "1800 hours" is a
/// clock time) or a number word ("three").
fn count(b: &[u8], t: Tok) -> Option<u32> {
    if t.is_num(b) {
        return t.num(b).filter(|_| t.e - t.s != 4);
    }
    super::spelled_count(b, t).map(|(_, n)| n)
}

/// Where a plural clock length starts: its count ("twenty-four hours"), or
/// "a" before "few" or "couple of" ("a few minutes", "a couple of hours"),
/// with "the past", "the next" before them.
fn count_start(b: &[u8], p: Tok) -> usize {
    let mut s = super::spelled_count(b, p).map_or(p.s, |(s, _)| s);
    let mut q = p;
    if q.cue(b, cue::COUNT_FILLER) {
        if let Some(c) = prev_tok(b, q.s) {
            s = c.s;
            q = c;
        }
    }
    if q.is(b, "of") {
        if let Some(c) = prev_tok(b, q.s) {
            s = c.s;
            q = c;
        }
    }
    if q.cue(b, cue::OF_COUNT) || q.is(b, "few") {
        if let Some(a) = prev_tok(b, q.s).filter(|a| a.is(b, "a")) {
            s = a.s;
        }
    }
    // "the past 24 hours", "the next 48 hours", as "the past three days"
    let Some(last) = prev_tok(b, s).filter(|w| w.cue(b, cue::BACK | cue::AHEAD)) else { return s };

    prev_tok(b, last.s).filter(|the| the.is(b, "the")).map_or(s, |the| the.s)
}

/// True if `q`, the word before "a"/"an" and a unit, makes it a rate: a
/// number or an amount ("$15 an hour", "60 miles an hour", "700 seats a
/// week") or a frequency ("twice a day").
fn rate_before(b: &[u8], q: Tok) -> bool {
    q.is_num(b)
        || q.is_byte(b, b'%')
        || number_word(b, q).is_some()
        || q.cue(b, cue::FREQUENCY | cue::QUANTITY)
        || q.is_word(b) && prev_tok(b, q.s).is_some_and(|n| n.is_num(b) || cardinal_word(b, n).is_some())
}

/// The end of "and a half" right after `end` ("an hour and a half").
fn and_a_half_after(b: &[u8], end: usize) -> Option<usize> {
    let and = next_tok(b, end).filter(|w| w.is(b, "and"))?;
    let a = next_tok(b, and.e).filter(|w| w.is(b, "a"))?;
    next_tok(b, a.e).filter(|w| w.is(b, "half")).map(|h| h.e)
}

/// A whole number and a half before the unit word `unit` ("3 1/2 hours",
/// "three and a half years"): where the whole number starts, and it.
pub(super) fn half_before(b: &[u8], unit: Tok) -> Option<(usize, u32)> {
    let p = prev_tok(b, unit.s)?;
    let whole = if p.is(b, "half") {
        let a = prev_tok(b, p.s).filter(|a| a.is(b, "a"))?;
        let and = prev_tok(b, a.s).filter(|w| w.is(b, "and"))?;
        prev_tok(b, and.s)?
    } else if p.is(b, "2") {
        let slash = prev_tok(b, p.s).filter(|w| w.e == p.s && w.is_byte(b, b'/'))?;
        let one = prev_tok(b, slash.s).filter(|w| w.e == slash.s && w.is(b, "1"))?;
        prev_tok(b, one.s).filter(|w| w.e < one.s)?
    } else {
        return None;
    };
    count(b, whole).map(|n| (whole.s, n))
}

/// A clock length from `s` to `e` (value given), its start moved left
/// over the bound it carries ("nearly an hour", "less than one hour").
fn push_length(cands: &mut Vec<Cand>, b: &[u8], s: usize, e: usize, value: String) {
    push_timex(cands, Rule::DateClockLength, super::TimexType::Duration, bound_start(b, s), e, value);
}

/// The start of the bound before a count starting at `s`: "more than",
/// "less than", "no more than", "at least", "at most", "up to", or an
/// approximator ("nearly", "about", "over"); `s` when none. A word of focus
/// before it stays out, as annotated news leaves it: "only", "just",
/// "barely" ("just over an hour" is "over an hour").
pub(super) fn bound_start(b: &[u8], s: usize) -> usize {
    let Some(p) = prev_tok(b, s) else { return s };
    let mut buf = [0u8; 20];
    let before = |first: &str| prev_tok(b, p.s).filter(|q| q.is(b, first));
    match lower(b, p, &mut buf) {
        b"than" => match prev_tok(b, p.s).filter(|q| q.cue(b, cue::COMPARATIVE)) {
            // "no more than sixty days"
            Some(q) => prev_tok(b, q.s).filter(|n| n.is(b, "no")).map_or(q.s, |n| n.s),
            None => s,
        },
        b"least" | b"most" => before("at").map_or(s, |q| q.s),
        b"to" => before("up").map_or(s, |q| q.s),
        w if word_cues_in(w, cue::APPROXIMATOR) != 0 => p.s,
        _ => s,
    }
}

/// True if the word at `s` is a count: digits or a number word.
pub(super) fn starts_with_count(b: &[u8], s: usize) -> bool {
    if b[s].is_ascii_digit() {
        return true;
    }
    let mut e = s;
    while e < b.len() && b[e].is_ascii_alphabetic() {
        e += 1;
    }
    e > s && cardinal_word(b, Tok { s, e }).is_some()
}

/// "hour-long", "a year-long inquiry", "decades-long": a unit and "-long"
/// before a noun is a length: one unit (`PT1H`, `P1Y`), or an unstated
/// number of them when plural (`PXDE`).
pub(super) fn long_adjective(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) -> bool {
    let UnitCx { t, u, plural, hy_after, hy_before, .. } = cx;
    if !hy_after || hy_before {
        return false;
    }
    let Some(long) = next_tok(b, t.e + 1).filter(|l| l.s == t.e + 1 && l.is(b, "long")) else { return false };
    let rule = if matches!(u, Unit::Hour | Unit::Minute) { Rule::DateClockLength } else { Rule::DateDuration };
    let value = duration((!plural).then_some("1"), u);
    push_timex(cands, rule, super::TimexType::Duration, t.s, long.e, value);
    true
}

/// "the year ended May 31", "the fiscal year ending in September": a
/// reporting year named by its last day is twelve months, a duration.
pub(super) fn year_ended(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) -> bool {
    let UnitCx { t, prev, next, .. } = cx;
    let (Some(p), Some(n)) = (prev, next) else { return false };
    if !n.cue(b, cue::ENDED) {
        return false;
    }
    let the = if p.is(b, "fiscal") { prev_tok(b, p.s) } else { Some(p) };
    let Some(the) = the.filter(|d| d.is(b, "the")) else { return false };
    push_timex(cands, Rule::DateYearEnded, super::TimexType::Duration, the.s, t.e, duration(Some("1"), Unit::Year));
    true
}

/// "a ten year high", "a two day strike": a number of two or more before
/// a singular calendar unit, with no hyphen, is an adjective of length.
pub(super) fn number_adjective(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) -> bool {
    let UnitCx { t, u, plural, prev, next, hy_before, hy_after, is_period, .. } = cx;
    if plural || hy_before || hy_after || is_period || matches!(u, Unit::Half | Unit::Weekend) {
        return false;
    }
    // a noun follows ("a ten year high"), not a clause ("3 day after day")
    let Some(n) = next.filter(|n| n.is_word(b)) else { return false };
    let Some(p) = prev.filter(|p| count(b, *p).is_some_and(|n| n >= 2)) else { return false };
    if n.cue(b, cue::COUNT_AFTER | cue::CONJUNCTION) || n.is(b, "after") {
        return false;
    }
    // "March 3 year": a day of a month is no count
    if prev_tok(b, p.s).is_some_and(|m| super::month_of_word(b, m).is_some()) {
        return false;
    }
    push_duration(cands, b, p.s, t, Some(u));
    true
}

/// "within a week", "for a month", "an additional year": one calendar
/// unit after "a", "an" or "one" is a length of one unit, unless an
/// amount or a frequency makes it a rate ("$2 million a year", "three
/// buses a week", "twice a day") or "one day" is the adverb ("will one
/// day lead").
pub(super) fn one_unit(b: &[u8], cx: UnitCx, cands: &mut Vec<Cand>) -> bool {
    let UnitCx { t, u, plural, prev, hy_before, hy_after, is_period, .. } = cx;
    if plural || hy_before || hy_after || is_period || matches!(u, Unit::Quarter | Unit::Half | Unit::Weekend) {
        return false;
    }
    let Some(mut p) = prev else { return false };
    // "an additional year", "a full week"
    if p.cue(b, cue::COUNT_FILLER) {
        match prev_tok(b, p.s) {
            Some(q) => p = q,
            None => return false,
        }
    }
    if !(p.cue(b, cue::ARTICLE) || p.is(b, "one")) {
        return false;
    }
    let pp = prev_tok(b, p.s);
    // "a week or so ago" counts back from the publication date
    let or_so =
        next_tok(b, t.e).filter(|o| o.is(b, "or")).and_then(|o| next_tok(b, o.e)).is_some_and(|w| w.is(b, "so"));
    if or_so
        || pp.is_some_and(|q| rate_before(b, q) || q.is(b, "not"))
        || p.is(b, "one") && u == Unit::Day && !pp.is_some_and(|q| q.cue(b, cue::PERIOD_PREPOSITION))
    {
        return false;
    }
    push_timex(cands, Rule::DateDuration, super::TimexType::Duration, bound_start(b, p.s), t.e, duration(Some("1"), u));
    true
}

#[cfg(test)]
mod tests {
    use super::super::{DateFinder, TimexType};

    fn durations(text: &str) -> Vec<(String, String)> {
        let f = DateFinder::new();
        f.find(text, crate::date::Date::new(2024, 3, 14))
            .into_iter()
            .filter(|m| m.kind == TimexType::Duration)
            .map(|m| (text[m.start..m.end].to_string(), m.value.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn lengths_of_clock_time() {
        for (text, span, value) in [
            ("The crew worked five hours on the pump.", "five hours", "PT5H"),
            ("After a 14-hour drive, the convoy reached the border.", "14-hour", "PT14H"),
            ("The hearing lasted 90 minutes.", "90 minutes", "PT90M"),
            ("The ferry was delayed by half an hour.", "half an hour", "PT30M"),
            ("The mayor spoke for almost an hour.", "almost an hour", "PT1H"),
            ("The jury was out for an hour and a half.", "an hour and a half", "PT1H30M"),
            ("The board sat through a four hour session.", "four hour", "PT4H"),
            ("Crews need at least 48 hours to clear the road.", "at least 48 hours", "PT48H"),
            ("The rescue took 3 1/2 hours.", "3 1/2 hours", "PT3H30M"),
            ("The council held an hour-long debate.", "hour-long", "PT1H"),
            ("Police left a few minutes later.", "a few minutes", "PTXM"),
            ("He stayed less than one minute.", "less than one minute", "PT1M"),
            ("The union called a two day strike.", "two day", "P2D"),
            ("Crews searched through the first hours of the night.", "the first hours", "PTXH"),
            ("The fund closed within five trading days.", "five trading days", "P5D"),
            ("The inquiry ended a year-long wait.", "year-long", "P1Y"),
            ("The lease runs three and a half years.", "three and a half years", "P3Y6M"),
            ("The mine will stay shut for at least 15 more years.", "at least 15 more years", "P15Y"),
        ] {
            assert_eq!(durations(text), [(span.to_string(), value.to_string())], "{text}");
        }
    }

    #[test]
    fn no_lengths_of_clock_time() {
        for text in [
            "Cleaners earn $15 an hour.",
            "The car hit 90 miles an hour.",
            "Her film, Nine Minutes, opens in June.",
            "The pharmacy is open 12 hours a day.",
            "The sirens sounded minutes after the blast.",
            "The patrol left at 1800 hours.",
            "The clock struck the hour.",
        ] {
            assert_eq!(durations(text), [] as [(String, String); 0], "{text}");
        }
    }
}
