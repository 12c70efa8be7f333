#!/usr/bin/env python3
"""Score gazette's role output.

Dev set (hand-written articles with expected triples):

    target/release/gazette tests/data/roles/*.txt > /tmp/roles.jsonl
    python3 tests/roles-eval.py dev /tmp/roles.jsonl tests/data/roles/expected.tsv [--errors]

  A predicted role matches an expected (article, person, title, organization)
  row when the person's name or one of its mentions equals the expected
  person, the title equals the expected title (case-insensitive, spaces
  collapsed) and the organization is absent in both or its name or a mention
  equals the expected organization. Person+title pairs are scored too.

GUM (person mentions that include titles, "NASA Administrator Charles Bolden"):

    gazette --input jsonl --date-field dct GUM.jsonl > /tmp/gum.jsonl
    python3 tests/roles-eval.py gum /tmp/gum.jsonl GUM.jsonl [--errors]

  Gold pairs come from GUM's coreference chains of named people: a mention
  with words before the name ("U.S. President Donald Trump") and a nominal
  mention in apposition to a named one ("Jeff Rathke, the State Department
  Spokesperson"). A predicted (person, title) pair is correct when the
  person's mention lies in a named chain and the title occurs in a mention of
  that chain; a gold pair is found when a predicted title for its chain occurs
  in its text. GUM marks descriptors too ("student Ahmed Mohamed"), so recall
  here is a lower bound; --errors lists the misses.

Shared dev articles (triples annotated by hand on ../shared/eval/data, stored
as offsets in tests/data/roles-dev; see its README):

    python3 tests/roles-eval.py shared --bin target/fast/gazette [--errors]
    python3 tests/roles-eval.py shared PRED.jsonl [--errors]

  With --bin the script runs gazette on the listed documents itself; a
  prediction file must hold gazette's JSON Lines output for them. Every
  mention of a predicted role is one predicted triple: its title span, its
  person, its organization. It matches a gold triple when the title spans
  overlap, a mention of the person overlaps the gold person, and, where the
  gold names an organization, a mention of the predicted one overlaps it or
  the organization is a country the gold text names (an alias or a
  demonym, "French"). Precision counts predicted triples, recall gold ones;
  person+title drops the organization test.
"""

import argparse
import collections
import json
import os
import re
import sys
import urllib.parse


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip().lower()


def predicted(path):
    """{doc id: [(person names, title, org names or None, person spans)]}"""
    out = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        ents = {e["id"]: e for e in d["entities"]}

        def names(e):
            return {norm(e["name"])} | {norm(m["text"]) for m in e["mentions"]}

        roles = []
        for e in d["entities"]:
            if e["type"] != "role" or "person" not in e:
                continue
            p = ents[e["person"]]
            o = ents.get(e.get("organization"))
            # An organization without a mention of its own (a country a
            # title implies) is named inline, not written as an entity.
            inline = e.get("organization_name")
            org_names = names(o) if o else ({norm(inline)} if inline else None)
            spans = [(m["start"], m["end"]) for m in p["mentions"]]
            roles.append((names(p), norm(e["title"]), org_names, spans, p["name"], o["name"] if o else inline or ""))
        out[d["id"]] = roles
    return out


def prf(tp_p, n_p, tp_g, n_g):
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def dev(args):
    pred = predicted(args.pred)
    by_key = {}
    for doc, roles in pred.items():
        by_key[os.path.splitext(os.path.basename(doc))[0]] = roles
    gold = collections.defaultdict(list)
    with open(args.gold, encoding="utf-8") as f:
        next(f)
        for line in f:
            if not line.strip():
                continue
            art, person, title, org = (line.rstrip("\n").split("\t") + [""])[:4]
            gold[art].append((norm(person), norm(title), norm(org)))

    def match(r, g, with_org):
        names, title, orgs = r[0], r[1], r[2]
        if g[0] not in names or g[1] != title:
            return False
        if not with_org:
            return True
        return (orgs is None and not g[2]) or (orgs is not None and g[2] in orgs)

    for with_org, label in ((True, "triples"), (False, "person+title")):
        n_p = sum(len(by_key.get(a, [])) for a in gold) + sum(len(v) for a, v in by_key.items() if a not in gold)
        n_g = sum(len(v) for v in gold.values())
        tp_p = tp_g = 0
        errors = []
        for art in sorted(set(gold) | set(by_key)):
            rs, gs = by_key.get(art, []), gold.get(art, [])
            for r in rs:
                if any(match(r, g, with_org) for g in gs):
                    tp_p += 1
                else:
                    errors.append(f"  FP {art}: {r[4]} | {r[1]} | {r[5]}")
            for g in gs:
                if any(match(r, g, with_org) for r in rs):
                    tp_g += 1
                else:
                    errors.append(f"  FN {art}: {g[0]} | {g[1]} | {g[2]}")
        p, r, f = prf(tp_p, n_p, tp_g, n_g)
        print(f"{label:13s} P {p:.3f} ({tp_p}/{n_p})  R {r:.3f} ({tp_g}/{n_g})  F1 {f:.3f}")
        if args.errors:
            print("\n".join(errors))


