#!/usr/bin/env bash
# System calls per request at saturation, budget 1, for HAProxy (cookie) and the ceiling-forwarder fixture, the way
# docs/BENCHMARKS.md counts them: the proxy pinned to CPU 0 (the fixture in the JVM bench balancer gives it), wrk and
# one nginx backend on CPU 1, 32 keep-alive connections with the sticky cookie, a 30 s warm-up, then
# `strace -c -f -p PID` for 4 s in the middle of a 10 s wrk run. Requests in the strace window come from the backend's
# stub_status counter (one backend request per proxied request).
#
#   lab/scripts/ceiling-syscalls.sh [BASE_PORT]     # default 18480: proxy on BASE_PORT, backends on +1..+3
#
# Needs haproxy nginx wrk strace taskset and the lab jar (./unstick builds it). Loopback only; everything it starts
# is stopped by pid at the end; its files go to a temporary folder whose path it prints.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="${1:-18480}"
jar="$home/lab/target/unstick-lab.jar"
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -B -pl lab -am package -DskipTests" >&2; exit 1; }
for tool in haproxy nginx wrk strace taskset; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool: apt-get install $tool" >&2; exit 1; }
done
PATH="$PATH:/usr/sbin"
work="$(mktemp -d /tmp/ceiling-syscalls.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$work/nginx/tmp"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$((base + 1));
        location / { return 200 "ok"; }
        location = /stub_status { stub_status; }
    }
}
CONF
taskset -c 1 nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)

# The configuration HaproxyProxy writes for budget 1 (keep the two the same).
cat > "$work/haproxy.cfg" <<CONF
global
    nbthread 1
    maxconn 4000
defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 60s
    timeout server 30s
frontend bench
    bind 127.0.0.1:$base
    default_backend nodes
backend nodes
    balance roundrobin
    cookie SERVERID insert indirect nocache
    server s1 127.0.0.1:$((base + 1)) cookie s1
    server s2 127.0.0.1:$((base + 2)) cookie s2
    server s3 127.0.0.1:$((base + 3)) cookie s3
CONF

backend_requests() {
  curl -s "http://127.0.0.1:$((base + 1))/stub_status" | awk 'NR == 3 { print $3 }'
}

await_port() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.2
  done
  echo "nothing answers on port $1" >&2
  return 1
}

# measure NAME PID: warm-up, then strace for 4 s inside a 10 s wrk run; prints calls per request
measure() {
  local name="$1" pid="$2" url="http://127.0.0.1:$base/"
  taskset -c 1 wrk -t1 -c32 -d30s -H "Cookie: SERVERID=s1" "$url" > "$work/$name-warmup.txt"
  taskset -c 1 wrk --latency -t1 -c32 -d10s -H "Cookie: SERVERID=s1" "$url" > "$work/$name-wrk.txt" &
  local wrk=$!
  sleep 3
  local before after
  before="$(backend_requests)"
  timeout -s INT 4 strace -c -f -p "$pid" -o "$work/$name-strace.txt" || true
  after="$(backend_requests)"
  wait "$wrk"
  local requests=$((after - before - 1))
  local calls
  calls="$(awk '$NF == "total" { print $4 }' "$work/$name-strace.txt")"
  # The counter is read just before strace attaches and just after it detaches, so it also counts a few requests
  # strace did not see; each proxy here writes a request and its response with one call each, so writes / 2 is
  # the tighter count of the requests strace saw. Both are printed.
  local writes
  writes="$(awk '$NF ~ /^(write|writev|sendto|sendmsg)$/ { n += $4 } END { print n }' "$work/$name-strace.txt")"
  echo "== $name: $calls system calls; $requests requests by the backend's counter:" \
       "$(awk -v c="$calls" -v r="$requests" 'BEGIN { printf "%.2f", c / r }') per request;" \
       "$((writes / 2)) by write calls / 2: $(awk -v c="$calls" -v r="$((writes / 2))" 'BEGIN { printf "%.2f", c / r }') per request"
  awk -v r="$((writes / 2))" 'NR > 2 && $1 ~ /^[0-9.]+$/ && $NF != "total" { printf "   %-14s %8.3f per request\n", $NF, $4 / r }' \
      "$work/$name-strace.txt"
  grep -E "Requests/sec|99%" "$work/$name-wrk.txt" | sed 's/^/   wrk (with strace attached for 4 s): /'
}

await_port $((base + 1))
taskset -c 0 haproxy -db -f "$work/haproxy.cfg" &
haproxy=$!
pids+=($haproxy)
await_port "$base"
measure haproxy "$haproxy"
kill "$haproxy"; wait "$haproxy" 2>/dev/null || true

taskset -c 0 java -XX:ActiveProcessorCount=1 -Xms192m -Xmx192m -XX:+UseSerialGC -cp "$jar" \
    io.unstick.lab.bench.balancer.ceiling.ForwarderCeiling "$base" 1 600 $((base + 1)) $((base + 2)) $((base + 3)) \
    > "$work/ceiling.log" 2>&1 &
ceiling=$!
pids+=($ceiling)
await_port "$base" || { tail -5 "$work/ceiling.log" >&2; echo "is $jar older than the sources? rebuild it" >&2; exit 1; }
measure ceiling-forwarder "$ceiling"
echo "files: $work"
