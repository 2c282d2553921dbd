import { invalidField } from '../../http/errors.js';
import { RACI_ACTIVITIES, RACI_PARTIES, type RaciMatrix } from '../../shared/renewals.js';

/**
 * Who does what in a renewal when a segment has a renewal manager (seed 004: the CSM leads at
 * first; once renewals are handled by a dedicated team, a RACI keeps the split clear). Each
 * activity has exactly one Accountable and at least one Responsible.
 */
export const DEFAULT_RACI: RaciMatrix = {
  renewal_plan: { csm: 'R', renewal_manager: 'A', cs_manager: 'C', sales: 'I' },
  value_review: { csm: 'R', renewal_manager: 'C', cs_manager: 'A', sales: 'I' },
  negotiation: { csm: 'C', renewal_manager: 'R', cs_manager: 'A', sales: 'C' },
  paperwork: { csm: 'I', renewal_manager: 'A', cs_manager: 'I', sales: 'R' },
  risk_escalation: { csm: 'R', renewal_manager: 'C', cs_manager: 'A', sales: 'I' },
};

/** Refuses a matrix without exactly one A and at least one R per activity, naming the activity. */
export function assertValidRaci(matrix: RaciMatrix) {
  for (const activity of RACI_ACTIVITIES) {
    const letters = RACI_PARTIES.map((p) => matrix[activity]?.[p]).filter(Boolean);
    if (letters.filter((l) => l === 'A').length !== 1)
      throw invalidField(['body', 'matrix', activity], 'errors.raciOneAccountable');
    if (!letters.includes('R')) throw invalidField(['body', 'matrix', activity], 'errors.raciResponsible');
  }
}
