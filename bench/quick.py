#!/usr/bin/env python3
"""The quick script: what a user who only wants the data in SQLite writes in an afternoon
instead of using vetq. It is the baseline vetq's ingest is compared with (bench/vs_quick.py).

Standard library only, one transaction, journal_mode=MEMORY, synchronous=OFF, a 64 MiB cache,
executemany, small facet tables whose indexes are built after the load, and FTS5 over title +
background + objectives + description. Pages are read as lines (saved HTML pages with their
tags stripped by a regular expression); fields come from the section headings, the citation
and the URL. No versions, no hashes, no provenance, no validation, no crash safety.

Usage: python3 bench/quick.py DB DIR...
"""
import html
import json
import os
import re
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAXONOMY = json.load(open(os.path.join(ROOT, "schemas", "taxonomy.json"), encoding="utf-8"))
CATEGORIES = {c["name"] for c in TAXONOMY["categories"]}
AUDIENCES = set(TAXONOMY["audience_headers"])
HEADINGS = set(TAXONOMY["section_headers"])
TIMELINE = re.compile(r"^(?:[-•*·]\s*)?(\d{4})\s*(Design|Legislative process|Approved/Agreed|"
                      r"Pilot|Implementation|Discontinued|Completed)$")
CITATION = re.compile(r"^Cedefop, & ReferNet\. \(\d{4}\)\. (.+): ([^:]+)\. In ")
URL = re.compile(r"timeline-vet-policies-europe/search/(\d+)")
TAG = re.compile(r"<[^>]+>")
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
BULLET = re.compile(r"^[-•*·]\s*")


def lines_of(path):
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        text = f.read()
    if path.endswith((".html", ".htm")):
        text = html.unescape(TAG.sub("\n", SCRIPT.sub("", text))).replace("\xad", "")
    for line in text.replace("\r", "").replace("\xa0", " ").split("\n"):
        line = line.strip()
        if line:
            yield line


def parse(path):
    p = {"timeline": [], "bodies": [], "target_groups": [], "categories": [], "text": {}}
    section = None
    for line in lines_of(path):
        m = TIMELINE.match(line)
        if m:
            p["timeline"].append((int(m.group(1)), m.group(2)))
            continue
        if line in HEADINGS:
            section = line
            continue
        if section in ("Background", "Objectives", "Description"):
            p["text"].setdefault(section, []).append(line)
        elif section == "Bodies responsible":
            p["bodies"].append(BULLET.sub("", line))
        elif section == "Target groups" and line not in AUDIENCES:
            p["target_groups"].append(BULLET.sub("", line))
        elif section == "Thematic categories" and line in CATEGORIES:
            p["categories"].append(line)
        elif section == "Type of development":
            p["type"] = line
        elif section == "Cite as":
            if m := CITATION.match(line):
                p["title"], p["country"] = m.group(1), m.group(2)
            elif m := URL.search(line):
                p["id"] = m.group(1)
    return p if "id" in p else None


def pages(dirs):
    for d in dirs:
        for root, _, files in os.walk(d):
            for name in sorted(files):
                if name.endswith((".txt", ".html", ".htm")):
                    yield os.path.join(root, name)


def main(db, dirs):
    con = sqlite3.connect(db, isolation_level=None)
    con.executescript("""
        PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;
        CREATE TABLE policy (id TEXT PRIMARY KEY, title TEXT, country TEXT, type TEXT, doc TEXT);
        CREATE TABLE timeline (policy TEXT, year INTEGER, stage TEXT);
        CREATE TABLE facet (policy TEXT, dim TEXT, value TEXT);
        CREATE VIRTUAL TABLE search USING fts5(id UNINDEXED, title, background, objectives,
                                               description);""")
    con.execute("BEGIN")
    policies, timeline, facets, search = [], [], [], []
    for path in pages(dirs):
        p = parse(path)
        if not p:
            continue
        text = {k: "\n".join(v) for k, v in p.pop("text").items()}
        policies.append((p["id"], p.get("title"), p.get("country"), p.get("type"),
                         json.dumps(dict(p, **text), ensure_ascii=False)))
        timeline += [(p["id"], y, s) for y, s in p["timeline"]]
        for dim in ("bodies", "target_groups", "categories"):
            facets += [(p["id"], dim, v) for v in p[dim]]
        search.append((p["id"], p.get("title"), text.get("Background"), text.get("Objectives"),
                       text.get("Description")))
    con.executemany("INSERT OR REPLACE INTO policy VALUES (?, ?, ?, ?, ?)", policies)
    con.executemany("INSERT INTO timeline VALUES (?, ?, ?)", timeline)
    con.executemany("INSERT INTO facet VALUES (?, ?, ?)", facets)
    con.executemany("INSERT INTO search VALUES (?, ?, ?, ?, ?)", search)
    con.execute("CREATE INDEX timeline_by_year ON timeline(year, stage)")
    con.execute("CREATE INDEX facet_by_value ON facet(dim, value)")
    con.execute("COMMIT")
    print(f"{len(policies)} policies", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
