// Loads the support plugin into a real gateway (testkit): its policies and FAQ answer knowledge
// questions and reach the context; tickets and chats become the customer's own documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from 'context-gateway/testkit';
import { collectDemoEvents } from '../../src/demo/index.ts';
import support, { knowledgeEvents } from './index.ts';

const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe('support plugin', () => {
  let kit: TestGateway;
  beforeAll(async () => {
    kit = await startTestGateway({ plugins: [support] });
    // setup() queued the knowledge; sending it again with wait either finds it applied or applies it now.
    const r = await kit.ingest(knowledgeEvents());
    expect(r.rejected).toEqual([]);
    expect(r.accepted + r.duplicates).toBe(knowledgeEvents().length);
    await kit.ingest([
      { id: 'tk1', type: 'support.ticket.updated', customerId: 'c1', timestamp: ago(60), payload: { ticketId: 'T100', subject: 'Bag did not arrive', body: 'My checked bag did not arrive in Berlin on MR1042.', status: 'open' } },
      { id: 'tk2', type: 'support.ticket.updated', customerId: 'c1', timestamp: ago(30), payload: { ticketId: 'T100', subject: 'Bag did not arrive', body: 'My checked bag did not arrive in Berlin on MR1042.\n\nMeridian Air: the bag was found and will be delivered tomorrow.', status: 'solved' } },
      { id: 'ch1', type: 'support.chat.ended', customerId: 'c1', timestamp: ago(10), payload: { chatId: 'C7', topic: 'rebooking', messages: [{ from: 'customer', text: 'Can I move my flight to Friday?' }, { from: 'agent', text: 'Yes, your flex fare changes for free. Done.' }] } },
      { id: 'ch2', type: 'support.chat.ended', customerId: 'c2', timestamp: ago(10), payload: { chatId: 'C8', messages: [{ from: 'customer', text: 'Do you fly to Tokyo?' }] } },
    ]);
  });
  afterAll(() => kit.close());

  it('answers policy questions from the knowledge, filterable by category', async () => {
    const data = await kit.query(/* GraphQL */ `{
      refund: knowledge(query: "refund for a cancelled flight", k: 3) { id score source metadata }
      financing: knowledge(query: "pay a large order in monthly instalments", k: 1) { id text }
      bags: knowledge(query: "how many checked bags", k: 5, filter: { category: "baggage" }) { id }
    }`);
    expect(data.refund[0]).toMatchObject({ id: 'policy:refunds', source: 'support', metadata: { kind: 'policy', category: 'refunds', title: 'Refund policy' } });
    expect(data.financing[0]).toMatchObject({ id: 'policy:financing' });
    expect(data.financing[0].text).toMatch(/0% interest/);
    expect(ids(data.bags).sort()).toEqual(['faq:pets', 'policy:baggage']);
  });

  it('keeps tickets (latest text only) and chat transcripts per customer', async () => {
    const data = await kit.query(/* GraphQL */ `{
      c1: customer(id: "c1") { documents(query: "bag delivered tomorrow, move flight to Friday", k: 5) { id text metadata } profile }
      c2: customer(id: "c2") { documents(query: "bag flight", k: 5) { id } }
    }`);
    expect(ids(data.c1.documents).sort()).toEqual(['chat:C7', 'ticket:T100']);
    const ticket = data.c1.documents.find((d: { id: string }) => d.id === 'ticket:T100');
    expect(ticket.text).toMatch(/will be delivered tomorrow/);
    expect(ticket.metadata).toMatchObject({ kind: 'ticket', status: 'solved' });
    expect(data.c1.documents.find((d: { id: string }) => d.id === 'chat:C7').text).toBe('Customer: Can I move my flight to Friday?\nAgent: Yes, your flex fare changes for free. Done.');
    expect(data.c1.profile).toMatchObject({ 'support.lastTicketStatus': 'solved' });
    expect(ids(data.c2.documents)).toEqual(['chat:C8']);
  });

  it('brings the refund policy into the context of a refund question', async () => {
    const data = await kit.query(/* GraphQL */ `{
      customer(id: "c1") { context(question: "Can I get a refund if my flight is cancelled?", maxTokens: 1500) { items { id kind source } prompt } }
    }`);
    expect(data.customer.context.items).toContainEqual({ id: 'DOCUMENT:knowledge:policy:refunds', kind: 'DOCUMENT', source: 'support' });
    expect(data.customer.context.prompt).toMatch(/Refund policy: Refunds\. A refundable ticket/);
  });

  it('retiring a policy removes it from the knowledge', async () => {
    await kit.ingest([{ id: 'retire-delays', type: 'support.policy.retired', timestamp: ago(1), payload: { policyId: 'delays' } }]);
    const data = await kit.query(`{ knowledge(query: "compensation for a delayed flight", k: 10) { id } }`);
    expect(ids(data.knowledge)).not.toContain('policy:delays');
  });

  it('its demo events are all valid', async () => {
    const { events, bySource } = await collectDemoEvents(kit.gateway.services.registry, { customers: 12, now: Date.now() });
    expect(bySource.get('support')).toBeGreaterThan(knowledgeEvents().length);
    const r = await kit.ingest(events);
    expect(r.rejected).toEqual([]);
  });
});
