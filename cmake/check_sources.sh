#!/usr/bin/env bash
# Source checks CI runs after the build (needs build/release/compile_commands.json):
#   1. every tracked C++ file is clang-format clean (.clang-format at the root);
#   2. clang-tidy (.clang-tidy at the root) reports nothing on the lines changed since
#      ERGON_TIDY_BASE (default HEAD^1: what the last commit on main, usually a merge, brought).
# Exit 0 when both hold, 1 with the offending files or warnings listed otherwise.
#   usage: bash cmake/check_sources.sh [BUILD_DIR]      (BUILD_DIR: build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build/release}"
status=0

mapfile -t sources < <(git ls-files '*.cpp' '*.hpp')
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/ergon-format.$$; then
  grep -o '^[^:]*\.[ch]pp' /tmp/ergon-format.$$ | sort -u | sed 's/^/check_sources: not clang-format clean: /' >&2
  status=1
fi
rm -f /tmp/ergon-format.$$

base="${ERGON_TIDY_BASE:-HEAD^1}"
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "check_sources: no base commit '$base'; clang-tidy step skipped" >&2
elif [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "check_sources: $build_dir/compile_commands.json missing (build first)" >&2
  exit 1
else
  # clang-tidy needs a translation unit, so only .cpp lines are checked; a changed header's
  # own lines are not (a known gap).
  report=$(git diff -U0 "$base" -- '*.cpp' '*.hpp' |
    clang-tidy-diff -p1 -path "$build_dir" -regex '.*\.cpp' -quiet -j 2 2>/dev/null || true)
  warnings=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' <<<"$report" || true)
  if [[ -n "$warnings" ]]; then
    grep -v "^\s*$" <<<"$report" >&2
    echo "check_sources: clang-tidy found $(wc -l <<<"$warnings") problem(s) on lines changed since $base" >&2
    status=1
  fi
fi

((status == 0)) && echo "check_sources: clang-format and clang-tidy clean"
exit $status
