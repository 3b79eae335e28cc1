import { defineConfig } from 'vitest/config';

// Tests that measure against the real clock (several service processes through a fan-out at the platforms'
// limits, SIGKILL between send and record) run on their own after the rest, one file at a time, so that the
// other files' load cannot skew them.
const TIMED = [
  'tests/e2e/chaos.test.ts',
  'tests/e2e/telegram-sigkill.test.ts',
  'tests/feishu/shared-budget.test.ts',
  'tests/feishu/fan-out.test.ts',
  'tests/feishu/card-limits.test.ts',
];

// Pure unit tests (no service, server or database): their files share one worker's modules (isolate: false), so
// that each does not import the sources and libraries again (a third of their CPU). Nothing in them may leave
// state behind; per-file cleanup goes in tests/setup.ts.
const UNIT = ['tests/unit/**/*.test.ts', 'tests/config/**/*.test.ts', 'tests/feishu/cards/**/*.test.ts'];

// Vitest's default on a 2-core machine is one worker; most files wait on sockets, child processes and
// databases rather than the CPU, so three workers finish the suite much sooner there.
const WORKERS = Number(process.env.VITEST_WORKERS) || 3;

export default defineConfig({
  // The development packages (packages/*) resolve through tsconfig.json's paths, to this checkout's sources.
  resolve: { tsconfigPaths: true },
  test: {
    // A hang guard, not a performance target: three workers share two cores.
    testTimeout: 45_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['tests/setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['tests/**/*.test.ts'],
          exclude: [...TIMED, ...UNIT],
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // the same workers as 'main' (Vitest refuses two projects of one group with different maxWorkers):
        // each worker imports the sources once for all the unit files it runs
        test: { name: 'unit', include: UNIT, isolate: false, maxWorkers: WORKERS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'timed', include: TIMED, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
