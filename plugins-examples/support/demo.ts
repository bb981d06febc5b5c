// Demo data: the knowledge, plus support tickets and chat transcripts for about half the demo customers.
import type { DemoContext, DemoCustomer, EventInput } from 'context-gateway';
import { knowledgeEvents } from './knowledge.ts';

const TICKETS = [
  { subject: 'Refund not received', body: 'I cancelled my flight to {city} three weeks ago and the refund has not reached my card yet. Booking {ref}.' },
  { subject: 'Bag did not arrive', body: 'My checked bag did not arrive on flight {ref}. I had to buy clothes and a charger; can I be reimbursed?' },
  { subject: 'Pay in instalments', body: 'We are booking business class for four people, about 6,000 EUR. Can we pay in monthly instalments?' },
  { subject: 'Schedule change', body: 'My flight {ref} was moved by four hours and I will miss my meeting. What are my options?' },
];
const REPLIES = ['We are sorry for the trouble; a colleague is looking into it and will answer within 48 hours.', 'Thank you, we have processed your request. Reference {ref}.'];
const CHATS = [
  { topic: 'rebooking', lines: ['Hi, can I move my flight {ref} to one day earlier?', 'Yes: your flex fare allows a free change. I have moved you to the morning flight.', 'Great, thank you!'] },
  { topic: 'baggage', lines: ['How much can I take in the cabin?', 'One cabin bag of up to 8 kg and a personal item.', 'And my skis?', 'Skis up to 23 kg travel as a normal checked bag.'] },
  { topic: 'delay', lines: ['My flight {ref} is 4 hours late, do I get anything?', 'I am sorry. You are entitled to compensation; I have opened claim {ref} for you.'] },
];

const fill = (s: string, c: DemoCustomer, ref: string) => s.replaceAll('{city}', c.city).replaceAll('{ref}', ref);

export function supportDemo(ctx: DemoContext): EventInput[] {
  const out: EventInput[] = knowledgeEvents();
  for (const c of ctx.customers) {
    if (!ctx.random.chance(0.5)) continue;
    const ref = `MR${ctx.random.int(1000, 9999)}`;
    const t = ctx.random.pick(TICKETS);
    const opened = ctx.time();
    const ticketId = `T-${c.id}-1`;
    const body = fill(t.body, c, ref);
    out.push({ id: ctx.id(c.id, 'ticket', 'opened'), type: 'support.ticket.updated', customerId: c.id, timestamp: opened, payload: { ticketId, subject: t.subject, body, status: 'open' } });
    if (ctx.random.chance(0.6)) {
      const reply = `${body}\n\nMeridian Air: ${fill(ctx.random.pick(REPLIES), c, ref)}`;
      out.push({ id: ctx.id(c.id, 'ticket', 'replied'), type: 'support.ticket.updated', customerId: c.id, timestamp: Math.min(ctx.now - 60_000, opened + 86_400_000), payload: { ticketId, subject: t.subject, body: reply, status: 'solved' } });
    }
    if (ctx.random.chance(0.5)) {
      const chat = ctx.random.pick(CHATS);
      const messages = chat.lines.map((line, i) => ({ from: i % 2 === 0 ? 'customer' : 'agent', text: fill(line, c, ref) }));
      out.push({ id: ctx.id(c.id, 'chat'), type: 'support.chat.ended', customerId: c.id, timestamp: ctx.time(), payload: { chatId: `C-${c.id}-1`, topic: chat.topic, messages } });
    }
  }
  return out;
}
