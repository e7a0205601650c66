#!/usr/bin/env bash
# Regenerates jobs/src/main/resources/calendar/default-calendar.csv from the pinned npm package
# chinese-days (MIT). Needs node and npm (the npm registry).
# Usage: tools/calendar/derive-calendar.sh  (from the repo root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/jobs/src/main/resources/calendar/default-calendar.csv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name@version and the sha1 of the tarball the registry served when the resource was derived
spec="chinese-days@1.5.7"
sha="36edd9740abf9b4954a0b16d663f6d70047184d9"
(cd "$work" && npm pack --silent "$spec" >/dev/null)
tgz="$work/chinese-days-1.5.7.tgz"
echo "$sha  $tgz" | sha1sum --check --quiet
tar xzf "$tgz" -C "$work"
node "$here/derive-calendar.mjs" "$work/package" "$out"
