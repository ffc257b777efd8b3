#!/usr/bin/env bash
# Checks the operator's side of the metrics with promtool: the scrape configuration,
# the alerting rules and their unit tests (deploy/prometheus). promtool comes from
# Debian's `prometheus` package, installed when missing (root or sudo); the package's
# own daemon is not wanted here and is stopped if the install started it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'promtool: %s\n' "$*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root to run: $*"; return 1; fi
}

if ! command -v promtool >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { say "not Debian: install promtool (Prometheus) yourself"; exit 1; }
  say "installing Debian's prometheus package (for promtool)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi

promtool check config deploy/prometheus/prometheus.yml
promtool check rules deploy/prometheus/alerts.yml
(cd deploy/prometheus && promtool test rules alerts.test.yml)
