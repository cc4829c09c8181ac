#!/usr/bin/env bash
# Fuzz one target for a chosen time with Jazzer's own driver (the JUnit integration fixes the time in the
# annotation): fuzz/run.sh TARGET SECONDS, TARGET one of framer, parse, commands. Needs `mvn test-compile`.
# The growing corpus stays in fuzz/out/TARGET (ignored by git); crashes land there as crash-*: copy one
# into the target's *Inputs directory under src/test/resources to make it a regression test, then fix.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  framer)   class=chatjar.net.reactor.LineFramerFuzzTest; method=splitAnywhere ;;
  parse)    class=chatjar.irc.MessageFuzzTest; method=parse ;;
  commands) class=chatjar.server.CommandFuzzTest; method=lines ;;
  *) echo "usage: $0 framer|parse|commands SECONDS" >&2; exit 2 ;;
esac
seconds="${2:-300}"
[ -f target/fuzz.cp ] || mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/fuzz.cp -Dmdep.includeScope=test
seeds="src/test/resources/${class%.*}"; seeds="${seeds//.//}/${class##*.}Inputs/$method"
out="fuzz/out/$1"; mkdir -p "$out/corpus"
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/fuzz.cp)" com.code_intelligence.jazzer.Jazzer \
  --target_class="$class" --target_method="$method" -max_total_time="$seconds" -rss_limit_mb=4096 \
  -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus" "$seeds"
