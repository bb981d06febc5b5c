// The public contract (../shared/DESIGN.md). Plugins may extend it; the core keeps these names.
export const coreTypeDefs = /* GraphQL */ `
  scalar DateTime
  scalar JSON

  type Query {
    "The customer, or null when nothing at all is known about the id."
    customer(id: ID!): Customer
    "Customers in the same order as ids; null where nothing is known."
    customers(ids: [ID!]!): [Customer]!
    "Tenant-wide knowledge documents matching the query."
    knowledge(query: String!, k: Int = 5, filter: JSON): [DocumentHit!]!
    "Every plugin/source with its health and last event time."
    sources: [Source!]!
  }

  type Customer {
    id: ID!
    "Attribute name -> current value."
    profile: JSON!
    attributes(asOf: DateTime): [Attribute!]!
    aggregates(names: [String!], asOf: DateTime): [Aggregate!]!
    "Newest first; at most the newest events kept per customer (see docs/redis-keys.md)."
    events(types: [String!], limit: Int = 20, asOf: DateTime): [Event!]!
    documents(query: String!, k: Int = 5, asOf: DateTime): [DocumentHit!]!
    "Newest first."
    memory(limit: Int = 20): [Memory!]!
    context(question: String, maxTokens: Int = 1000, asOf: DateTime, sources: [String!]): Context!
  }

  type Attribute {
    name: String!
    value: JSON
    source: String!
    observedAt: DateTime!
    status: Freshness!
  }

  type Aggregate {
    name: String!
    function: String!
    window: String!
    value: JSON
    asOf: DateTime!
    status: Freshness!
  }

  enum Freshness {
    FRESH
    STALE
    MISSING
  }

  type Event {
    id: ID!
    type: String!
    customerId: ID
    timestamp: DateTime!
    payload: JSON
    source: String
  }

  type DocumentHit {
    id: ID!
    text: String!
    score: Float!
    source: String!
    metadata: JSON
    updatedAt: DateTime
  }

  type Memory {
    id: ID!
    text: String!
    role: String
    createdAt: DateTime!
  }

  type Context {
    customerId: ID!
    question: String
    asOf: DateTime!
    generatedAt: DateTime!
    tokens: Int!
    maxTokens: Int!
    items: [ContextItem!]!
    prompt: String!
    omitted: Int!
    errors: [SourceError!]!
  }

  type ContextItem {
    id: ID!
    kind: ContextKind!
    source: String!
    text: String!
    score: Float!
    observedAt: DateTime
    tokens: Int!
  }

  enum ContextKind {
    ATTRIBUTE
    AGGREGATE
    EVENT
    DOCUMENT
    REALTIME
    MEMORY
  }

  type SourceError {
    source: String!
    code: String!
    message: String!
  }

  type Source {
    name: String!
    kind: String!
    healthy: Boolean!
    lastEventAt: DateTime
    "Events of this source applied (this tenant)."
    eventsApplied: Int!
    "Events of this source rejected or refused after validation, e.g. older than the retention horizon."
    eventsRefused: Int!
  }

  type Mutation {
    "Validates and enqueues events; with wait: true, returns once they are applied."
    ingest(events: [EventInput!]!, wait: Boolean = false): IngestResult!
    remember(customerId: ID!, text: String!, role: String): Memory!
    "Erases everything about the customer."
    forgetCustomer(id: ID!): Boolean!
  }

  input EventInput {
    id: ID!
    type: String!
    customerId: ID
    timestamp: DateTime!
    payload: JSON
  }

  type IngestResult {
    accepted: Int!
    duplicates: Int!
    rejected: [Rejection!]!
  }

  type Rejection {
    index: Int!
    id: ID
    code: String!
    message: String!
  }

  type Subscription {
    events(customerId: ID!, types: [String!]): Event!
    "Derived events a plugin marks as alerts."
    alerts(customerId: ID): Event!
  }
`;
