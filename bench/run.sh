#!/usr/bin/env bash
# bench/run.sh [--quick]: chat.jar (each --io mode), ngIRCd and InspIRCd side by side, on loopback, in ONE run.
# Every contender gets the same scenarios from the same generator (java -jar target/chat.jar bench). Writes
# bench/results/<timestamp>.json, .md (tables, targets) and charts (PNG, when the charts build works).
# Everything listens on 127.0.0.1 ports 21100-21110, is bounded in time and stops by itself; only the
# processes this script started are stopped, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0
case "${1:-}" in
  --quick) QUICK=1 ;;
  "") ;;
  -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

# On a machine shared with other work (this project's developers share 2 cores), run the whole benchmark in a
# scheduler autogroup of its own with a raised weight, or every figure measures the neighbours. Every
# contender gets the same treatment. BENCH_PRIORITY=0 turns this off.
PRIORITY=${BENCH_PRIORITY:--15}
if [[ $PRIORITY != 0 && -z ${CHATJAR_BENCH_GROUP:-} && -w /proc/self/autogroup ]] && command -v setsid >/dev/null; then
  export CHATJAR_BENCH_GROUP=1
  exec setsid --wait bash -c 'echo "$0" > /proc/self/autogroup 2>/dev/null || true; exec "$@"' "$PRIORITY" "$0" "$@"
fi

JAR=target/chat.jar
JAVA=${JAVA:-java}
JAVA21=${JAVA21:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f 2>/dev/null | head -1) ]]; then
  echo "== building $JAR"
  mvn -B -q package -DskipTests
fi

TS=$(date -u +%Y%m%dT%H%M%SZ)
RUN=$(mktemp -d /tmp/chatjar-bench.XXXXXX)
cp "$JAR" "$RUN/chat.jar" # a rebuild during the run must not change what is measured
JAR=$RUN/chat.jar
# Quick results are a smoke test, not figures to keep: they go to an ignored folder.
RESULTS=bench/results$( [[ $QUICK == 1 ]] && echo /quick || true)
OUT=$RESULTS/$TS
mkdir -p "$RESULTS"
SPID=
GENPIDS=()
cleanup() {
  [[ -n $SPID ]] && kill "$SPID" 2>/dev/null || true
  for p in "${GENPIDS[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

if [[ $QUICK == 1 ]]; then
  DUR=3; IDLE=2000; IDLEMAX=0; CONNECT=2000; FINDMAX_START=8000; FINDMAX_DUR=2; RSS_AFTER=15
else
  DUR=10; IDLE=10000; IDLEMAX=9400; CONNECT=5000; FINDMAX_START=10000; FINDMAX_DUR=5; RSS_AFTER=75
fi
RSS_AFTER=${BENCH_RSS_AFTER:-$RSS_AFTER} # idle: seconds after registration at which RSS is read as top shows it
count() { (( $1 % 1000 == 0 )) && echo "$(($1 / 1000))k" || echo "$1"; } # scenario labels say the real size
IDLE_LABEL=idle-$(count "$IDLE"); CONNECT_LABEL=connect-$(count "$CONNECT")

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "mode=$([[ $QUICK == 1 ]] && echo quick || echo full)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x $(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -r)"
  echo "java=$($JAVA -version 2>&1 | head -1)"
  echo "open_files_limit=$(ulimit -n)"
  echo "load_average_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "scheduler_group=$(cat /proc/self/autogroup 2>/dev/null || echo none)"
  echo "idle_rss_after_s=$RSS_AFTER"
} > "$RUN/machine.txt"

# The reactor again with JVM flags for a small footprint (idle scenarios only): serial GC, a small young
# generation, a heap that shrinks after GC, C1 only (the C2 compiler's arenas stay in RSS), fewer malloc arenas.
LEAN_FLAGS="-XX:+UseSerialGC -Xmn4m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10 -XX:TieredStopAtLevel=1"
echo "lean_flags=MALLOC_ARENA_MAX=2 $LEAN_FLAGS" >>"$RUN/machine.txt"

# ---- contenders: name → start command (each on its own port) ----
# --quick keeps the three rows that carry the story (the reactor, thread per connection, InspIRCd) and skips
# find-max: ngIRCd alone registers ~60 clients/s, which would make the quick run a quarter of an hour.
if [[ $QUICK == 1 ]]; then
  contenders=(chatjar-reactor)
  echo "note: --quick runs chatjar-reactor, chatjar-threads and InspIRCd without find-max; the full run adds the lean, no-coalescing and virtual-thread variants and ngIRCd"
else
  contenders=(chatjar-reactor chatjar-lean chatjar-nocoalesce)
