#!/usr/bin/env bash
# Installs what the integration tests and infra/local.sh need beyond Maven's jars: the InfluxDB
# 1.x server (Debian package "influxdb", binary influxd). Kafka and Flink come from Maven.
# Needs root (or password-less sudo) on Debian/Ubuntu; elsewhere it says what to install.
set -euo pipefail

if command -v influxd >/dev/null || [[ -x /usr/bin/influxd ]]; then
  echo "influxd present: $(influxd version 2>/dev/null || /usr/bin/influxd version)"
  exit 0
fi

if ! [[ -f /etc/debian_version ]] || ! command -v apt-get >/dev/null; then
  echo "influxd (InfluxDB 1.x) is missing: install InfluxDB 1.x for your system" \
    "(https://portal.influxdata.com/downloads/) or set PRESCALE_INFLUX_URL for the tests" >&2
  exit 1
fi

if [[ $(id -u) == 0 ]]; then
  SUDO=()
elif sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "influxd is missing: run 'sudo apt-get install influxdb'" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get install -y influxdb ||
  { "${SUDO[@]}" apt-get update && "${SUDO[@]}" apt-get install -y influxdb; }
# The package may start a system-wide influxd on :8086; the tests use their own on free ports,
# but infra/local.sh needs :8086 (or PRESCALE_INFLUX_PORT) to be free.
echo "installed: $(influxd version)"
