#!/usr/bin/env bash
# bench/cluster-idle.sh [CLIENTS]: CLIENTS (default 100,000) registered idle clients across six chat.jar nodes and
# one Redis on this machine (issue 16). Each process may open at most 20,000 files here, so six generator processes
# connect at once, each ~16,700 clients spread over all six nodes (client i on node i mod 6).
# Reports: registrations per second across the network; that every client registered and none was lost (the
# generators' counts, each node's LUSERS, the user hashes and nick leases in Redis); RSS and live heap per node
# (every node holds its own users and a mirror of everyone else's); Redis's memory per client (INFO memory);
# and, after the generators close their sockets, that every node and Redis drain to zero (no ghosts).
#
# A generator holds its clients until every generator is ready (--wait-file), then HOLD seconds more.
# Ports (loopback): BASE (default 24100) Redis, BASE+1..6 the nodes. Results:
# bench/results/cluster-idle-<timestamp>.{json,md}. Run it under the machine's benchmark lock:
#   flock /work/wt/bench.lock bench/cluster-idle.sh
SCRIPT=$(realpath "$0")
source "$(dirname "$SCRIPT")/cluster-lib.sh"
cluster_priority "$SCRIPT" "$@"

CLIENTS=${1:-100000}
NODES=6
GENS=${GENS:-6}
BASE=${BASE:-24100}
HOLD=${HOLD:-90}       # seconds each generator holds its clients after they registered
WARMUP=${WARMUP:-6000} # clients of an unmeasured storm first (then closed), so the nodes' JIT is done
SETTLE=${SETTLE:-20}   # seconds between the last registration and the unforced memory reading
NODE_FLAGS=${NODE_FLAGS:--Xmx1g}
prepare_jar
TS=$(date -u +%Y%m%dT%H%M%SZ)
OUT=bench/results/cluster-idle-$TS
mkdir -p bench/results
now() { date +%s.%N; }
kv() { echo "$1=$2" >>"$RUN/figures.txt"; }
echo "== $TS load average $(loadavg); results in $OUT.*"
kv load_average_start "$(loadavg)"

REDIS_PORT=$BASE
start_redis "$REDIS_PORT"
PIDS=(); PORTS=()
for i in $(seq 1 $NODES); do
  start_node $((BASE + i)) "n$i" $NODE_FLAGS
  PIDS+=("$NODE_PID"); PORTS+=($((BASE + i)))
done
for p in "${PORTS[@]}"; do wait_port "$p" 60; done
PLIST=$(IFS=,; echo "${PORTS[*]}")

live_heap() { # bytes live after a full GC (jcmd forces one), or -1
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3; found=1} END {if (!found) print -1}'
}
redis_mem() { rcli INFO memory | awk -F: '/^used_memory:/ {gsub("\r",""); print $2}'; }
# LUSERS seen by a fresh client of node PORT: "<local users> <global users>" from numerics 265/266.
lusers() {
  local out
  out=$(exec 3<>/dev/tcp/127.0.0.1/"$1"
        printf 'NICK probe%s\r\nUSER p 0 * :probe\r\nLUSERS\r\nQUIT\r\n' "$1" >&3
        timeout 15 cat <&3)
  echo "$(grep ' 265 ' <<<"$out" | tail -1 | awk '{print $4}') $(grep ' 266 ' <<<"$out" | tail -1 | awk '{print $4}')"
}
redis_users() { local n=0 i; for i in $(seq 1 $NODES); do n=$((n + $(rcli HLEN "chatjar:users:n$i"))); done; echo $n; }
redis_leases() { rcli EVAL "return #redis.call('keys', ARGV[1])" 0 'chatjar:nick:*'; } # KEYS: a few ms at 100k

# An unmeasured storm first: six cold JVMs compiling Lettuce, the mirror and the welcome burst at once would
# otherwise spend more CPU on their JIT than on the registrations. Its users quit again before anything is read.
$JAVA -Xmx384m -jar "$JAR" bench --port "$PLIST" --scenario connect --clients "$WARMUP" --warmup 0 --concurrency 300 \
  --nick-prefix w --quiet >"$RUN/warmup.log" 2>&1 || true
limit=$((SECONDS + 60))
while (( SECONDS < limit )) && [[ $(redis_users) != 0 ]]; do sleep 0.5; done
kv warmup_left_in_redis "$(redis_users)"
sleep 5
for i in $(seq 0 $((NODES - 1))); do
  kv "node$((i + 1))_rss_empty_kib" "$(rss_kib "${PIDS[$i]}")"
  kv "node$((i + 1))_heap_empty_bytes" "$(live_heap "${PIDS[$i]}")"
