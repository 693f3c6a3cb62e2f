#!/usr/bin/env bash
# Installs what ergon needs from Debian 12 (only what is missing; `apt-get update` at most
# once), then configures and builds one CMake preset. Idempotent: a second run only rebuilds.
#   usage: bash cmake/bootstrap.sh [PRESET [TARGET...]]
#   PRESET: release (default) | asan | tsan; TARGETs limit the build (default: everything).
set -euo pipefail
preset="${1:-release}"
shift || true
cd "$(dirname "$0")/.."

packages=(
  # toolchain
  cmake g++ make pkg-config git
  # source checks in .ci/run (cmake/check_sources.sh)
  clang-format clang-tidy
  # libraries ergon links
  libsundials-dev libsuitesparse-dev libsbml5-dev libglpk-dev libhdf5-dev liblua5.4-dev
  libboost-test-dev libcli11-dev nlohmann-json3-dev openmpi-bin libopenmpi-dev
  # peers and readers used by tests and benchmarks
  python3 python3-cobra python-cobra-data python3-h5py python3-sbml5 python3-brian
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset "$preset" >/dev/null
if (($#)); then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
