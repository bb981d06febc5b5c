// Builds the executable schema: the core contract plus every plugin's extensions. No I/O.
import type { IResolvers } from '@graphql-tools/utils';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { coreResolvers } from '../resolvers/index.ts';
import { coreTypeDefs } from './typeDefs.ts';

export interface SchemaExtension {
  typeDefs?: string;
  resolvers?: IResolvers<any, any>;
}

export function createSchema(extensions: readonly SchemaExtension[] = []): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: [coreTypeDefs, ...extensions.flatMap((e) => (e.typeDefs ? [e.typeDefs] : []))],
    resolvers: [coreResolvers as IResolvers, ...extensions.flatMap((e) => (e.resolvers ? [e.resolvers] : []))],
  });
}