fi
# Like for like with the peers, which keep no history: the servers run memory-only (BENCH_STORE=1 keeps the
# default SQLite store, under a temporary data directory). A jar from before the store has no such option.
STORE_ARGS=""
if $JAVA -jar $JAR server --help 2>/dev/null | grep -q -- '--no-store'; then
  if [[ ${BENCH_STORE:-0} == 1 ]]; then STORE_ARGS="--data-dir $(mktemp -d)"; else STORE_ARGS="--no-store"; fi
fi
if $JAVA -jar $JAR server --help 2>/dev/null | grep -q -- '--io'; then
  contenders+=(chatjar-threads)
  if [[ $QUICK == 0 ]]; then
    [[ -x $JAVA21 ]] && contenders+=(chatjar-virtual) || echo "note: no Java 21+ at $JAVA21 (set JAVA21=...): skipping --io virtual"
  fi
fi
if [[ $QUICK == 0 ]]; then
  if command -v ngircd >/dev/null; then contenders+=(ngircd); else echo "note: ngircd not installed (apt-get install ngircd): skipped"; fi
fi
if command -v inspircd >/dev/null; then contenders+=(inspircd); else echo "note: inspircd not installed (apt-get install inspircd): skipped, so no target ratios"; fi

# BENCH_ONLY="chatjar-reactor inspircd" limits the contenders; BENCH_FANOUT_ONLY=1 skips the idle and
# connect scenarios (a shorter run for the fan-out targets, still with InspIRCd in the same run);
# BENCH_IDLE_ONLY=1 runs only the idle scenario on a fresh server (memory as an operator sees it, ~2 min each).
if [[ -n ${BENCH_ONLY:-} ]]; then
  kept=()
  for c in "${contenders[@]}"; do [[ " $BENCH_ONLY " == *" $c "* ]] && kept+=("$c"); done
  contenders=("${kept[@]}")
fi
echo "contenders=${contenders[*]}" >>"$RUN/machine.txt"

port_of() {
  case $1 in chatjar-reactor) echo 21100;; chatjar-nocoalesce) echo 21105;; chatjar-lean) echo 21106;; chatjar-threads) echo 21101;; chatjar-virtual) echo 21102;; ngircd) echo 21103;; inspircd) echo 21104;; esac
}

start_server() { # name
  local name=$1 port; port=$(port_of "$1")
  local log=$RUN/$name.log
  case $name in
    chatjar-reactor) $JAVA -jar $JAR server --port "$port" --log-level warn --flood-burst 0 $STORE_ARGS </dev/null >"$log" 2>&1 & ;;
    chatjar-lean) MALLOC_ARENA_MAX=2 $JAVA $LEAN_FLAGS -jar $JAR server --port "$port" --log-level warn --flood-burst 0 $STORE_ARGS </dev/null >"$log" 2>&1 & ;;
    chatjar-nocoalesce) $JAVA -Dchatjar.coalesce=false -jar $JAR server --port "$port" --log-level warn --flood-burst 0 $STORE_ARGS </dev/null >"$log" 2>&1 & ;;
    chatjar-threads) $JAVA -jar $JAR server --port "$port" --log-level warn --flood-burst 0 $STORE_ARGS --io threads </dev/null >"$log" 2>&1 & ;;
    chatjar-virtual) $JAVA21 -jar $JAR server --port "$port" --log-level warn --flood-burst 0 $STORE_ARGS --io virtual </dev/null >"$log" 2>&1 & ;;
    ngircd)
      sed -e "s#@PORT@#$port#; s#@DIR@#$RUN#" bench/peers/ngircd.conf >"$RUN/ngircd.conf"
      ngircd --nodaemon --config "$RUN/ngircd.conf" </dev/null >"$log" 2>&1 & ;;
    inspircd)
      echo "chat.jar bench" >"$RUN/motd.txt"
      sed -e "s#@PORT@#$port#; s#@DIR@#$RUN#" bench/peers/inspircd.conf >"$RUN/inspircd.conf"
      local root=(); [[ $(id -u) == 0 ]] && root=(--runasroot)
      inspircd "${root[@]}" --nofork --config="$RUN/inspircd.conf" </dev/null >"$log" 2>&1 & ;;
  esac
  SPID=$!
  for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "error: $name did not listen on 127.0.0.1:$port; its log:" >&2
  tail -5 "$log" >&2
  return 1
}

stop_server() {
  [[ -z $SPID ]] && return 0
  kill "$SPID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
  SPID=
}

bench() { # name scenario-label args...
  local name=$1 label=$2; shift 2
  echo "== $name: $label"
  $JAVA -jar $JAR bench --port "$(port_of "$name")" --server-pid "$SPID" --quiet --json "$RUN/${name}__${label}.json" "$@" \
    | sed 's/^/   /' || echo "   (this scenario failed for $name)"
}

