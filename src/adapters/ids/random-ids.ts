/** Ids for entities created by use cases: random UUIDs (unguessable, no coordination needed). */
import { randomUUID } from 'node:crypto';
import type { Ids } from '../../app/ports.js';

export const randomIds: Ids = { newId: () => randomUUID() };
