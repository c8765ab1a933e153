// What the planner's "Show" selector points at: the whole center ('overall'), a contact type (its id)
// or, in the compare view, an agent group ('group:' + its id). A contact type and an agent group may
// share an id (fraud, business and premium in multi-skill-bank), so comparison rows are picked by
// (scope, id), never by the id alone.
import type { KpiDiff } from '../types';

/** The selector value of an agent group is GROUP_SCOPE + its id. */
export const GROUP_SCOPE = 'group:';

/** The comparison rows of one selector value. */
export function diffsOfScope(diffs: KpiDiff[], scope: string): KpiDiff[] {
  if (scope === 'overall') return diffs.filter((d) => d.scope === 'overall');
  if (scope.startsWith(GROUP_SCOPE)) {
    const id = scope.slice(GROUP_SCOPE.length);
    return diffs.filter((d) => d.scope === 'group' && d.id === id);
  }
  return diffs.filter((d) => d.scope === 'type' && d.id === scope);
}

/** "all contact types and groups", "contact type fraud", "agent group fraud". */
export function scopeLabel(scope: string): string {
  if (scope === 'overall') return 'all contact types and groups';
  if (scope.startsWith(GROUP_SCOPE)) return `agent group ${scope.slice(GROUP_SCOPE.length)}`;
  return `contact type ${scope}`;
}
