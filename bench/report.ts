/** The benchmark's markdown table: one row per provider and step, with targets and PASS/MISS. */
import os from 'node:os';
import type { StepResult } from './measure.js';

export interface ProviderResult {
  provider: string;
  seedMs: number;
  steps: StepResult[];
  maxRssMb: number;
  /** RSS after start-up (modules loaded, database connected), before the first tick */
  startRssMb: number;
  /** rows in the database at the end of the day, by task kind and message purpose */
  rows: string;
}

/** The targets the engine must hold on the reference machine. */
export const TARGETS: Record<string, { label: string; ok: (s: StepResult) => boolean }> = {
  'opening tick 08:30': { label: '< 5,000 ms', ok: (s) => s.ms < 5_000 },
  'idle tick (median of 5)': { label: '< 100 ms', ok: (s) => s.ms < 100 },
  'dispatch 08:30 fan-out': { label: '≥ 1,000 msg/s', ok: (s) => (s.perSecond ?? 0) >= 1_000 },
};
export const RSS_TARGET_MB = 300;

const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${fmt(os.totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function resultTable(results: ProviderResult[]): string {
  const lines = [
    '| Provider | Step | Wall (ms) | CPU (ms) | Work | Peak RSS in step (MB) | Target | Result |',
    '|---|---|---:|---:|---|---:|---|---|',
  ];
  for (const r of results) {
    for (const s of r.steps) {
      const t = TARGETS[s.name];
      const work = s.perSecond !== undefined ? `${s.work} — **${fmt(s.perSecond)} msg/s**` : s.work;
      lines.push(
        `| ${r.provider} | ${s.name} | ${fmt(s.ms)} | ${fmt(s.cpuMs)} | ${work} | ${s.rssPeakMb} | ${t?.label ?? '—'} | ${t ? (t.ok(s) ? 'PASS' : 'MISS') : '—'} |`,
      );
    }
    const ok = r.maxRssMb < RSS_TARGET_MB;
    lines.push(
      `| ${r.provider} | peak RSS of the process | — | — | after start-up ${r.startRssMb} MB; seeding (${fmt(r.seedMs)} ms) ran in the parent | ${r.maxRssMb} | < ${RSS_TARGET_MB} MB | ${ok ? 'PASS' : 'MISS'} |`,
    );
  }
  return lines.join('\n');
}

export function rowsWritten(results: ProviderResult[]): string {
  return results.map((r) => `- ${r.provider}: ${r.rows}`).join('\n');
}

export function allPass(results: ProviderResult[]): boolean {
  return results.every((r) => r.maxRssMb < RSS_TARGET_MB && r.steps.every((s) => TARGETS[s.name]?.ok(s) ?? true));
}