done
sleep 3
for i in $(seq 0 $((NODES - 1))); do kv "node$((i + 1))_rss_empty_gc_kib" "$(rss_kib "${PIDS[$i]}")"; done
kv redis_used_memory_empty "$(redis_mem)"
kv redis_rss_empty_kib "$(rss_kib "$REDIS_PID")"

echo "-- $CLIENTS clients from $GENS generators onto $NODES nodes: load average $(loadavg)"
PER=$(( (CLIENTS + GENS - 1) / GENS ))
GPIDS=()
T0=$(now)
for g in $(seq 0 $((GENS - 1))); do
  base=$((g * PER)); n=$(( CLIENTS - base < PER ? CLIENTS - base : PER ))
  $JAVA -Xmx384m -Dchatjar.bench.connectSeconds=400 -jar "$JAR" bench --port "$PLIST" --scenario idle --clients "$n" --client-base "$base" \
    --nick-prefix i --duration "$HOLD" --concurrency 300 --quiet --ready-file "$RUN/ready-$g" --wait-file "$RUN/all-ready" \
    --json "$RUN/gen-$g.json" >"$RUN/gen-$g.log" 2>&1 &
  GPIDS+=("$!"); STARTED+=("$!")
done
limit=$((SECONDS + 420))
while (( SECONDS < limit )); do
  ready=0
  for g in $(seq 0 $((GENS - 1))); do [[ -s $RUN/ready-$g ]] && ready=$((ready + 1)); done
  (( ready == GENS )) && break
  sleep 0.1
done
T1=$(now)
echo 0 >"$RUN/all-ready" # every generator holds HOLD seconds from now, so all clients are held together
kv registration_wall_s "$(echo "$T1 - $T0" | bc)"
kv generators_ready "$ready"
kv registered_by_generators "$(cat "$RUN"/ready-* | paste -sd+ | bc)"
kv load_average_registered "$(loadavg)"
echo "-- all ready after $(echo "$T1 - $T0" | bc) s; load average $(loadavg)"

sleep "$SETTLE"
kv redis_users_held "$(redis_users)"
kv redis_leases_held "$(redis_leases)"
for i in $(seq 1 $NODES); do kv "node${i}_local_users" "$(rcli HLEN "chatjar:users:n$i")"; done
for i in $(seq 0 $((NODES - 1))); do kv "node$((i + 1))_lusers_held" "$(lusers "${PORTS[$i]}")"; done
for i in $(seq 0 $((NODES - 1))); do kv "node$((i + 1))_rss_held_kib" "$(rss_kib "${PIDS[$i]}")"; done
kv redis_used_memory_held "$(redis_mem)"
kv redis_rss_held_kib "$(rss_kib "$REDIS_PID")"
for i in $(seq 0 $((NODES - 1))); do kv "node$((i + 1))_heap_held_bytes" "$(live_heap "${PIDS[$i]}")"; done
sleep 3
for i in $(seq 0 $((NODES - 1))); do kv "node$((i + 1))_rss_held_gc_kib" "$(rss_kib "${PIDS[$i]}")"; done
kv load_average_held "$(loadavg)"
kv memory_read_s "$(echo "$(now) - $T1" | bc)"
echo "-- memory read; load average $(loadavg); waiting for the generators to end their hold"

for p in "${GPIDS[@]}"; do wait "$p" || true; done
T2=$(now)
# Every client has closed its socket (no QUIT): each node quits its users and publishes it; all must drain.
limit=$((SECONDS + 90))
while (( SECONDS < limit )) && [[ $(redis_users) != 0 || $(redis_leases) != 0 ]]; do sleep 0.5; done
kv drain_s "$(echo "$(now) - $T2" | bc)"
sleep 2
kv redis_users_after "$(redis_users)"
kv redis_leases_after "$(redis_leases)"
for i in $(seq 0 $((NODES - 1))); do kv "node$((i + 1))_lusers_after" "$(lusers "${PORTS[$i]}")"; done
kv load_average_end "$(loadavg)"
cat "$RUN/figures.txt"

