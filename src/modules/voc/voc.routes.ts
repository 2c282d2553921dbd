import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { vocApi } from '../../shared/voc.js';
import type { VocService } from './voc.module.js';

export function vocRoutes(app: App, { voc }: { voc: VocService }) {
  const tags = ['voc'];
  const { taxonomy, requests, report } = voc;
  route(app, vocApi.taxonomy, {
    access: 'read',
    tags,
    summary: 'The VoC tag taxonomy: categories and their tags in both languages, archived ones included',
    handler: async () => ({ categories: await taxonomy.taxonomy() }),
  });
  route(app, vocApi.createCategory, {
    access: 'manage',
    tags,
    summary: 'Add a tag category (audited)',
    handler: (request) => taxonomy.createCategory(request.actor, request.body),
  });
  route(app, vocApi.updateCategory, {
    access: 'manage',
    tags,
    summary: 'Rename, reorder, archive or restore a tag category (audited)',
    handler: (request) => taxonomy.updateCategory(request.actor, request.params.id, request.body),
  });
  route(app, vocApi.removeCategory, {
    access: 'manage',
    tags,
    summary: 'Delete a tag category never used, or archive it once its tags were used (audited)',
    handler: (request) => taxonomy.removeCategory(request.actor, request.params.id),
  });
  route(app, vocApi.createTag, {
    access: 'manage',
    tags,
    summary: 'Add a tag to an active category (audited)',
    handler: (request) => taxonomy.createTag(request.actor, request.body),
  });
  route(app, vocApi.updateTag, {
    access: 'manage',
    tags,
    summary: 'Rename, move, archive or restore a tag (audited)',
    handler: (request) => taxonomy.updateTag(request.actor, request.params.id, request.body),
  });
  route(app, vocApi.removeTag, {
    access: 'manage',
    tags,
    summary: 'Delete a tag never used, or archive it (audited)',
    handler: (request) => taxonomy.removeTag(request.actor, request.params.id),
  });
  route(app, vocApi.accountTags, {
    access: 'read',
    tags,
    summary: "The tags on an account's activities, tickets and NPS answers",
    handler: async (request) => ({ items: await taxonomy.accountTags(request.params.id) }),
  });
  route(app, vocApi.setItemTags, {
    access: 'write',
    tags,
    summary: 'Set the tags of an activity, a ticket or an NPS answer (audited)',
    handler: (request) =>
      taxonomy.setItemTags(request.actor, request.params.type, request.params.id, request.body.tagIds),
  });
  route(app, vocApi.report, {
    access: 'read',
    tags,
    summary: 'VoC report: top tags by ARR, monthly trend per category, open feature requests by ARR',
    handler: (request) => report.report(request.query),
  });
  route(app, vocApi.listRequests, {
    access: 'read',
    tags,
    summary: 'Feature requests with their accounts, summed ARR and ARR renewing within 180 days',
    handler: (request) => requests.list(request.query),
  });
  route(app, vocApi.createRequest, {
    access: 'write',
    tags,
    summary: 'Record a feature request, optionally with the account that asked (audited)',
    handler: (request) => requests.create(request.actor, request.body, requestLocale(request)),
  });
  route(app, vocApi.getRequest, {
    access: 'read',
    tags,
    summary: 'A feature request with its requesting accounts',
    handler: (request) => requests.get(request.params.id),
  });
  route(app, vocApi.updateRequest, {
    access: 'write',
    tags,
    summary: "Edit a feature request or change its status (audited); shipped opens each account owner's CTA once",
    handler: (request) => requests.update(request.actor, request.params.id, request.body, requestLocale(request)),
  });
  route(app, vocApi.addRequestAccount, {
    access: 'write',
    tags,
    summary: 'Link an account (and contact, source item) to a feature request (audited)',
    handler: (request) => requests.addAccount(request.actor, request.params.id, request.body, requestLocale(request)),
  });
  route(app, vocApi.removeRequestAccount, {
    access: 'write',
    tags,
    summary: 'Unlink an account from a feature request (audited)',
    handler: (request) => requests.removeAccount(request.actor, request.params.id, request.params.accountId),
  });
}
