//! Command-line flags (clap derive) and their validation into a [`Config`].
//!
//! Two phases, as in ripgrep: [`Args`] holds exactly what the user typed;
//! [`Args::into_config`] resolves defaults and validates, and nothing
//! downstream reads clap types.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use gazette::date::Date;
use gazette::entity::EntityType;
use gazette::input::{InputFormat, InputOptions, Utf8Policy};
use gazette::output::Format;
use gazette::patterns::date::DateOrder;

const AFTER_LONG_HELP: &str = "\
EXAMPLES:
    gazette article.txt | jq .                  one article, pretty-printed
    cat feed.jsonl | gazette --format csv       JSON Lines on stdin, CSV out
    gazette --date 2023-03-14 article.txt       anchor relative dates
    gazette -j 2 --stats archive/               a folder of .txt/.jsonl(.gz) files
    gazette --input jsonl --date-field dct eval.jsonl > pred.jsonl

EXIT STATUS:
    0   every input was processed (also when no entities were found)
    1   some inputs or lines were bad and skipped (each reported on stderr
        as `gazette: PATH[:LINE]: message`); the others were written
    2   usage or fatal error: bad flags, unreadable gazetteer, nothing could run
";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    Auto,
    Text,
    Jsonl,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Jsonl,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    Auto,
    Dmy,
    Mdy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Utf8Arg {
    Error,
    Lossy,
}

/// Find cities, organizations, people, dates and roles in English news.
#[derive(Parser, Debug)]
#[command(name = "gazette", version = version(), about, after_long_help = AFTER_LONG_HELP, max_term_width = 100)]
pub struct Args {
    /// Files or directories to read ('-' for stdin; none: stdin).
    ///
    /// A text file is one article; each line of a .jsonl/.ndjson file and each
    /// row of a .csv file is one article. Directories are read recursively in
    /// sorted order (hidden entries skipped; .txt, .text, .jsonl, .ndjson,
    /// .json and .csv files, optionally gzip- or zstd-compressed). Gzip and
    /// zstd are detected by magic bytes everywhere.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Input format.
    ///
    /// auto: by extension (.jsonl/.ndjson, .json, .csv, else text); on stdin
    /// and for other extensions, JSON Lines when the first non-blank byte is
    /// '{', JSON when it is '['. json: one document, an array of records
    /// (pretty-printed or not) or one record.
    #[arg(long, value_enum, default_value = "auto", help_heading = "Input")]
    pub input: InputArg,

    /// Field holding the article text in JSONL/CSV records.
    #[arg(long, default_value = "text", value_name = "NAME", help_heading = "Input")]
    pub text_field: String,

    /// Field holding the article id in JSONL/CSV records.
    ///
    /// Records without it are named PATH:LINE.
    #[arg(long, default_value = "id", value_name = "NAME", help_heading = "Input")]
    pub id_field: String,

    /// Field holding the publication date in JSONL/CSV records.
    ///
    /// YYYY-MM-DD (an ISO date-time's date is taken as written), "14 March
    /// 2023", "March 14, 2023" or an RFC 2822 date of RSS feeds ("Tue, 14
    /// Mar 2023 09:30:00 +0000").
    #[arg(long, default_value = "date", value_name = "NAME", help_heading = "Input")]
    pub date_field: String,

    /// Reference date for relative dates, for articles whose record has none.
    ///
    /// Without it (and without a date field), gazette looks for a dateline
    /// near the top of each article ("LONDON 1996-08-30").
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Input")]
    pub date: Option<Date>,

    /// Day/month order of numeric dates like 03/04/2023.
    ///
    /// auto: follow unambiguous dates in the same article (25/12/2022), else
    /// the dateline style, else day first.
    #[arg(long, value_enum, default_value = "auto", help_heading = "Input")]
    pub date_order: DateOrderArg,

    /// What to do with invalid UTF-8: report and skip the article, or replace.
    #[arg(long, value_enum, default_value = "error", help_heading = "Input")]
    pub invalid_utf8: Utf8Arg,

    /// Only output these entity types (comma-separated).
    ///
    /// Types: city, country, region, location, organization, person, date, duration, set,
    /// role, nationality, and the types of the --gazetteer files.
    #[arg(long, value_delimiter = ',', value_name = "TYPE,...", value_parser = parse_type, help_heading = "Matching")]
    pub types: Option<Vec<EntityType>>,

