#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) from npm, once per machine, into a fixed folder outside
# the clone, for the end-to-end tests (tests/e2e) and `npm run demo`. Skips when it is already installed.
#   bash .ci/install-code-server.sh            # installs into $GRID_REASONER_CODE_SERVER_DIR or the default
# Prints the path of the code-server launcher on its last line.
# Work-arounds (see shared notes on real clients):
#   1. its `kerberos` native module needs the gssapi headers: Debian's libkrb5-dev;
#   2. @vscode/ripgrep@1.15.11's postinstall downloads `rg`; it first looks for a cached tarball in
#      $TMPDIR/vscode-ripgrep-cache-1.15.11/, which we build from the `rg` inside the npm package
#      @vscode/ripgrep-linux-x64 (from the npm registry) and point TMPDIR there during the install;
#   3. npm_config_yes=true (node-pty's install runs `npx node-gyp`, which would otherwise be cancelled);
#   4. npm_config_unsafe_perm=true (its postinstall refuses to run as root otherwise).
set -euo pipefail

VERSION=4.100.3
DIR="${GRID_REASONER_CODE_SERVER_DIR:-/opt/grid-reasoner-ci/code-server}"
MARK="$DIR/.installed-$VERSION"
BIN="$DIR/node_modules/code-server/out/node/entry.js"

if [[ -f "$MARK" && -f "$BIN" ]]; then
  echo "code-server $VERSION already installed in $DIR"
  echo "$BIN"
  exit 0
fi

arch="$(uname -m)"
case "$arch" in
  x86_64) rg_pkg=@vscode/ripgrep-linux-x64@1.18.0; rg_triple=x86_64-unknown-linux-musl ;;
  aarch64) rg_pkg=@vscode/ripgrep-linux-arm64@1.18.0; rg_triple=aarch64-unknown-linux-gnu ;;
  *) echo "install-code-server: unsupported machine $arch" >&2; exit 1 ;;
esac

# 1. gssapi headers for the kerberos module.
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "install-code-server: installing libkrb5-dev"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q libkrb5-dev >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libkrb5-dev >/dev/null; }
  else
    echo "install-code-server: libkrb5-dev is missing (apt-get install -y libkrb5-dev as root)" >&2
    exit 1
  fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 2. ripgrep tarball in the cache the postinstall looks at, so it does not download.
(
  cd "$work"
  npm pack --silent "$rg_pkg" >/dev/null
  tar xzf ./*.tgz
  mkdir -p vscode-ripgrep-cache-1.15.11
  tar czf "vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-$rg_triple.tar.gz" -C package/bin rg
)

mkdir -p "$DIR"
rm -f "$MARK"
cd "$DIR"
[[ -f package.json ]] || echo '{"name":"grid-reasoner-code-server","private":true}' > package.json
echo "install-code-server: installing code-server@$VERSION into $DIR (about 1-3 minutes)"
TMPDIR="$work" \
npm_config_yes=true \
npm_config_unsafe_perm=true \
  nice npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >"$work/npm.log" 2>&1 \
  || { tail -40 "$work/npm.log" >&2; echo "install-code-server: npm install failed" >&2; exit 1; }

if [[ ! -f "$BIN" ]]; then
  echo "install-code-server: $BIN missing after install" >&2
  exit 1
fi
node "$BIN" --version >/dev/null
touch "$MARK"
echo "code-server $VERSION installed in $DIR"
echo "$BIN"
