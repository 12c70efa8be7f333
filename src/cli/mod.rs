//! The `gazette` binary's glue: flags → config → read → extract (in
//! parallel, order-preserving) → write, and the exit status policy.

mod args;
mod messages;
mod outfile;
mod progress;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;

use gazette::error::ErrorKind;
use gazette::gazetteer::user::{Exclusions, UserGazetteer};
use gazette::input::{self, Item, Reader, Source};
use gazette::output::{self, Encoder};
use gazette::{Article, Extractor, Gazetteers, Options};

use args::{Args, Config};
use messages::Messages;
use outfile::OutFile;
use progress::{Progress, Stats};

/// A worker is handed articles a batch at a time: the batch closes at
/// `BATCH_BYTES` of input or `BATCH` articles, whichever comes first.
/// Each batch costs a few thread wake-ups (futex calls, context
/// switches); batches of 16 articles cost two threads 1.3 s of system
/// time on 1 GB, batches of 128 KB a tenth of that.
const BATCH: usize = 1024;
/// See [`BATCH`].
const BATCH_BYTES: usize = 128 << 10;

/// Run the CLI; returns the process exit status.
pub fn run() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let config = match args.into_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gazette: {e}");
            return ExitCode::from(2);
        }
    };
    match run_config(config) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("gazette: {}", fatal_message(&e));
            ExitCode::from(2)
        }
    }
}

/// The causes of a fatal error joined by ": ", I/O errors without their
/// "(os error N)", a cause that only repeats the message before it left
/// out.
fn fatal_message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = match cause.downcast_ref::<io::Error>() {
            Some(io) => input::io_message(io),
            None => cause.to_string(),
        };
        let plain = input::io_message(&io::Error::other(text.clone()));
        if out.to_lowercase().ends_with(&plain.to_lowercase()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

fn run_config(config: Config) -> anyhow::Result<u8> {
    use anyhow::Context;
    let msgs = Messages::new(config.quiet);
    let gazetteers = match &config.gazetteer_dir {
        Some(dir) => {
            check_gazetteer_dir(dir)?;
            Gazetteers::from_dir(dir).with_context(|| format!("loading gazetteers from {}", dir.display()))?
        }
        None => Gazetteers::builtin(),
    };
    let (user, exclude) = load_user_lists(&config, &gazetteers)?;
    let extractor = Extractor::new(
        gazetteers,
        Options { types: config.types.clone(), date_order: config.date_order, user, exclude, explain: config.explain },
    );

    let sources = if config.paths.is_empty() {
        if io::stdin().is_terminal() {
            anyhow::bail!("no input: give a PATH, or pipe articles to stdin (see --help)");
        }
        vec![Source::Stdin]
    } else {
        let (sources, errors) = input::expand(&config.paths);
        for (path, e) in errors {
            msgs.error(&path, &e);
        }
        sources
    };

    let (out_file, out): (Option<OutFile>, Box<dyn Write + Send>) = match &config.output {
        Some(p) => {
            let (o, f) = OutFile::create(p, &sources)?;
            (Some(o), Box::new(f))
        }
        None => (None, Box::new(io::stdout())),
    };
    // A live stream (a pipe, a terminal, a FIFO, a socket) gets each
    // record as soon as it and those before it are done; files get big
    // buffered writes.
    let live_input = sources.iter().any(|s| match s {
        Source::Stdin => !outfile::stdin_is_file(),
        Source::Path(p) => std::fs::metadata(p).is_ok_and(|m| !m.is_file()),
    });
    let live_output = match &out_file {
        Some(o) => !o.is_file(),
        None => !outfile::stdout_is_file(),
    };
    // Flushed after every record from a live input (the next may be long
    // in coming); to a live output from files, at most every
    // `OUTPUT_FLUSH` (a write per record would cost a third more CPU
    // with `-j 1`).
    let mut last_flush = Instant::now();
    let mut writer = output::writer(config.format, io::BufWriter::with_capacity(1 << 16, out));
    let started = Instant::now();
    let mut stats = Stats::default();
    let mut progress = Progress::new(!config.quiet && io::stderr().is_terminal());

    let reader = Reader::new(sources, config.input.clone());
    let stop = AtomicBool::new(false);
    let mut write = |(encoded, partial): (&[u8], Stats)| -> io::Result<()> {
        stats.merge(partial);
        writer.write_encoded(encoded)?;
        progress.update(&stats);
        if live_input || live_output && last_flush.elapsed() >= OUTPUT_FLUSH {
            writer.flush()?;
            last_flush = Instant::now();
        }
        Ok(())
    };
    let on_item = |item: Item| -> Option<(Article, usize)> {
        match item {
            Item::Article(a, n) => Some((a, n)),
            Item::Error(e) => {
                if e.skipped {
                    msgs.error(&e.location, &e.message);
                    if config.fail_fast {
                        stop.store(true, Ordering::Relaxed);
                    }
                } else {
                    msgs.warn(&e.location, &e.message);
                }
                None
            }
        }
    };

    let encoder = Encoder::new(config.format);
    if config.threads <= 1 {
        let mut bytes = Vec::with_capacity(1 << 16);
        for item in reader {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if let Some((a, n)) = on_item(item) {
                bytes.clear();
                let mut partial = Stats::default();
                encode(&extractor, encoder, &a, n, &mut partial, &mut bytes)?;
                write((&bytes, partial))?;
            }
        }
    } else {
        let items = if live_input { Items::live(reader) } else { Items::Read(reader) };
        parallel(items, &extractor, encoder, config.threads, &stop, on_item, &mut write)?;
    }
    let finished = writer.finish();
    progress.finish();
    finished?;
    drop(writer);
    if let Some(o) = out_file {
        o.commit()?;
    }
    if config.stats {
        eprintln!("{}", stats.summary(msgs.errors(), msgs.warnings(), started.elapsed()));
    }
    if !config.paths.is_empty() && stats.articles == 0 && msgs.errors() == 0 {
        msgs.warn_run("no articles were read (no matching files?)");
    }
    // The process ends here: freeing a big user gazetteer entry by entry
    // would only add to the run time (tens of ms for 100,000 entries).
    std::mem::forget(extractor);
    Ok(if msgs.errors() > 0 { 1 } else { 0 })
}

/// `--gazetteer-dir DIR` must be a folder holding at least one of the
/// gazetteer files (a typo must not silently run without places).
fn check_gazetteer_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    let m = std::fs::metadata(dir)
        .map_err(|e| anyhow::anyhow!("--gazetteer-dir {}: {}", dir.display(), input::io_message(&e)))?;
    if !m.is_dir() {
        anyhow::bail!("--gazetteer-dir {}: not a directory", dir.display());
    }
    let files = gazette::gazetteer::compile::FILES;
    if !files.iter().any(|(name, _)| dir.join(name).exists()) {
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        anyhow::bail!("--gazetteer-dir {}: holds none of the gazetteer files ({})", dir.display(), names.join(", "));
    }
    Ok(())
}

