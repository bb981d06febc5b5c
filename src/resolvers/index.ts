// All core resolvers, merged; scalars included.
import { mergeResolvers } from '@graphql-tools/merge';
import { DateTime, JSONScalar } from '../schema/scalars.ts';
import { contextResolvers } from './context.ts';
import { customerResolvers } from './customer.ts';
import { mutationResolvers } from './mutation.ts';
import { pendingResolvers } from './pending.ts';
import { queryResolvers } from './query.ts';
import { subscriptionResolvers } from './subscription.ts';

export const coreResolvers = mergeResolvers([
  { DateTime, JSON: JSONScalar },
  pendingResolvers,
  queryResolvers,
  customerResolvers,
  contextResolvers,
  mutationResolvers,
  subscriptionResolvers,
]);
