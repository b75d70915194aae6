#!/usr/bin/env bash
# Run before `npm test`: the e2e tests drive Debian's Chromium (npx playwright install cannot
# download here). Installs it when missing and we are root; otherwise says what to do.
# Another apt/dpkg run holding the lock (unattended upgrades, a parallel job) is waited for, up to
# 5 minutes, instead of failing at once.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (once)…" >&2
  apt_wait=(-o DPkg::Lock::Timeout=300)
  apt-get "${apt_wait[@]}" update -qq && apt-get "${apt_wait[@]}" install -y -qq chromium >/dev/null
else
  echo "Chromium is missing: install it (sudo apt-get install -y chromium); the e2e tests will fail until then." >&2
fi
