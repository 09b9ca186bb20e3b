#!/usr/bin/env bash
# Run a command while the action server is up: start it on $ACTIONS_PORT, wait until it is
# healthy, run the command, then stop the server whatever the command's outcome.
set -euo pipefail
port="${ACTIONS_PORT:-5055}"
log="${ACTIONS_LOG:-var/log/actions.log}"
mkdir -p "$(dirname "$log")"
SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}" rasa run actions --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://localhost:$port/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "action server failed to start; see $log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://localhost:$port/health" >/dev/null || { echo "action server not healthy after 60 s; see $log" >&2; exit 1; }
"$@"
