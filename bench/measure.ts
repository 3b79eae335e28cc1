/** Wall time and memory of one benchmark step. */
import { performance } from 'node:perf_hooks';

export interface StepResult {
  name: string;
  ms: number;
  /** highest RSS sampled during the step (every 5 ms, and at its end) */
  rssPeakMb: number;
  /** the process's peak RSS so far (getrusage maxrss), which also sees what the sampler misses */
  maxRssMb: number;
  /** what the step did, in words: "49,980 tasks, 6,000 prompts" */
  work: string;
  /** throughput when the step has one (messages/s) */
  perSecond?: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export const maxRssMb = (): number => mb(process.resourceUsage().maxRSS * 1024);

export async function measure(name: string, fn: () => Promise<{ work: string; count?: number }>): Promise<StepResult> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t0 = performance.now();
  try {
    const { work, count } = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage.rss());
    return {
      name,
      ms: Math.round(ms * 10) / 10,
      rssPeakMb: mb(peak),
      maxRssMb: maxRssMb(),
      work,
      ...(count !== undefined ? { perSecond: Math.round(count / (ms / 1000)) } : {}),
    };
  } finally {
    clearInterval(timer);
  }
}
