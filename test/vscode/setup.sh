#!/usr/bin/env bash
# Installs a real VS Code for the editor tests, from Debian packages and the npm
# registry only: VS Code 1.100.3's server (bundled in code-server@4.100.3, which
# runs on Node 20), Debian's chromium as the workbench client, playwright-core
# to drive it, all in a tools folder outside the project's own dependencies.
# Usage: bash test/vscode/setup.sh [tools-home]   (default: ./.vscode-test)
set -euo pipefail
H=${1:-${VSCODE_TEST_HOME:-$PWD/.vscode-test}}
export DEBIAN_FRONTEND=noninteractive
# fonts-nanum: Hangul glyphs for the Korean screenshots (chromium draws boxes without a Korean font).
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1 || ! dpkg -s fonts-nanum >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq chromium ripgrep libkrb5-dev build-essential python3 pkg-config fonts-nanum >/dev/null
fi

mkdir -p "$H/tools" "$H/tmp/rg"
cd "$H/tools"
[ -f package.json ] || npm init -y >/dev/null
if [ ! -f node_modules/code-server/lib/vscode/out/server-main.js ] || [ ! -d node_modules/playwright-core ]; then
  # @vscode/ripgrep's postinstall downloads from GitHub: seed its cache with Debian's rg instead.
  RGC=$H/tmp/vscode-ripgrep-cache-1.15.11
  mkdir -p "$RGC"
  cp "$(command -v rg)" "$H/tmp/rg/rg"
  tar czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$H/tmp/rg" rg
  # unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty's postinstall runs `npx node-gyp`.
  if ! env TMPDIR="$H/tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
    npm install --no-audit --no-fund code-server@4.100.3 playwright-core@1.65.1 >"$H/npm-install.log" 2>&1; then
    tail -50 "$H/npm-install.log"
    exit 1
  fi
fi
echo "VS Code test tools ready in $H/tools"
