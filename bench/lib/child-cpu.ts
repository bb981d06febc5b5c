// A benchmark server's CPU time so far (user + system, µs), asked over the fork's IPC channel:
// the child answers `message` with `{ cpu: process.cpuUsage() }`.
import type { ChildProcess } from 'node:child_process';

export function childCpu(child: ChildProcess, message = 'cpu'): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      const cpu = (m as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.off('message', on);
      resolve(cpu.user + cpu.system);
    };
    child.on('message', on);
    child.send(message);
  });
}
