#!/usr/bin/env python3
"""The vetq binary was linked in the order of apps/vetq/startup.order, and the order is current.

Fails when the linker did not apply the order (the functions it names lie spread over the
binary's code) or when the binary no longer has most of the functions it names (the start-up
path changed: write the file again with `python3 bench/startup_order.py`).

    check_startup_order.py VETQ_BINARY ORDER_FILE
"""
import subprocess
import sys

WINDOW = 64 * 1024  # what one page fault maps of a file here (fault-around)
MAX_WINDOWS = 32    # linked in order: 23; linked without it (GNU ld): 53
MIN_PRESENT = 0.90  # share of the order file's names the binary must define


def main():
    binary, order_file = sys.argv[1], sys.argv[2]
    names = [ln.strip() for ln in open(order_file) if ln.strip() and not ln.startswith("#")]
    nm = subprocess.run(["nm", "-S", "--defined-only", binary], check=True,
                        capture_output=True, text=True).stdout
    spans = {}
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTwW":
            spans.setdefault(f[3], (int(f[0], 16), int(f[1], 16)))
    present = [n for n in names if n in spans]
    windows = set()
    for n in present:
        start, size = spans[n]
        windows.update(range(start // WINDOW, (start + max(size, 1) - 1) // WINDOW + 1))
    share = len(present) / len(names) if names else 0.0
    print(f"{len(present)} of {len(names)} start-up functions in the binary ({share:.0%}), "
          f"in {len(windows)} stretches of 64 KiB")
    ok = True
    if share < MIN_PRESENT:
        print(f"{order_file}:0: error: the binary defines only {share:.0%} of the functions the "
              f"start-up order names — run `python3 bench/startup_order.py` to write it again",
              file=sys.stderr)
        ok = False
    if len(windows) > MAX_WINDOWS:
        print(f"{binary}:0: error: the start-up functions lie in {len(windows)} stretches of "
              f"64 KiB (at most {MAX_WINDOWS} when linked in order) — was vetq linked with lld "
              f"and --symbol-ordering-file?", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
