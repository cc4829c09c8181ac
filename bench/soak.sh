#!/usr/bin/env bash
# bench/soak.sh [SECONDS]: a bounded churn soak of chat.jar on loopback (default 600 s).
# Rounds of: a `chat.jar bench` fanout (CLIENTS connect, join, talk, then vanish without QUIT when the
# generator exits), plus HALF_OPEN raw sockets that connect and say nothing, stop mid-registration, or
# register and reset the connection. After every round the server's open file descriptors and its heap after a
# full GC are recorded; the last line compares them with the baseline. The server listens on 127.0.0.1:$PORT
# (default 21120), the run stops by itself, and only the processes started here are stopped, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-600}
PORT=${PORT:-21120}
CLIENTS=${CLIENTS:-2000}
HALF_OPEN=${HALF_OPEN:-300}
JAR=target/chat.jar
JAVA=${JAVA:-java}
case "$DURATION" in ''|*[!0-9]*) echo "usage: bench/soak.sh [SECONDS]" >&2; exit 2 ;; esac
if [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f 2>/dev/null | head -1) ]]; then
  echo "== building $JAR"; mvn -B -q package -DskipTests
fi
JCMD=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd
mkdir -p bench/results
OUT=bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).tsv
SPID=; PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -n $SPID ]] && kill "$SPID" 2>/dev/null || true
}
trap cleanup EXIT

# Short timeouts so half-open sockets are reaped within a round.
$JAVA -Xmx512m -jar $JAR server --port "$PORT" --registration-timeout 5 --ping-interval 10 --ping-timeout 5 \
  --log-level warn --data-dir "$(mktemp -d)" > /tmp/chatjar-soak-server.log 2>&1 &
SPID=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done

measure() { # fds, live heap KiB after a full GC
  "$JCMD" "$SPID" GC.run > /dev/null
  local heap; heap=$("$JCMD" "$SPID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)
  echo "$(ls /proc/"$SPID"/fd | wc -l) $heap"
}

half_open() { # N raw sockets: silent / stopped mid-registration / registered then RST; held 7 s
  python3 - "$PORT" "$1" <<'PY'
import socket, struct, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
for i in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        continue
    kind = i % 3
    if kind == 1:
        s.sendall(b"NICK half%d\r\nUS" % i)
    elif kind == 2:
        s.sendall(b"NICK rst%d\r\nUSER r 0 * :r\r\nJOIN #soak\r\nPRIVMSG #soak :bye\r\n" % i)
    socks.append((kind, s))
time.sleep(1)
for kind, s in socks:
    if kind == 2:  # abortive close: RST instead of FIN, no QUIT
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
time.sleep(6)
PY
}

read -r FD0 HEAP0 <<< "$(measure)"
printf 'round\telapsed_s\tfds\theap_kib\tbench_registered\n' > "$OUT"
printf '0\t0\t%s\t%s\t-\n' "$FD0" "$HEAP0" >> "$OUT"
echo "== soak for ${DURATION}s against pid $SPID: baseline fds=$FD0 heap=${HEAP0}KiB"
START=$(date +%s); ROUND=0
while (( $(date +%s) - START < DURATION )); do
  ROUND=$((ROUND + 1))
  half_open "$HALF_OPEN" & PIDS=($!)
  REG=$($JAVA -jar $JAR bench --port "$PORT" --scenario fanout --clients "$CLIENTS" --channels 20 --senders 100 \
        --rate 150 --duration 5 --nick-prefix "s${ROUND}x" --json /dev/stdout --quiet 2>/dev/null \
        | grep -o '"registered": *[0-9]*' | head -1 | tr -dc 0-9 || true)
  wait "${PIDS[0]}" || true; PIDS=()
  sleep 6 # registration timeout (5 s) reaps what the helper left half-open
  read -r FD HEAP <<< "$(measure)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$(( $(date +%s) - START ))" "$FD" "$HEAP" "${REG:--}" | tee -a "$OUT"
done
echo "== rounds=$ROUND fds: $FD0 -> $FD  heap after GC: ${HEAP0}KiB -> ${HEAP}KiB  (table: $OUT)"
if (( FD > FD0 + 2 )); then echo "LEAK? the server holds $((FD - FD0)) more descriptors than at the start" >&2; exit 1; fi