def gum(args):
    pred = predicted(args.pred)
    tp_p = n_p = tp_g = n_g = 0
    fps, fns = [], []
    for line in open(args.gold, encoding="utf-8"):
        d = json.loads(line)
        text = d["text"]
        chains = collections.defaultdict(list)
        ident = {}
        for e in d["entities"]:
            if e["type"] == "person":
                chains[e["eid"]].append(e)
                if e.get("identity"):
                    ident[e["eid"]] = urllib.parse.unquote(e["identity"]).replace("_", " ")
        # Chains without a link are named by their longest all-capitalised mention.
        stop = {"the", "a", "an", "he", "she", "his", "her", "they", "mr", "mrs", "ms", "dr", "i", "we", "you"}
        for eid, ms in chains.items():
            if eid in ident:
                continue
            names = [m["text"] for m in ms
                     if len(m["text"].split()) <= 4
                     and all(w[:1].isupper() and w.lower().strip(".") not in stop for w in m["text"].split())]
            if names:
                ident[eid] = max(names, key=len)
        named = {eid: ms for eid, ms in chains.items() if eid in ident}

        def name_tokens(eid):
            return {t.lower() for t in re.findall(r"\w+", ident[eid]) if len(t) > 1}

        # Gold: title-bearing mentions of named chains.
        gold = []
        for eid, ms in named.items():
            toks = name_tokens(eid)
            named_ms = [m for m in ms if toks & {t.lower() for t in re.findall(r"\w+", m["text"])}]
            for m in named_ms:
                words = re.findall(r"\S+", m["text"])
                first = next((i for i, w in enumerate(words) if re.sub(r"\W", "", w).lower() in toks), 0)
                pre = [w for w in words[:first] if w.lower() not in ("the", "a", "an")]
                if pre:
                    gold.append((eid, m, " ".join(words[:first])))
            for m in ms:
                if m in named_ms:
                    continue
                for nm in named_ms:
                    a, b = (nm, m) if nm["end"] <= m["start"] else (m, nm)
                    gap = text[a["end"]:b["start"]]
                    if b["start"] >= a["end"] and gap.strip() in (",", "\u2013", "\u2014", "-", "(") and len(gap) <= 4:
                        gold.append((eid, m, m["text"]))
                        break
        # Predictions: map each role's person to a named chain by mention overlap.
        chain_text = {eid: [norm(m["text"]) for m in ms] for eid, ms in named.items()}

        def chain_of(spans):
            votes = collections.Counter()
            for s, e in spans:
                for eid, ms in named.items():
                    if any(m["start"] <= s and e <= m["end"] for m in ms):
                        votes[eid] += 1
            return votes.most_common(1)[0][0] if votes else None

        roles = [(chain_of(r[3]), r) for r in pred.get(d["id"], [])]
        for eid, r in roles:
            n_p += 1
            if eid is not None and any(r[1] in t for t in chain_text[eid]):
                tp_p += 1
            else:
                fps.append(f"  FP {d['id']}: {r[4]} | {r[1]}")
        seen = set()
        for eid, m, title in gold:
            key = (eid, m["start"])
            if key in seen:
                continue
            seen.add(key)
            n_g += 1
            if any(e == eid and r[1] in norm(m["text"]) for e, r in roles):
                tp_g += 1
            else:
                fns.append(f"  FN {d['id']}: {ident[eid]} | {m['text']}")
    p, r, f = prf(tp_p, n_p, tp_g, n_g)
    print(f"person+title  P {p:.3f} ({tp_p}/{n_p})  R {r:.3f} ({tp_g}/{n_g})  F1 {f:.3f}")
    if args.errors:
        print("\n".join(fps + fns))


HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_SETS = ["conll2003-dev", "gum_news-dev", "lgl-dev", "meantime-dev", "re3d-dev"]


