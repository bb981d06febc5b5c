import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('GraphQL over HTTP: graphql-http server audits', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw.cleanup());

  // Every audit runs; the MUST ones may not fail (SHOULD/MAY are reported by the library's ids).
  const audits = serverAudits({
    url: 'http://gw/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => gw.fetch(input as string, init),
  });
  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST')) expect({ name: audit.name, status: result.status, reason: 'reason' in result ? result.reason : '' }).toMatchObject({ status: 'ok' });
      else expect(['ok', 'warn', 'error']).toContain(result.status);
    });
  }
});
