import type { Role } from '../../shared/roles.js';

/** Who is doing something: a signed-in user, an API token, the CLI or the system itself. */
export interface Actor {
  type: 'user' | 'token' | 'system' | 'cli';
  id: string | null;
  name: string;
  role: Role;
}

export const systemActor: Actor = { type: 'system', id: null, name: 'system', role: 'admin' };
export const cliActor: Actor = { type: 'cli', id: null, name: 'cli', role: 'admin' };

/** The team member behind an action, for the `created_by`-style columns: null for a token, the CLI or the system. */
export const userIdOf = (actor: Actor) => (actor.type === 'user' ? actor.id : null);
