#!/usr/bin/env bash
# The shared Redis store's cost to fan-out (issue 16), loopback only, about 2 minutes: one cluster node serving
# 1,000 clients in 10 channels of 100 at RATE msg/s (default 17,200: 1.7 M deliveries/s), with its history off
# (--no-store) and on (--cluster-store redis, the default), twice each, alternating, in the same run. Needs a
# redis-server of its own at REDIS_PORT (it is FLUSHALLed) and target/chat.jar (mvn -B package -DskipTests).
# Prints the bench's figures, Redis's CPU during each run, and the node's /stats history line.
# Usage: REDIS_PORT=6390 bench/cluster-store.sh [RATE] [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/.."
JAR=target/chat.jar; JAVA=${JAVA:-java}
RATE=${1:-17200}; DUR=${2:-10}
PORT=${PORT:-21500}; REDIS_PORT=${REDIS_PORT:?set REDIS_PORT to a redis-server of this benchmark}
OUT=${OUT:-target/cluster-store-bench}
rm -rf "$OUT"; mkdir -p "$OUT"
rcpu() { redis-cli -p "$REDIS_PORT" info cpu | awk -F: '/used_cpu_(sys|user):/{s+=$2} END{print s}'; }

run() { # name, server args...
  local name=$1; shift
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  rm -f "$OUT/$name.in"; mkfifo "$OUT/$name.in"
  $JAVA -jar $JAR server --port "$PORT" --log-level warn --flood-burst 0 --console \
      --cluster "redis://127.0.0.1:$REDIS_PORT" --node-name a "$@" <"$OUT/$name.in" >"$OUT/$name.out" 2>"$OUT/$name.err" &
  SPID=$!; exec 9>"$OUT/$name.in"
  for _ in $(seq 200); do grep -q listening "$OUT/$name.err" 2>/dev/null && break; sleep 0.1; done
  local c0; c0=$(rcpu)
  $JAVA -jar $JAR bench --port "$PORT" --server-pid "$SPID" --quiet --json "$OUT/$name.json" --scenario fanout \
      --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "$RATE" --duration "$DUR" >/dev/null
  local c1; c1=$(rcpu)
  echo /stats >&9; sleep 1; echo /shutdown >&9; exec 9>&-; wait "$SPID"
  python3 - "$OUT/$name.json" "$name" "$c0" "$c1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:10} sent {r['sent']:>9,}  deliveries/s {r['deliveries_per_s']:>10,}  p50 {r['p50_ms']:.1f} ms  "
      f"p99 {r['p99_ms']:.1f} ms  lost {r['lost']}  deliveries/server-CPU-s {r['deliveries_per_server_cpu_s']:,}  "
      f"redis CPU {float(sys.argv[4]) - float(sys.argv[3]):.2f} s")
PY
  grep -h "^history" "$OUT/$name.out" || true
}

uptime
run store-off --no-store
run redis-on
run store-off2 --no-store
run redis-on2
uptime
