#!/usr/bin/env bash
# Starts the local services the tests talk to, if they are not already running.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping

# The browser tests drive Debian's Chromium through playwright-core, which never downloads a browser.
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Chromium"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
chromium --version 2>/dev/null  # the Debian wrapper prints a harmless shell warning on stderr

# The PgBouncer tests start their own pgbouncer (transaction pooling) on a free port.
if ! [ -x /usr/sbin/pgbouncer ] && ! command -v pgbouncer >/dev/null 2>&1; then
  echo "installing PgBouncer"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y pgbouncer
fi
# Debian's package enables its own service; the tests never use it, so it is left as it is.
/usr/sbin/pgbouncer --version | head -n 1

# The pact PDF tests check signatures with poppler's pdfsig (an independent PAdES verifier),
# read text with pdftotext, and make encrypted PDFs with qpdf.
if ! command -v pdfsig >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then
  echo "installing poppler-utils and qpdf"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils qpdf
fi
pdfsig -v 2>&1 | sed -n 1p  # sed reads it all: head would close the pipe early (SIGPIPE under pipefail)
