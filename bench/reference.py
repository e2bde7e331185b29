#!/usr/bin/env python3
"""The reference pipeline: what a competent Python user would write instead of vetq.

Python 3 standard library only (re, sqlite3, json, hashlib, html.parser, multiprocessing):
reads Cedefop policy pages (text or saved HTML; BOM, CRLF, NBSP, soft hyphens), extracts the
same fields as vetq (id, title, country and code, edition, timeline, background, objectives,
description, bodies with validity, target groups, thematic categories and sub-categories,
European priorities, subsystem, type), looks labels up in schemas/taxonomy.json, and writes
them to SQLite: a policy table with the record as JSON, a timeline table, a facet table for
filters and an FTS5 table (title, body: background, objectives, description and bodies).
Files are hashed (SHA-256) and batched 256 per transaction, as vetq does.

Usage: reference.py --db PATH [--jobs N] DIR... ; reference.py --db PATH --export > out.ndjson
--jobs N parses in N worker processes (multiprocessing.Pool); the default, 1, is the plain
single-process script.
"""

import argparse
import hashlib
import json
import os
import re
import sqlite3
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

TAXONOMY = Path(__file__).resolve().parent.parent / "schemas" / "taxonomy.json"


def fold(s):
    s = unicodedata.normalize("NFKD", s.casefold())
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


class Tax:
    def __init__(self):
        t = json.loads(TAXONOMY.read_text(encoding="utf-8"))
        self.headers = {fold(h): h for h in t["section_headers"]}
        self.stages = {fold(s): s for s in t["stages"]}
        self.types = {fold(s): s for s in t["types"]}
        self.subsystems = {fold(s["label"]): s["label"] for s in t["subsystems"]}
        self.countries = {}
        for c in t["countries"]:
            for k in (c["label"], c["code"], c.get("eu_code", c["code"])):
                self.countries[fold(k)] = (c["label"], c["code"])
        self.groups = {fold(a): (a, {fold(x["label"]): x["label"] for x in v})
                       for a, v in t["target_groups"].items() if not a.startswith("_")}
        self.priorities = {fold(f): (f, {fold(x["label"]): x["label"] for x in v})
                           for f, v in t["priorities"].items() if not f.startswith("_")}
        self.help = {s: fold(p) for s, p in t["help_text_prefixes"].items()}
        self.cats = {}
        self.openings = []
        for c in t["categories"]:
            subs = {fold(s["name"]): (s["name"], [fold(k) for k in s.get("key_phrases", [])])
                    for s in c["subcategories"]}
            self.cats[fold(c["name"])] = (c["name"], subs)
            self.openings += [fold(o) for o in c.get("description_openings", [])]


TIMELINE = re.compile(r"^(?:(?:-|•|\*|–)\s*)?(\d{4})\s*(\w.*)$")
CITATION = re.compile(
    r"^Cedefop,? (?:&|and) ReferNet\.? \((\d{4})\)\. (.+): ([^:]+?)\. In Cedefop,? (?:&|and) "
    r"ReferNet\.? \(\d{4}\)\. Timeline of VET policies in Europe(?: \((\d{4} update)\))?"
    r"(?: \[Online tool\])?\.?$")
URL = re.compile(r"^https?://(?:www\.)?cedefop\.europa\.eu(?:/[a-z]{2})?/tools/"
                 r"timeline-vet-policies-europe/search/(\d+)/?(?:[?#].*)?$")
VALIDITY = re.compile(r"^(.*?)\s*\((until|since|from) (\d{4})(?: (?:till|until|to) (\d{4}))?\)$")
BULLET = re.compile(r"^(?:-|•|\*|–|·)\s+(.*)$")
YEAR = re.compile(r"^\d{4}$")
SKIP_TAGS = {"head", "script", "style", "noscript", "template", "nav", "header", "footer",
             "aside", "button", "select", "textarea", "svg", "iframe"}
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "main", "dl", "dt", "dd", "tr", "table", "br", "blockquote", "pre"}
VOID_TAGS = {"br", "meta", "link", "img", "input", "hr", "wbr", "source"}


