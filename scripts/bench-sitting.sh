#!/usr/bin/env bash
# One sitting of every performance aim of issue 17 (and the backup aim of issue 16), on the
# national demo data, on both engines, with one release binary, so that the figures in
# docs/benchmarks.md come from the same machine state. Run it on a quiet machine: it reports
# the load average beside every step, and figures taken beside builds mean little.
#
#   cargo build --release -p jobbvei
#   scripts/bench-sitting.sh target/release/jobbvei /var/tmp/sitting
#
# WORK keeps the national SQLite database and its export between sittings (generating them
# takes about 10 minutes); everything else is made afresh in scratch databases that are
# dropped at the end. PostgreSQL: PG_URL (default postgres://postgres@127.0.0.1:5432), whose
# role may create databases. Loopback only. Writes WORK/<stamp>/summary.tsv (one line per
# timed step: step, engine, run, wall seconds, peak memory in kB, load average) and the full
# output of every step beside it. Takes about an hour with the defaults.
#
# RUNS (default 3): runs of each KPI case and of each whole-process timing.
# IMPORT_RUNS (default 3): imports per engine, alternating (each about a minute at national scale).
# PAGE_RUNS (default 3): runs of each page on each engine, alternating; the digest gives the
# min / median / max of each page's requests/s and p99 over them.
# HTTP_SECONDS (default 20), WRITE_SECONDS (default 120): length of the web and write loads;
# WRITE_SESSIONS (default 50): concurrent writers (`small` has only 5 job specialists).
# SCALE (default national): `small` runs the whole sitting in a few minutes, to try the script.
# STEPS (default all): a comma-separated subset of import,backup,facts,kpi,pages,writes,instances,
# e.g. STEPS=pages for the pages alone. Without `import`, PG_NATIONAL must name a PostgreSQL
# database that holds the national data (a scratch copy when `writes` runs: it writes to it).
set -euo pipefail

BIN="$(realpath "${1:?usage: bench-sitting.sh JOBBVEI_BINARY WORK_DIR}")"
WORK="$(realpath -m "${2:?usage: bench-sitting.sh JOBBVEI_BINARY WORK_DIR}")"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
RUNS="${RUNS:-3}"
IMPORT_RUNS="${IMPORT_RUNS:-3}"
PAGE_RUNS="${PAGE_RUNS:-3}"
HTTP_SECONDS="${HTTP_SECONDS:-20}"
WRITE_SECONDS="${WRITE_SECONDS:-120}"
WRITE_SESSIONS="${WRITE_SESSIONS:-50}"
SCALE="${SCALE:-national}"
STEPS="${STEPS:-import,backup,facts,kpi,pages,writes,instances}"
want() { [[ ",$STEPS," == *",$1,"* ]]; }
if ! want import && [ -z "${PG_NATIONAL:-}" ]; then
  echo "bench-sitting: without the import step, set PG_NATIONAL to a database with the national data"; exit 2
fi
SEED=2025
AS_OF=2026-11-20

for tool in sqlite3 psql curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-sitting: needs $tool (apt-get install sqlite3 postgresql-client curl time)"; exit 2; }
done
mkdir -p "$WORK"
OUT="$WORK/$(date -u +%Y%m%d-%H%M)"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.tsv"
printf 'step\tengine\trun\twall_s\tpeak_kb\tload\n' >"$SUMMARY"
touch "$OUT/checks.txt"
DATABASES=()
SERVERS=()

cleanup() {
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for db in "${DATABASES[@]}"; do psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true; done
  rm -rf "$OUT/scratch"
}
trap cleanup EXIT

load() { cut -d' ' -f1 /proc/loadavg; }

# spread: reads "step engine measure value" lines and prints, per step, engine and measure,
# the number of runs and the min / median / max of the values.
spread() {
  sort -t $'\t' -k1,1 -k2,2 -k3,3 -k4,4g | awk -F'\t' '
    function flush() { if (n) printf "%-28s %-9s %-7s runs %d  min %s  median %s  max %s\n", k1, k2, k3, n, v[1], v[int((n + 1) / 2)], v[n] }
    { key = $1 FS $2 FS $3; if (key != last) { flush(); n = 0; last = key; k1 = $1; k2 = $2; k3 = $3 } v[++n] = $4 }
    END { flush() }'
}

