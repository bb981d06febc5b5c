// The peer: Apollo Server (standalone node:http) over the same schema, resolvers and context.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createLoaders } from '../../src/loaders/index.ts';
import { createSchema } from '../../src/schema/index.ts';
import { Authenticator } from '../../src/server/auth.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import type { RequestContext } from '../../src/server/services.ts';

/** Starts Apollo on `port` and returns its URL; `gw` lends its services (stores, registry). */
export async function startApollo(gw: Gateway, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const { services } = gw;
  const schema = createSchema(services.registry.plugins.map((p) => ({ typeDefs: p.def.typeDefs, resolvers: p.def.resolvers })));
  const auth = new Authenticator(gw.config.auth.apiKeys);
  const server = new ApolloServer<RequestContext>({ schema });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const result = auth.authenticate(headers);
      if (!result.ok) throw new Error(result.message);
      const { tenant, scopes } = result.principal;
      return { tenant, scopes, services, loaders: createLoaders(services, tenant), now: Date.now() };
    },
  });
  return { url, stop: () => server.stop() };
}
