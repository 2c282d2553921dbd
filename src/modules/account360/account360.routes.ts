import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { account360Api } from '../../shared/account360.js';
import type { Account360Service } from './account360.service.js';

export function account360Routes(app: App, { account360 }: { account360: Account360Service }) {
  route(app, account360Api.summary, {
    access: 'read',
    tags: ['accounts'],
    summary: 'The Customer 360 header: ARR/MRR, health and its change, renewal, probability, last touch, NPS, segments',
    handler: (request) => account360.summary(request.params.id),
  });
}
