#!/bin/sh
# Installs the mock push service of the push tests from package-lock.json.
# Without npm the tests that need it are skipped (they say so), so the build goes on.
set -eu
dir="$(cd "$(dirname "$0")" && pwd)"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: the push tests that need the mock push service will be skipped"
  exit 0
fi
# npm ci wipes node_modules; skip it while the installed tree matches the lock file.
if [ -f "$dir/node_modules/.package-lock.json" ] \
    && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
  exit 0
fi
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
