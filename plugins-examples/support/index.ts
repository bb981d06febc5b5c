// Example plugin `support`: Meridian Air's (fictional) policies and FAQ as tenant-wide knowledge,
// and each customer's support tickets and chat transcripts as their own documents. Everything
// enters as events through the queue; the `documents` mapping of each event type does the rest.
import { z } from 'zod';
import { definePlugin } from 'context-gateway';
import { supportDemo } from './demo.ts';
import { knowledgeEvents } from './knowledge.ts';
import { chatDocument, chatEnded, faqDocument, faqPublished, policyDocument, policyPublished, policyRetired, ticketDocument, ticketUpdated } from './schema.ts';

const options = z.strictObject({
  /** Tenants the policies and FAQ are published to at start (re-sending them is a no-op). @default ["default"] */
  knowledgeTenants: z.array(z.string().min(1)).default(['default']),
});

export { knowledgeEvents } from './knowledge.ts';

export default definePlugin<z.output<typeof options>>({
  name: 'support',
  version: '1.0.0',
  kind: 'support',
  description: 'Meridian Air (fictional): customer-service policies and FAQ as knowledge; tickets and chat transcripts per customer.',
  options,
  eventTypes: {
    'support.policy.published': {
      description: 'A policy text takes effect (replaces the previous text of the same policy).',
      customer: 'none',
      payload: policyPublished,
      documents: (e) => policyDocument(e.payload),
    },
    'support.policy.retired': {
      description: 'A policy no longer applies.',
      customer: 'none',
      payload: policyRetired,
      documents: (e) => [{ documentId: `policy:${e.payload.policyId}`, deleted: true }],
    },
    'support.faq.published': { description: 'A question and its answer.', customer: 'none', payload: faqPublished, documents: (e) => faqDocument(e.payload) },
    'support.ticket.updated': {
      description: 'A support ticket opened or updated; the body is the whole conversation so far.',
      payload: ticketUpdated,
      documents: (e) => ticketDocument(e.payload),
      describe: (e) => `Support ticket ${String(e.payload.ticketId)} "${String(e.payload.subject)}" is ${String(e.payload.status)}`,
      fact: (e) => `support:ticket:${String(e.payload.ticketId)}:status`,
      attributes: (e) => ({ 'support.lastTicketStatus': e.payload.status }),
    },
    'support.chat.ended': {
      description: 'A finished chat with the customer, as its transcript.',
      payload: chatEnded,
      documents: (e) => chatDocument(e.payload),
      describe: (e) => `Chatted with support${e.payload.topic ? ` about ${String(e.payload.topic)}` : ''}`,
    },
  },
  async setup(ctx) {
    // Queued, not awaited: the worker starts after setup and applies them within a second.
    for (const tenant of ctx.options.knowledgeTenants) {
      const r = await ctx.ingest(tenant, knowledgeEvents());
      if (r.rejected.length) ctx.log.warn({ tenant, rejected: r.rejected }, 'support knowledge events were rejected');
      else if (r.accepted) ctx.log.info({ tenant, documents: r.accepted }, 'support knowledge queued');
    }
  },
  demo: supportDemo,
});
