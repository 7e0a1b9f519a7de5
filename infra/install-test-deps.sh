#!/usr/bin/env bash
# Installs what the tests and infra/local.sh need beyond Maven's jars (Kafka and Flink come from
# Maven): the InfluxDB 1.x server (Debian package "influxdb", binary influxd) for the ITCases, and
# Chromium with its WebDriver (packages "chromium" and "chromium-driver", /usr/bin/chromium and
# /usr/bin/chromedriver) for the test that loads report.html in a headless browser.
# Needs root (or password-less sudo) on Debian/Ubuntu; elsewhere it says what to install.
set -euo pipefail

declare -A binary_of=([influxdb]=influxd [chromium]=chromium [chromium-driver]=chromedriver)
missing=()
for package in influxdb chromium chromium-driver; do
  binary=${binary_of[$package]}
  if command -v "$binary" >/dev/null || [[ -x /usr/bin/$binary ]]; then
    echo "$binary present"
  else
    missing+=("$package")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if ! [[ -f /etc/debian_version ]] || ! command -v apt-get >/dev/null; then
  echo "missing: ${missing[*]}. Install InfluxDB 1.x (https://portal.influxdata.com/downloads/;" \
    "or set PRESCALE_INFLUX_URL for the tests), Chromium and ChromeDriver for your system" >&2
  exit 1
fi

if [[ $(id -u) == 0 ]]; then
  SUDO=()
elif sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "missing: ${missing[*]}: run 'sudo apt-get install ${missing[*]}'" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" ||
  { "${SUDO[@]}" apt-get update && "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; }
# The influxdb package may start a system-wide influxd on :8086; the tests use their own on free
# ports, but infra/local.sh needs :8086 (or PRESCALE_INFLUX_PORT) to be free.
for package in "${missing[@]}"; do
  binary=${binary_of[$package]}
  command -v "$binary" >/dev/null || [[ -x /usr/bin/$binary ]] ||
    { echo "$package installed but $binary is not on the PATH nor in /usr/bin" >&2; exit 1; }
  echo "installed $package"
done
