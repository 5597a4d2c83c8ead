# Sourced by the other scripts: the npm-installed build tools (sass, wasm-opt) come first on
# PATH, so cargo-leptos finds them instead of trying to download its own.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/style/node_modules/.bin:$HOME/.cargo/bin:$PATH"
