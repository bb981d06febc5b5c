// Share of CPU time the hypervisor gave to other guests ("steal" in /proc/stat) while a benchmark
// ran. On a shared VM a run with much steal measured the host as much as the code, so every
// benchmark prints it beside its latencies. Linux only; elsewhere it says "n/a".
import { readFileSync } from 'node:fs';

function sample(): { steal: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { steal: fields[7] ?? 0, total };
  } catch {
    return undefined;
  }
}

/** Starts measuring; the returned function gives the steal share since, e.g. "steal 3.1 %". */
export function stealMeter(): () => string {
  const start = sample();
  return () => {
    const end = sample();
    if (!start || !end || end.total <= start.total) return 'steal n/a';
    return `steal ${((100 * (end.steal - start.steal)) / (end.total - start.total)).toFixed(1)} %`;
  };
}
