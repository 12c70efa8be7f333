//! A small proleptic-Gregorian civil date type (no time zone, no time of day).

use std::fmt;

/// A validated calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2023.
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
}

include!(concat!(env!("OUT_DIR"), "/calendar.rs"));

/// True for Gregorian leap years.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1..=12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if is_leap_year(year) {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

impl Date {
    /// A date, if `month` and `day` are valid for `year`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-9999..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T...` (an ISO 8601 time part).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 {
            return None;
        }
        if b.len() > 10 && b[10] != b'T' && b[10] != b't' && b[10] != b' ' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let mut v = 0u32;
            for &c in &b[r] {
                if !c.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + (c - b'0') as u32;
            }
            Some(v)
        };
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = digits(0..4)? as i32;
        let m = digits(5..7)? as u8;
        let d = digits(8..10)? as u8;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `z` days after 1970-01-01.
    pub fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date { year: (y + if m <= 2 { 1 } else { 0 }) as i32, month: m, day: d }
    }

    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as u8
    }

    /// The date `n` days later (earlier if negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// The same day `n` months later (clamped to the month's last day).
    pub fn add_months(self, n: i32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + n;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// ISO 8601 week-numbering year and week (1..=53).
    pub fn iso_week(self) -> (i32, u8) {
        let wd = self.weekday() as i64; // Monday = 0
        let thursday = self.add_days(3 - wd);
        let jan1 = Date { year: thursday.year, month: 1, day: 1 };
        let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
        (thursday.year, week as u8)
    }

    /// Quarter 1..=4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }
}

impl Date {
    /// `YYYY-MM-DD` (ISO 8601), as [`fmt::Display`] writes it; years 0-9999
    /// without the formatting machinery (dates are made by the thousand).
    pub fn iso(self) -> String {
        let mut s = year_month(self.year, self.month);
        s.push('-');
        push_two_digits(&mut s, self.day);
        s
    }
}

/// `YYYY-MM` (the year zero-padded to four digits, as `{:04}` pads it).
pub(crate) fn year_month(year: i32, month: u8) -> String {
    let mut s = String::with_capacity(10);
    if (0..=9999).contains(&year) {
        let y = year as u32;
        s.extend([y / 1000, y / 100 % 10, y / 10 % 10, y % 10].map(|d| char::from(b'0' + d as u8)));
    } else {
        s = format!("{year:04}");
    }
    s.push('-');
    push_two_digits(&mut s, month);
    s
}

/// Push `n` zero-padded to two digits, as `{:02}` writes it.
fn push_two_digits(s: &mut String, n: u8) {
    if n >= 100 {
        s.push_str(&n.to_string());
        return;
    }
    s.push(char::from(b'0' + n / 10));
    s.push(char::from(b'0' + n % 10));
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_is_the_padded_format() {
        for (y, m, d) in
            [(2023, 3, 14), (1, 1, 1), (999, 12, 31), (9999, 12, 31), (10000, 1, 2), (-5, 6, 7), (2023, 123, 200)]
        {
            let date = Date { year: y, month: m, day: d };
            assert_eq!(date.iso(), format!("{y:04}-{m:02}-{d:02}"));
            assert_eq!(date.to_string(), date.iso());
            assert_eq!(year_month(y, m), format!("{y:04}-{m:02}"));
        }
    }
}
