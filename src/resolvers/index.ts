// All core resolvers, merged; scalars included.
import { mergeResolvers } from '@graphql-tools/merge';
import { DateTime, JSONScalar } from '../schema/scalars.ts';
import { contextResolvers } from './context.ts';
import { customerResolvers } from './customer.ts';
import { documentResolvers } from './documents.ts';
import { mutationResolvers } from './mutation.ts';
import { queryResolvers } from './query.ts';
import { subscriptionResolvers } from './subscription.ts';

export const coreResolvers = mergeResolvers([
  { DateTime, JSON: JSONScalar },
  queryResolvers,
  customerResolvers,
  contextResolvers,
  documentResolvers,
  mutationResolvers,
  subscriptionResolvers,
]);
