#!/bin/sh
# Generates what `make install` and the .deb put under share/ from the built vetq itself, so
# that they never drift from it: the shell completions (vetq completions SHELL, from the CLI11
# model) and the man page (help2man over `vetq --help`, each command's --help as a section).
#   cmake/gen-share.sh build/release/apps/vetq/vetq build/release/share
set -eu
vetq=$1
out=$2
mkdir -p "$out"
for shell in bash zsh fish; do
  "$vetq" completions "$shell" > "$out/vetq.$shell"
done
if ! command -v help2man >/dev/null 2>&1; then
  echo "gen-share.sh: help2man not found: no man page (make deps installs it)" >&2
  exit 0
fi
# roff: a backslash is \e, a line starting with . or ' is protected with \&.
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
commands=$("$vetq" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
{
  # The root help's closing lines (examples, database, exit codes) as written, not reflowed.
  echo "[=EXAMPLES]"
  echo ".nf"
  "$vetq" --help | sed -n '/^Examples:/,$p' | sed 1d | roff
  echo ".fi"
  echo "[COMMANDS]"
  for cmd in $commands; do
    echo ".SS vetq $cmd"
    echo ".nf"
    "$vetq" "$cmd" --help | roff
    echo ".fi"
  done
  echo "[ENVIRONMENT]"
  echo ".TP"
  echo ".B VETQ_DB"
  echo "The database when --db is not given (else \$XDG_DATA_HOME/vetq/vetq.db)."
  echo ".TP"
  echo ".B NO_COLOR"
  echo "No colour on a terminal (--color always still colours)."
  echo "[SEE ALSO]"
  echo "The database's tables and views: docs/database.md in the source, or"
  echo "/usr/share/doc/vetq/database.md when installed from the package."
} > "$out/vetq.h2m"
help2man --no-info --no-discard-stderr --section 1 \
  --name "ingest Cedefop VET policy pages and regional reports into SQLite, then query them" \
  --include "$out/vetq.h2m" --output "$out/vetq.1" "$vetq"
