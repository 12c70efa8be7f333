//! Compiles the built-in gazetteers (`gazetteers/*.tsv`) into one token trie
//! (`src/gazetteer/trie.rs`), so that the binary starts without parsing or hashing anything.
//! The same code (`src/gazetteer/compile.rs`) compiles user gazetteers at run
//! time.

#![allow(dead_code)]

#[path = "src/gazetteer/compile.rs"]
mod compile;
#[path = "src/gazetteer/fold.rs"]
mod fold;
#[path = "src/tokenize/mod.rs"]
mod tokenize;
#[path = "src/gazetteer/trie.rs"]
mod trie;

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("gazetteers");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=gazetteers");
    println!("cargo:rerun-if-changed=src/gazetteer/compile.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/fold.rs");
    println!("cargo:rerun-if-changed=src/tokenize/mod.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/trie.rs");

    let mut pairs = Vec::new();
    let mut files = String::from("[\n");
    for &(name, kind) in compile::FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        compile::postings_of(name, &text, kind, &mut pairs).unwrap_or_else(|e| panic!("gazetteer {e}"));
        writeln!(files, "    include_str!({:?}),", path.display().to_string()).unwrap();
    }
    files.push(']');
    let (trie, postings) = compile::build(pairs).expect("building the gazetteer map");
    std::fs::write(out.join("gazetteer.trie"), trie).unwrap();
    std::fs::write(out.join("gazetteer.postings"), postings).unwrap();
    std::fs::write(out.join("files.rs"), files).unwrap();
    let version = std::fs::read_to_string(dir.join("VERSION")).unwrap_or_else(|_| "unversioned".into());
    std::fs::write(out.join("VERSION"), version.trim()).unwrap();
}
