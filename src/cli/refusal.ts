// A change the guard will not make: exit 1 (the service was not asked; the answer is ours), with the guard's reason
// and how to override it. Not a usage error: the command was right, the change is what would break sign-ins.
import type { PlanItem } from '../jobs/index.js';

export class GuardRefusal extends Error {
  override name = 'GuardRefusal' as const;
  constructor(
    readonly item: PlanItem,
    /** The command that does it anyway. */
    readonly override: string,
  ) {
    super(`refused: ${item.reason}. Nothing was sent; to do it anyway: ${override}`);
  }
}
