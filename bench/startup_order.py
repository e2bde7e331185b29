#!/usr/bin/env python3
"""Write apps/vetq/startup.order: the functions vetq runs before a short command's first result.

The build links these functions next to each other (lld's --symbol-ordering-file; see
CMakeLists.txt), so that a query's functions lie in 23 of the binary's 64 KiB stretches of
code instead of 53: fewer page faults, 0.5-1 ms less at every start (bench/RESULTS.md). The list comes from
callgrind runs of the commands below over a database of samples/, in the order callgrind counts
their instructions (most first), each name once. A name the binary no longer has is skipped by
the linker; tests/tools/check_startup_order.py fails when too many are gone.

    python3 bench/startup_order.py                  # after a change of the start-up path
    python3 bench/startup_order.py --vetq PATH --out FILE
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a user runs most often from a shell or a script: each adds the code of its own path.
COMMANDS = [
    ["--version"],
    ["query", "--country", "France", "--limit", "20", "--format", "json"],
    ["query", "--country", "France"],
    ["query", "--text", "apprenticeship", "--limit", "20"],
    ["show", "28238", "--format", "json"],
    ["stats", "--by", "country"],
    ["facets", "country"],
]

# A line of callgrind_annotate: "   1,234 (12.34%)  file:function [object]".
LINE = re.compile(r"^\s*[\d,]+\s+(?:\([^)]*\)\s+)?(?P<where>.+?) \[(?P<object>[^\]]+)\]$")


def functions(vetq, argv, db, work):
    """The functions of the vetq binary that one command runs, most instructions first."""
    out = work / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
                    vetq, "--db", str(db), *argv], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    listing = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=no", str(out)],
                             check=True, capture_output=True, text=True).stdout
    binary = os.path.realpath(vetq)
    names = []
    for line in listing.splitlines():
        m = LINE.match(line)
        if not m or os.path.realpath(m["object"]) != binary:
            continue
        name = m["where"].split(":", 1)[-1]
        name = re.sub(r"'\d+$", "", name)  # callgrind's mark for a recursion level
        if name.startswith("(") or name.startswith("0x"):
            continue  # "(below main)", an address without a symbol
        names.append(name)
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vetq", default=str(ROOT / "build/release/apps/vetq/vetq"))
    ap.add_argument("--out", default=str(ROOT / "apps/vetq/startup.order"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "samples.db"
        subprocess.run([a.vetq, "--db", str(db), "ingest", "-q", str(ROOT / "samples")], check=True)
        seen, order = set(), []
        for argv in COMMANDS:
            for name in functions(a.vetq, argv, db, work):
                if name not in seen:
                    seen.add(name)
                    order.append(name)
    header = ("# The functions vetq runs before a short command's first result, linked together\n"
              "# (lld --symbol-ordering-file, CMakeLists.txt). Written by bench/startup_order.py\n"
              "# from callgrind runs of: " + "; ".join(" ".join(c) for c in COMMANDS) + ".\n")
    Path(a.out).write_text(header + "\n".join(order) + "\n")
    print(f"startup_order: {len(order)} functions written to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
