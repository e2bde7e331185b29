#!/usr/bin/env bash
# vetq's records in PostgreSQL: the worked example of docs/scaling.md, run by `make bench-smoke`.
#
# Starts a private, throw-away PostgreSQL cluster in a temporary directory (a unix socket there,
# no TCP), loads `vetq export` (NDJSON, one record a line) into a table `policy(doc jsonb)`
# with \copy, indexes it with GIN, and counts policies per country, per year, per thematic
# category, per target group and per country x category in SQL. Each count is compared with
# `vetq stats --by ... --format json` on the same database; any difference exits 1. The cluster
# and the directory are removed on exit, error or not.
#
# Usage: bench/pg_example.sh [--db VETQ_DB] [--quiet]
#   --db DB    the vetq database to move (default: one ingested from samples/ in the temp dir)
#   --quiet    no psql commands for the reader at the end
# Environment: VETQ (the vetq binary; default build/release/apps/vetq/vetq, else vetq on PATH),
# PG_BIN (PostgreSQL's server binaries; default the newest /usr/lib/postgresql/*/bin).
# Needs the Debian package postgresql (`make bench-deps`); installs nothing itself. As root,
# the server runs as the user postgres (PostgreSQL refuses to run as root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "pg_example: error: $*" >&2; exit 1; }
say() { echo "pg_example: $*" >&2; }

DB='' QUIET=''
while [ $# -gt 0 ]; do
  case $1 in
    --db) DB=${2:?--db needs a path}; shift 2 ;;
    --quiet) QUIET=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "pg_example: usage error: unknown argument '$1' — see --help" >&2; exit 2 ;;
  esac
done

VETQ=${VETQ:-$ROOT/build/release/apps/vetq/vetq}
[ -x "$VETQ" ] || VETQ=$(command -v vetq) ||
  die "no vetq binary — run 'make build', or set VETQ=PATH"
if [ -z "${PG_BIN:-}" ]; then
  PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
