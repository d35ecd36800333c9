# Sourced by the benchmark scripts: a JDK >= 21 in $JAVA_HOME and the benchmarks jar in $jar,
# built first if needed.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$top/releng/find-jdk.sh"
jar="$top/releng/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$top" && ./mvnw -B -q -DskipTests package -pl releng/benchmarks -am)
fi
