import type { ImportKind } from '../../../shared/imports.js';
import type { KindDefinition } from '../import.types.js';
import { accountsKind } from './accounts.js';
import { contactsKind } from './contacts.js';
import { npsKind } from './nps.js';
import { subscriptionsKind } from './subscriptions.js';
import { ticketsKind } from './tickets.js';
import { usageKind } from './usage.js';

export const KINDS: Record<ImportKind, KindDefinition<any>> = {
  accounts: accountsKind,
  contacts: contactsKind,
  subscriptions: subscriptionsKind,
  usage: usageKind,
  tickets: ticketsKind,
  nps: npsKind,
};
