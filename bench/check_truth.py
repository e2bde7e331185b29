#!/usr/bin/env python3
"""Compare exported records (NDJSON, `vetq export` or bench/reference.py --export) with the
generator's ground truth, field by field.

Fields: id, title, country, country_code, timeline (year, stage), bodies (name, from, until),
target_groups (audience, group), categories (category, subcategory), priorities (framework,
item), type. Lists are compared in page order; a list that differs only in order is reported
as such. Every page of the truth must have exactly one record, and no record may be extra.

Usage: check_truth.py --truth DIR/truth [--shards 0-9] --export export.ndjson [--show 10]
Exit status 0 when every record matches, 1 otherwise.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

FIELDS = ["id", "title", "country", "country_code", "timeline", "bodies", "target_groups",
          "categories", "priorities", "type"]
KEYS = {
    "timeline": ("year", "stage"),
    "bodies": ("name", "from", "until"),
    "target_groups": ("audience", "group"),
    "categories": ("category", "subcategory"),
    "priorities": ("framework", "item"),
}


def normal(field, value):
    if field in KEYS:
        return [tuple(x.get(k) for k in KEYS[field]) for x in (value or [])]
    return value


def load_truth(truth_dir, shards):
    out = {}
    files = sorted(Path(truth_dir).glob("*.ndjson"))
    if shards is not None:
        files = [f for f in files if int(f.stem) in shards]
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                t = json.loads(line)
                out[t["id"]] = t
    return out


def parse_shards(s):
    if s is None:
        return None
    lo, _, hi = s.partition("-")
    return set(range(int(lo), int(hi or lo) + 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truth", required=True, help="the corpus's truth/ directory")
    ap.add_argument("--shards", help="only these shards of the truth, e.g. 0-9")
    ap.add_argument("--export", required=True, help="NDJSON records; - for stdin")
    ap.add_argument("--show", type=int, default=8, help="mismatches to print (default 8)")
    ap.add_argument("--label", default="vetq")
    a = ap.parse_args()
    truth = load_truth(a.truth, parse_shards(a.shards))
    stream = sys.stdin if a.export == "-" else open(a.export, encoding="utf-8")
    seen, extra, dup = set(), [], []
    by_field, shown, bad_records = Counter(), 0, 0
    for line in stream:
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("kind", "policy") != "policy":
            continue
        rid = rec.get("id")
        if rid not in truth:
            extra.append(rid)
            continue
        if rid in seen:
            dup.append(rid)
            continue
        seen.add(rid)
        t = truth[rid]
        bad = []
        for f in FIELDS:
            want, got = normal(f, t.get(f)), normal(f, rec.get(f))
            if want != got:
                order_only = isinstance(want, list) and sorted(map(repr, want)) == sorted(map(repr, got))
                by_field[f + (" (order only)" if order_only else "")] += 1
                bad.append((f, want, got, order_only))
        if bad:
            bad_records += 1
            if shown < a.show:
                shown += 1
                print(f"{a.label}: {t['file']} (id {rid}):", file=sys.stderr)
                for f, want, got, order_only in bad:
                    note = " [same items, other order]" if order_only else ""
                    print(f"  {f}{note}\n    truth: {json.dumps(want, ensure_ascii=False)}\n"
                          f"    got:   {json.dumps(got, ensure_ascii=False)}", file=sys.stderr)
    missing = [k for k in truth if k not in seen]
    ok = not (bad_records or missing or extra or dup)
    summary = (f"{a.label}: {len(seen)}/{len(truth)} records checked against the ground truth: "
               f"{len(seen) - bad_records} match, {bad_records} differ, {len(missing)} missing, "
               f"{len(extra)} extra, {len(dup)} duplicate")
    print(summary, file=sys.stderr)
    if by_field:
        print(f"{a.label}: differing fields: " +
              ", ".join(f"{f} {n}" for f, n in by_field.most_common()), file=sys.stderr)
    if missing:
        print(f"{a.label}: missing ids (first 10): {missing[:10]}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
