#!/usr/bin/env bash
# A Flink 1.19 session cluster on this machine, from Maven-resolved Flink jars (no flink-dist).
#
#   runners/flink/bin/flink-cluster.sh start [--restPort=8081]   # JobManager + TaskManager, prints the web UI
#   runners/flink/bin/flink-cluster.sh status
#   runners/flink/bin/flink-cluster.sh kill-taskmanager          # SIGKILL, as a crashed machine
#   runners/flink/bin/flink-cluster.sh start-taskmanager         # a replacement TaskManager
#   runners/flink/bin/flink-cluster.sh stop
#
# Configuration, logs and pid files live in target/flink-cluster (--dir=DIR to change it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
classes=runners/flink/cluster/target/classes
if [[ ! -f $classes/io/strata/flink/cluster/flink-cluster.classpath ]]; then
  mvn -B -q -pl runners/flink/cluster -am compile
fi
exec java -Xmx64m -cp "$classes" io.strata.flink.cluster.FlinkSessionCluster "$@"