warm() { # a connect storm first, so JIT and allocator memory are in the baseline, not counted per client
  $JAVA -jar $JAR bench --port "$(port_of "$1")" --scenario connect --clients 2000 --quiet --nick-prefix warm >/dev/null 2>&1 || true
}

idle_max() { # name: two generator processes, each under its own 20,000 open-files limit
  local name=$1 port; port=$(port_of "$1")
  rm -f "$RUN/a.ready" "$RUN/b.ready"
  echo "== $name: idle-max ($((2 * IDLEMAX)) clients from two generator processes)"
  # Generator a reads the server's baseline (a full GC, then RSS), connects its half and signals a.ready; only
  # then does b connect the other half, so the baseline never includes clients of b. a waits for b.ready and
  # reads the server again with both halves connected.
  $JAVA -jar $JAR bench --port "$port" --scenario idle --clients "$IDLEMAX" --nick-prefix a --duration 5 --rss-after 0 --quiet \
    --server-pid "$SPID" --ready-file "$RUN/a.ready" --wait-file "$RUN/b.ready" --json "$RUN/${name}__idle-max.json" \
    >"$RUN/$name-idle-a.txt" 2>&1 &
  local apid=$!
  GENPIDS+=("$apid")
  for _ in $(seq 1 600); do [[ -f $RUN/a.ready ]] && break; kill -0 "$apid" 2>/dev/null || break; sleep 0.5; done
  $JAVA -jar $JAR bench --port "$port" --scenario idle --clients "$IDLEMAX" --client-base "$IDLEMAX" --nick-prefix m \
    --duration 45 --rss-after 0 --quiet --ready-file "$RUN/b.ready" >"$RUN/$name-idle-b.txt" 2>&1 &
  local bpid=$!
  GENPIDS+=("$bpid")
  wait "$apid" 2>/dev/null || true
  sed 's/^/   /' "$RUN/$name-idle-a.txt"
  kill "$bpid" 2>/dev/null || true # b holds its clients for up to 45 s; a has what it needs
  wait "$bpid" 2>/dev/null || true
}

for name in "${contenders[@]}"; do
  fanout_only=${BENCH_FANOUT_ONLY:-0}; [[ $name == chatjar-nocoalesce ]] && fanout_only=1 # the same server but for its flush policy
  if [[ $fanout_only == 0 ]]; then
  # Memory as an operator sees it: a fresh server (no warm-up), nothing forced from outside until RSS has been
  # read RSS_AFTER seconds after the clients registered; then a forced full GC for the second figure.
  start_server "$name" || continue
  bench "$name" "$IDLE_LABEL" --scenario idle --clients "$IDLE" --duration "$DUR" --rss-after "$RSS_AFTER" --no-gc-baseline
  stop_server
  [[ ${BENCH_IDLE_ONLY:-0} == 1 ]] && continue
  if [[ $IDLEMAX -gt 0 ]]; then
    start_server "$name" || continue
    warm "$name"
    idle_max "$name"
    stop_server
  fi
  fi
  start_server "$name" || continue
  [[ $fanout_only == 0 ]] && bench "$name" "$CONNECT_LABEL" --scenario connect --clients "$CONNECT"
  if [[ $name == chatjar-lean ]]; then stop_server; continue; fi # lean flags are for memory, not speed
  # Warm-up (JIT for the JVMs, caches for everyone), not recorded.
  $JAVA -jar $JAR bench --port "$(port_of "$name")" --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 \
    --rate 5000 --duration 3 --quiet --nick-prefix w >/dev/null 2>&1 || true
  bench "$name" fanout-99k --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate 1000 --duration "$DUR"
  bench "$name" fanout-1.7M --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate 17200 --duration "$DUR"
  [[ $QUICK == 0 ]] && bench "$name" find-max --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate "$FINDMAX_START" \
    --duration "$FINDMAX_DUR" --find-max
  stop_server
done

echo "load_average_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/machine.txt"
$JAVA -cp $JAR chatjar.bench.Summary "$RUN" "$OUT"
if [[ -f bench/charts/pom.xml ]]; then
  if ! (mvn -B -q -f bench/charts/pom.xml package >/dev/null 2>&1 &&
        $JAVA -Djava.awt.headless=true -jar bench/charts/target/charts.jar "$OUT-charts.tsv" "$OUT"); then
    echo "note: charts not drawn; a fresh machine needs fonts: apt-get install -y fontconfig fonts-dejavu-core"
  fi
fi
echo "== results: $OUT.md, $OUT.json$(ls "$OUT"-*.png >/dev/null 2>&1 && echo ", $OUT-*.png")"
cat "$OUT.md"
