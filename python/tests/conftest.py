"""Shared fixtures: the gazette command line to compare with, and inputs.

The command line is found at $GAZETTE_BIN, else in the repository's
target/{release,fast}/ (build it with `cargo build --release`). Generated
news comes from the repository's `gen-corpus` example
($GAZETTE_GEN_CORPUS or target/{release,fast}/examples/gen-corpus).
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def _find(env, *candidates):
    if os.environ.get(env):
        p = Path(os.environ[env])
        if not p.exists():
            raise RuntimeError(f"${env} names {p}, which does not exist")
        return p
    for c in candidates:
        p = REPO / c
        if p.exists():
            return p
    return None


@pytest.fixture(scope="session")
def cli():
    p = _find("GAZETTE_BIN", "target/release/gazette", "target/fast/gazette")
    if p is None:
        pytest.skip("no gazette binary: run `cargo build --release` or set GAZETTE_BIN")
    return p


def run_cli(cli, *args, input=None, check=True):
    """Run the command line; returns (stdout records parsed, stderr, status)."""
    p = subprocess.run([str(cli), "-q", *map(str, args)], input=input, capture_output=True)
    if check and p.returncode != 0:
        raise AssertionError(f"gazette {args} exited {p.returncode}: {p.stderr.decode()}")
    out = p.stdout.decode("utf-8")
    return [json.loads(line) for line in out.splitlines() if line.strip()], p.stderr.decode(), p.returncode


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """About 1.5 MB of generated news as JSON Lines (id, date, text)."""
    gen = _find("GAZETTE_GEN_CORPUS", "target/release/examples/gen-corpus", "target/fast/examples/gen-corpus")
    if gen is None:
        pytest.skip("no gen-corpus: run `cargo build --release --example gen-corpus` or set GAZETTE_GEN_CORPUS")
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    with open(path, "wb") as f:
        subprocess.run([str(gen), "1.5", "7"], stdout=f, stderr=subprocess.DEVNULL, check=True)
    return path


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# Articles written for these tests, in plain news English.
WRITTEN = [
    "BRUSSELS, March 3 (Wire) - The European Commission said on Monday it would fine "
    "Northwind Shipping Ltd after inspectors in Rotterdam found forged cargo papers. "
    "Commission spokeswoman Ana Ferreira told reporters in Brussels the company had 30 days to reply.",
    "Former Mayor José Ángel Núñez of Málaga, Spain, met Prime Minister Kiri Tane in "
    "Wellington on 14 February 2023 to talk about fishing rights — “a long road”, he said.",
    "The vote is set for 03/04/2024. Dr. Priya Raman, head of research at the University of "
    "Lagos, said the survey of 1,200 households in Lagos and Abuja would be published next week.",
    "Storms closed schools across Queensland on Tuesday. Brisbane City Council said buses "
    "would run from Wednesday; Gold Coast officials asked residents to stay home.",
    "",
    "No names here at all, only words.",
]
