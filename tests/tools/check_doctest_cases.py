#!/usr/bin/env python3
"""Fails unless CTest runs every doctest case of the test binary exactly once.

doctest_discover_tests() turns each case into one CTest entry whose filter is the case name.
A name CTest or doctest's filter cannot carry (a ';' splits it into several entries, each of
which then runs zero cases and passes) leaves a case that never runs under `make test`. This
check compares the cases the binary holds (--list-test-cases) with the CTest entries and asks
the binary how many cases each entry's filter selects (--count): exactly one each, all of them
in all.

usage: check_doctest_cases.py TEST_BINARY CTEST_BINARY_DIR CTEST_COMMAND
"""
import json
import os
import re
import subprocess
import sys


def doctest_lines(binary, *args):
    out = subprocess.run([binary, *args], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line and not line.startswith(("[doctest]", "====="))]


def selected(binary, spec):
    out = subprocess.run([binary, spec, "--count"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"unskipped test cases passing the current filters: (\d+)", out)
    if not m:
        sys.exit(f"check_doctest_cases: cannot read the count of {binary} {spec}:\n{out}")
    return int(m.group(1))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, build_dir, ctest = sys.argv[1:]
    cases = doctest_lines(binary, "--list-test-cases")
    listing = subprocess.run([ctest, "--show-only=json-v1"], cwd=build_dir, capture_output=True,
                             text=True, check=True).stdout
    entries = []
    for test in json.loads(listing)["tests"]:
        command = test.get("command") or []
        if command and os.path.realpath(command[0]) == os.path.realpath(binary):
            specs = [a for a in command[1:] if a.startswith("--test-case=")]
            entries.append((test["name"], specs[0] if len(specs) == 1 else None))

    problems = []
    names = [name for name, _ in entries]
    for case in sorted(set(cases) - set(names)):
        problems.append(f"doctest case with no CTest entry of its name: {case!r}")
    for name in sorted(set(names) - set(cases)):
        problems.append(f"CTest entry that names no doctest case: {name!r}")
    total = 0
    for name, spec in entries:
        n = selected(binary, spec) if spec else 0
        total += n
        if n != 1:
            problems.append(f"CTest entry {name!r} runs {n} doctest cases, not 1")
    if total != len(cases):
        problems.append(f"CTest runs {total} doctest cases; {os.path.basename(binary)} holds {len(cases)}")
    if problems:
        for p in problems:
            print(f"{binary}:0: error: {p} — rename the case (no ';' in a name) or fix its discovery",
                  file=sys.stderr)
        return 1
    print(f"all {len(cases)} doctest cases run once each under CTest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
