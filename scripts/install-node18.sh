#!/usr/bin/env bash
# Unpacks Debian's Node.js 18 (without installing it over the system's Node) into .tmp/node18, so the
# test suite can run the generated Bubble actions on the oldest Node version Bubble may use.
# Debian only; it needs apt-get and dpkg. Writes .tmp/node18/node, a wrapper that finds its libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.tmp/node18
if [ -x "$target/node" ] && "$target/node" --version 2>/dev/null | grep -q '^v18\.'; then exit 0; fi
rm -rf "$target" && mkdir -p "$target/debs"
version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ {print $3; exit}')
if [ -z "$version" ]; then
  apt-get update -qq
  version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ {print $3; exit}')
fi
[ -n "$version" ] || { echo "install-node18: no Node.js 18 package in Debian's lists" >&2; exit 1; }
(cd "$target/debs" && apt-get download -qq "nodejs=$version" "libnode108=$version" libc-ares2 2>/dev/null)
for deb in "$target"/debs/*.deb; do dpkg -x "$deb" "$target/root"; done
# Debian's Node 18 loads acorn, cjs-module-lexer and undici from /usr/share/nodejs: plain JS packages
# that install beside the system's Node without touching it.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq node-acorn node-cjs-module-lexer node-undici >/dev/null
cat > "$target/node" <<'WRAP'
#!/usr/bin/env bash
here="$(cd "$(dirname "$0")" && pwd)"
LD_LIBRARY_PATH="$here/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$here/root/usr/bin/node" "$@"
WRAP
chmod +x "$target/node"
"$target/node" --version
