#!/usr/bin/env python3
"""How long 10,000 events with ids for one user hold the store, and whether extracts beside them miss the deadline.

Issue 18's experiment, to rerun by hand against a FeatureApi (Release, Production) on its own redis-server:

  redis-server --port 6390 --save "" --daemonize yes
  dotnet build FeatureApi -c Release
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5290 ConnectionStrings__redis=127.0.0.1:6390 \
    Auth__ApiKeys__s__Key=$KEY Auth__ApiKeys__s__Scopes__0=features:read Auth__ApiKeys__s__Scopes__1=features:write \
    RateLimits__Events__Permits=0 RateLimits__EventIds__Permits=0 dotnet FeatureApi/bin/Release/net10.0/FeatureApi.dll &
  bench/event-stall.py 5290 $KEY 6390            # add "baseline" to run the extracts without the events

Four threads extract other users (stored and live features, FeatureApi's 50 ms deadline) while one POST carries the
events; the store's slowlog (threshold 0) gives each script's time. Degraded extracts are the ones that missed the
deadline. Needs redis-cli 7 (--json).
"""
import http.client
import json
import subprocess
import sys
import threading
import time
import uuid

port, key, redis_port = int(sys.argv[1]), sys.argv[2], sys.argv[3]
baseline = len(sys.argv) > 4 and sys.argv[4] == "baseline"
headers = {"X-API-Key": key, "Content-Type": "application/json"}


def redis(*args):
    return subprocess.run(["redis-cli", "-p", redis_port, *args], capture_output=True, text=True, check=True).stdout


stop = False
lock = threading.Lock()
latencies, degraded = [], 0


def extract_continuously(user):
    global degraded
    connection = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"userId": user, "currentValue": 1.0, "features": ["user_age", "clicks_1h", "clicks_24h"]})
    while not stop:
        started = time.perf_counter()
        connection.request("POST", "/api/features/extract", body, headers)
        answer = json.loads(connection.getresponse().read())
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            degraded += bool(answer.get("degraded"))


redis("CONFIG", "SET", "slowlog-log-slower-than", "0")
redis("CONFIG", "SET", "slowlog-max-len", "1000000")
redis("SLOWLOG", "RESET")
threads = [threading.Thread(target=extract_continuously, args=(1000 + i,)) for i in range(4)]
for thread in threads:
    thread.start()
time.sleep(1)
if not baseline:
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    events = [{"userId": 7, "stream": "clicks", "value": 1.0, "timestamp": now, "eventId": uuid.uuid4().hex} for _ in range(10_000)]
    connection = http.client.HTTPConnection("127.0.0.1", port)
    started = time.perf_counter()
    connection.request("POST", "/api/events", json.dumps({"events": events}), headers)
    response = connection.getresponse()
    print(f"events: {response.status} {response.read().decode()} in {(time.perf_counter() - started) * 1000:.0f} ms")
time.sleep(1)
stop = True
for thread in threads:
    thread.join()

scripts = sorted(entry[2] for entry in json.loads(redis("--json", "SLOWLOG", "GET", "1000000")) if entry[3][0].lower().startswith("eval"))
if scripts:
    print(f"scripts: {len(scripts)}, median {scripts[len(scripts) // 2]} µs, p99 {scripts[int(len(scripts) * 0.99)]} µs, longest {scripts[-1]} µs")
latencies.sort()
print(f"extracts: {len(latencies)}, degraded {degraded}, p50 {latencies[len(latencies) // 2]:.2f} ms, "
      f"p99 {latencies[int(len(latencies) * 0.99)]:.2f} ms, max {latencies[-1]:.2f} ms")
