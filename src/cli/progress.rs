//! Run statistics (`--stats`) and the progress line on stderr.
//!
//! The progress line (feature `progress`, indicatif) is drawn only when
//! stderr is a terminal and `--quiet` is not given; otherwise it costs
//! nothing. It shows articles, input bytes, articles/s and MB/s, redrawn at
//! most a few times a second.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use gazette::entity::{EntityType, Resolved};

/// What was read and found, for the `--stats` summary.
#[derive(Default)]
pub struct Stats {
    pub articles: usize,
    pub bytes: usize,
    pub mentions: usize,
    /// Entities of each built-in type, in the order of
    /// [`EntityType::BUILTIN`]: counted without a map (a map made, filled
    /// and merged for every article cost more than its reading).
    builtin: [usize; EntityType::BUILTIN.len()],
    /// Entities of the user gazetteers' types, by type.
    custom: BTreeMap<EntityType, usize>,
}

impl Stats {
    /// Count one written record of `bytes` input bytes.
    pub fn add<'a>(&mut self, entities: impl IntoIterator<Item = &'a Resolved>, bytes: usize) {
        self.articles += 1;
        self.bytes += bytes;
        for e in entities {
            self.mentions += e.mentions.len();
            let k = match e.ty {
                EntityType::City => 0,
                EntityType::Country => 1,
                EntityType::Region => 2,
                EntityType::Organization => 3,
                EntityType::Person => 4,
                EntityType::Date => 5,
                EntityType::Duration => 6,
                EntityType::Set => 7,
                EntityType::Time => 8,
                EntityType::Role => 9,
                EntityType::Nationality => 10,
                EntityType::Location => 11,
                EntityType::Custom(_) => {
                    *self.custom.entry(e.ty.clone()).or_default() += 1;
                    continue;
                }
            };
            debug_assert_eq!(EntityType::BUILTIN[k], e.ty);
            self.builtin[k] += 1;
        }
    }

    /// Add the counts of `other` (a batch counted on a worker thread).
    pub fn merge(&mut self, other: Stats) {
        self.articles += other.articles;
        self.bytes += other.bytes;
        self.mentions += other.mentions;
        for (n, m) in self.builtin.iter_mut().zip(other.builtin) {
            *n += m;
        }
        for (ty, n) in other.custom {
            *self.custom.entry(ty).or_default() += n;
        }
    }

    /// The number of entities of each type found.
    pub fn entities(&self) -> impl Iterator<Item = (&EntityType, usize)> {
        let builtin = EntityType::BUILTIN.iter().zip(self.builtin).filter(|&(_, n)| n > 0);
        builtin.chain(self.custom.iter().map(|(ty, &n)| (ty, n)))
    }

    /// The one-line summary printed by `--stats`.
    pub fn summary(&self, errors: usize, warnings: usize, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let total: usize = self.entities().map(|(_, n)| n).sum();
        // By name, as they read.
        let mut ents: Vec<String> = self.entities().map(|(k, v)| format!("{k} {v}")).collect();
        ents.sort();
        let n = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "gazette: {}, {} ({:.1} MB), {}, {}; {} ({}), {}; {:.3} s, {:.0} articles/s, {:.1} MB/s",
            n(self.articles, "article", "articles"),
            n(self.bytes, "byte", "bytes"),
            self.bytes as f64 / 1e6,
            n(errors, "error", "errors"),
            n(warnings, "warning", "warnings"),
            n(total, "entity", "entities"),
            if ents.is_empty() { "none".to_owned() } else { ents.join(", ") },
            n(self.mentions, "mention", "mentions"),
            secs,
            self.articles as f64 / secs,
            self.bytes as f64 / 1e6 / secs,
        )
    }
}

/// The progress line; a no-op unless enabled.
pub struct Progress {
    #[cfg(feature = "progress")]
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    next_draw: Instant,
}

/// Time between two redraws.
#[cfg(feature = "progress")]
const EVERY: Duration = Duration::from_millis(200);

impl Progress {
    /// A progress line if `wanted` (stderr is a terminal, not `--quiet`) and
    /// the `progress` feature is on.
    pub fn new(wanted: bool) -> Progress {
        let now = Instant::now();
        #[cfg(feature = "progress")]
        let bar = wanted.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar
        });
        #[cfg(not(feature = "progress"))]
        let _ = wanted;
        Progress {
            #[cfg(feature = "progress")]
            bar,
            started: now,
            next_draw: now,
        }
    }

    /// Show the totals so far (cheap: redraws at most every 200 ms).
    pub fn update(&mut self, stats: &Stats) {
        #[cfg(feature = "progress")]
        if let Some(bar) = &self.bar {
            let now = Instant::now();
            if now < self.next_draw {
                return;
            }
            self.next_draw = now + EVERY;
            let secs = (now - self.started).as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} articles, {:.1} MB, {:.0} articles/s, {:.1} MB/s",
                stats.articles,
                stats.bytes as f64 / 1e6,
                stats.articles as f64 / secs,
                stats.bytes as f64 / 1e6 / secs
            ));
            bar.tick();
        }
        #[cfg(not(feature = "progress"))]
        let _ = (stats, self.started, self.next_draw);
    }

    /// Erase the line.
    pub fn finish(&self) {
        #[cfg(feature = "progress")]
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(ty: EntityType, mentions: usize) -> Resolved {
        Resolved {
            ty,
            name: "x".into(),
            key: "x".into(),
            attrs: Default::default(),
            mentions: vec![gazette::span::Span::new(0, 1); mentions],
            role: None,
            roles: Vec::new(),
            rules: Default::default(),
        }
    }

    #[test]
    fn counts_built_in_and_user_types_by_name() {
        let venue = EntityType::Custom("venue".into());
        let mut a = Stats::default();
        a.add(&[entity(EntityType::Person, 2), entity(venue.clone(), 1), entity(EntityType::City, 1)], 10);
        let mut b = Stats::default();
        b.add(&[entity(EntityType::Person, 1), entity(venue, 3), entity(EntityType::Location, 1)], 5);
        a.merge(b);
        let mut all = Stats::default();
        all.merge(a);
        let line = all.summary(0, 0, Duration::from_secs(1));
        assert!(
            line.contains("2 articles, 15 bytes")
                && line.contains("6 entities (city 1, location 1, person 2, venue 2), 9 mentions"),
            "{line}"
        );
        for t in EntityType::BUILTIN {
            let mut s = Stats::default();
            s.add(&[entity(t.clone(), 1)], 1);
            assert_eq!(s.entities().collect::<Vec<_>>(), [(&t, 1)]);
        }
        assert!(Stats::default().summary(0, 0, Duration::from_secs(1)).contains("0 entities (none)"));
    }
}
