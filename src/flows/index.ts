import type { Flow } from '../engine';
import { incomingMailFlow } from './incoming-mail.flow';
import { purchaseRequestFlow } from './purchase-request.flow';

/** The flows this application serves. */
export const flows: readonly Flow[] = [incomingMailFlow, purchaseRequestFlow];
export { incomingMailFlow, purchaseRequestFlow };
