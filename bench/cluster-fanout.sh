#!/usr/bin/env bash
# bench/cluster-fanout.sh [ROUNDS]: cross-node fan-out, three chat.jar nodes and one Redis on this machine against
# one plain node, side by side in one run (issue 16). 1,000 clients in 10 channels of 100, 100 senders at RATE
# msg/s (default 1,000: 99,000 deliveries/s) for 10 s after a WARM s warm-up (default 90: three nodes' JIT
# compilers take that long to quieten on two shared cores, and do not entirely); in the cluster the clients are spread
# over the three nodes (client i on node i mod 3, so every channel has members on every node and a message's
# receivers are mostly on other nodes than its sender). One generator process holds every client, so a message's
# latency is taken on one clock. CPU per delivery counts every server process: the three nodes plus Redis.
# Also reads Redis's INFO commandstats and stats over the measured run.
#
# Ports (loopback): BASE (default 24000) Redis, BASE+1..3 the nodes, BASE+10 the single node.
# Results: bench/results/cluster-fanout-<timestamp>.{json,md}. Run it under the machine's benchmark lock:
#   flock /work/wt/bench.lock bench/cluster-fanout.sh          # one round, ~4.5 min
#   WARM=20 flock /work/wt/bench.lock bench/cluster-fanout.sh 2 # two rounds, shorter warm-up
SCRIPT=$(realpath "$0")
source "$(dirname "$SCRIPT")/cluster-lib.sh"
cluster_priority "$SCRIPT" "$@"

ROUNDS=${1:-1}
BASE=${BASE:-24000}
RATE=${RATE:-1000}
DUR=${DUR:-10}
WARM=${WARM:-90}
NODE_FLAGS=${NODE_FLAGS:--Xmx512m}
prepare_jar
TS=$(date -u +%Y%m%dT%H%M%SZ)
OUT=bench/results/cluster-fanout-$TS
mkdir -p bench/results
echo "== $TS load average $(loadavg); results in $OUT.*"

bench() { # PORTS PIDS NICKPREFIX SECONDS JSON
  local pids=()
  [[ -n $2 ]] && pids=(--server-pid "$2")
  $JAVA -Xmx512m -jar "$JAR" bench --port "$1" "${pids[@]}" --scenario fanout --clients 1000 --channels 10 \
    --senders 100 --rate "$RATE" --duration "$4" --concurrency 200 --nick-prefix "$3" --quiet ${5:+--json "$5"}
}

single() { # ROUND
  local p=$((BASE + 10))
  unset REDIS_PORT
  start_node "$p" single $NODE_FLAGS
  local pid=$NODE_PID
  wait_port "$p" 30
  bench "$p" "" w "$WARM" >/dev/null
  echo "-- round $1 single node: load average $(loadavg)"
  thread_ticks "$pid" >"$RUN/single-$1.threads0"
  bench "$p" "$pid" b "$DUR" "$RUN/single-$1.json" | grep -E 'deliveries|p50|p99|lost|dupl|cpu'
  thread_ticks "$pid" >"$RUN/single-$1.threads1"
  echo "load_average_after=$(loadavg)" >"$RUN/single-$1.load"
  stop "$pid"
}

cluster() { # ROUND
  REDIS_PORT=$BASE
  start_redis "$REDIS_PORT"
  local ports=() pids=() i
  for i in 1 2 3; do
    start_node $((BASE + i)) "n$i" $NODE_FLAGS
    pids+=("$NODE_PID")
    ports+=($((BASE + i)))
  done
  for i in "${ports[@]}"; do wait_port "$i" 30; done
  local plist pidlist
  plist=$(IFS=,; echo "${ports[*]}")
  pidlist=$(IFS=,; echo "${pids[*]},$REDIS_PID")
  bench "$plist" "" w "$WARM" >/dev/null
  rcli CONFIG RESETSTAT >/dev/null
  echo "-- round $1 cluster (3 nodes + Redis): load average $(loadavg)"
  thread_ticks "${pids[@]}" >"$RUN/cluster-$1.threads0"
  bench "$plist" "$pidlist" b "$DUR" "$RUN/cluster-$1.json" | grep -E 'deliveries|p50|p99|lost|dupl|cpu'
  thread_ticks "${pids[@]}" >"$RUN/cluster-$1.threads1"
  echo "load_average_after=$(loadavg)" >"$RUN/cluster-$1.load"
  rcli INFO commandstats >"$RUN/cluster-$1.commandstats"
  rcli INFO stats >"$RUN/cluster-$1.stats"
  rcli INFO cpu >"$RUN/cluster-$1.cpu"
  stop "${pids[@]}" "$REDIS_PID"
  unset REDIS_PORT
}

for r in $(seq 1 "$ROUNDS"); do
  # The order alternates, so neither side always runs on a machine the other has just warmed or loaded.
  if (( r % 2 )); then single "$r"; cluster "$r"; else cluster "$r"; single "$r"; fi
