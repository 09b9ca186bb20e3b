#!/usr/bin/env bash
# Part of `make run`: wait until the gateway reports every part healthy, print the chat URL,
# then stay up (honcho stops all processes when one of them exits).
set -u
url="http://localhost:${GATEWAY_PORT:-8000}"
for _ in $(seq 1 300); do
  if curl -fsS "$url/healthz" >/dev/null 2>&1; then
    printf '\n  枫桥助手 is ready: chat %s/  console %s/admin  (API docs: %s/docs)\n\n' "$url" "$url" "$url"
    exec sleep infinity
  fi
  sleep 1
done
echo "not healthy after 5 minutes: see the rasa, actions and gateway lines above (which part: GET $url/api/health with a STATS_TOKENS bearer); $url/healthz says:" >&2
curl -sS "$url/healthz" >&2
exec sleep infinity
