#!/usr/bin/env bash
# Runs before `npm test` (as `pretest`): installs what the tests need beyond the root packages, once.
# - the connector's own packages (it is a stand-alone Zapier app with its own package.json);
# - Debian's Chromium for the web page's browser tests (via .ci/install-browser);
# - Debian's caddy for the HTTPS deployment test (via .ci/install-caddy; that test is skipped without it);
# - a running PostgreSQL for the store tests (via .ci/start-postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f connector/package.json ] && [ ! -d connector/node_modules ]; then
  (cd connector && npm ci --no-audit --no-fund)
fi
if [ -x .ci/install-browser ]; then .ci/install-browser; fi
if [ -x .ci/install-caddy ]; then .ci/install-caddy; fi
if [ -x .ci/start-postgres ]; then .ci/start-postgres; fi
