#!/usr/bin/env bash
# Installs the official MCP TypeScript SDK's client (@modelcontextprotocol/sdk, pinned with every dependency by
# tests/mcp-node-client/package-lock.json) into tests/mcp-node-client/node_modules, for the tests that drive
# Engram's MCP server with a client nobody here wrote (McpTypeScriptClientTests). scripts/test.sh runs it first, and
# those tests run it when the folder is missing or stale. Nothing is installed when the folder already matches
# the lock file; concurrent runs wait for each other. Needs Node.js 18 or newer with npm (run as root on Debian,
# it installs Debian's nodejs and npm when they are missing), and the npm registry.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
client="$root/tests/mcp-node-client"
me="scripts/npm-mcp-client.sh"
min_node=18 # the SDK's engines field

missing() {
  missing=()
  command -v node >/dev/null 2>&1 || missing+=("node (Node.js $min_node or newer)")
  command -v npm >/dev/null 2>&1 || missing+=("npm")
  ((${#missing[@]}))
}

# As root on Debian (CI's machines), what is missing comes from Debian's packages; elsewhere this says what to install.
if missing && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "$me: not on PATH: ${missing[*]}; installing Debian's nodejs and npm" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } >&2 || true
fi
if missing; then
  {
    echo "$me: the MCP client tests need Node.js $min_node+ and npm; not on PATH: ${missing[*]}"
    echo "$me: on Debian or Ubuntu: apt-get install nodejs npm (or any Node.js $min_node+ that comes with npm)"
  } >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < min_node)); then
  echo "$me: the MCP client tests need Node.js $min_node or newer; 'node' on PATH is $(node --version)" >&2
  exit 1
fi

# The lock file's hash, recorded in node_modules when an install completes: equal means nothing to do.
want="$(sha256sum "$client/package-lock.json" | cut -d' ' -f1)"
stamp="$client/node_modules/.engram-installed"
[[ "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && exit 0

install() {
  [[ "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && return 0 # another run finished it while this one waited
  echo "$me: installing the MCP TypeScript SDK client (npm ci in tests/mcp-node-client)" >&2
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$want" >"$stamp"
}

if command -v flock >/dev/null 2>&1; then
  exec 9>"$client/.install.lock"
  flock 9
fi
install
