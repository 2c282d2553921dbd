import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { ctasApi } from '../../shared/ctas.js';
import type { CtaService } from './ctas.service.js';
import type { RuleService } from './rules.service.js';

/** Settings → Rules: admins define rules; anyone may read them; managers may run them now. */
export function ruleRoutes(app: App, { rules, ctas }: { rules: RuleService; ctas: CtaService }) {
  const tags = ['ctas'];
  route(app, ctasApi.rules, {
    access: 'read',
    tags,
    handler: async () => ({ items: await rules.list(), triggers: rules.triggers() }),
  });
  route(app, ctasApi.createRule, {
    access: 'admin',
    tags,
    handler: (request) => rules.create(request.actor, request.body),
  });
  route(app, ctasApi.updateRule, {
    access: 'admin',
    tags,
    handler: (request) => rules.update(request.actor, request.params.id, request.body),
  });
  route(app, ctasApi.runRules, {
    access: 'manage',
    tags,
    handler: (request) => ctas.runRules({ actor: request.actor }),
  });
  route(app, ctasApi.playbooks, { access: 'read', tags, handler: async () => ({ items: await rules.playbooks() }) });
  route(app, ctasApi.updatePlaybook, {
    access: 'admin',
    tags,
    handler: (request) => rules.updatePlaybook(request.actor, request.params.id, request.body),
  });
}
