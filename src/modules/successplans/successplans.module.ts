import { defineModule } from '../module.js';
import { successPlanRoutes } from './successplans.routes.js';
import { createSuccessPlanService, type SuccessPlanService } from './successplans.service.js';

declare module '../module.js' {
  interface ModuleServices {
    successPlans: SuccessPlanService;
  }
}

/**
 * Success plans (docs/success-plans.md): value proposition catalogue, needs mapped at handoff, objectives
 * with measurable targets and tasks, templates per segment, the customer's share link. A leaf: others read
 * it through `services.successPlans.objectivesFor(accountId)`.
 */
export const successPlansModule = defineModule({
  name: 'successplans',
  services: ({ services }) => ({ successPlans: createSuccessPlanService(services) }),
  routes(app, { services, config }) {
    // Share links are signed under the workspace's link secret, which the messaging module keeps.
    successPlanRoutes(app, {
      successPlans: services.successPlans,
      signer: services.messaging,
      publicUrl: config.TENURE_PUBLIC_URL,
    });
  },
});
