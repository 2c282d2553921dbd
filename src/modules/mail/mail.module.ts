import { defineModule } from '../module.js';

/** Outgoing e-mail (SMTP): the mailer other modules send through; no routes or jobs of its own. */
export const mailModule = defineModule({ name: 'mail' });
