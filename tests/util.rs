//! Test harness: run the real `gazette` binary and explain failures.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use gazette::output::Record;

/// A temporary directory, removed on drop.
pub struct TestDir {
    pub path: PathBuf,
}

impl TestDir {
    pub fn new(name: &str) -> TestDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "gazette-test-{}-{}-{}",
            name,
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TestDir { path }
    }

    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The result of one run, printed in full when an assertion fails.
pub struct Run {
    pub cmd: String,
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8(self.out.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    fn dump(&self) -> String {
        format!(
            "command: {}\nstatus: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmd,
            self.out.status.code(),
            self.stdout_lossy(),
            self.stderr()
        )
    }

    fn stdout_lossy(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(self.out.status.code(), Some(expected), "unexpected exit status\n{}", self.dump());
        self
    }

    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(self.stderr().contains(needle), "stderr lacks {needle:?}\n{}", self.dump());
        self
    }

    pub fn stderr_empty(&self) -> &Run {
        assert!(self.out.stderr.is_empty(), "stderr not empty\n{}", self.dump());
        self
    }

    /// Parse stdout as JSON Lines records.
    pub fn records(&self) -> Vec<Record> {
        self.stdout()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}\n{}", self.dump())))
            .collect()
    }
}

/// Run gazette with `args` in `dir`, feeding `stdin`.
pub fn gazette(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    gazette_env(dir, args, stdin, &[])
}

/// [`gazette`] with environment variables set.
pub fn gazette_env(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.args(args).current_dir(dir).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.envs(env.iter().copied());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("gazette starts");
    if let Some(input) = stdin {
        let mut si = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = si.write_all(&input);
        });
    }
    let out = child.wait_with_output().unwrap();
    Run { cmd: format!("gazette {}", args.join(" ")), out }
}

/// Names of the entities of `rec` with type `ty`.
pub fn names<'r>(rec: &'r Record, ty: &str) -> Vec<&'r str> {
    rec.entities.iter().filter(|e| e.ty == ty).map(|e| e.name.as_str()).collect()
}

/// Check that every mention's offsets slice the article text exactly.
pub fn assert_offsets(rec: &Record, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for e in &rec.entities {
        for m in &e.mentions {
            let slice: String = chars[m.start..m.end].iter().collect();
            assert_eq!(
                slice, m.text,
                "entity {} {:?}: offsets {}..{} do not slice its text",
                e.id, e.name, m.start, m.end
            );
        }
    }
}

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