class Lines(HTMLParser):
    """HTML to text lines: chrome dropped, one line per block, list items as '- '."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.cur, self.skip = [], [], []
        self.depth = 0

    def flush(self):
        line = " ".join("".join(self.cur).split())
        if line:
            self.lines.append(line)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if tag == "br":
                self.flush()
            return
        self.depth += 1
        a = dict(attrs)
        names = f"{a.get('id') or ''} {a.get('class') or ''}".lower()
        if self.skip or tag in SKIP_TAGS or "cookie" in names or a.get("role") in ("navigation", "banner", "contentinfo"):
            self.skip.append(self.depth)
            return
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "li":
            self.cur.append("- ")

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self.skip and self.skip[-1] == self.depth:
            self.skip.pop()
        elif not self.skip and tag in BLOCK_TAGS:
            self.flush()
        self.depth -= 1

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data.replace("\u00ad", ""))


def decode(raw):
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u00ad", "")
    if "<html" in text[:4096].lower():
        p = Lines()
        p.feed(text)
        p.close()
        p.flush()
        return p.lines
    return [l.strip() for l in text.split("\n") if l.strip()]


def strip_bullet(s):
    m = BULLET.match(s)
    return m.group(1) if m else s


def parse(path, tax):
    raw = Path(path).read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    lines = decode(raw)
    sections = {"Timeline": []}
    current = "Timeline"
    citation = url_id = None
    for line in lines:
        if CITATION.match(line):
            citation = citation or line
            continue
        m = URL.match(line)
        if m:
            url_id = url_id or m.group(1)
            continue
        h = tax.headers.get(fold(line)) if len(line) <= 40 else None
        if h and h not in ("VET Recommendation", "Osnabrück Declaration"):
            current = h
            sections.setdefault(h, [])
            continue
        sections[current].append(line)
    for name, body in sections.items():  # help texts under the headers of full pages
        if body and name in tax.help and fold(body[0]).startswith(tax.help[name]):
            del body[0]
    rec = {"id": None, "title": None, "country": None, "country_code": None, "type": None,
           "edition": None, "timeline": [], "background": None, "objectives": None,
           "description": None, "bodies": [], "target_groups": [], "categories": [],
           "priorities": [], "subsystem": []}
    for line in sections.get("Timeline", []):
        m = TIMELINE.match(line)
        if m:
            rec["timeline"].append({"year": int(m.group(1)),
                                    "stage": tax.stages.get(fold(m.group(2)), m.group(2))})
    for f in ("ID number",):
        for line in sections.get(f, []):
            if re.fullmatch(r"\d{3,9}", line):
                rec["id"] = rec["id"] or line
    rec["id"] = rec["id"] or url_id
    if citation:
        m = CITATION.match(citation)
        rec["title"], country, rec["edition"] = m.group(2), m.group(3), m.group(4)
        label, code = tax.countries.get(fold(country), (country, None))
        rec["country"], rec["country_code"] = label, code
    prose = lambda ls: "\n".join("- " + strip_bullet(l) if BULLET.match(l) else l for l in ls) or None
    rec["background"] = prose(sections.get("Background", []))
    rec["objectives"] = prose(sections.get("Objectives", []))
    desc = sections.get("Description", [])
    keep, i = [], 0
    while i < len(desc):  # drop "2016" / "Implementation" year markers
        if i + 1 < len(desc) and YEAR.match(desc[i]) and fold(desc[i + 1]) in tax.stages:
            i += 2
            continue
        keep.append(desc[i])
        i += 1
    rec["description"] = prose(keep)
    for line in sections.get("Bodies responsible", []):
        name = strip_bullet(line)
        b = {"name": name, "from": None, "until": None}
        m = VALIDITY.match(name)
        if m:
            b["name"] = m.group(1)
            if m.group(2) == "until":
                b["until"] = int(m.group(3))
            else:
                b["from"] = int(m.group(3))
            if m.group(4):
                b["until"] = int(m.group(4))
        rec["bodies"].append(b)
    def grouped(section, groups, head_key, item_key):
        """Bulleted items under the group heading (an audience, a framework) they follow."""
        out, head = [], None
        for line in sections.get(section, []):
            if not BULLET.match(line) and fold(line) in groups:
                head = fold(line)
                continue
            if head:
                label, labels = groups[head]
                item = strip_bullet(line)
                out.append({head_key: label, item_key: labels.get(fold(item), item)})
        return out

    rec["target_groups"] += grouped("Target groups", tax.groups, "audience", "group")
    rec["priorities"] += grouped("European priorities in VET", tax.priorities, "framework", "item")
    cat, heading = None, None
    cats = rec["categories"]

    def tag(c, sub):
        if any(t["category"] == c and t["subcategory"] == sub for t in cats):
            return
        for t in cats:
            if t["category"] == c and t["subcategory"] is None:
                t["subcategory"] = sub
                return
        cats.append({"category": c, "subcategory": sub})

    for line in sections.get("Thematic categories", []):
        f = fold(line)
        if f in tax.cats:
            cat, heading = tax.cats[f], None
            tag(cat[0], None)
            continue
        if cat is None or any(f.startswith(o) for o in tax.openings):
            continue
        if f in cat[1]:  # a sub-category heading
            heading = cat[1][f][0]
            tag(cat[0], heading)
            continue
        if heading:  # the description under a heading
            heading = None
            continue
        best = max(((sum(k in f for k in keys), name) for name, keys in cat[1].values()),
                   default=(0, None), key=lambda x: x[0])
        if best[0]:
            tag(cat[0], best[1])
    for line in sections.get("Subsystem", []):
        v = strip_bullet(line)
        rec["subsystem"].append(tax.subsystems.get(fold(v), v))
    for line in sections.get("Type of development", [])[:1]:
        rec["type"] = tax.types.get(fold(line), line)
    if not rec["id"] or not citation:
        return path, sha, None
    return path, sha, rec


SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS source_file(sha256 TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS policy(pk INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT,
  country TEXT, country_code TEXT, type TEXT, first_year INTEGER, last_year INTEGER, doc TEXT);
CREATE TABLE IF NOT EXISTS timeline(policy INTEGER, year INTEGER, stage TEXT);
CREATE INDEX IF NOT EXISTS timeline_by_year ON timeline(year, policy);
CREATE INDEX IF NOT EXISTS timeline_by_policy ON timeline(policy);
CREATE TABLE IF NOT EXISTS facet(policy INTEGER, dim TEXT, value TEXT);
CREATE INDEX IF NOT EXISTS facet_by_value ON facet(dim, value, policy);
CREATE INDEX IF NOT EXISTS facet_by_policy ON facet(policy);
CREATE VIRTUAL TABLE IF NOT EXISTS policy_fts USING fts5(title, body,
  tokenize = 'unicode61 remove_diacritics 2');
"""


