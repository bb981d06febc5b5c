// Wires documents into a gateway: the apply hook that indexes them, erasure with the customer, and
// the retrieval level of Customer.context.
import type { Applier } from '../apply/applier.ts';
import { documentsProvider } from '../context/providers/documents.ts';
import type { Services } from '../server/services.ts';

export function attachDocuments(services: Services, applier: Applier): void {
  applier.beforeHooks.push(services.documents.indexer(services.registry));
  services.customers.forgetHooks.push((tenant, customerId) => services.documents.forget(tenant, customerId));
  services.context.extraProviders.push(documentsProvider);
}