    /// Replace the built-in gazetteers with the files of this folder.
    ///
    /// The folder is laid out like gazette's own gazetteers/ (cities.tsv,
    /// countries.tsv, ...); missing files are empty.
    #[arg(long, value_name = "DIR", help_heading = "Matching")]
    pub gazetteer_dir: Option<PathBuf>,

    /// Add a user gazetteer: a .tsv/.txt (tab) or .csv table (repeatable).
    ///
    /// Required columns: name, type (a built-in type or a new one, e.g.
    /// product). Optional: aliases (|-separated), id (output as ref), country,
    /// case (fold, exact or any); other columns are output as attributes.
    /// User entries beat built-in ones for the same words. See the README.
    #[arg(long, value_name = "FILE", help_heading = "Matching")]
    pub gazetteer: Vec<PathBuf>,

    /// Never report these surface forms: one per line, optionally a tab and a type (repeatable).
    ///
    /// Excluded names are dropped after overlaps are settled, so an excluded
    /// "Bank of England" does not leave "England" behind. Several files are
    /// one list.
    #[arg(long, value_name = "FILE", help_heading = "Matching")]
    pub exclude: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "jsonl", help_heading = "Output")]
    pub format: FormatArg,

    /// Write output to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Worker threads (default: all cores; at most 1024).
    #[arg(long, short = 'j', value_name = "N", help_heading = "Performance")]
    pub threads: Option<usize>,

    /// Stop at the first bad input.
    #[arg(long, help_heading = "Diagnostics")]
    pub fail_fast: bool,

    /// Do not print warnings and errors (the exit status still reflects them).
    #[arg(long, short = 'q', help_heading = "Diagnostics")]
    pub quiet: bool,

    /// Print a summary on stderr at the end (articles, bytes, entities, errors, MB/s).
    #[arg(long, help_heading = "Diagnostics")]
    pub stats: bool,

    /// Explain every entity: the ids of the rules that made it and the list
    /// entry it is; and list the candidates rules turned down (JSON output).
    ///
    /// Each entity gets `explain: {"rules": [...], "entry": ...}` and each
    /// record `rejected: [{"start", "end", "text", "type", "rule"}]`; the rule
    /// ids and their reasons are in gazetteers/rules/rules.tsv. Also on with
    /// the environment variable GAZETTE_EXPLAIN=1. Not with --format csv.
    #[arg(long, help_heading = "Diagnostics")]
    pub explain: bool,
}

fn version() -> String {
    format!("{} (gazetteers {})", env!("CARGO_PKG_VERSION"), gazette::GAZETTEER_VERSION)
}

fn parse_date(s: &str) -> Result<Date, String> {
    if let Some(d) = Date::parse_iso(s) {
        return Ok(d);
    }
    // The right shape, but no such day: say why.
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            if !(1..=12).contains(&m) {
                return Err(format!("{s:?} is not a date: there is no month {m}"));
            }
            let days = gazette::date::days_in_month(y as i32, m as u8);
            let month = gazette::date::MONTHS[m as usize - 1];
            let month = month[..1].to_ascii_uppercase() + &month[1..];
            return Err(format!("{s:?} is not a date: {month} {y} has {days} days, not {d}"));
        }
    }
    Err(format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// A built-in type, or a user type to be checked against the --gazetteer
/// files once they are loaded ([`unknown_types`]).
fn parse_type(s: &str) -> Result<EntityType, String> {
    let builtin = gazette::Gazetteers::builtin();
    gazette::gazetteer::user::parse_type(s, Some(builtin.map()))
        .map_err(|e| format!("{e} (expected one of: {})", type_list(&[])))
}

fn type_list(user: &[EntityType]) -> String {
    let custom = user.iter().filter(|t| matches!(t, EntityType::Custom(_)));
    let names: Vec<&str> = gazette::entity::BUILTIN_TYPES.iter().chain(custom).map(|t| t.as_str()).collect();
    names.join(", ")
}

/// An error for the first of `types` that is neither built-in nor in `user`.
pub fn unknown_types(types: &[EntityType], user: &[EntityType]) -> Result<(), String> {
    match types.iter().find(|t| matches!(t, EntityType::Custom(_)) && !user.contains(t)) {
        Some(t) => Err(format!("unknown type {:?} (expected one of: {})", t.as_str(), type_list(user))),
        None => Ok(()),
    }
}

/// The most worker threads `-j` accepts: far more than any machine's
/// cores, few enough that starting them and their queues cannot exhaust
/// the process's threads or memory.
pub const MAX_THREADS: usize = 1024;

/// The validated configuration the run uses.
#[derive(Debug)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub input: InputOptions,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub threads: usize,
    pub fail_fast: bool,
    pub quiet: bool,
    pub stats: bool,
    pub types: Option<Vec<EntityType>>,
    pub date_order: DateOrder,
    pub gazetteer_dir: Option<PathBuf>,
    pub gazetteers: Vec<PathBuf>,
    pub exclude: Vec<PathBuf>,
    pub explain: bool,
}