# timed STEP ENGINE RUN -- command…: runs the command under /usr/bin/time, keeps its output in
# OUT/STEP-ENGINE-RUN.log and appends one line to the summary.
timed() {
  local step="$1" engine="$2" run="$3"
  shift 4
  local log="$OUT/$step-$engine-$run.log" before
  before="$(load)"
  echo "== $step ($engine, run $run, load $before) $(date -u +%H:%M:%S)"
  /usr/bin/time -f 'TIMED %e %M' "$@" >"$log" 2>&1 || { echo "FAILED: $step; see $log"; tail -n 20 "$log"; exit 1; }
  local wall peak
  read -r wall peak < <(grep '^TIMED ' "$log" | tail -n 1 | cut -d' ' -f2-)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$step" "$engine" "$run" "$wall" "$peak" "$before" >>"$SUMMARY"
  echo "   $wall s, peak $peak kB"
}

# A fresh, empty PostgreSQL database in $url, dropped at the end (not in a subshell, so
# that the list of databases to drop keeps it).
pg_db() {
  local name="sitting_$1_$$"
  psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
  DATABASES+=("$name")
  url="$PG_URL/$name"
}

url=""
"$BIN" --version | tee "$OUT/version.txt"
nproc >>"$OUT/version.txt"

# --- the national demo data and its export, kept between sittings --------------------------
if [ ! -f "$WORK/$SCALE/jobbvei.sqlite3" ]; then
  timed demo sqlite 1 -- "$BIN" --data-dir "$WORK/$SCALE" demo --scale "$SCALE" --seed "$SEED" --as-of "$AS_OF"
fi
if [ ! -f "$WORK/$SCALE.jsonl" ]; then
  timed export sqlite 1 -- "$BIN" --data-dir "$WORK/$SCALE" export --output "$WORK/$SCALE.jsonl"
fi

# --- item 4: import into empty databases, alternating engines -------------------------------
if want import; then
  for run in $(seq 1 "$IMPORT_RUNS"); do
    rm -rf "$OUT/scratch/import"
    timed import sqlite "$run" -- "$BIN" --data-dir "$OUT/scratch/import" import "$WORK/$SCALE.jsonl"
    pg_db "import$run"
    timed import postgres "$run" -- "$BIN" --database-url "$url" import "$WORK/$SCALE.jsonl"
  done
  PG_NATIONAL="$url"
  timed reexport postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" export --output "$OUT/scratch/reexport.jsonl"
  if cmp -s "$WORK/$SCALE.jsonl" "$OUT/scratch/reexport.jsonl"; then
    echo "re-export from PostgreSQL: identical" | tee -a "$OUT/checks.txt"
  else
    echo "re-export from PostgreSQL: DIFFERS" | tee -a "$OUT/checks.txt"
  fi
  rm -f "$OUT/scratch/reexport.jsonl"
fi

# --- issue 16: backup, restore into the other engine, backup again, compare ----------------
if want backup; then
  timed backup sqlite 1 -- "$BIN" --data-dir "$WORK/$SCALE" backup --output "$OUT/scratch/a.backup"
  pg_db restore
  timed restore postgres 1 -- "$BIN" --database-url "$url" restore "$OUT/scratch/a.backup"
  timed backup postgres 1 -- "$BIN" --database-url "$url" backup --output "$OUT/scratch/b.backup"
  timed restore sqlite 1 -- "$BIN" --data-dir "$OUT/scratch/restored" restore "$OUT/scratch/b.backup"
  if cmp -s "$OUT/scratch/a.backup" "$OUT/scratch/b.backup"; then
    echo "backup SQLite → PostgreSQL → backup: identical" | tee -a "$OUT/checks.txt"
  else
    echo "backup SQLite → PostgreSQL → backup: DIFFERS" | tee -a "$OUT/checks.txt"
  fi
  rm -f "$OUT/scratch/a.backup" "$OUT/scratch/b.backup"
  rm -rf "$OUT/scratch/restored"
fi

# --- item 2: the facts agree with the activities ----------------------------------------
if want facts; then
  timed facts-check sqlite 1 -- "$BIN" --data-dir "$WORK/$SCALE" facts check
  timed facts-check postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" facts check
fi

# --- items 1-2: KPI reports, facts and activities, and the engine alone -----------------------
if want kpi; then
  timed bench-kpi sqlite 1 -- "$BIN" --data-dir "$WORK/$SCALE" bench kpi --year 2025 --runs "$RUNS"
  timed bench-kpi postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" bench kpi --year 2025 --runs "$RUNS"
fi

