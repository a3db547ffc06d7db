#!/bin/sh
# Runs Vigilar's load benchmark, its report generator or the JMH microbenchmarks, building the
# repository first when the build is missing or stale. See benchmark/README.md.
#
#   ./benchmark/run.sh [SCENARIO] [OPTIONS]   load benchmark (ready, rate200, rate1000, fanout,
#                                             max, all, soak, custom); --help lists the options
#   ./benchmark/run.sh report [OPTIONS]       write docs/performance.md from results.json
#   ./benchmark/run.sh jmh [JMH OPTIONS]      classifier and store microbenchmarks
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
stamp="$here/target/.built"

if [ ! -f "$stamp" ] || [ ! -f "$repo/appliance/target/vigilar.jar" ] \
    || [ -n "$(find "$repo/appliance/src" "$repo/web-ui/src" "$here/src" "$repo/pom.xml" \
      "$repo/appliance/pom.xml" "$repo/web-ui/pom.xml" "$here/pom.xml" -newer "$stamp" -type f \
      2>/dev/null | head -n 1)" ]; then
  echo "bench: building (first run, or sources changed)..." >&2
  (cd "$repo" && mvn -B -q -DskipTests package) >&2
  touch "$stamp"
fi

cp="$here/target/classes:$here/target/lib/*"
java_opts=${BENCH_JAVA_OPTS:--Xms256m -Xmx2g}
cd "$repo"
case "${1:-}" in
  report)
    shift
    # shellcheck disable=SC2086
    exec java $java_opts -cp "$cp" org.vigilar.bench.report.PerformanceReport "$@"
    ;;
  jmh)
    shift
    # shellcheck disable=SC2086
    exec java $java_opts -Dlogback.configurationFile=bench-logback.xml -cp "$cp" \
      org.openjdk.jmh.Main "$@"
    ;;
  *)
    # shellcheck disable=SC2086
    exec java $java_opts -Dlogback.configurationFile=bench-logback.xml \
      -Dvigilar.bench.home="$repo" -Dvigilar.bench.command="./benchmark/run.sh $*" \
      -cp "$cp" org.vigilar.bench.LoadBenchmark "$@"
    ;;
esac
