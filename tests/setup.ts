/** Runs before every test file (vitest.config.ts setupFiles), whether or not files share their modules. */
import { afterAll } from 'vitest';
import { removeTmpDirs } from './helpers/tmp.js';

afterAll(removeTmpDirs);