done

python3 - "$RUN" "$OUT" "$ROUNDS" "$RATE" <<'EOF'
import json, re, statistics, sys
run, out, rounds, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
def stats(path):
    d = {}
    for line in open(path):
        m = re.match(r'cmdstat_(\w+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)', line)
        if m: d[m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)))
        elif ':' in line: k, v = line.strip().split(':', 1); d[k] = v
    return d
def threads(path):
    d = {}
    for line in open(path):
        pid, name, ticks = line.rstrip('\n').split('\t')
        d[(pid, name, len([k for k in d if k[0] == pid and k[1] == name]))] = int(ticks)  # same-named threads kept apart
    return d
def group(name):
    if name == 'reactor': return 'reactor'
    if name.startswith('lettuce'): return 'lettuce'
    if 'Compiler' in name: return 'jit'
    if name.startswith(('G1', 'GC ', 'VM Thread')): return 'gc_vm'
    return 'other'
def thread_cpu(prefix):
    a, b = threads(prefix + '.threads0'), threads(prefix + '.threads1')
    g = {}
    for k, v in b.items():
        g[group(k[1])] = g.get(group(k[1]), 0) + v - a.get(k, 0)
    return {k: round(v / 100, 2) for k, v in sorted(g.items())}
rows, all_ = [], {'single': [], 'cluster': []}
for r in range(1, rounds + 1):
    for kind in ('single', 'cluster'):
        j = json.load(open(f'{run}/{kind}-{r}.json'))
        j['round'] = r; j['kind'] = kind
        j['load_average_after'] = open(f'{run}/{kind}-{r}.load').read().split('=')[1].strip()
        # Node threads' CPU over the whole measured bench run (connect, window, drain), summed over the nodes.
        j['node_threads_cpu_s'] = thread_cpu(f'{run}/{kind}-{r}')
        if kind == 'cluster':
            cs = stats(f'{run}/cluster-{r}.commandstats'); st = stats(f'{run}/cluster-{r}.stats')
            j['redis_commandstats'] = {k: {'calls': v[0], 'usec': v[1], 'usec_per_call': v[2]} for k, v in cs.items()}
            each = [float(x) for x in j.get('server_cpu_s_each', '').split()]
            if len(each) == 4:
                j['redis_cpu_s'] = each[3]
                j['redis_cpu_us_per_message'] = round(each[3] * 1e6 / max(1, j['sent']), 2)
                j['nodes_cpu_s'] = round(sum(each[:3]), 2)
            pub = cs.get('publish')
            if pub: j['redis_publish_usec_per_call'] = pub[2]
            j['redis_net_input_bytes'] = int(st.get('total_net_input_bytes', 0))
            j['redis_net_output_bytes'] = int(st.get('total_net_output_bytes', 0))
        all_[kind].append(j); rows.append(j)
json.dump(rows, open(out + '.json', 'w'), indent=2)
med = lambda k, key: statistics.median(x[key] for x in all_[k])
with open(out + '.md', 'w') as f:
    f.write(f'# Cluster fan-out, {rate:,.0f} msg/s into 10 channels of 100 (three nodes + Redis against one node)\n\n')
    f.write('| round | setup | deliveries/s | p50 ms | p99 ms | lost | dup | server CPU s | deliveries per CPU-s | CPU s each (n1 n2 n3 redis) | Redis µs CPU per message | PUBLISH usec_per_call | load after |\n')
    f.write('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n')
    for j in rows:
        f.write(f"| {j['round']} | {j['kind']} | {j['deliveries_per_s']:,.0f} | {j['p50_ms']} | {j['p99_ms']} | {j['lost']} | {j['duplicates']} | "
                f"{j.get('server_cpu_s','')} | {j.get('deliveries_per_server_cpu_s',0):,.0f} | {j.get('server_cpu_s_each','')} | "
                f"{j.get('redis_cpu_us_per_message','')} | {j.get('redis_publish_usec_per_call','')} | {j['load_average_after']} |\n")
    ps, pc = med('single', 'p99_ms'), med('cluster', 'p99_ms')
    es, ec = med('single', 'deliveries_per_server_cpu_s'), med('cluster', 'deliveries_per_server_cpu_s')
    f.write('\nNode CPU by thread over the whole measured generator run (connect, 10 s window, drain), seconds, all nodes summed:\n\n')
    for j in rows:
        f.write(f"- round {j['round']} {j['kind']}: {j['node_threads_cpu_s']}\n")
    f.write(f'\nMedians: p99 single {ps} ms, cluster {pc} ms ({pc/ps:.2f}x, target <= 2x); deliveries per CPU-s single '
            f'{es:,.0f}, cluster {ec:,.0f} ({ec/es:.2f}x).\n')
print(open(out + '.md').read())
EOF
