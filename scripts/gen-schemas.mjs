// Writes prisma/<provider>/schema.prisma from prisma/models.prisma for each provider.
// One generated client cannot serve both SQLite and PostgreSQL, so each gets its own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const models = fs.readFileSync(path.join(root, 'prisma/models.prisma'), 'utf8');
for (const provider of ['sqlite', 'postgresql']) {
  const dir = path.join(root, 'prisma', provider);
  fs.mkdirSync(dir, { recursive: true });
  const header =
    `// GENERATED from prisma/models.prisma by scripts/gen-schemas.mjs: do not edit\n` +
    `generator client {\n  provider            = "prisma-client"\n  output              = ` +
    `"../../src/generated/${provider}"\n` +
    `  moduleFormat        = "esm"\n  importFileExtension = "js"\n  runtime             = "nodejs"\n}\n\n` +
    `datasource db {\n  provider = "${provider}"\n}\n\n`;
  fs.writeFileSync(path.join(dir, 'schema.prisma'), header + models);
}
