// What changes with NODE_ENV=production: no "Did you mean ...?" hints, no introspection; both
// overridable in the config.
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const TYPO = '{ customer(id: "x") { profil } }';
const INTROSPECT = '{ __schema { queryType { name } } }';

async function withGateway(nodeEnv: string, config: Partial<ConfigInput>, run: (gw: TestGateway) => Promise<void>): Promise<void> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv; // read when the gateway is built
  const gw = await startTestGateway(config).finally(() => {
    process.env.NODE_ENV = before;
  });
  try {
    await run(gw);
  } finally {
    await gw.cleanup();
  }
}

describe('production defaults', () => {
  it('in production: suggestions stripped, introspection off, validation still coded', async () => {
    await withGateway('production', {}, async (gw) => {
      const typo = await gw.gql(TYPO);
      expect(typo.errors).toEqual([expect.objectContaining({ message: 'Cannot query field "profil" on type "Customer".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
      const intro = await gw.gql(INTROSPECT);
      expect(intro.errors?.[0].message).toMatch(/introspection has been disabled/);
      expect(intro.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      // Enum and argument suggestions too.
      const arg = await gw.gql('{ customer(idd: "x") { id } }');
      for (const e of arg.errors!) expect(e.message).not.toMatch(/Did you mean/);
    });
  });

  it('in development: suggestions and introspection on', async () => {
    await withGateway('development', {}, async (gw) => {
      expect((await gw.gql(TYPO)).errors?.[0].message).toMatch(/Did you mean "profile"\?/);
      expect((await gw.gql(INTROSPECT)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  it('the config overrides both ways', async () => {
    await withGateway('production', { graphql: { introspection: true, fieldSuggestions: true } }, async (gw) => {
      expect((await gw.gql(TYPO)).errors?.[0].message).toMatch(/Did you mean/);
      expect((await gw.gql(INTROSPECT)).errors).toBeUndefined();
    });
    await withGateway('development', { graphql: { introspection: false, fieldSuggestions: false } }, async (gw) => {
      expect((await gw.gql(TYPO)).errors?.[0].message).not.toMatch(/Did you mean/);
      expect((await gw.gql(INTROSPECT)).errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
});
