#!/usr/bin/env bash
# History store benchmark (issue 14), loopback only. Run it under the bench lock:
#   flock /work/wt/bench.lock bench/history.sh [ROUNDS] [SECONDS]
# 1. fan-out at 1.7 M deliveries/s (17,200 msg/s into 10 channels of 100), store off (--no-store) and on (a
#    fresh --data-dir) in ROUNDS interleaved rounds (default 3), each a fresh server with an 8 s warm-up at the
#    same rate (WARMUP_RATE, WARMUP_SECONDS); the
#    server pinned to core $SERVER_CPU (0) and the generator to $BENCH_CPU (1) with taskset when there are two
#    cores or more (PIN=0 turns it off). After each run: deliveries/s, per server CPU-s, p99, and the CPU ticks
#    (1/100 s) of the reactor and the store-writer threads from /proc.
# 2. PERSIST=1: persisted messages/s with the fan-out served, 1,000 clients in 500 channels of 2, all sending
#    at PERSIST_RATE (default 50,000) msg/s: one row and one delivery per message.
# ROUNDS=0 skips part 1.
# 3. LATEST=1: CHATHISTORY LATEST #cN * 100 p99 against a data directory holding 1.1 M events over 1,000
#    channels (made once by StoreBench into target/history-bench-1m), read from SQLite (no ring holds these
#    channels), while the fan-out runs at 1,000 msg/s (99,000 deliveries/s).
# Environment: FANOUT_RATE (17200), PORT (21400). Needs target/chat.jar (mvn -B package -DskipTests) and, for
# LATEST, the test classes (mvn -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/chat.jar
JAVA=${JAVA:-java}
ROUNDS=${1:-3}
DUR=${2:-10}
PORT=${PORT:-21400}
OUT=${OUT:-target/history-bench}
rm -rf "$OUT"; mkdir -p "$OUT"
SRV=() GEN=()
if [ "${PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  SRV=(taskset -c "${SERVER_CPU:-0}") GEN=(taskset -c "${BENCH_CPU:-1}")
fi

start_server() { # name, extra args...
  local name=$1; shift
  rm -f "$OUT/$name.in"; mkfifo "$OUT/$name.in"
  # The fifo stays open for writing on fd 9 so the console sees no EOF until we are done.
  "${SRV[@]}" $JAVA -jar $JAR server --port "$PORT" --log-level warn --flood-burst 0 --console "$@" \
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

threads() { # CPU ticks (1/100 s) of every server thread so far, one "name ticks" line each, summed by name
  cat /proc/"$SPID"/task/*/stat 2>/dev/null | python3 -c '
import sys, re, collections
t = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\d+ \((.*)\) (.*)", line)
    if not m: continue
    f = m.group(2).split()
    t[re.sub(r"[0-9#]+$", "N", m.group(1))] += int(f[11]) + int(f[12])
print(";".join(f"{k}={v}" for k, v in t.items()))'
}

bench() { # name label args...
  local name=$1 label=$2; shift 2
  local before; before=$(threads)
  "${GEN[@]}" $JAVA -jar $JAR bench --port "$PORT" --server-pid "$SPID" --quiet --json "$OUT/${name}__${label}.json" "$@" >/dev/null
  local after; after=$(threads)
  python3 - "$OUT/${name}__${label}.json" "$name" "$label" "$before" "$after" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
b, a = [dict((kv.split("=")[0], int(kv.split("=")[1])) for kv in s.split(";") if kv) for s in sys.argv[4:6]]
d = {k: a[k] - b.get(k, 0) for k in a if a[k] - b.get(k, 0) > 0}
print(f"{sys.argv[2]:10} {sys.argv[3]:12} deliveries/s {r['deliveries_per_s']:>10,}  p50 {r['p50_ms']:.1f} ms  "
      f"p99 {r['p99_ms']:.1f} ms  lost {r['lost']}  per server-CPU-s {r['deliveries_per_server_cpu_s']:>10,}  "
      f"reactor {d.get('reactor', 0)} ticks, store-writer {d.get('store-writer', 0)}, all threads {sum(d.values())}")
print("    ticks by thread: " + ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:8]))
PY
}

FANOUT_RATE=${FANOUT_RATE:-17200}
fanout=(--scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "$FANOUT_RATE" --duration "$DUR")
# The warm-up lets the JIT finish compiling both paths (C2 alone took ~1 CPU-s of a 10 s run after a light one).
warmup=(--scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "${WARMUP_RATE:-17200}" --duration "${WARMUP_SECONDS:-8}")
F=fanout-$FANOUT_RATE
echo "pinned: ${SRV[*]:-no} / ${GEN[*]:-no}; $(uptime | sed 's/.*load/load/')"
for round in $(seq "$ROUNDS"); do
  for mode in off on; do
    if [ $mode = off ]; then start_server store-off --no-store; else start_server store-on --data-dir "$OUT/data-$round"; fi
    "${GEN[@]}" $JAVA -jar $JAR bench --port "$PORT" --quiet "${warmup[@]}" >/dev/null
    bench "store-$mode" "$F-r$round" "${fanout[@]}"
    stop_server "store-$mode"
  done
  echo "  round $round done; $(uptime | sed 's/.*load/load/')"
done

if [ "${PERSIST:-0}" = 1 ]; then
  persist=(--scenario fanout --clients 1000 --channels 500 --senders 1000 --concurrency 200 --rate "${PERSIST_RATE:-50000}" --duration "$DUR")
  start_server store-off --no-store; bench store-off persist "${persist[@]}"; stop_server store-off
  start_server store-on --data-dir "$OUT/data-persist"; bench store-on persist "${persist[@]}"; stop_server store-on
  ls -l "$OUT"/data-persist/chat.db
fi

if [ "${LATEST:-0}" = 1 ]; then
  DB=target/history-bench-1m
  if [ ! -f "$DB/chat.db" ]; then
    $JAVA -cp "target/classes:target/test-classes:$(cat target/cp.txt)" chatjar.store.sqlite.StoreBench "$DB" 1000000 write-only | grep ^write
  fi
  start_server store-1m --data-dir "$DB"
  "${GEN[@]}" $JAVA -jar $JAR bench --port "$PORT" --quiet --scenario fanout --clients 1000 --channels 10 --senders 100 \
      --concurrency 200 --rate 1000 --duration $((DUR + 10)) --server-pid "$SPID" --json "$OUT/latest-fanout.json" >/dev/null &
  BPID=$!
  sleep 8 # the generator's clients connect and join first
  python3 - "$PORT" "$DUR" <<'PY'
import socket, sys, time, random
port, dur = int(sys.argv[1]), float(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port)); f = s.makefile("rb")
def send(l): s.sendall((l + "\r\n").encode())
def until(pred):
    while True:
        l = f.readline().decode(errors="replace").rstrip("\r\n")
        if not l: raise SystemExit("closed")
        if l.startswith("PING"): send("PONG" + l[4:]); continue
        if pred(l): return l
send("CAP REQ :batch server-time message-tags draft/chathistory"); send("NICK prober"); send("USER p 0 * :p"); send("CAP END")
until(lambda l: " 001 " in l)
chans = random.Random(7).sample(range(1000), 50)
for c in chans: send(f"JOIN #c{c}")
until(lambda l: f" 366 prober #c{chans[-1]} " in l)
times, n, end = [], 0, time.time() + dur
rnd = random.Random(1)
while time.time() < end:
    c = rnd.choice(chans); t = time.perf_counter()
    send(f"CHATHISTORY LATEST #c{c} * 100"); lines = 0
    while True:
        l = f.readline().decode(errors="replace")
        if l.startswith("PING"): send("PONG" + l[4:]); continue
        if " PRIVMSG " in l: lines += 1
        if l.startswith(":") and " BATCH -" in l: break
    times.append((time.perf_counter() - t) * 1000); n += lines
times.sort()
print(f"LATEST #cN * 100 from SQLite over the socket: {len(times)} queries, {n / len(times):.0f} lines each, "
      f"p50 {times[len(times)//2]:.2f} ms, p99 {times[int(len(times)*0.99)]:.2f} ms, max {times[-1]:.1f} ms")
PY
  wait $BPID || true
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"fan-out meanwhile: {r['deliveries_per_s']:,} deliveries/s, p99 {r['p99_ms']} ms\")" "$OUT/latest-fanout.json"
  stop_server store-1m
fi