# --- item 5: every page at 50 saturating sessions, read-only ------------------------------
if want pages; then
  # On a copy of the SQLite database: sessions and the audit of each read are still written,
  # and the kept database should stay as generated.
  mkdir -p "$OUT/scratch/web"
  cp "$WORK/$SCALE/jobbvei.sqlite3" "$OUT/scratch/web/"
  ROUTES=(caseload participant quick-log-form tall employer my-day)
  for run in $(seq 1 "$PAGE_RUNS"); do
    for route in "${ROUTES[@]}"; do
      timed "http-$route" sqlite "$run" -- "$BIN" --data-dir "$OUT/scratch/web" bench http --read-only \
        --sessions 50 --seconds "$HTTP_SECONDS" --routes "$route"
      timed "http-$route" postgres "$run" -- "$BIN" --database-url "$PG_NATIONAL" bench http --read-only \
        --sessions 50 --seconds "$HTTP_SECONDS" --routes "$route"
    done
  done
fi

# --- item 2: a day of writes on scratch copies, then the check ----------------------------
if want writes; then
  if [ ! -f "$OUT/scratch/web/jobbvei.sqlite3" ]; then
    mkdir -p "$OUT/scratch/web"
    cp "$WORK/$SCALE/jobbvei.sqlite3" "$OUT/scratch/web/"
  fi
  timed http-quick-log sqlite 1 -- "$BIN" --data-dir "$OUT/scratch/web" bench http --sessions 50 \
    --seconds "$HTTP_SECONDS" --routes quick-log
  timed writes sqlite 1 -- "$BIN" --data-dir "$OUT/scratch/web" bench writes --sessions "$WRITE_SESSIONS" --seconds "$WRITE_SECONDS"
  timed facts-check-after-writes sqlite 1 -- "$BIN" --data-dir "$OUT/scratch/web" facts check
  rm -rf "$OUT/scratch/web"
  timed http-quick-log postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" bench http --sessions 50 \
    --seconds "$HTTP_SECONDS" --routes quick-log
  timed writes postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" bench writes --sessions "$WRITE_SESSIONS" --seconds "$WRITE_SECONDS"
  timed facts-check-after-writes postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" facts check
fi

# --- item 7: two instances on one PostgreSQL database ---------------------------------------
if want instances; then
  for port in 18081 18082; do
    "$BIN" --database-url "$PG_NATIONAL" serve --bind "127.0.0.1:$port" >"$OUT/serve-$port.log" 2>&1 &
    SERVERS+=("$!")
  done
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null http://127.0.0.1:18081/ && curl -fs -o /dev/null http://127.0.0.1:18082/ && break
    sleep 1
  done
  timed http-one-instance postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" bench http --read-only \
    --sessions 50 --seconds "$HTTP_SECONDS" --target http://127.0.0.1:18081
  timed http-two-instances postgres 1 -- "$BIN" --database-url "$PG_NATIONAL" bench http --read-only \
    --sessions 50 --seconds "$HTTP_SECONDS" --target http://127.0.0.1:18081 --target http://127.0.0.1:18082
fi

{
  echo "# Sitting $(basename "$OUT"): $(cat "$OUT/version.txt" | tr '\n' ' ')"
  column -t -s $'\t' "$SUMMARY"
  cat "$OUT/checks.txt"
  echo
  echo "## min / median / max over runs (wall s; for pages req/s and p99 ms)"
  spread < <(tail -n +2 "$SUMMARY" | awk -F'\t' '$1 !~ /^http-/ { print $1 "\t" $2 "\twall_s\t" $4 }')
  spread < <(for f in "$OUT"/http-*.log; do
    name="$(basename "$f" .log)"
    step="${name%-*}"
    # Requests/s of all routes together; the p99 of a run of one route.
    grep -E '^  [a-z -]+ *:.*req/s' "$f" | awk -v s="${step%-*}" -v e="${step##*-}" '
      { for (i = 1; i < NF; i++) { if ($(i+1) == "req/s") r = $i; if ($i == "p99") p = $(i+1) } }
      /^  all routes/ { print s "\t" e "\treq/s\t" r } !/^  all routes/ { n++; p99 = p }
      END { if (n == 1) print s "\t" e "\tp99_ms\t" p99 }'
  done)
  echo
  for f in "$OUT"/http-*.log "$OUT"/writes-*.log; do
    echo "## $(basename "$f" .log)"
    grep -E '^  [a-z -]+ *:' "$f" || true
  done
  for f in "$OUT"/bench-kpi-*.log; do
    echo "## $(basename "$f" .log)"
    grep -v '^{' "$f" | grep -v '^TIMED'
  done
} | tee "$OUT/digest.txt"
