#!/usr/bin/env bash
# Score a release build of gazette on every development set in ../shared/eval
# (present on developer machines only; never needed by the test suite).
#
#   tests/dev-eval.sh                 one table: every set, every type
#   tests/dev-eval.sh SET [--errors N]  one set in full (conll, timebank,
#                                     aquaint, meantime, lgl, geovirus, re3d)
#
# GAZETTE_BIN picks the binary (default target/release/gazette, built if
# missing); DEV_EVAL_OUT keeps the predictions (default a temporary folder).
# Names are read by exact-span F1 on CoNLL, LGL and GeoVirus, by overlap F1
# on MEANTIME and re3d (their spans carry determiners and descriptors); dates
# by value F1; places also by acc@161 (score_geo.py). Where a set counts
# nationality words as places (LGL's toponyms, some of MEANTIME's LOC) or as
# a label of their own (re3d's Nationality), a second row ("+nat") reads
# gazette's nationality entities as that label too.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=../shared/eval
[ -d "$EVAL/data" ] || { echo "dev-eval: $EVAL/data not found; nothing to score" >&2; exit 0; }
which="${1:-all}"; shift || true
bin=${GAZETTE_BIN:-target/release/gazette}
[ -x "$bin" ] || cargo build --release -q
out=${DEV_EVAL_OUT:-$(mktemp -d)}
mkdir -p "$out"

# set name -> gold file and label maps
declare -A FILE=(
  [conll]=conll2003-dev [timebank]=timebank-train [aquaint]=aquaint-train
  [meantime]=meantime-dev [lgl]=lgl-dev [geovirus]=geovirus-dev [re3d]=re3d-dev
)
declare -A MAPS=(
  [conll]="--map PER=person --map ORG=organization --map LOC=city,country,region"
  [timebank]="--map DATE=date"
  [aquaint]="--map DATE=date"
  [meantime]="--map PER=person --map ORG=organization --map LOC=city,country,region --map DATE=date"
  [lgl]="--map toponym=city,country,region"
  [geovirus]="--map location=city,country,region"
  [re3d]="--map Person=person --map Organisation=organization --map Location=city,country,region"
)
SETS="conll timebank aquaint meantime lgl geovirus re3d"
# the same sets read with nationality entities as their label for them
declare -A NAT=(
  [meantime]="--map LOC=city,country,region,nationality"
  [lgl]="--map toponym=city,country,region,nationality"
  [re3d]="--map Nationality=nationality"
)

predict() { "$bin" -q --input jsonl --date-field dct "$EVAL/data/${FILE[$1]}.jsonl" > "$out/$1.jsonl" || true; }

if [[ $which != all ]]; then
  [[ -n ${FILE[$which]:-} ]] || { echo "dev-eval: unknown set '$which' (one of: $SETS)" >&2; exit 2; }
  predict "$which"
  # shellcheck disable=SC2086
  python3 "$EVAL/score.py" "$EVAL/data/${FILE[$which]}.jsonl" "$out/$which.jsonl" ${MAPS[$which]} "$@"
  case $which in lgl|geovirus)
    python3 "$EVAL/score_geo.py" "$EVAL/data/${FILE[$which]}.jsonl" "$out/$which.jsonl" "$@" ;;
  esac
  exit 0
fi

for s in $SETS; do predict "$s" & done
wait
for s in $SETS; do
  # shellcheck disable=SC2086
  python3 "$EVAL/score.py" "$EVAL/data/${FILE[$s]}.jsonl" "$out/$s.jsonl" ${MAPS[$s]} --json > "$out/$s.score.json"
done
for s in "${!NAT[@]}"; do
  # shellcheck disable=SC2086
  python3 "$EVAL/score.py" "$EVAL/data/${FILE[$s]}.jsonl" "$out/$s.jsonl" ${NAT[$s]} --json > "$out/$s.nat.json"
done
for s in lgl geovirus; do
  python3 "$EVAL/score_geo.py" --json "$EVAL/data/${FILE[$s]}.jsonl" "$out/$s.jsonl" > "$out/$s.geo.json"
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
overlap = {"meantime", "re3d"}
print(f"{'set':10} {'label':13} {'F1':>6} {'P':>6} {'R':>6}  read")
for s in "conll timebank aquaint meantime lgl geovirus re3d".split():
    labels = json.load(open(f"{out}/{s}.score.json"))["labels"]
    for label, m in sorted(labels.items()):
        if "value_f1" in m:
            print(f"{s:10} {label+' value':13} {m['value_f1']:6.3f} {'':6} {'':6}  value")
            print(f"{s:10} {label+' span':13} {m['f1']:6.3f} {m['p']:6.3f} {m['r']:6.3f}  exact")
            continue
        if s in overlap:
            print(f"{s:10} {label:13} {m['partial_f1']:6.3f} {m['partial_p']:6.3f} {m['partial_r']:6.3f}  overlap")
        else:
            print(f"{s:10} {label:13} {m['f1']:6.3f} {m['p']:6.3f} {m['r']:6.3f}  exact")
for s in ("meantime", "lgl", "re3d"):
    labels = json.load(open(f"{out}/{s}.nat.json"))["labels"]
    for label in ("LOC", "toponym", "Nationality"):
        if label in labels:
            m, read = labels[label], "overlap" if s in overlap else "exact"
            f1, p, r = (m["partial_f1"], m["partial_p"], m["partial_r"]) if s in overlap else (m["f1"], m["p"], m["r"])
            print(f"{s:10} {label+' +nat':13} {f1:6.3f} {p:6.3f} {r:6.3f}  {read}")
for s in ("lgl", "geovirus"):
    g = json.load(open(f"{out}/{s}.geo.json"))
    print(f"{s:10} {'acc@161':13} {g['acc161']:6.3f} {'':6} {g['recall']:6.3f}  geo (R = recognized)")
PY
