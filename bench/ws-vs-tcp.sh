#!/bin/bash
# usage: bench/ws-vs-tcp.sh OUTDIR [RATE] [ROUNDS]
# IRC over WebSocket against plain TCP on the same server, side by side (issue 15's targets):
#  - fan-out: 1,000 clients in 10 channels of 100, 100 senders at RATE msg/s (17200: 1.7 M deliveries/s), 10 s,
#    after a 5 s warm-up at the same rate (at 3 s and 5,000 msg/s, C2 was still compiling the WebSocket paths
#    in the measured window: a fifth of the server's CPU); ROUNDS interleaved rounds, the order alternating, a
#    fresh server for each. Besides the whole server's CPU, the CPU of its reactor thread and of the JIT compiler
#    threads over the measured run (its connects included), from /proc/PID/task (ticks of 10 ms);
#  - idle: IDLE clients (10000) held by a fresh, warmed-up server; RSS and live heap per client after a full GC,
#    read once they have idled 12 s (past the handshakes' request timers, cancelled but queued until due).
# Server and generator are pinned to one core each (SRV_CPU, GEN_CPU; PIN=0 to leave them free). Run it under
# `flock /work/wt/bench.lock` on a shared machine; build first (mvn -o -q package -DskipTests). Medians and
# ratios go to OUTDIR/summary.txt. Loopback only; each server is stopped by its PID.
set -u
W=${1:?usage: bench/ws-vs-tcp.sh OUTDIR [RATE] [ROUNDS]}; RATE=${2:-17200}; ROUNDS=${3:-3}
PORT=${PORT:-23200}; JAR=${JAR:-target/chat.jar}; IDLE=${IDLE:-10000}; IDLE_ROUNDS=${IDLE_ROUNDS:-1}
SRV=(); GEN=()
if [[ ${PIN:-1} == 1 ]]; then SRV=(taskset -c "${SRV_CPU:-0}"); GEN=(taskset -c "${GEN_CPU:-1}"); fi
mkdir -p "$W"
SPID=

start_server() { # log
  "${SRV[@]}" java -jar "$JAR" server --port "$PORT" --log-level warn --flood-burst 0 --no-store </dev/null >"$1" 2>&1 &
  SPID=$!
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0; sleep 0.1; done
  echo "server did not start; see $1" >&2; return 1
}
stop_server() {
  kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; SPID=
}
trap 'stop_server' EXIT
gen() { "${GEN[@]}" java -jar "$JAR" bench --port "$PORT" --quiet "$@"; }
threads() { # PID -> "reactor_ticks jit_ticks"
  local r=0 j=0 name ticks
  for t in /proc/$1/task/*; do
    name=$(cat "$t/comm" 2>/dev/null); ticks=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) || continue
    case $name in reactor*) r=$((r + ticks));; C1\ Compiler*|C2\ Compiler*) j=$((j + ticks));; esac
  done
  echo "$r $j"
}

uptime | tee "$W/uptime.txt"
for round in $(seq 1 "$ROUNDS"); do
  order="tcp ws"; (( round % 2 == 0 )) && order="ws tcp"
  for t in $order; do
    start_server "$W/server-$t-$round.log" || exit 1
    gen --transport "$t" --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "$RATE" \
        --duration 5 --nick-prefix w >/dev/null 2>&1
    read -r r0 j0 <<<"$(threads "$SPID")"
    gen --transport "$t" --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "$RATE" \
        --duration 10 --server-pid "$SPID" --json "$W/fanout-$t-$round.json" >/dev/null 2>&1
    read -r r1 j1 <<<"$(threads "$SPID")"
    stop_server
    jq --argjson r $((r1 - r0)) --argjson j $((j1 - j0)) \
      '. + {reactor_cpu_s: ($r / 100), jit_cpu_s: ($j / 100), reactor_us_per_delivery: ($r * 10000 / .received)}' \
      "$W/fanout-$t-$round.json" >"$W/f.tmp" && mv "$W/f.tmp" "$W/fanout-$t-$round.json"
    echo "fanout round $round $t: $(jq -c '{deliveries_per_s, p99_ms, deliveries_per_server_cpu_s, reactor_us_per_delivery, jit_cpu_s, lost}' "$W/fanout-$t-$round.json")"
  done
done
for round in $(seq 1 "$IDLE_ROUNDS"); do
  for t in tcp ws; do
    start_server "$W/server-idle-$t-$round.log" || exit 1
    gen --transport "$t" --scenario connect --clients 2000 --warmup 0 --nick-prefix warm >/dev/null 2>&1 # JIT and allocator in the baseline
    # --rss-after 12: the forced-GC reading comes after the 10 s request timers of the handshakes have fired
    gen --transport "$t" --scenario idle --clients "$IDLE" --concurrency 500 --duration 1 --rss-after 12 \
        --server-pid "$SPID" --json "$W/idle-$t-$round.json" >/dev/null 2>&1
    stop_server
    echo "idle round $round $t: $(jq -c '{clients_held_by_server, rss_per_client_bytes, heap_per_client_bytes}' "$W/idle-$t-$round.json")"
  done
done
uptime | tee -a "$W/uptime.txt"

python3 - "$W" "$ROUNDS" "$IDLE_ROUNDS" <<'EOF' | tee "$W/summary.txt"
import json, statistics, sys
w, rounds, idle_rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def med(kind, t, key, n):
    vals = []
    for r in range(1, n + 1):
        try: vals.append(json.load(open(f"{w}/{kind}-{t}-{r}.json"))[key])
        except (OSError, KeyError): pass
    return statistics.median(vals) if vals else float("nan")
rows = [("fanout", "deliveries_per_s", rounds), ("fanout", "deliveries_per_server_cpu_s", rounds),
        ("fanout", "reactor_us_per_delivery", rounds), ("fanout", "jit_cpu_s", rounds), ("fanout", "p50_ms", rounds), ("fanout", "p99_ms", rounds), ("fanout", "generator_cpu_share", rounds),
        ("idle", "rss_per_client_bytes", idle_rounds), ("idle", "heap_per_client_bytes", idle_rounds)]
print(f"{'median of':<32}{'tcp':>14}{'ws':>14}{'ws/tcp':>9}")
for kind, key, n in rows:
    a, b = med(kind, "tcp", key, n), med(kind, "ws", key, n)
    print(f"{kind + ' ' + key:<32}{a:>14,.2f}{b:>14,.2f}{(b / a if a else float('nan')):>9.3f}")
EOF