impl Args {
    /// Resolve defaults and validate.
    pub fn into_config(self) -> Result<Config, String> {
        let threads = match self.threads {
            Some(0) => return Err("--threads must be at least 1".into()),
            Some(n) if n > MAX_THREADS => {
                return Err(format!("--threads {n} is more than gazette runs (at most {MAX_THREADS})"))
            }
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let explain = self.explain || std::env::var_os("GAZETTE_EXPLAIN").is_some_and(|v| v != "0" && !v.is_empty());
        if explain && self.format == FormatArg::Csv {
            return Err("--explain writes JSON: use it with --format jsonl or json".into());
        }
        if self.gazetteer.is_empty() {
            unknown_types(self.types.as_deref().unwrap_or_default(), &[])?;
        }
        Ok(Config {
            paths: self.paths,
            input: InputOptions {
                format: match self.input {
                    InputArg::Auto => InputFormat::Auto,
                    InputArg::Text => InputFormat::Text,
                    InputArg::Jsonl => InputFormat::Jsonl,
                    InputArg::Json => InputFormat::Json,
                    InputArg::Csv => InputFormat::Csv,
                },
                text_field: self.text_field,
                id_field: self.id_field,
                date_field: self.date_field,
                date: self.date,
                invalid_utf8: match self.invalid_utf8 {
                    Utf8Arg::Error => Utf8Policy::Error,
                    Utf8Arg::Lossy => Utf8Policy::Lossy,
                },
            },
            format: match self.format {
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Json => Format::Json,
                FormatArg::Csv => Format::Csv,
            },
            output: self.output,
            threads,
            fail_fast: self.fail_fast,
            quiet: self.quiet,
            stats: self.stats,
            types: self.types,
            date_order: match self.date_order {
                DateOrderArg::Auto => DateOrder::Auto,
                DateOrderArg::Dmy => DateOrder::Dmy,
                DateOrderArg::Mdy => DateOrder::Mdy,
            },
            gazetteer_dir: self.gazetteer_dir,
            gazetteers: self.gazetteer,
            exclude: self.exclude,
            explain,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let mut v = vec!["gazette"];
        v.extend_from_slice(args);
        Args::try_parse_from(v).map_err(|e| e.to_string())?.into_config()
    }

    #[test]
    fn defaults() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.format, Format::Jsonl);
        assert_eq!(c.input.format, InputFormat::Auto);
        assert_eq!(c.input.text_field, "text");
        assert_eq!(c.input.date_field, "date");
        assert!(c.threads >= 1);
    }

    #[test]
    fn validation() {
        assert!(parse(&["--threads", "0"]).is_err());
        assert!(parse(&["--date", "14/03/2023"]).is_err());
        assert_eq!(parse(&["--date", "2023-03-14"]).unwrap().input.date, Date::new(2023, 3, 14));
        assert!(parse(&["--types", "city,persn"]).unwrap_err().contains("did you mean \"person\""));
        assert!(parse(&["--types", "planet"]).unwrap_err().contains("unknown type \"planet\""));
        let c = parse(&["--types", "planet", "--gazetteer", "g.tsv"]).unwrap();
        assert_eq!(c.types.unwrap(), vec![EntityType::Custom("planet".into())]);
        assert_eq!(
            parse(&["--types", "city,person"]).unwrap().types.unwrap(),
            vec![EntityType::City, EntityType::Person]
        );
        assert_eq!(parse(&["--format", "csv"]).unwrap().format, Format::Csv);
        let c = parse(&["--exclude", "a.txt", "--exclude", "b.txt"]).unwrap();
        assert_eq!(c.exclude, [PathBuf::from("a.txt"), PathBuf::from("b.txt")]);
    }
}
