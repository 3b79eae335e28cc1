/**
 * The service runs with the same node flags however it is started
 * (npm start, the Docker image), as the benchmark assumes.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('node flags of the service', () => {
  it('are the same in `npm start` and in the Dockerfile', () => {
    const start = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    const flags = start.split(/\s+/).filter((a) => a.startsWith('--'));
    expect(flags).toContain('--max-old-space-size=512');
    const env = /^ENV NODE_OPTIONS=(.*)$/m.exec(fs.readFileSync('Dockerfile', 'utf8'))?.[1]?.trim().split(/\s+/);
    expect(env).toEqual(flags);
  });
});
