// Architecture lint: the rules of CONVENTIONS.md that a type checker cannot see.
//  - src/domain imports only src/domain, zod and dayjs (pure: no I/O, no clock, no SDK);
//  - src/app imports only src/domain and src/app (use cases talk to ports);
//  - SDKs and Prisma are imported only by adapters, the composition root and the CLI;
//  - the real clock is read only in src/adapters/clock (time is an argument elsewhere);
//  - process.env is read only by the CLI entry points (config gets the environment as an argument);
//  - console output only from the CLI and `safeduty emulator` (the service logs through the Logger port);
//  - the development tools stay out of production: only src/sandbox imports the emulator packages
//    (@safeduty/*), and nothing else imports src/sandbox (src/cli/dev-tools.ts loads it on demand);
//  - the packages (packages/*) import nothing of src/ nor of each other's insides: an emulator
//    follows the platform's documentation, never the adapter;
//  - a use case (src/app) takes only the parts of the Store it uses (app/ports/*.ts: EngineStore,
//    OutboxStore, AnswersStore, InboxStore, QueriesStore, AdminStore), never the whole `Store` nor
//    `EngineDeps` without naming its parts (`EngineDeps<OutboxStore>`); only ports.ts and
//    engine-deps.ts speak of the whole;
//  - no line over 120 characters in src/, tests/, scripts/ and packages/ (but the generated client and
//    the migrations): biome's lineWidth lays out code but never breaks a string or a comment. A
//    comment line holding nothing but a link is let be (a URL cannot be broken).
// Prints `file:line: rule` for each violation and exits 1 when there is any.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SRC = path.join(ROOT, 'src');
const PACKAGES = path.join(ROOT, 'packages');
const SDKS =
  /^(@prisma\/|@larksuiteoapi\/|grammy|pg$|better-sqlite3|node-cron|pino|ws$|protobufjs|exceljs|docx|prom-client)/;

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : files(p);
    return /\.ts$/.test(e.name) ? [p] : [];
  });
}

/** `EngineDeps` with its default store (the whole Store): bare, or picked/indexed with 'store'. */
function wholeEngineDeps(code) {
  for (const m of code.matchAll(/\bEngineDeps\b(?!\s*<)/g)) {
    const before = code.slice(0, m.index);
    const after = code.slice(m.index + m[0].length);
    if (/Pick<\s*$/.test(before)) {
      if (/'store'/.test(after.match(/^\s*,([^>]*)>/)?.[1] ?? "'store'")) return true;
    } else if (!/^\['(?!store')\w+'\]/.test(after)) return true;
  }
  return false;
}

const problems = [];
for (const file of files(SRC)) {
  const rel = path.relative(SRC, file).split(path.sep).join('/');
  const layer = rel.split('/')[0];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const at = `src/${rel}:${i + 1}`;
    if (/^\s*(\/\*|\*)/.test(line)) return; // doc comments
    const code = line.replace(/\/\/.*$/, '');
    for (const m of code.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      const target = spec.startsWith('.')
        ? path
            .relative(SRC, path.resolve(path.dirname(file), spec))
            .split(path.sep)
            .join('/')
        : null;
      const targetLayer = target?.split('/')[0];
      if (layer === 'domain' && (target ? targetLayer !== 'domain' : !/^(zod|dayjs)(\/|$)/.test(spec)))
        problems.push(`${at}: domain must stay pure: it imports "${spec}"`);
      if (layer === 'app' && (target ? !['domain', 'app'].includes(targetLayer) : !/^(zod|node:crypto)$/.test(spec)))
        problems.push(`${at}: use cases reach the outside only through ports: it imports "${spec}"`);
      if (!target && SDKS.test(spec) && !['adapters', 'cli', 'main.ts', 'sandbox'].includes(layer))
        problems.push(`${at}: only adapters import an SDK or Prisma: "${spec}"`);
      if (target && targetLayer === 'generated' && layer !== 'adapters')
        problems.push(`${at}: only the store adapter imports the generated Prisma client`);
      if (layer !== 'sandbox' && (spec.startsWith('@safeduty/') || targetLayer === 'sandbox'))
        problems.push(
          `${at}: production code does not import the development tools ("${spec}"); load them through ` +
            `cli/dev-tools.ts`,
        );
    }
    if (layer === 'app' && !/^app\/(ports\.ts|ports\/|engine-deps\.ts$)/.test(rel)) {
      const wholeStore = /\bStore\b/.test(code) || wholeEngineDeps(code);
      if (wholeStore && !/^\s*import\b|^\s*\w+,?\s*$|^\s*\}\s*from\s/.test(code))
        problems.push(
          `${at}: a use case takes the parts of the Store it uses (app/ports/*.ts: \`store: ` +
            `OutboxStore\`, \`EngineDeps<AnswersStore>\`), not the whole Store`,
        );
    }
    if (/\bDate\.now\(\)|new Date\(\s*\)/.test(code) && !rel.startsWith('adapters/clock/'))
      problems.push(`${at}: read time from the Clock port, not the system clock`);
    if (/\bprocess\.env\b/.test(code) && layer !== 'cli')
      problems.push(`${at}: pass the environment in; only the CLI reads process.env`);
    if (
      /\bconsole\.(log|error|warn|info)\(/.test(code) &&
      !['cli', 'cli.ts', 'sandbox/emulator-command.ts'].includes(layer === 'sandbox' ? rel : layer)
    )
      problems.push(`${at}: log through the Logger port`);
  });
}

for (const pkg of fs.existsSync(PACKAGES) ? fs.readdirSync(PACKAGES) : []) {
  const home = path.join(PACKAGES, pkg);
  if (!fs.statSync(home).isDirectory()) continue;
  for (const file of files(home)) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\*|\*)/.test(line)) return;
        for (const m of line.replace(/\/\/.*$/, '').matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
          const spec = m[1];
          if (spec.startsWith('.') && path.relative(home, path.resolve(path.dirname(file), spec)).startsWith('..'))
            problems.push(
              `${rel}:${i + 1}: a package imports only its own files and other packages by name: "${spec}"`,
            );
        }
      });
  }
}

const WIDTH = 120;
function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory())
      return ['node_modules', 'generated', 'migrations'].includes(e.name) || e.name.startsWith('.') ? [] : sources(p);
    return /\.(ts|mts|mjs|js|css|html|sh)$/.test(e.name) ? [p] : [];
  });
}
for (const top of ['src', 'tests', 'scripts', 'packages']) {
  if (!fs.existsSync(path.join(ROOT, top))) continue;
  for (const file of sources(path.join(ROOT, top))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const width = [...line].length;
        if (width > WIDTH && !/^\s*(\/\/|\*|#)\s*\(?https?:\/\/\S+$/.test(line))
          problems.push(
            `${rel}:${i + 1}: ${width} characters, over ${WIDTH}: wrap the comment, or split the string (+)`,
          );
      });
  }
}

for (const p of problems) console.log(p);
console.log(problems.length ? `lint: ${problems.length} problem(s)` : 'lint: ok');
process.exit(problems.length ? 1 : 0);
