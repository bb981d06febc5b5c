// A CPU profile of a benchmark server's measured window, started and stopped by the parent.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Each toggle() starts, then stops and writes `<dir>/<name>-<time>.cpuprofile` (open in Chrome DevTools). */
export async function startProfiler(dir: string, name: string): Promise<{ toggle: () => Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  let running = false;
  return {
    async toggle() {
      if (!running) {
        running = true;
        await session.post('Profiler.start');
        return;
      }
      running = false;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${dir}/${name}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
    },
  };
}
