// Meridian Air's (fictional) customer-service policies and FAQ: the tenant-wide knowledge the
// support plugin publishes. Ids carry a version; a new text gets a new `v` and a later `effective`.
import type { EventInput } from 'context-gateway';

export interface Policy {
  id: string;
  v: number;
  /** When the text took effect (the event time, so `asOf` before it does not see the policy). */
  effective: string;
  category: string;
  title: string;
  text: string;
}

export interface Faq {
  id: string;
  v: number;
  effective: string;
  category: string;
  question: string;
  answer: string;
}

const EFFECTIVE = '2025-01-01T00:00:00Z';

export const POLICIES: readonly Policy[] = [
  {
    id: 'refunds', v: 1, effective: EFFECTIVE, category: 'refunds', title: 'Refund policy',
    text: 'Refunds. A refundable ticket cancelled before departure is refunded to the original form of payment within 7 days. ' +
      'A non-refundable ticket gets its airport taxes and fees back on request. ' +
      'When Meridian Air cancels a flight, or delays it by more than 5 hours, every passenger may choose a full refund, even on a non-refundable fare, instead of rebooking. ' +
      'A refund can also be taken as a travel voucher worth 110% of the fare, valid for 12 months. ' +
      'Refunds for tickets paid with 0% financing go back to the financing plan, which is closed without cost.',
  },
  {
    id: 'rebooking', v: 1, effective: EFFECTIVE, category: 'rebooking', title: 'Rebooking and flight changes',
    text: 'Rebooking. Flex and business fares can be changed free of charge up to 2 hours before departure; economy light fares pay a change fee of 60 EUR plus any fare difference. ' +
      'After a schedule change of more than 2 hours, or a cancellation by Meridian Air, the customer may rebook free of charge on any Meridian Air flight on the same route within 14 days, or choose a refund. ' +
      'Missed connections on one booking are rebooked automatically on the next available flight, with a hotel night when the wait is overnight.',
  },
  {
    id: 'baggage', v: 1, effective: EFFECTIVE, category: 'baggage', title: 'Baggage allowance',
    text: 'Baggage. Every fare includes one cabin bag of up to 8 kg and one personal item. Economy fares include one checked bag of 23 kg; business fares include two checked bags of 32 kg. ' +
      'Extra bags cost 50 EUR each when added online, 80 EUR at the airport. Sports equipment up to 23 kg travels as a normal checked bag. ' +
      'A delayed or lost bag must be reported within 7 days; essentials bought meanwhile are reimbursed up to 150 EUR per day with receipts.',
  },
  {
    id: 'financing', v: 1, effective: EFFECTIVE, category: 'financing', title: '0% financing for large orders',
    text: 'Financing. Orders of 1,500 EUR or more (for example family or group bookings, or business class trips) can be paid in 3, 6 or 10 monthly instalments at 0% interest and without fees. ' +
      'Financing is offered at checkout to customers with a verified account, subject to a credit check by our payment partner. ' +
      'Changes and refunds of financed orders adjust the remaining instalments.',
  },
  {
    id: 'delays', v: 1, effective: EFFECTIVE, category: 'compensation', title: 'Delay compensation',
    text: 'Delays. For flights delayed by more than 3 hours at arrival, passengers receive compensation of 250 to 600 EUR depending on the distance, unless the delay was caused by extraordinary circumstances such as weather. ' +
      'From a 2 hour delay we offer meal vouchers at the airport.',
  },
];

export const FAQ: readonly Faq[] = [
  { id: 'wifi', v: 1, effective: EFFECTIVE, category: 'onboard', question: 'Is there wifi on board?', answer: 'Yes. Messaging is free on every flight; streaming wifi costs 8 EUR per flight, free for gold members.' },
  { id: 'seats', v: 1, effective: EFFECTIVE, category: 'booking', question: 'Can I choose my seat?', answer: 'Seats can be chosen for free at check-in, 30 hours before departure, or reserved earlier from 12 EUR.' },
  { id: 'name-change', v: 1, effective: EFFECTIVE, category: 'booking', question: 'Can I change the name on a ticket?', answer: 'Spelling corrections are free. Transferring a ticket to another person is not possible; cancel and rebook instead.' },
  { id: 'pets', v: 1, effective: EFFECTIVE, category: 'baggage', question: 'Can I travel with my pet?', answer: 'Cats and small dogs up to 8 kg with their carrier travel in the cabin for 70 EUR; larger pets travel in the hold for 150 EUR.' },
  { id: 'refund-status', v: 1, effective: EFFECTIVE, category: 'refunds', question: 'Where is my refund?', answer: 'Refunds reach the original card within 7 days of the cancellation; bank processing can add up to 5 working days. Vouchers are emailed at once.' },
];

/** The knowledge as events of the plugin's own types (ids are stable, so re-sending is a no-op). */
export function knowledgeEvents(): EventInput[] {
  return [
    ...POLICIES.map((p) => ({
      id: `support-policy:${p.id}:v${p.v}`,
      type: 'support.policy.published',
      timestamp: p.effective,
      payload: { policyId: p.id, category: p.category, title: p.title, text: p.text },
    })),
    ...FAQ.map((f) => ({
      id: `support-faq:${f.id}:v${f.v}`,
      type: 'support.faq.published',
      timestamp: f.effective,
      payload: { faqId: f.id, category: f.category, question: f.question, answer: f.answer },
    })),
  ];
}
