#!/usr/bin/env bash
# Print the development secret NAME (RASA_AUTH_TOKEN, SESSION_SECRET) kept in var/secrets.env, making
# it (64 random hex characters) and the file (readable by its owner only) the first time. `make` reads
# them when the environment gives none, so a restart of `make run` continues every conversation.
# Never used outside development: a station sets its own secrets (docs/deploy notes in the README).
set -eu
name="$1"
file="${SECRETS_FILE:-var/secrets.env}"
case "$name" in
  RASA_AUTH_TOKEN|SESSION_SECRET) ;;
  *) echo "dev_secret.sh: unknown secret '$name'" >&2; exit 2 ;;
esac
umask 077
mkdir -p "$(dirname "$file")"
touch "$file"
value="$(sed -n "s/^${name}=\([0-9a-f]\{64\}\)$/\1/p" "$file" | tail -n 1)"
if [ -z "$value" ]; then
  value="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s=%s\n' "$name" "$value" >> "$file"
fi
printf '%s' "$value"
