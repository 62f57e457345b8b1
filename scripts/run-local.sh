#!/usr/bin/env bash
# Builds the three services and runs them against the servers on this machine (MySQL/MariaDB on
# 3306, RabbitMQ on 5672, Redis on 6379; override with the variables in the README's Settings).
# Logs go to target/logs/<service>.log; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -DskipTests package
mkdir -p target/logs
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM

for service in order-service logistics-service inventory-service; do
  java -jar "$service/target/$service-0.1.0-SNAPSHOT.jar" > "target/logs/$service.log" 2>&1 &
  pids+=($!)
  echo "started $service (pid $!), log: target/logs/$service.log"
done

echo "order-service :8081  logistics-service :8082  inventory-service :8083 — Ctrl-C stops them"
wait
