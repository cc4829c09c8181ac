#!/usr/bin/env bash
# bench/cluster-redis.sh: what one PUBLISH costs Redis, and how many a second its single thread can take, with the
# cluster's message shape (issue 16). A fresh redis-server with S subscribers on one channel (S = the nodes that have
# members in it), redis-benchmark publishing PAYLOAD-byte messages from C connections (the nodes, one each) with
# pipelining P (Lettuce writes what is queued together; 1 is the worst case, one round trip per message).
# For each case: publishes/s, Redis's CPU per publish from /proc (user + system, all of it), and INFO
# commandstats' usec_per_call (the command alone, without the socket reads and writes around it).
#
# Port (loopback): BASE (default 24200). Results: bench/results/cluster-redis-<timestamp>.md. Run it under the
# machine's benchmark lock:
#   flock /work/wt/bench.lock bench/cluster-redis.sh
SCRIPT=$(realpath "$0")
source "$(dirname "$SCRIPT")/cluster-lib.sh"
cluster_priority "$SCRIPT" "$@"

BASE=${BASE:-24200}
PAYLOAD=${PAYLOAD:-330}  # bytes: about what the nodes published per channel message in bench/cluster-fanout.sh
N=${N:-200000}
RUN=$(mktemp -d /tmp/chatjar-cluster.XXXXXX)
TS=$(date -u +%Y%m%dT%H%M%SZ)
OUT=bench/results/cluster-redis-$TS.md
mkdir -p bench/results
REDIS_PORT=$BASE
start_redis "$REDIS_PORT"
echo "== $TS load average $(loadavg); results in $OUT"
MSG=$(head -c "$PAYLOAD" /dev/zero | tr '\0' x)

{
  echo "# What a PUBLISH costs Redis ($(redis-server --version | awk '{print $3}')), $PAYLOAD-byte messages, $N per case"
  echo
  echo "| subscribers | publishers | pipeline | publishes/s | Redis CPU µs per publish | usec_per_call | Redis CPU share | load average |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$OUT"

SUBS=()
subscribers() { # make exactly $1 subscriber connections on the channel (each a redis-cli reading to /dev/null)
  while (( ${#SUBS[@]} < $1 )); do
    redis-cli -p "$REDIS_PORT" SUBSCRIBE 'chatjar:chan:#bench0' >/dev/null &
    SUBS+=("$!"); STARTED+=("$!")
  done
  local limit=$((SECONDS + 10))
  until [[ $(rcli PUBSUB NUMSUB 'chatjar:chan:#bench0' | tail -1) == "$1" ]] || (( SECONDS > limit )); do sleep 0.1; done
}

for case in "1 3 1" "1 3 16" "3 3 1" "3 3 16" "6 6 16"; do
  read -r subs conns pipe <<<"$case"
  subscribers "$subs"
  rcli CONFIG RESETSTAT >/dev/null
  t0=$(cpu_ticks "$REDIS_PID"); s0=$(date +%s.%N)
  rps=$(redis-benchmark -p "$REDIS_PORT" -c "$conns" -P "$pipe" -n "$N" --csv PUBLISH 'chatjar:chan:#bench0' "$MSG" \
        | tail -1 | cut -d, -f2 | tr -d '"')
  t1=$(cpu_ticks "$REDIS_PID"); s1=$(date +%s.%N)
  calls=$(rcli INFO commandstats | awk -F'[=,:]' '/^cmdstat_publish:/ {print $3}')
  upc=$(rcli INFO commandstats | awk -F'[=,:]' '/^cmdstat_publish:/ {print $7}' | tr -d '\r')
  cpu_us=$(echo "scale=2; ($t1 - $t0) * 10000 / $calls" | bc)
  share=$(echo "scale=2; ($t1 - $t0) / 100 / ($s1 - $s0)" | bc)
  echo "| $subs | $conns | $pipe | $rps | $cpu_us | $upc | $share | $(loadavg) |" | tee -a "$OUT"
done
cat "$OUT"