/// Load `--gazetteer` and `--exclude` files and check `--types` against
/// them; errors read `FILE:LINE: message`.
#[allow(clippy::type_complexity)]
fn load_user_lists(
    config: &Config,
    base: &Gazetteers,
) -> anyhow::Result<(Option<Arc<UserGazetteer>>, Option<Arc<Exclusions>>)> {
    fn plain(e: gazette::Error) -> anyhow::Error {
        match e.kind() {
            ErrorKind::Gazetteer { file, line: 0, message } => anyhow::anyhow!("{file}: {message}"),
            ErrorKind::Gazetteer { file, line, message } => anyhow::anyhow!("{file}:{line}: {message}"),
            _ => anyhow::anyhow!("{e}"),
        }
    }
    let user = match config.gazetteers.as_slice() {
        [] => None,
        paths => Some(UserGazetteer::load(paths, base).map_err(plain)?),
    };
    let user_types = user.as_ref().map_or(&[][..], |u| u.types());
    args::unknown_types(config.types.as_deref().unwrap_or_default(), user_types).map_err(anyhow::Error::msg)?;
    let exclude = match config.exclude.as_slice() {
        [] => None,
        paths => Some(Arc::new(Exclusions::load(paths, user_types, base).map_err(plain)?)),
    };
    Ok((user.map(Arc::new), exclude))
}

/// Extract one article of `bytes` input bytes, count what was found in
/// `stats` and append its encoding to `out`.
fn encode(
    extractor: &Extractor,
    encoder: Encoder,
    article: &Article,
    bytes: usize,
    stats: &mut Stats,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let x = extractor.analyze(article);
    let written = (0..x.entities.len()).filter(|&i| output::is_written(&x.entities, &x.shown, i));
    stats.add(written.map(|i| &x.entities[i]), bytes);
    encoder.encode_extraction(article, &x, out)
}

/// How long records to a live output (a pipe) from files may wait in the
/// buffer.
const OUTPUT_FLUSH: Duration = Duration::from_millis(5);

/// How long a batch of a live stream waits for more articles before it
/// is handed to a worker anyway.
const LIVE_WAIT: Duration = Duration::from_millis(10);

/// Where the parallel run takes its input items from.
enum Items {
    /// The reader, on the dispatching thread.
    Read(Reader),
    /// A live stream, read on a thread of its own so that a batch can be
    /// sent while the stream is quiet ([`LIVE_WAIT`]).
    Live(mpsc::Receiver<Item>),
}

/// The next input item, or why there is none.
enum Next {
    Item(Item),
    /// Nothing came before the deadline.
    Quiet,
    End,
}

impl Items {
    fn live(reader: Reader) -> Items {
        let (tx, rx) = mpsc::sync_channel(BATCH);
        // Not scoped: a read blocked on a quiet stream must not keep the
        // run from ending.
        std::thread::spawn(move || {
            for item in reader {
                if tx.send(item).is_err() {
                    break;
                }
            }
        });
        Items::Live(rx)
    }

