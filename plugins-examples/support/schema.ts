// Payloads of the support plugin's events, and how each becomes a document.
import { z } from 'zod';
import type { DocumentChange } from 'context-gateway';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '1-64 of A-Z a-z 0-9 _ . -');
const text = z.string().trim().min(1, 'must not be empty').max(100_000);

export const policyPublished = z.strictObject({ policyId: id, category: id, title: text, text });
export const policyRetired = z.strictObject({ policyId: id });
export const faqPublished = z.strictObject({ faqId: id, category: id, question: text, answer: text });
export const ticketUpdated = z.strictObject({
  ticketId: id,
  subject: text,
  /** The whole conversation of the ticket so far (it replaces the previous text). */
  body: text,
  status: z.enum(['open', 'pending', 'solved']),
  channel: z.enum(['email', 'web', 'phone']).default('email'),
});
export const chatEnded = z.strictObject({
  chatId: id,
  topic: id.optional(),
  messages: z.array(z.strictObject({ from: z.enum(['customer', 'agent', 'bot']), text })).min(1, 'a transcript has at least one message'),
});

export const policyDocument = (p: z.infer<typeof policyPublished>): DocumentChange[] => [
  { documentId: `policy:${p.policyId}`, title: p.title, text: p.text, metadata: { kind: 'policy', category: p.category, factKey: `policy:${p.policyId}` } },
];

export const faqDocument = (f: z.infer<typeof faqPublished>): DocumentChange[] => [
  { documentId: `faq:${f.faqId}`, title: f.question, text: `Q: ${f.question}\nA: ${f.answer}`, metadata: { kind: 'faq', category: f.category } },
];

export const ticketDocument = (t: z.infer<typeof ticketUpdated>): DocumentChange[] => [
  { documentId: `ticket:${t.ticketId}`, title: `Ticket ${t.ticketId}: ${t.subject}`, text: t.body, metadata: { kind: 'ticket', ticketId: t.ticketId, status: t.status, channel: t.channel } },
];

const WHO = { customer: 'Customer', agent: 'Agent', bot: 'Bot' } as const;

export const chatDocument = (c: z.infer<typeof chatEnded>): DocumentChange[] => [
  {
    documentId: `chat:${c.chatId}`,
    title: `Chat ${c.chatId}${c.topic ? ` about ${c.topic}` : ''}`,
    text: c.messages.map((m) => `${WHO[m.from]}: ${m.text}`).join('\n'),
    metadata: { kind: 'chat', chatId: c.chatId, ...(c.topic ? { topic: c.topic } : {}) },
  },
];
