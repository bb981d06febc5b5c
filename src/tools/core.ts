// The built-in tools. Each runs GraphQL operations against the gateway's own schema, so MCP,
// OpenAI tools and GraphQL clients share resolvers, scopes and tenancy.
import { parse } from 'graphql';
import { z } from 'zod';
import { ToolError, type Execute, type ToolDefinition, type ToolOutput } from './types.ts';

export interface CoreToolLimits {
  maxTokensLimit: number;
  memoryTextMax: number;
}

const customerId = z.string().trim().min(1).max(256).describe('The customer id, exactly as your system knows it (e.g. "c-1042").');

const json = (data: unknown): string => JSON.stringify(data, null, 2);

const unknownCustomer = (id: string): ToolError =>
  new ToolError('NOT_FOUND', `No customer with id "${id}" is known to this gateway (for this API key's tenant). Check the id; do not guess ids.`);

async function customerOrFail(execute: Execute, document: ReturnType<typeof parse>, vars: Record<string, unknown>, id: string) {
  const data = await execute(document, vars);
  const customer = data.customer as Record<string, unknown> | null;
  if (!customer) throw unknownCustomer(id);
  return customer;
}

const CONTEXT = parse(/* GraphQL */ `
  query GetCustomerContext($id: ID!, $question: String, $maxTokens: Int) {
    customer(id: $id) {
      context(question: $question, maxTokens: $maxTokens) {
        customerId question asOf tokens maxTokens omitted prompt
        items { id kind source text score observedAt tokens }
        errors { source code message }
      }
    }
  }
`);

function getCustomerContext(limits: CoreToolLimits): ToolDefinition {
  return {
    name: 'get_customer_context',
    title: 'Get customer context',
    description:
      'Everything relevant about one customer right now, assembled into a ready-to-use prompt section within a token budget: ' +
      'profile facts, recent activity aggregates, recent events, live (realtime) data, what the customer told the assistant before, and matching documents. ' +
      'Call this first when answering a question about or for a specific customer, passing the question so the most relevant facts are chosen. ' +
      'Returns the prompt text, then its items (kind, source, score, observedAt) and the list of sources used; sources that failed or were too slow are listed under errors.',
    input: z.strictObject({
      customerId,
      question: z.string().trim().max(4000).nullish().describe("The user's question or task, used to rank what goes into the budget. Omit for a general overview."),
      maxTokens: z.number().int().min(1).max(limits.maxTokensLimit).nullish().describe(`Token budget of the prompt, 1-${limits.maxTokensLimit}; default 1000.`),
    }),
    scope: 'read',
    source: 'core',
    async run(args, execute) {
      const id = args.customerId as string;
      const customer = await customerOrFail(execute, CONTEXT, { id, question: args.question, maxTokens: args.maxTokens }, id);
      const context = customer.context as { prompt: string; items: { source: string }[] } & Record<string, unknown>;
      const sources = [...new Set(context.items.map((i) => i.source))].sort();
      const data = { ...context, sources };
      const { prompt, ...rest } = data;
      return { text: [prompt, `Items and sources (JSON):\n${json(rest)}`], data };
    },
  };
}

const KNOWLEDGE = parse(/* GraphQL */ `
  query SearchKnowledge($query: String!, $k: Int) {
    knowledge(query: $query, k: $k) { id text score source metadata updatedAt }
  }
`);

const searchKnowledge: ToolDefinition = {
  name: 'search_knowledge',
  title: 'Search knowledge',
  description:
    "Searches the company's tenant-wide knowledge documents (policies, FAQs, product information) by meaning and returns the best passages, best first, " +
    'each with its score (higher is closer), source and metadata. Use it for questions about rules and facts that are not specific to one customer; ' +
    "for a customer's own tickets and chats use get_customer_context instead.",
  input: z.strictObject({
    query: z.string().trim().min(1).max(1000).describe('What to look for, in natural language (e.g. "baggage allowance on long-haul flights").'),
    k: z.number().int().min(1).max(50).nullish().describe('How many passages to return, 1-50; default 5.'),
  }),
  scope: 'read',
  source: 'core',
  async run(args, execute): Promise<ToolOutput> {
    const data = await execute(KNOWLEDGE, { query: args.query, k: args.k });
    const hits = data.knowledge as unknown[];
    const result = { hits };
    return { text: [hits.length ? json(result) : 'No matching knowledge documents.'], data: result };
  },
};

const CUSTOMER = parse(/* GraphQL */ `
  query GetCustomer($id: ID!) {
    customer(id: $id) {
      id profile
      aggregates { name function window value status asOf }
    }
  }
`);

const getCustomer: ToolDefinition = {
  name: 'get_customer',
  title: 'Get customer',
  description:
    "One customer's raw data: the profile (attribute name -> current value) and every activity aggregate (name, function, window, value, and " +
    'status FRESH, STALE or MISSING: never present a STALE value as current). Use it when you need exact values; ' +
    'for answering questions, get_customer_context gives a ranked summary instead.',
  input: z.strictObject({ id: customerId }),
  scope: 'read',
  source: 'core',
  async run(args, execute) {
    const id = args.id as string;
    const customer = await customerOrFail(execute, CUSTOMER, { id }, id);
    return { text: [json(customer)], data: customer };
  },
};

const EXISTS = parse(/* GraphQL */ `
  query CustomerExists($id: ID!) {
    customer(id: $id) { id }
  }
`);

const REMEMBER = parse(/* GraphQL */ `
  mutation Remember($customerId: ID!, $text: String!) {
    remember(customerId: $customerId, text: $text) { id text role createdAt }
  }
`);

function remember(limits: CoreToolLimits): ToolDefinition {
  return {
    name: 'remember',
    title: 'Remember',
    description:
      'Stores one thing the customer told you that should be remembered in later conversations (a preference, a plan, a constraint), ' +
      'e.g. "wants somewhere warmer this summer". Write it as a short, self-contained sentence in the third person. ' +
      'It appears in get_customer_context from then on. Do not store secrets, payment data or things the system already knows.',
    input: z.strictObject({
      customerId,
      text: z.string().trim().min(1).max(limits.memoryTextMax).describe(`The fact to remember, one sentence, at most ${limits.memoryTextMax} characters.`),
    }),
    scope: 'write',
    source: 'core',
    async run(args, execute) {
      const id = args.customerId as string;
      // An agent that got an id wrong should hear so, rather than start a new customer.
      await customerOrFail(execute, EXISTS, { id }, id);
      const data = await execute(REMEMBER, { customerId: id, text: args.text });
      const memory = data.remember as Record<string, unknown>;
      return { text: [`Remembered for customer "${id}": ${String(memory.text)}`], data: { memory } };
    },
  };
}

export const coreTools = (limits: CoreToolLimits): ToolDefinition[] => [getCustomerContext(limits), searchKnowledge, getCustomer, remember(limits)];