def store(con, path, sha, rec):
    con.execute("INSERT OR REPLACE INTO source_file VALUES (?, ?)", (sha, path))
    if rec is None:
        return False
    years = [t["year"] for t in rec["timeline"]]
    cur = con.execute(
        "INSERT INTO policy(id, title, country, country_code, type, first_year, last_year, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title, "
        "country = excluded.country, country_code = excluded.country_code, type = excluded.type, "
        "first_year = excluded.first_year, last_year = excluded.last_year, doc = excluded.doc "
        "RETURNING pk",
        (rec["id"], rec["title"], rec["country"], rec["country_code"], rec["type"],
         min(years, default=None), max(years, default=None), json.dumps(rec, ensure_ascii=False)))
    pk = cur.fetchone()[0]
    con.execute("DELETE FROM timeline WHERE policy = ?", (pk,))
    con.execute("DELETE FROM facet WHERE policy = ?", (pk,))
    con.execute("DELETE FROM policy_fts WHERE rowid = ?", (pk,))
    con.executemany("INSERT INTO timeline VALUES (?, ?, ?)",
                    [(pk, t["year"], t["stage"]) for t in rec["timeline"]])
    facets = {("country", rec["country"]), ("type", rec["type"])}
    facets |= {("year", str(t["year"])) for t in rec["timeline"]}
    facets |= {("stage", t["stage"]) for t in rec["timeline"]}
    facets |= {("target_group", g["group"]) for g in rec["target_groups"]}
    facets |= {("audience", g["audience"]) for g in rec["target_groups"]}
    facets |= {("category", c["category"]) for c in rec["categories"]}
    facets |= {("subcategory", c["subcategory"]) for c in rec["categories"] if c["subcategory"]}
    facets |= {("priority", p["item"]) for p in rec["priorities"]}
    facets |= {("body", b["name"]) for b in rec["bodies"]}
    facets |= {("subsystem", s) for s in rec["subsystem"]}
    con.executemany("INSERT INTO facet VALUES (?, ?, ?)",
                    [(pk, d, v) for d, v in facets if v is not None])
    body = "\n".join([x for x in (rec["background"], rec["objectives"], rec["description"]) if x]
                     + [b["name"] for b in rec["bodies"]])
    con.execute("INSERT INTO policy_fts(rowid, title, body) VALUES (?, ?, ?)", (pk, rec["title"], body))
    return True


_TAX = None


def _init():
    global _TAX
    _TAX = Tax()


def _parse(path):
    return parse(path, _TAX)


def files_of(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                out += [os.path.join(root, n) for n in names if not n.startswith(".") and n != "README.md"]
        else:
            out.append(p)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--export", action="store_true", help="print the records as NDJSON")
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    con = sqlite3.connect(a.db, isolation_level=None)
    con.executescript(SCHEMA)
    if a.export:
        for (doc,) in con.execute("SELECT doc FROM policy ORDER BY pk"):
            sys.stdout.write(doc + "\n")
        return 0
    files = files_of(a.paths)
    if a.jobs > 1:
        import multiprocessing
        pool = multiprocessing.Pool(a.jobs, initializer=_init)
        results = pool.imap(_parse, files, chunksize=8)
    else:
        _init()
        results = map(_parse, files)
    n = bad = 0
    con.execute("BEGIN")
    for path, sha, rec in results:
        if not store(con, path, sha, rec):
            bad += 1
        n += 1
        if n % a.batch == 0:
            con.execute("COMMIT")
            con.execute("BEGIN")
    con.execute("COMMIT")
    con.close()
    print(f"reference: {n} files, {n - bad} records, {bad} failed", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
