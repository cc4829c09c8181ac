#!/bin/bash
# usage: bench/compare-jars.sh OUTDIR RATE 'name=jar[ extra server args]' ...
# Interleaved rounds on 127.0.0.1 only; the FIRST jar is the load generator for every server (GEN=jar overrides),
# so a change to the bench code cannot move the comparison. Each server is stopped by its PID.
W=$1; RATE=$2; shift 2; mkdir -p $W; PORT=${PORT:-21177}
first=${1#*=}; GEN=${GEN:-${first%% *}}
for round in 1 2 3; do for spec in "$@"; do v=${spec%%=*}; rest=${spec#*=}; jar=${rest%% *}; extra=""; [ "$rest" != "$jar" ] && extra=${rest#* }
  java -jar $jar server --port $PORT --log-level warn --flood-burst 0 $extra </dev/null >$W/$v.log 2>&1 & SPID=$!
  until (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do sleep 0.2; done
  java -jar $GEN bench --port $PORT --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate 5000 --duration 3 --quiet --nick-prefix w >/dev/null 2>&1 || true
  java -jar $GEN bench --port $PORT --scenario fanout --clients 1000 --channels 10 --senders 100 --concurrency 200 --rate $RATE --duration 10 --server-pid $SPID --quiet --json $W/$v-$round.json >/dev/null 2>&1
  kill $SPID; wait $SPID 2>/dev/null
done; done