python3 - "$RUN" "$OUT" "$CLIENTS" "$NODES" "$GENS" <<'EOF'
import json, sys
run, out, clients, nodes, gens = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
f = dict(l.rstrip('\n').split('=', 1) for l in open(f'{run}/figures.txt'))
g = [json.load(open(f'{run}/gen-{i}.json')) for i in range(gens)]
res = {'clients': clients, 'nodes': nodes, 'generators': g, 'figures': f}
reg = sum(x['registered'] for x in g)
users = int(f['redis_users_held'])  # the network's users while held, as Redis counts them (per-user figures)
res['registered'] = reg
res['failed'] = sum(x['failed'] for x in g)
res['dropped_while_idle'] = sum(x.get('dropped_while_idle', 0) for x in g)
res['held_at_end'] = sum(x.get('held_at_end', 0) for x in g)
wall = float(f['registration_wall_s'])
res['registrations_per_s_wall'] = round(reg / wall)
res['registrations_per_s_sum_of_generators'] = round(sum(x['registrations_per_s'] for x in g))
res['welcome_p99_ms_max'] = max(x['welcome_p99_ms'] for x in g)
per = []
for i in range(1, nodes + 1):
    local = int(f[f'node{i}_local_users'])
    d = {'node': f'n{i}', 'local_users': local, 'lusers_held': f[f'node{i}_lusers_held'], 'lusers_after': f[f'node{i}_lusers_after']}
    rss0, rss1 = int(f[f'node{i}_rss_empty_kib']), int(f[f'node{i}_rss_held_kib'])
    gc0, gc1 = int(f[f'node{i}_rss_empty_gc_kib']), int(f[f'node{i}_rss_held_gc_kib'])
    h0, h1 = int(f[f'node{i}_heap_empty_bytes']), int(f[f'node{i}_heap_held_bytes'])
    d.update(rss_empty_mib=round(rss0 / 1024, 1), rss_held_mib=round(rss1 / 1024, 1), rss_after_gc_mib=round(gc1 / 1024, 1),
             rss_per_local_client_b=round((rss1 - rss0) * 1024 / local), rss_per_network_user_b=round((rss1 - rss0) * 1024 / users),
             rss_gc_per_local_client_b=round((gc1 - gc0) * 1024 / local), rss_gc_per_network_user_b=round((gc1 - gc0) * 1024 / users),
             live_heap_mib=round(h1 / 2**20, 1), live_heap_per_network_user_b=round((h1 - h0) / users))
    per.append(d)
res['per_node'] = per
m0, m1 = int(f['redis_used_memory_empty']), int(f['redis_used_memory_held'])
res['redis_used_memory_per_client_b'] = round((m1 - m0) / users)
res['redis_rss_per_client_b'] = round((int(f['redis_rss_held_kib']) - int(f['redis_rss_empty_kib'])) * 1024 / users)
json.dump(res, open(out + '.json', 'w'), indent=2)
with open(out + '.md', 'w') as o:
    o.write(f"# {clients:,} idle clients on {nodes} nodes + Redis, {gens} generator processes\n\n")
    o.write(f"- registered {reg:,} of {clients:,}; failed {res['failed']}; dropped while idle {res['dropped_while_idle']}; held at end {res['held_at_end']:,}\n")
    o.write(f"- Redis while held: {f['redis_users_held']} user records, {f['redis_leases_held']} nick leases; after the generators closed: "
            f"{f['redis_users_after']} records, {f['redis_leases_after']} leases (drained in {float(f['drain_s']):.1f} s)\n")
    o.write(f"- registrations/s across the network: {res['registrations_per_s_wall']:,} (wall clock, {wall:.1f} s from launching the generators to the last one ready); "
            f"sum of the generators' own rates {res['registrations_per_s_sum_of_generators']:,}; worst generator's p99 to 001 {res['welcome_p99_ms_max']} ms\n")
    o.write(f"- Redis used_memory per client: {res['redis_used_memory_per_client_b']} B (RSS {res['redis_rss_per_client_b']} B)\n")
    o.write(f"- load average: start {f['load_average_start']}, registered {f['load_average_registered']}, held {f['load_average_held']}, end {f['load_average_end']}\n\n")
    o.write('| node | local users | LUSERS local/global while held | after | RSS empty MiB | RSS held MiB | per local client B | per network user B | after full GC: per network user B | live heap MiB | live heap per network user B |\n')
    o.write('|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n')
    for d in per:
        o.write(f"| {d['node']} | {d['local_users']:,} | {d['lusers_held']} | {d['lusers_after']} | {d['rss_empty_mib']} | {d['rss_held_mib']} | "
                f"{d['rss_per_local_client_b']:,} | {d['rss_per_network_user_b']:,} | {d['rss_gc_per_network_user_b']:,} | {d['live_heap_mib']} | {d['live_heap_per_network_user_b']:,} |\n")
print(open(out + '.md').read())
EOF
