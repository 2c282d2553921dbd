import { defineModule } from '../module.js';

/** Support tickets (imported); no routes or jobs of its own. */
export const ticketsModule = defineModule({ name: 'tickets' });
