// One pino logger for the process; plugins and subsystems get children. Secrets are redacted.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'context-gateway' },
      redact: {
        paths: ['apiKey', '*.apiKey', 'key', '*.key', 'authorization', '*.authorization', 'headers.authorization', 'headers["x-api-key"]', 'redisUrl'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
