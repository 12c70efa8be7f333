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
    /// Entities by type (keyed by type, not name: counting allocates nothing).
    pub entities: BTreeMap<EntityType, usize>,
}

impl Stats {
    /// Count one written record of `bytes` input bytes.
    pub fn add<'a>(&mut self, entities: impl IntoIterator<Item = &'a Resolved>, bytes: usize) {
        self.articles += 1;
        self.bytes += bytes;
        for e in entities {
            self.mentions += e.mentions.len();
            match self.entities.get_mut(&e.ty) {
                Some(n) => *n += 1,
                None => {
                    self.entities.insert(e.ty.clone(), 1);
                }
            }
        }
    }

    /// Add the counts of `other` (a batch counted on a worker thread).
    pub fn merge(&mut self, other: Stats) {
        self.articles += other.articles;
        self.bytes += other.bytes;
        self.mentions += other.mentions;
        for (ty, n) in other.entities {
            *self.entities.entry(ty).or_default() += n;
        }
    }

    /// The one-line summary printed by `--stats`.
    pub fn summary(&self, errors: usize, warnings: usize, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let total: usize = self.entities.values().sum();
        // By name, as they read.
        let mut ents: Vec<String> = self.entities.iter().map(|(k, v)| format!("{k} {v}")).collect();
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
