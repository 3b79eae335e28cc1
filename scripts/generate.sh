#!/usr/bin/env bash
# Generates the provider schemas and both Prisma clients, offline. Runs as `postinstall`.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/gen-schemas.mjs
export CHECKPOINT_DISABLE=1
# prisma generate needs no schema engine, but checks that the variable names an existing file.
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(pwd)/package.json}"
for p in sqlite postgresql; do
  ./node_modules/.bin/prisma generate --schema "prisma/$p/schema.prisma" >/dev/null
done
echo "safeduty: generated Prisma clients (sqlite, postgresql)"
