# bench/cluster-lib.sh: sourced by bench/cluster-*.sh. Starts redis-server and chat.jar nodes on loopback ports,
# remembers every PID it started and stops exactly those (by PID) when the script exits.
# Not run by itself.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# On a machine shared with other work, run in a scheduler autogroup of its own with nice -15, as bench/run.sh
# does (every contender gets the same treatment). BENCH_PRIORITY=0 turns this off.
cluster_priority() {
  local prio=${BENCH_PRIORITY:--15}
  if [[ $prio != 0 && -z ${CHATJAR_BENCH_GROUP:-} && -w /proc/self/autogroup ]] && command -v setsid >/dev/null; then
    export CHATJAR_BENCH_GROUP=1
    exec setsid --wait bash -c 'echo "$0" > /proc/self/autogroup 2>/dev/null || true; exec "$@"' "$prio" "$@"
  fi
}

JAVA=${JAVA:-java}
STARTED=()   # every PID this script started, stopped at exit
cleanup() {
  local p
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# A copy of the jar, so a rebuild during the run does not change what is measured.
prepare_jar() {
  if [[ ! -f target/chat.jar ]] || [[ -n $(find src pom.xml -newer target/chat.jar -type f 2>/dev/null | head -1) ]]; then
    echo "== building target/chat.jar"
    mvn -B -q package -DskipTests
  fi
  RUN=$(mktemp -d /tmp/chatjar-cluster.XXXXXX)
  cp target/chat.jar "$RUN/chat.jar"
  JAR=$RUN/chat.jar
}

wait_port() { # PORT [SECONDS]
  local port=$1 limit=$((SECONDS + ${2:-30}))
  while (( SECONDS < limit )); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port after ${2:-30} s" >&2
  return 1
}

# start_redis PORT: a fresh redis-server, no persistence; sets REDIS_PID.
start_redis() {
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$RUN/redis-$1.log" 2>&1 &
  REDIS_PID=$!
  STARTED+=("$REDIS_PID")
  wait_port "$1" 10
}

rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# start_node PORT NAME [JVM flags...]: a chat.jar server (in cluster mode when REDIS_PORT is set); sets NODE_PID.
start_node() {
  local port=$1 name=$2
  shift 2
  local cluster=()
  [[ -n ${REDIS_PORT:-} ]] && cluster=(--cluster "redis://127.0.0.1:$REDIS_PORT" --node-name "$name")
  $JAVA "$@" -jar "$JAR" server --port "$port" --log-level warn --flood-burst 0 --no-store "${cluster[@]}" \
    </dev/null >"$RUN/node-$name.log" 2>&1 &
  NODE_PID=$!
  STARTED+=("$NODE_PID")
}

# stop PID...: stop these (started here) and wait for them, so the next round starts on a quiet machine.
stop() {
  local p
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in USER_HZ (100/s)
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# thread_ticks PID...: one line per thread, "PID<TAB>name<TAB>utime+stime ticks" (names may hold spaces).
thread_ticks() {
  local p t
  for p in "$@"; do
    for t in /proc/"$p"/task/*/stat; do
      awk -v pid="$p" '{ i = index($0, "("); j = index($0, ") "); split(substr($0, j + 2), f, " ");
                         print pid "\t" substr($0, i + 1, j - i - 1) "\t" f[12] + f[13] }' "$t" 2>/dev/null || true
    done
  done
}
