#!/usr/bin/env bash
# Score a release build of gazette on the development sets in ../shared/eval
# (present on developer machines only; never needed by the test suite).
#   tests/dev-eval.sh [conll|timebank|aquaint|gum|all] [--errors N]
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=../shared/eval
[ -d "$EVAL/data" ] || { echo "dev-eval: $EVAL/data not found; nothing to score" >&2; exit 0; }
which="${1:-all}"; shift || true
bin=${GAZETTE_BIN:-target/release/gazette}
[ -x "$bin" ] || cargo build --release -q
run() { "$bin" -q --input jsonl --date-field dct "$EVAL/data/$1.jsonl" > "/tmp/gazette-pred-$1.jsonl" || true; }
if [[ $which == conll || $which == all ]]; then
  run conll2003-dev
  python3 $EVAL/score.py $EVAL/data/conll2003-dev.jsonl /tmp/gazette-pred-conll2003-dev.jsonl \
    --map PER=person --map ORG=organization --map LOC=city,country,region "$@"
fi
for f in timebank-train aquaint-train; do
  if [[ $which == all || $f == $which* ]]; then
    run $f
    python3 $EVAL/score.py $EVAL/data/$f.jsonl /tmp/gazette-pred-$f.jsonl --map DATE=date "$@"
  fi
done
