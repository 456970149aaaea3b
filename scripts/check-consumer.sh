#!/usr/bin/env bash
# The package as a new adopter installs it: packs it, installs the tarball with its peers into a fresh
# project (drizzle-orm at the version given, default: the latest release), fails on any install-script
# warning, imports every entry, and compiles the README snippets (examples/readme) with strict tsc.
#   scripts/check-consumer.sh [drizzle-orm version]      e.g. 0.44.0 (lowest supported) or 0.45.4
set -euo pipefail
drizzle="${1:-latest}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
tarball="$(npm pack --silent --pack-destination "$work" | tail -1)"
mkdir "$work/consumer" && cd "$work/consumer"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
# @supabase/supabase-js: the README's supabase-js snippet (examples/readme/supabase.ts) imports it, as an app using
# the `./supabase` types would.
npm install --no-audit --no-fund "$work/$tarball" "drizzle-orm@$drizzle" postgres @electric-sql/pglite @supabase/supabase-js @types/node@20 >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  exit 1
}
if grep -Ei 'install script|prepare|lifecycle' "$work/install.log"; then
  echo "FAIL: the install ran or warned about scripts"
  exit 1
fi
echo "installed $(node -p "require('./node_modules/@org/unified-schema/package.json').version") with drizzle-orm $(node -p "require('./node_modules/drizzle-orm/package.json').version")"
# every entry the package exports (its package.json "exports"), the types-only ./supabase included
node --input-type=module -e "
import { readFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync('./node_modules/@org/unified-schema/package.json', 'utf8'));
for (const key of Object.keys(pkg.exports).filter((k) => !k.endsWith('package.json'))) {
  const entry = key === '.' ? pkg.name : pkg.name + key.slice(1);
  const m = await import(entry);
  console.log('import', entry, Object.keys(m).length, 'exports');
}"
cp "$repo"/examples/readme/*.ts .
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "lib": ["ES2023"],
    "types": ["node"], "strict": true, "noUncheckedIndexedAccess": true, "skipLibCheck": true, "noEmit": true
  },
  "include": ["*.ts"]
}
JSON
"$repo/node_modules/.bin/tsc" -p tsconfig.json
echo "README snippets compile against drizzle-orm $drizzle"
./node_modules/.bin/unified-schema >/dev/null && echo "bin: bare unified-schema prints the help, exit 0"
