#!/usr/bin/env bash
# History store benchmark (issue 14), loopback only, about 2 minutes:
#   1. fan-out at 1.7 M deliveries/s (17,200 msg/s into 10 channels of 100) with the store off, then on, same run;
#   2. persisted messages/s, sustained, with the fan-out served: 1,000 clients in 500 channels of 2, every client
#      sending, at RATE msg/s (default 50,000) -- each message is one SQLite row and one delivery.
# Environment: FANOUT_RATE (msg/s into the 10 channels, default 17200), PERSIST_CLIENTS (default 1000).
# Each server is stopped with /stats read from its console, so "persisted" and "not persisted" come from the store.
# Usage: bench/history.sh [RATE] [SECONDS]      (needs target/chat.jar: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/chat.jar
JAVA=${JAVA:-java}
RATE=${1:-50000}
DUR=${2:-10}
PORT=${PORT:-21400}
OUT=${OUT:-target/history-bench}
rm -rf "$OUT"; mkdir -p "$OUT"

start_server() { # name, extra args...
  local name=$1; shift
  rm -f "$OUT/$name.in"; mkfifo "$OUT/$name.in"
  # The fifo stays open for writing on fd 9 so the console sees no EOF until we are done.
  $JAVA -jar $JAR server --port "$PORT" --log-level warn --flood-burst 0 --console "$@" \
      <"$OUT/$name.in" >"$OUT/$name.out" 2>"$OUT/$name.err" &
  SPID=$!
  exec 9>"$OUT/$name.in"
  for _ in $(seq 100); do grep -q listening "$OUT/$name.err" 2>/dev/null && return; sleep 0.1; done
  echo "server $name did not start"; cat "$OUT/$name.err"; exit 1
}

stop_server() { # name
  echo /stats >&9; sleep 1
  echo /shutdown >&9; exec 9>&-
  wait "$SPID" || true
  grep -h "^history" "$OUT/$1.out" || true
}

bench() { # name label args...
  local name=$1 label=$2; shift 2
  $JAVA -jar $JAR bench --port "$PORT" --server-pid "$SPID" --quiet --json "$OUT/${name}__${label}.json" "$@" >/dev/null
  python3 - "$OUT/${name}__${label}.json" "$name" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:10} {sys.argv[3]:12} sent {r['sent']:>9,}  deliveries/s {r['deliveries_per_s']:>10,}  "
      f"p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  lost {r['lost']}  deliveries/server-CPU-s {r['deliveries_per_server_cpu_s']:,}")
PY
}

FANOUT_RATE=${FANOUT_RATE:-17200}
fanout=(--scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "$FANOUT_RATE" --duration "$DUR")
PC=${PERSIST_CLIENTS:-1000} # clients (all sending) in PC/2 channels of 2
persist=(--scenario fanout --clients "$PC" --channels $((PC / 2)) --senders "$PC" --concurrency 200 --rate "$RATE" --duration "$DUR")


F=fanout-$FANOUT_RATE
start_server store-off --no-store
bench store-off "$F" "${fanout[@]}"
stop_server store-off

start_server store-on --data-dir "$OUT/data"
bench store-on "$F" "${fanout[@]}"
stop_server store-on

# The same small-channel load without and with the store: what persisting costs per message.
start_server store-off --no-store
bench store-off persist "${persist[@]}"
stop_server store-off

start_server store-on --data-dir "$OUT/data-persist"
bench store-on persist "${persist[@]}"
stop_server store-on
ls -l "$OUT"/data*/chat.db