    /// The next item; a live stream waits until `deadline` at most.
    fn next(&mut self, deadline: Option<Instant>) -> Next {
        match self {
            Items::Read(r) => r.next().map_or(Next::End, Next::Item),
            Items::Live(rx) => {
                let got = match deadline {
                    None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
                    Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
                };
                match got {
                    Ok(item) => Next::Item(item),
                    Err(mpsc::RecvTimeoutError::Timeout) => Next::Quiet,
                    Err(mpsc::RecvTimeoutError::Disconnected) => Next::End,
                }
            }
        }
    }
}

/// Read on this thread, extract and encode on `threads` workers, write in
/// input order.
///
/// Memory is bounded: a batch is sent only with a ticket from a queue of
/// `4 * threads`, and a ticket comes back only when its batch is written, so
/// at most `4 * threads` batches (of at most `BATCH` articles and about
/// `BATCH_BYTES` of input each) are queued, being extracted, or
/// waiting in the reorder buffer, however slow one batch is.
fn parallel(
    mut items: Items,
    extractor: &Extractor,
    encoder: Encoder,
    threads: usize,
    stop: &AtomicBool,
    mut on_item: impl FnMut(Item) -> Option<(Article, usize)>,
    write: &mut (impl FnMut((&[u8], Stats)) -> io::Result<()> + Send),
) -> io::Result<()> {
    type Batch = (usize, Vec<(Article, usize)>);
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(threads * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::sync_channel::<(usize, io::Result<(Vec<u8>, Stats)>)>(threads * 2);
    let failed = AtomicBool::new(false);
    let (ticket_tx, ticket_rx) = mpsc::sync_channel::<()>(threads * 4);
    std::thread::scope(|scope| -> io::Result<()> {
        for started in 0..threads {
            let rx = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || loop {
                let job = rx.lock().unwrap().recv();
                let Ok((seq, batch)) = job else { break };
                // Serialized here, in parallel: the writer only copies bytes.
                let mut bytes = Vec::with_capacity(batch.iter().map(|(_, n)| n).sum::<usize>() * 2);
                let mut stats = Stats::default();
                let mut encoded = Ok(());
                for (a, n) in batch {
                    encoded = encoded.and_then(|()| encode(extractor, encoder, &a, n, &mut stats, &mut bytes));
                }
                if tx.send((seq, encoded.map(|()| (bytes, stats)))).is_err() {
                    break;
                }
            });
            if let Err(e) = worker {
                // The system's limit on threads: go on with those running.
                if started == 0 {
                    return Err(io::Error::other(format!("cannot start a worker thread: {e}")));
                }
                break;
            }
        }
        drop(done_tx);
        // Only the workers hold the queue's receiver: if they all stop (the
        // writer failed), sending fails instead of blocking forever.
        drop(work_rx);
        // The writer runs on its own scoped thread so that reading never
        // waits for output and vice versa.
        let failed = &failed;
        let writer = scope.spawn(move || -> io::Result<()> {
            let mut next = 0;
            let mut pending: BTreeMap<usize, io::Result<(Vec<u8>, Stats)>> = BTreeMap::new();
            for (seq, done) in done_rx {
                pending.insert(seq, done);
                while let Some(done) = pending.remove(&next) {
                    let _ = ticket_rx.recv();
                    if let Err(e) = done.and_then(|(bytes, stats)| write((&bytes, stats))) {
                        failed.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                    next += 1;
                }
            }
            Ok(())
        });
        let mut seq = 0;
        let mut batch = Vec::new();
        let mut batch_bytes = 0;
        // When the open batch of a live stream goes out anyway.
        let mut deadline = None;
        loop {
            if stop.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
                break;
            }
            let full = match items.next(deadline) {
                Next::End => break,
                Next::Quiet => true,
                Next::Item(item) => match on_item(item) {
                    Some(a) => {
                        batch_bytes += a.1;
                        batch.push(a);
                        if deadline.is_none() && matches!(items, Items::Live(_)) {
                            deadline = Some(Instant::now() + LIVE_WAIT);
                        }
                        batch.len() == BATCH || batch_bytes >= BATCH_BYTES
                    }
                    None => false,
                },
            };
            if full && !batch.is_empty() {
                batch_bytes = 0;
                deadline = None;
                // Blocks while 4 * threads batches are unwritten; fails
                // only if the writer is gone.
                if ticket_tx.send(()).is_err() || work_tx.send((seq, std::mem::take(&mut batch))).is_err() {
                    break;
                }
                seq += 1;
            }
        }
        if !batch.is_empty() && ticket_tx.send(()).is_ok() {
            let _ = work_tx.send((seq, batch));
        }
        drop(work_tx);
        writer.join().expect("writer thread panicked")
    })
}
