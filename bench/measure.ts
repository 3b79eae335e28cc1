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
  /** CPU time of this process during the step (user + system): on shared cores, what the step cost */
  cpuMs: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export const maxRssMb = (): number => mb(process.resourceUsage().maxRSS * 1024);

export async function measure(name: string, fn: () => Promise<{ work: string; count?: number }>): Promise<StepResult> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const hr0 = process.hrtime.bigint();
  try {
    const { work, count } = await fn();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage.rss());
    // BENCH_STEP_TIMES: each step's span in the clock of --cpu-prof profiles (µs), to cut a profile by step.
    if (process.env.BENCH_STEP_TIMES)
      process.stderr.write(`step ${JSON.stringify(name)} ${hr0 / 1000n} ${process.hrtime.bigint() / 1000n}\n`);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    return {
      name,
      ms: Math.round(ms * 10) / 10,
      cpuMs,
      rssPeakMb: mb(peak),
      maxRssMb: maxRssMb(),
      work,
      ...(count !== undefined ? { perSecond: Math.round(count / (ms / 1000)) } : {}),
    };
  } finally {
    clearInterval(timer);
  }
}
