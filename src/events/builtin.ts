// Built-in event types, declared as the `core` plugin so they go through the same path as any other.
import { z } from 'zod';
import { definePlugin } from '../plugins/types.ts';

const attributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/, 'attribute names are 1-128 of A-Z a-z 0-9 _ . - and start with a letter or _');

export const profileUpdatedPayload = z.strictObject({
  attributes: z.record(attributeName, z.unknown()).refine((a) => Object.keys(a).length > 0, 'must name at least one attribute'),
});

export const documentUpsertedPayload = z.strictObject({
  documentId: z.string().min(1).max(256),
  text: z.string().min(1, 'must not be empty'),
  title: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const documentDeletedPayload = z.strictObject({ documentId: z.string().min(1).max(256) });

export const corePlugin = definePlugin({
  name: 'core',
  kind: 'core',
  description: 'Built-in event types: profile updates and documents.',
  eventTypes: {
    'profile.updated': {
      description: 'Sets the named attributes at the event time; null clears one.',
      payload: profileUpdatedPayload,
      attributes: (event) => event.payload.attributes,
      // The attributes themselves reach the context; the update event would only repeat them.
      describe: () => null,
    },
    'document.upserted': {
      description: 'Adds or replaces a document: tenant-wide knowledge without customerId, else the customer\'s own.',
      customer: 'optional',
      payload: documentUpsertedPayload,
      documents: ({ payload: p }) => [{ documentId: p.documentId, text: p.text, ...(p.title ? { title: p.title } : {}), ...(p.metadata ? { metadata: p.metadata } : {}) }],
      describe: (e) => `Document "${String(e.payload.title ?? e.payload.documentId)}" added or updated`,
    },
    'document.deleted': {
      description: 'Removes a document and all its chunks.',
      customer: 'optional',
      payload: documentDeletedPayload,
      documents: ({ payload: p }) => [{ documentId: p.documentId, deleted: true }],
      describe: (e) => `Document "${String(e.payload.documentId)}" deleted`,
    },
  },
});
