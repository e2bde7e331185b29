#!/usr/bin/env python3
"""Write the schema and rows of a vetq database as the input of bench/floor.cpp.

The schema is the database's own (sqlite_master, in creation order, without the shadow tables
FTS5 creates by itself), so the floor always inserts into what the measured vetq built. The
rows are grouped by policy, in insertion order, as `vetq ingest` writes them: the policy row,
then for each other non-empty table the rows that belong to that policy, found by the usual
link columns: a foreign key to policy(pk) (policy_timeline.policy, policy_doc.pk), `kind`/`owner` (kind 'policy'), a full-text table's
rowid (= policy.pk; its columns read back through the table, so external content works too),
`sha256` (= policy.source_sha256), facet_value (with the first policy whose facet_row uses the
value). A non-empty table with no such link stops the dump with a
message: teach this script how it relates to a page.

File: "VETQFLR1", then u32 length + schema SQL, u32 table count, per table u32 length + INSERT
statement and u32 column count; then per policy, per table: u32 row count and the values.
Values: 'N' null, 'I' int64 LE, 'F' double LE, 'T' u32 length + UTF-8, 'B' u32 length + bytes.

Usage: dump_rows.py VETQ_DB ROWS_FILE
"""

import re
import sqlite3
import struct
import sys


def value(v):
    if v is None:
        return b"N"
    if isinstance(v, int):
        return b"I" + struct.pack("<q", v)
    if isinstance(v, float):
        return b"F" + struct.pack("<d", v)
    if isinstance(v, bytes):
        return b"B" + struct.pack("<I", len(v)) + v
    b = v.encode("utf-8")
    return b"T" + struct.pack("<I", len(b)) + b


def text(s):
    b = s.encode("utf-8")
    return struct.pack("<I", len(b)) + b


def q(name):
    return '"' + name.replace('"', '""') + '"'


def main():
    src, dst = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    objects = con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    fts = [n for t, n, s in objects if t == "table" and re.search(r"USING\s+fts5", s, re.I)]
    shadow = re.compile(r"^(?:%s)_(?:data|idx|content|docsize|config)$" % "|".join(map(re.escape, fts))) if fts else None
    schema = ";\n".join(s for t, n, s in objects
                        if not n.startswith("sqlite_") and not (shadow and t == "table" and shadow.match(n)))
    tables = []  # (name, columns, select for one policy, parameters from the policy row)
    pcols = [r[1] for r in con.execute("PRAGMA table_info(policy)")]
    for t, name, sql in objects:
        if t != "table" or name.startswith("sqlite_") or (shadow and shadow.match(name)) or name == "policy":
            continue
        if not con.execute(f"SELECT 1 FROM {q(name)} LIMIT 1").fetchone():
            continue  # empty after a policy-only ingest: reports, history
        if name in fts:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({q(name)})")]
            tables.append((name, ["rowid"] + cols,
                           f"SELECT rowid, {', '.join(map(q, cols))} FROM {q(name)} WHERE rowid = ?", "pk"))
            continue
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({q(name)})")]
        sel = ", ".join(map(q, cols))
        fks = [r[3] for r in con.execute(f"PRAGMA foreign_key_list({q(name)})") if r[2] == "policy" and r[4] == "pk"]
        if fks:  # policy_timeline.policy, policy_doc.pk
            tables.append((name, cols, f"SELECT {sel} FROM {q(name)} WHERE {q(fks[0])} = ? ORDER BY rowid", "pk"))
        elif "policy" in cols:
            tables.append((name, cols, f"SELECT {sel} FROM {q(name)} WHERE policy = ? ORDER BY rowid", "pk"))
        elif "owner" in cols and "kind" in cols:
            order = "ord" if "ord" in cols else "rowid"  # facet_row (schema 9) has no rowid
            tables.append((name, cols, f"SELECT {sel} FROM {q(name)} WHERE kind = 'policy' AND owner = ? ORDER BY {order}", "pk"))
        elif name == "facet_value":  # schema 9: a value goes with the first page that has it
            con.execute("CREATE TEMP TABLE first_use AS SELECT value_id AS id, min(owner) AS owner "
                        "FROM facet_row WHERE kind = 'policy' GROUP BY value_id")
            con.execute("CREATE INDEX temp.first_use_by_owner ON first_use(owner)")
            tables.append((name, cols, f"SELECT {sel} FROM facet_value WHERE id IN "
                           "(SELECT id FROM temp.first_use WHERE owner = ?) ORDER BY id", "pk"))
        elif "sha256" in cols and "source_sha256" in pcols:
            tables.append((name, cols, f"SELECT {sel} FROM {q(name)} WHERE sha256 = ?", "source_sha256"))
        else:
            sys.exit(f"dump_rows: table {name} has rows but no known link to a policy — teach "
                     f"bench/dump_rows.py how it relates to a page")
    # The policy row first, the source file last (as vetq writes them).
    tables.sort(key=lambda x: x[0] == "source_file")
    all_tables = [("policy", pcols, None, None)] + tables
    out = open(dst, "wb")
    out.write(b"VETQFLR1" + text(schema) + struct.pack("<I", len(all_tables)))
    for name, cols, _, _ in all_tables:
        out.write(text(f"INSERT INTO {q(name)}({', '.join(map(q, cols))}) VALUES "
                       f"({', '.join('?' * len(cols))})") + struct.pack("<I", len(cols)))
    n = 0
    for row in con.execute(f"SELECT {', '.join(map(q, pcols))} FROM policy ORDER BY pk"):
        rec = dict(zip(pcols, row))
        buf = [struct.pack("<I", 1)] + [value(v) for v in row]
        for name, cols, sel, key in tables:
            rows = con.execute(sel, (rec[key],)).fetchall()
            buf.append(struct.pack("<I", len(rows)))
            buf += [value(v) for r in rows for v in r]
        out.write(b"".join(buf))
        n += 1
    out.close()
    print(f"dump_rows: {n} policies, tables {', '.join(t[0] for t in all_tables)}", file=sys.stderr)


if __name__ == "__main__":
    main()
