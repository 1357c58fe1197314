#!/usr/bin/env bash
# Installs the Debian packages the tests need, those that are missing:
#   .ci/system.sh [PACKAGE...]     (default: postgresql chromium)
# PostgreSQL serves the tests marked `postgres`, Chromium the browser tests. As root it runs
# apt-get; as anyone else it prints the command to run. Elsewhere than Debian it says what
# to install and does nothing.
set -euo pipefail

packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(postgresql chromium)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$package")
done
[ ${#missing[@]} -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null; then
    echo "system: not a Debian system; install ${missing[*]} with your package manager" >&2
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "system: missing Debian packages; install them with:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    exit 0
fi
echo "system: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
