#!/usr/bin/env bash
# Regenerates docs/cli.md from the built binary's --help texts:
#   docs/gen-cli.sh build/release/apps/vetq/vetq > docs/cli.md
# tests/cli/test_cli.py fails when a command or option is missing from docs/cli.md.
set -euo pipefail
vetq=${1:-build/release/apps/vetq/vetq}
cat <<'HEAD'
# vetq command-line reference

Generated from `vetq --help` and each command's `--help` by `docs/gen-cli.sh`; the help texts
are the specification. Conventions: results on stdout, everything for people on stderr; exit
codes 0 success (an empty result too), 1 failure, 2 usage error.

HEAD
echo '## vetq'
echo
echo '```'
"$vetq" --help
echo '```'
for cmd in ingest validate query show export stats facets timeline brief diff changes related schema formats completions; do
  echo
  echo "## vetq $cmd"
  echo
  echo '```'
  "$vetq" "$cmd" --help
  echo '```'
done
