#!/usr/bin/env bash
# The Python package's CI, called from .ci/run (also runnable alone from
# any folder): build the wheel as `pip install ./python` would, install it
# in a fresh virtual environment, and run the Python tests, Spark local
# mode included, against the command line built from the same sources.
#
# Needs cargo and python3 (with venv); installs Java with apt if it is
# missing, and maturin, pytest, pandas and pyspark with pip, in the venv.
# python/ is its own cargo workspace (its release profile unwinds on
# panic, as Python needs); its Cargo.lock follows the root's, and cargo
# updates it if the root's dependencies change, so no --locked here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$SECONDS
section() { echo "== python: $* ($((SECONDS - started)) s)"; }

section "the command line and the corpus generator the tests compare with"
(cd "$repo" && cargo build --release --locked --bin gazette --example gen-corpus)

section "the bindings' formatting and lints"
(cd "$here" && cargo fmt --check && cargo clippy --all-targets -- -D warnings)

section "Java for Spark"
if ! command -v java > /dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends default-jre-headless > /dev/null
fi
java -version 2>&1 | head -n1

section "a fresh virtual environment"
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install -q --disable-pip-version-check pytest pandas pyspark

section "the wheel (PEP 517 build with maturin, release profile)"
"$py" -m pip wheel -q --disable-pip-version-check --no-deps -w "$work/dist" "$here"
"$py" -m pip install -q --disable-pip-version-check "$work"/dist/gazette-*.whl
ls -l "$work"/dist/

section "tests (Spark local mode included)"
# Run from outside the source folder, so that `import gazette` is the
# installed wheel, not python/gazette/ without its native module.
cd "$work"
GAZETTE_BIN="$repo/target/release/gazette" \
GAZETTE_GEN_CORPUS="$repo/target/release/examples/gen-corpus" \
    "$py" -m pytest -q -p no:cacheprovider --rootdir "$here" "$here/tests"
section "done"