if ! { [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && command -v psql >/dev/null; }; then
  die "no PostgreSQL server binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin) or no psql" \
      "— run 'make bench-deps' (it installs the Debian package postgresql), or set PG_BIN=DIR"
fi
[ -z "$DB" ] || [ -f "$DB" ] || die "$DB: no such vetq database — give --db an existing file"

# -- A private cluster ----------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vetq-pg.XXXXXX")
AS=()  # how to run the server: as ourselves, or (as root) as the user postgres
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the user 'postgres' (Debian package postgresql)"
  AS=(runuser -u postgres --)
  chown postgres: "$TMP"
fi
cleanup() {
  if [ -f "$TMP/data/postmaster.pid" ]; then
    "${AS[@]}" "$PG_BIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
on_error() { echo "pg_example: error: line $2 failed (exit $1): ${3%%$'\n'*}" >&2; }
trap 'on_error "$?" "$LINENO" "$BASH_COMMAND"' ERR
trap 'exit 1' INT TERM

# listen_addresses='' opens no TCP port: the server is reached only through the socket file
# $TMP/.s.PGSQL.$PGPORT, so the port number only names that file and cannot collide.
export PGHOST=$TMP PGPORT=5432 PGUSER=vetq PGDATABASE=postgres
"${AS[@]}" "$PG_BIN/initdb" -D "$TMP/data" -U vetq --auth=trust -E UTF8 --no-locale >"$TMP/initdb.log" 2>&1 ||
  { cat "$TMP/initdb.log" >&2; die "initdb failed (log above)"; }
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -s \
  -o "-c listen_addresses= -k $TMP -p $PGPORT -c fsync=off" start ||
  { cat "$TMP/server.log" >&2; die "the PostgreSQL server did not start (log above)"; }
say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running in $TMP"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# -- The vetq database ----------------------------------------------------------------------
GIVEN_DB=$DB
if [ -z "$DB" ]; then
  DB=$TMP/vetq.db
  "$VETQ" --db "$DB" ingest -q "$ROOT/samples"
  say "ingested samples/ into $DB"
fi

# -- Load ----------------------------------------------------------------------------------
# COPY's text format would read backslashes in the JSON as escapes. In CSV format with a quote
# and a delimiter that never occur in a line (JSON writes control characters as \u0001), each
# line arrives whole, as one value.
CREATE_SQL="CREATE TABLE policy (doc jsonb NOT NULL);"
COPY_CMD="\\copy policy (doc) FROM 'records.ndjson' WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')"
INDEX_SQL="CREATE INDEX policy_doc ON policy USING gin (doc jsonb_path_ops); ANALYZE policy;"

start=$EPOCHREALTIME
"$VETQ" --db "$DB" export --format ndjson >"$TMP/records.ndjson"
exported=$EPOCHREALTIME
(cd "$TMP" && "${PSQL[@]}" -c "$CREATE_SQL" -c "$COPY_CMD" -c "$INDEX_SQL")
loaded=$EPOCHREALTIME
read -r records policies size < <("${PSQL[@]}" -At -F ' ' -c \
  "SELECT count(*), count(*) FILTER (WHERE doc->>'kind' = 'policy'),
          pg_size_pretty(pg_total_relation_size('policy')) FROM policy")
say "$(printf 'exported %s records (%s MB) in %.1f s; loaded and indexed in %.1f s: %s policies, table + index %s' \
  "$records" "$(($(stat -c %s "$TMP/records.ndjson") / 1000000))" "$(awk "BEGIN {print $exported - $start}")" \
  "$(awk "BEGIN {print $loaded - $exported}")" "$policies" "$size")"
# -- The counts ----------------------------------------------------------------------------
# What `vetq stats` counts: policies (not reports), each once per value it has (a policy with
# two sub-categories of one category counts once for it); a policy counts in every year of its
# timeline. One query per `vetq stats` command:
declare -A COUNT_SQL=(
  [country]="SELECT doc->>'country' AS country, count(*) AS policies FROM policy
    WHERE doc->>'kind' = 'policy' AND doc->>'country' IS NOT NULL GROUP BY 1"
  [year]="SELECT t->>'year' AS year, count(DISTINCT doc->>'id') AS policies
    FROM policy, jsonb_array_elements(doc->'timeline') t WHERE doc->>'kind' = 'policy' GROUP BY 1"
  [category]="SELECT c->>'category' AS category, count(DISTINCT doc->>'id') AS policies
    FROM policy, jsonb_array_elements(doc->'categories') c WHERE doc->>'kind' = 'policy' GROUP BY 1"
  [target-group]="SELECT g->>'group' AS target_group, count(DISTINCT doc->>'id') AS policies
    FROM policy, jsonb_array_elements(doc->'target_groups') g WHERE doc->>'kind' = 'policy' GROUP BY 1"
  [country,category]="SELECT doc->>'country' AS country, c->>'category' AS category,
    count(DISTINCT doc->>'id') AS policies FROM policy, jsonb_array_elements(doc->'categories') c
    WHERE doc->>'kind' = 'policy' AND doc->>'country' IS NOT NULL GROUP BY 1, 2"
)
# The keys of `vetq stats --format json`: [{"<dim1>": value, ["<dim2>": value,] "count": n}].
declare -A KEYS=([country]=country [year]=year [category]=category [target-group]=target_group
                 [country,category]="country category")

failed=0
# The table: cells compared, the sum of the counts on each side, and the whole-process time of
# the vetq command and of psql (PostgreSQL's query and the comparison), in ms.
ms() { awk "BEGIN {printf \"%.0f\", ($2 - $1) * 1000}"; }
printf '%-30s %6s %9s %9s %7s %7s  %s\n' "vetq stats --by" cells vetq postgres "vetq ms" "psql ms" verdict
for dims in country year category target-group country,category; do
  read -r k1 k2 <<<"${KEYS[$dims]}"
  if [ -z "$k2" ]; then  # one dimension: cells (a, n)
    by=(--by "$dims") cols="a, n" key=a label=a vq_cols="e->>'$k1'"
  else                   # two: cells (a, b, n)
    by=(--by "${dims%,*}" --by "${dims#*,}") cols="a, b, n" key="a, b" label="a || ' x ' || b"
    vq_cols="e->>'$k1', e->>'$k2'"
  fi
  t0=$EPOCHREALTIME
  "$VETQ" --db "$DB" stats "${by[@]}" --format json >"$TMP/vetq.json"
  t1=$EPOCHREALTIME
  # Both sides in SQL: vetq's JSON (read by psql's \set) as a table, full-joined with
  # PostgreSQL's counts.
  result=$("${PSQL[@]}" -At -F '|' <<SQL
\set vetq \`cat $TMP/vetq.json\`
WITH pg($cols) AS (${COUNT_SQL[$dims]}),
     vq($cols) AS (SELECT $vq_cols, (e->>'count')::bigint FROM jsonb_array_elements(:'vetq'::jsonb) e),
     j AS (SELECT $label AS cell, vq.n AS vn, pg.n AS pn FROM vq FULL JOIN pg USING ($key))
SELECT count(*), coalesce(sum(vn), 0), coalesce(sum(pn), 0),
       count(*) FILTER (WHERE vn IS DISTINCT FROM pn),
       coalesce(string_agg(format('%s: vetq %s, postgres %s', cell, coalesce(vn::text, 'none'),
                                  coalesce(pn::text, 'none')), '; ') FILTER (WHERE vn IS DISTINCT FROM pn), '')
FROM j
SQL
  )
  t2=$EPOCHREALTIME
  IFS='|' read -r cells vsum psum ndiff diffs <<<"$result"
  if [ "$ndiff" = 0 ]; then verdict=same; else verdict="DIFFERENT in $ndiff cells: $diffs"; failed=1; fi
  printf '%-30s %6s %9s %9s %7s %7s  %s\n' "${dims/,/ --by }" "$cells" "$vsum" "$psum" \
    "$(ms "$t0" "$t1")" "$(ms "$t1" "$t2")" "$verdict"
done

# A filter through the GIN index (containment, @>) against `vetq query` with the same filters.
GIN_SQL="SELECT doc->>'id' AS id, doc->>'title' AS title FROM policy
  WHERE doc @> '{\"kind\": \"policy\", \"country\": \"France\", \"target_groups\": [{\"group\": \"Adult learners\"}]}'"
t0=$EPOCHREALTIME
"$VETQ" --db "$DB" query --country France --target-group 'Adult learners' --format json >"$TMP/vetq.json"
t1=$EPOCHREALTIME
read -r vn pn < <("${PSQL[@]}" -At -F ' ' <<<"\\set vetq \`cat $TMP/vetq.json\`
  SELECT jsonb_array_length(:'vetq'::jsonb), (SELECT count(*) FROM ($GIN_SQL) q)")
t2=$EPOCHREALTIME
if [ "$vn" = "$pn" ]; then verdict=same; else verdict=DIFFERENT failed=1; fi
printf '%-30s %6s %9s %9s %7s %7s  %s\n' "query: France, Adult learners" - "$vn" "$pn" \
  "$(ms "$t0" "$t1")" "$(ms "$t1" "$t2")" "$verdict"

if [ -z "$QUIET" ]; then
  cat <<EOF

# The same by hand, into a PostgreSQL you run (psql's usual PGHOST, PGDATABASE, ... set):
vetq${GIVEN_DB:+ --db '$GIVEN_DB'} export > records.ndjson
psql -c "$CREATE_SQL"
psql -c "$COPY_CMD"
psql -c "$INDEX_SQL"
psql -c "${COUNT_SQL[country,category]} ORDER BY 1, 2"
psql -c "${COUNT_SQL[year]} ORDER BY 1"
# The GIN index serves containment: the French policies for adult learners.
psql -c "${GIN_SQL//\"/\\\"}"
EOF
fi
[ "$failed" = 0 ] || die "PostgreSQL's counts differ from vetq stats (table above)"
say "every count equals vetq stats"