def countries():
    """{country name: {lowercase aliases and demonyms}} from the built-in table."""
    out = {}
    path = os.path.join(HERE, "..", "gazetteers", "countries.tsv")
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or line.startswith("iso\t"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 6:
            continue
        names = {f[1]} | set(filter(None, f[4].split("|"))) | set(filter(None, f[5].split("|")))
        out[norm(f[1])] = {norm(n) for n in names}
    return out


def shared(args):
    gold_dir = args.gold or os.path.join(HERE, "data", "roles-dev")
    data = args.data or os.path.join(HERE, "..", "..", "shared", "eval", "data")
    if not os.path.isdir(data):
        print(f"roles-eval: {data} not found; nothing to score", file=sys.stderr)
        return 0
    docs = [l.strip() for l in open(os.path.join(gold_dir, "documents.txt"), encoding="utf-8")
            if l.strip() and not l.startswith("#")]
    wanted = set(docs)
    texts, lines = {}, []
    for name in SHARED_SETS:
        for line in open(os.path.join(data, name + ".jsonl"), encoding="utf-8"):
            d = json.loads(line)
            if d["id"] in wanted:
                texts[d["id"]] = d["text"]
                lines.append(line if line.endswith("\n") else line + "\n")
    missing = wanted - set(texts)
    if missing:
        print(f"roles-eval: {len(missing)} documents not found in {data}: {sorted(missing)[:3]}", file=sys.stderr)
        return 2
    gold = collections.defaultdict(list)
    with open(os.path.join(gold_dir, "triples.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            doc, ps, pe, ts, te, os_, oe = line.rstrip("\n").split("\t")
            org = (int(os_), int(oe)) if os_ else None
            gold[doc].append(((int(ps), int(pe)), (int(ts), int(te)), org))
    if args.pred:
        pred_lines = open(args.pred, encoding="utf-8").read().splitlines()
    else:
        import subprocess
        cmd = [args.bin, "-q", "--input", "jsonl", "--date-field", "dct", "-"]
        run = subprocess.run(cmd, input="".join(lines), capture_output=True, text=True, check=True)
        pred_lines = run.stdout.splitlines()
    table = countries()
    pred = collections.defaultdict(list)
    for line in pred_lines:
        d = json.loads(line)
        if d["id"] not in wanted:
            continue
        ents = {e["id"]: e for e in d["entities"]}
        for e in d["entities"]:
            if e["type"] != "role" or "person" not in e:
                continue
            p = ents[e["person"]]
            o = ents.get(e.get("organization"))
            org_spans = [(m["start"], m["end"]) for m in o["mentions"]] if o else []
            org_name = o["name"] if o else e.get("organization_name")
            org_texts = {norm(org_name)} if org_name else set()
            if o:
                org_texts |= {norm(m["text"]) for m in o["mentions"]}
            for name in list(org_texts):
                org_texts |= table.get(name, set())
            person = [(m["start"], m["end"]) for m in p["mentions"]]
            for m in e["mentions"]:
                pred[d["id"]].append({
                    "title": (m["start"], m["end"]), "person": person, "org_spans": org_spans,
                    "org_texts": org_texts, "show": f"{p['name']} | {m['text']} | {org_name or ''}",
                })

    def overlap(a, b):
        return a[0] < b[1] and b[0] < a[1]

    def match(r, g, text, with_org):
        gp, gt, go = g
        if not overlap(r["title"], gt) or not any(overlap(s, gp) for s in r["person"]):
            return False
        if not with_org or go is None:
            return True
        return any(overlap(s, go) for s in r["org_spans"]) or norm(text[go[0]:go[1]]) in r["org_texts"]

    def show(text, g):
        gp, gt, go = g
        return f"{text[gp[0]:gp[1]]} | {text[gt[0]:gt[1]]} | {text[go[0]:go[1]] if go else ''}"

    for with_org, label in ((True, "triples"), (False, "person+title")):
        tp_p = n_p = tp_g = n_g = 0
        errors = []
        for doc in docs:
            text, rs, gs = texts[doc], pred.get(doc, []), gold.get(doc, [])
            for r in rs:
                n_p += 1
                if any(match(r, g, text, with_org) for g in gs):
                    tp_p += 1
                else:
                    errors.append(f"  FP {doc}: {r['show']}")
            for g in gs:
                n_g += 1
                if any(match(r, g, text, with_org) for r in rs):
                    tp_g += 1
                else:
                    errors.append(f"  FN {doc}: {show(text, g)}")
        p, r, f = prf(tp_p, n_p, tp_g, n_g)
        print(f"{label:13s} P {p:.3f} ({tp_p}/{n_p})  R {r:.3f} ({tp_g}/{n_g})  F1 {f:.3f}")
        if args.errors:
            print("\n".join(errors))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["dev", "gum", "shared"])
    ap.add_argument("pred", nargs="?", help="gazette's JSON Lines output (shared: optional with --bin)")
    ap.add_argument("gold", nargs="?", help="gold file (shared: the folder, default tests/data/roles-dev)")
    ap.add_argument("--bin", default="target/release/gazette", help="shared: the gazette binary to run")
    ap.add_argument("--data", help="shared: the folder of the dev sets (default ../shared/eval/data)")
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    if args.mode == "shared":
        return shared(args)
    if not args.pred or not args.gold:
        ap.error(f"{args.mode} needs PRED and GOLD")
    (dev if args.mode == "dev" else gum)(args)


if __name__ == "__main__":
    sys.exit(main())
