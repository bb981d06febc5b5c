// Contract fields whose engines land in later milestones (aggregates, retrieval, memory, context).
// They answer with a clear, coded error rather than an empty list that would look like "no data".
import { GraphQLError } from 'graphql';

const pending = (what: string) => () => {
  throw new GraphQLError(`${what} is not available in this build yet`, { extensions: { code: 'NOT_IMPLEMENTED' } });
};

export const pendingResolvers = {
  Query: { knowledge: pending('Query.knowledge') },
  Customer: {
    documents: pending('Customer.documents'),
  },
};
