#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1 (5432, 6379), as the tests and
# the local sandbox expect; with --browser also that Debian's Chromium is installed
# (the web chat's browser test drives it) with a colour emoji font (fonts-noto-color-emoji), so
# that screenshots show the emoji users see instead of empty boxes. A stopped server is started; on Debian, a missing one is
# installed (root or sudo needed). A freshly installed PostgreSQL gets trust auth on
# loopback, which the local URLs (postgresql://postgres@127.0.0.1) rely on; an
# existing installation's configuration is never changed.
set -euo pipefail

say() { printf 'services: %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root to run: $*"; return 1; fi
}
wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  say "$2 did not start listening on 127.0.0.1:$1"; return 1
}
apt_install() {
  command -v apt-get >/dev/null 2>&1 || { say "not Debian: install $* yourself"; return 1; }
  say "installing $* with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  port_open 5432 && return 0
  local fresh=0
  if ! ls -d /etc/postgresql/*/main >/dev/null 2>&1; then apt_install postgresql; fresh=1; fi
  local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ "$fresh" = 1 ]; then
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main stop >/dev/null 2>&1 || true
  fi
  say "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_port 5432 PostgreSQL
}

ensure_redis() {
  port_open 6379 && return 0
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  say "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no >/dev/null
  wait_port 6379 Redis
}

ensure_postgres
ensure_redis
command -v pg_dump >/dev/null 2>&1 || apt_install postgresql-client
# PgBouncer (not a service: apps/worker/test/pgbouncer.test.ts starts its own in transaction mode)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || apt_install pgbouncer
emoji_font_installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q 'install ok installed'
  else
    ls /usr/share/fonts/*/noto/NotoColorEmoji.ttf >/dev/null 2>&1
  fi
}
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  emoji_font_installed || apt_install fonts-noto-color-emoji
fi
