import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { attributesApi } from '../../shared/attributes.js';
import type { AttributeService } from './attributes.js';

/** Custom attribute keys in use, and the labels admins give them (stored as a setting). */
export function attributeRoutes(app: App, { attributes }: { attributes: AttributeService }) {
  const tags = ['accounts'];
  route(app, attributesApi.keys, {
    access: 'read',
    tags,
    summary: 'Custom attribute keys on live accounts, with counts and their most frequent text values',
    handler: async () => ({ items: await attributes.keys() }),
  });
  route(app, attributesApi.labels, {
    access: 'read',
    tags,
    summary: 'Labels of custom attribute keys and values, in zh-CN and en',
    handler: () => attributes.labels(),
  });
  route(app, attributesApi.setLabels, {
    access: 'admin',
    tags,
    summary: 'Replace the labels of custom attribute keys and values (audited)',
    handler: (request) => attributes.setLabels(request.actor, request.body),
  });
}
