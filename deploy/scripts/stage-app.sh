#!/bin/sh
# Lays out the runtime tree of the Capstan image in OUT: the root manifests, each workspace's package.json
# and compiled dist/ (no sources, no tests), the deploy/bin helpers, and node_modules pruned to production
# dependencies. The workspaces must be built already (`npx turbo run build`). Runs on the host for the
# offline image build and inside the Dockerfile's build stage for the upstream one, so both images hold the
# same tree. Offline: `npm prune` only deletes, it fetches nothing.
#
#   deploy/scripts/stage-app.sh SRC OUT
set -eu
src=$1
out=$2
[ -f "$src/package-lock.json" ] || { echo "stage-app: $src has no package-lock.json" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out/deploy"
cp "$src/package.json" "$src/package-lock.json" "$out/"
for dir in "$src"/libs/* "$src"/apps/*; do
  name=${dir#"$src"/}
  [ -f "$dir/package.json" ] || continue
  mkdir -p "$out/$name"
  cp "$dir/package.json" "$out/$name/"
  # A workspace with a placeholder main may have no dist yet: it ships as a manifest only.
  [ -d "$dir/dist" ] && cp -R "$dir/dist" "$out/$name/dist"
  [ -d "$dir/bin" ] && cp -R "$dir/bin" "$out/$name/bin"
done
# The test workspace holds no runtime code; its manifest keeps npm's view of the workspaces complete.
mkdir -p "$out/test" && cp "$src/test/package.json" "$out/test/"
cp -R "$src/deploy/bin" "$out/deploy/bin"
# Hard links: a copy of node_modules in seconds that prune can thin without touching the original.
cp -al "$src/node_modules" "$out/node_modules" 2>/dev/null || cp -R "$src/node_modules" "$out/node_modules"
(cd "$out" && npm prune --omit=dev --offline --ignore-scripts --no-audit --no-fund >/dev/null)
rm -rf "$out/node_modules/.cache" "$out/node_modules/@capstan/tests"
find "$out/node_modules" -name '*.map' -type f -delete
# better-sqlite3 keeps its C sources and object files after compiling: only the addon is loaded.
sqlite="$out/node_modules/better-sqlite3"
if [ -f "$sqlite/build/Release/better_sqlite3.node" ]; then
  rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/build/deps" "$sqlite/build/Release/obj" \
    "$sqlite/build/Release/obj.target" "$sqlite/build/Release/sqlite3.a" "$sqlite/build/Release/test_extension.node"
fi
find "$out/node_modules" -depth -type d -empty -delete
