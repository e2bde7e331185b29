#!/usr/bin/env python3
"""Fails when the code breaks the layer table of docs/architecture.md or the size limits.

Layers (a folder may include only what its row names; the data runs one way):

    lib/vetq    core      vetq/
    lib/output  output    vetq/ output/
    lib/store   store     vetq/ store/
    lib/query   query     vetq/ store/ output/ query/
    parsers     parsers   vetq/ parsers/
    ingest      ingest    vetq/ store/ parsers/ ingest/
    apps        the CLI   everything

SQLiteCpp and sqlite3.h only under lib/store and lib/query; poppler only in the PDF module.
No .cpp over 500 lines and no function over 80 lines, tests/ and bench/ included (the layer
rules do not apply there: a test may reach any layer).

usage: check_layers.py [PROJECT_ROOT]
"""
import os
import re
import sys

LAYERS = [  # folder, allowed include prefixes (longest folder first)
    ("lib/vetq/", ("vetq/",)),
    ("lib/output/", ("vetq/", "output/")),
    ("lib/store/", ("vetq/", "store/")),
    ("lib/query/", ("vetq/", "store/", "output/", "query/")),
    ("parsers/", ("vetq/", "parsers/")),
    ("ingest/", ("vetq/", "store/", "parsers/", "ingest/")),
    ("apps/", None),
]
PROJECT_PREFIXES = ("vetq/", "output/", "store/", "query/", "parsers/", "ingest/", "lib/")
SQLITE_OK = ("lib/store/", "lib/query/")
POPPLER_OK = ("parsers/report/pdf_module.cpp",)
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
CONTROL = re.compile(r"^\s*(\}\s*)?(if|else|for|while|switch|catch|do|try|namespace|class|struct|"
                     r"enum|union|extern)\b")
OPENS_FUNCTION = re.compile(r"\)\s*(const)?\s*(noexcept)?\s*(override)?\s*(->\s*[\w:<>]+\s*)?\{\s*$")


def sources(root, tops=("lib", "parsers", "ingest", "apps")):
    for top in tops:
        for dirpath, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = [d for d in dirs if d != "out"]  # bench/out: generated corpora
            for f in files:
                if f.endswith((".cpp", ".h")):
                    path = os.path.join(dirpath, f)
                    yield os.path.relpath(path, root).replace(os.sep, "/"), path


def layer_of(rel):
    for folder, allowed in LAYERS:
        if rel.startswith(folder):
            return folder, allowed
    return None, None


def strip_code(line, state):
    """The line without comments and string or character literals (state: in block comment)."""
    out, i = [], 0
    while i < len(line):
        if state["block"]:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out)
            state["block"], i = False, end + 2
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"], i = True, i + 2
            continue
        if line.startswith('R"(', i):
            end = line.find(')"', i + 3)
            if end < 0:
                state["raw"] = True
                return "".join(out)
            i = end + 2
            continue
        if c in "\"'":
            j = i + 1
            while j < len(line) and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def long_functions(lines):
    """(first line, length) of each function body longer than MAX_FUNCTION_LINES."""
    state = {"block": False, "raw": False}
    depth, starts, found = 0, [], []
    for n, raw in enumerate(lines, 1):
        if state["raw"]:
            if ')"' in raw:
                state["raw"] = False
                raw = raw[raw.index(')"') + 2:]
            else:
                continue
        code = strip_code(raw, state)
        if OPENS_FUNCTION.search(code) and not CONTROL.match(code) and "= [" not in code \
                and "[&" not in code and "[this" not in code:
            starts.append((n, depth))
        for c in code:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if starts and depth == starts[-1][1]:
                    first, _ = starts.pop()
                    if n - first + 1 > MAX_FUNCTION_LINES:
                        found.append((first, n - first + 1))
    return found


def size_problems(rel, lines):
    out = []
    if rel.endswith(".cpp") and len(lines) > MAX_FILE_LINES:
        out.append(f"{rel}:1: error: {len(lines)} lines, over {MAX_FILE_LINES} — split it "
                   "along its seams")
    for first, length in long_functions(lines):
        out.append(f"{rel}:{first}: error: a function of {length} lines, over "
                   f"{MAX_FUNCTION_LINES} — split it into named steps")
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    problems = []
    for rel, path in sorted(sources(root)):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        folder, allowed = layer_of(rel)
        for n, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, target = m.groups()
            if target.startswith(("SQLiteCpp/", "sqlite3.h")) and not rel.startswith(SQLITE_OK):
                problems.append(f"{rel}:{n}: error: {target} outside lib/store and lib/query")
            if target.startswith("poppler/") and rel not in POPPLER_OK:
                problems.append(f"{rel}:{n}: error: poppler outside the PDF module")
            if kind == '"' and allowed is not None and target.startswith(PROJECT_PREFIXES) \
                    and not target.startswith(allowed):
                problems.append(f"{rel}:{n}: error: {folder} includes {target}, against the layer "
                                f"table (allowed: {' '.join(allowed)})")
        problems += size_problems(rel, lines)
    for rel, path in sorted(sources(root, ("tests", "bench"))):
        with open(path, encoding="utf-8") as f:
            problems += size_problems(rel, f.read().split("\n"))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} problems (the table: docs/architecture.md)",
              file=sys.stderr)
        return 1
    print("check_layers: the layer table and the size limits hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
