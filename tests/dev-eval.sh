#!/usr/bin/env bash
# Score a release build of gazette on every development set in ../shared/eval
# (present on developer machines only; never needed by the test suite).
#
#   tests/dev-eval.sh                 one table: every set, every type
#   tests/dev-eval.sh SET [--errors N]  one set in full (conll, timebank,
#                                     aquaint, meantime, lgl, geovirus, re3d,
#                                     gum)
#   tests/dev-eval.sh --markdown      the table as ACCURACY.md
#                                     (tests/dev-eval.sh --markdown > ACCURACY.md)
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
markdown=0
if [[ $which == --markdown ]]; then markdown=1; which=all; fi
bin=${GAZETTE_BIN:-target/release/gazette}
[ -x "$bin" ] || cargo build --release -q
out=${DEV_EVAL_OUT:-$(mktemp -d)}
mkdir -p "$out"

# set name -> gold file and label maps
declare -A FILE=(
  [conll]=conll2003-dev [timebank]=timebank-train [aquaint]=aquaint-train
  [meantime]=meantime-dev [lgl]=lgl-dev [geovirus]=geovirus-dev [re3d]=re3d-dev
  [gum]=gum_news-train
)
declare -A MAPS=(
  [conll]="--map PER=person --map ORG=organization --map LOC=city,country,region,location"
  [timebank]="--map DATE=date"
  [aquaint]="--map DATE=date"
  [meantime]="--map PER=person --map ORG=organization --map LOC=city,country,region,location --map DATE=date"
  [lgl]="--map toponym=city,country,region,location"
  [geovirus]="--map location=city,country,region,location"
  [re3d]="--map Person=person --map Organisation=organization --map Location=city,country,region,location"
  [gum]="--map person=person --map organization=organization --map place=city,country,region,location"
)
SETS="conll timebank aquaint meantime lgl geovirus re3d gum"
# the same sets read with nationality entities as their label for them
declare -A NAT=(
  [meantime]="--map LOC=city,country,region,location,nationality"
  [lgl]="--map toponym=city,country,region,location,nationality"
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
# TIMEX3 durations, sets and times, on the sets that annotate them
for s in timebank aquaint meantime; do
  python3 "$EVAL/score.py" "$EVAL/data/${FILE[$s]}.jsonl" "$out/$s.jsonl" --map DATE=date --map DURATION=duration --map SET=set --map TIME=time --json > "$out/$s.tmx.json"
done
for s in lgl geovirus; do
  python3 "$EVAL/score_geo.py" --json "$EVAL/data/${FILE[$s]}.jsonl" "$out/$s.jsonl" > "$out/$s.geo.json"
done
python3 - "$out" "$markdown" "$bin" <<'PY'
import json, subprocess, sys
out, markdown, binary = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
overlap = {"meantime", "re3d"}
rows = []
def row(*cols):  # set, label, F1, P, R, read
    rows.append([str(c) for c in cols])
def read(m, by_overlap):  # a label's F1, P, R and how they were read
    keys = ("partial_f1", "partial_p", "partial_r") if by_overlap else ("f1", "p", "r")
    return [f"{m[k]:.3f}" for k in keys] + ["overlap" if by_overlap else "exact"]
for s in "conll timebank aquaint meantime lgl geovirus re3d".split():
    labels = json.load(open(f"{out}/{s}.score.json"))["labels"]
    for label, m in sorted(labels.items()):
        if "value_f1" in m:
            row(s, label + " value", f"{m['value_f1']:.3f}", "", "", "value")
            row(s, label + " span", *read(m, False))
        else:
            row(s, label, *read(m, s in overlap))
# GUM annotates every mention, pronouns and descriptions too: only the share
# of gazette's names that fall on a gold mention of their type says much.
for label, m in sorted(json.load(open(f"{out}/gum.score.json"))["labels"].items()):
    row("gum", label, "", f"{m['partial_p']:.3f}", "", "overlap P (every mention)")
for s in ("meantime", "lgl", "re3d"):
    labels = json.load(open(f"{out}/{s}.nat.json"))["labels"]
    for label in ("LOC", "toponym", "Nationality"):
        if label in labels:
            row(s, label + " +nat", *read(labels[label], s in overlap))
for s in ("timebank", "aquaint", "meantime"):
    labels = json.load(open(f"{out}/{s}.tmx.json"))["labels"]
    for label in ("DURATION", "SET", "TIME"):
        if label in labels and "value_f1" in labels[label]:
            row(s, label + " value", f"{labels[label]['value_f1']:.3f}", "", "", "value")
for s in ("lgl", "geovirus"):
    g = json.load(open(f"{out}/{s}.geo.json"))
    row(s, "acc@161", f"{g['acc161']:.3f}", "", f"{g['recall']:.3f}", "geo (R = recognized)")
head = ["set", "label", "F1", "P", "R", "read"]
if not markdown:
    print(f"{head[0]:10} {head[1]:16} {head[2]:>6} {head[3]:>6} {head[4]:>6}  {head[5]}")
    for r in rows:
        print(f"{r[0]:10} {r[1]:16} {r[2]:>6} {r[3]:>6} {r[4]:>6}  {r[5]}")
    sys.exit()
version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
print("# Accuracy\n")
print("gazette's scores on the annotated development sets of `../shared/eval`")
print("(present on developer machines only), made by one command:\n")
print("```sh\ntests/dev-eval.sh --markdown > ACCURACY.md\n```\n")
print(f"Binary: `{version}`. Names are read by exact-span F1 on CoNLL-2003, LGL and")
print("GeoVirus, by overlap F1 on MEANTIME and re3d (their spans carry determiners")
print("and descriptors); dates by TIMEX3 value F1 and exact span; places also by")
print("acc@161 (`score_geo.py`: the share of recognized gold places resolved within")
print("161 km; R is the share of gold places recognized). Labels are each set's own;")
print("`--map` in `tests/dev-eval.sh` says which gazette types each is scored against.\n")
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for r in rows:
    print("| " + " | ".join(r) + " |")
print("\n`+nat` rows read gazette's `nationality` entities (\"Egyptian\") as the set's")
print("label too, for the sets that annotate nationality words. `score_geo.py` counts")
print("every recognized entity with a position, nationality entities included.\n")
roles = subprocess.run([sys.executable, "tests/roles-eval.py", "shared", "--bin", binary],
                       capture_output=True, text=True).stdout.strip()
print("## Roles\n")
print("(person, title, organization) triples annotated by hand on the development")
print("articles (`tests/data/roles-dev`, scored by `tests/roles-eval.py shared`):\n")
print("```\n" + roles + "\n```")
PY
