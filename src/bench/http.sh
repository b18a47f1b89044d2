#!/usr/bin/env bash
# HTTP throughput and latency of the packaged app under load, with wrk (Debian package), on loopback.
# The server and wrk share this machine's cores, so read the figures as a floor.
# Usage: src/bench/http.sh   (after `make build`; env DURATION, CONNECTIONS, PORT, JAVA, JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-18081}
JAVA=${JAVA:-java}
WORK=target/bench-http
mkdir -p "$WORK"
cat > "$WORK/classify.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"texts":["房间很干净，服务也热情，就是早餐品种少了点，总体满意。"]}'
LUA
# As make run starts it (C1 only, AppCDS when built); JAVA_OPTS= for the JVM's default tiers.
JAVA="$JAVA" src/serving/bin/run.sh -Dquarkus.http.port="$PORT" >"$WORK/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do sleep 0.1; done
wrk -t1 -c"$CONNECTIONS" -d5s -s "$WORK/classify.lua" "http://127.0.0.1:$PORT/classify" >/dev/null  # warm-up
echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency POST /classify (1 text, 30 chars), $(nproc) cores"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/classify.lua" "http://127.0.0.1:$PORT/classify"
