#!/usr/bin/env bash
# Start one of the assistant's three processes in the foreground, with the settings of the environment.
# The one place their command lines live: `make run` (Procfile, honcho), the tests (rasa_runtime/stack.py)
# and the systemd units (deploy/systemd/) all start them here.
#   scripts/serve.sh rasa|actions|gateway
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${VENV_BIN:-$root/.venv/bin}"
cd "$root"
case "${1:-}" in
  rasa)
    exec "$bin/python" -m rasa_runtime run --interface "${RASA_HOST:-127.0.0.1}" --port "${RASA_PORT:-5005}" \
      --enable-api --model "${MODEL:-models/fengqiao.tar.gz}" --endpoints endpoints.yml --credentials credentials.yml ;;
  actions)
    SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}" exec "$bin/rasa" run actions --port "${ACTIONS_PORT:-5055}" ;;
  gateway)
    # X-Forwarded-For is read by the gateway itself, only from TRUSTED_PROXIES: uvicorn's own reading is off.
    exec "$bin/uvicorn" api.main:app --host "${GATEWAY_HOST:-127.0.0.1}" --port "${GATEWAY_PORT:-8000}" \
      --workers "${GATEWAY_WORKERS:-1}" --ws none --no-access-log --no-server-header --no-proxy-headers \
      --http api.connection_guard:GuardedHttpToolsProtocol ;;
  *)
    echo "usage: scripts/serve.sh rasa|actions|gateway" >&2
    exit 2 ;;
esac
