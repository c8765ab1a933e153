import { describe, expect, it } from 'vitest';
import type { KpiDiff } from '../types';
import { diffsOfScope, GROUP_SCOPE, scopeLabel } from './scope';

const row = (scope: KpiDiff['scope'], id: string, kpi: string, base: number): KpiDiff => ({
  scope,
  id,
  kpi,
  base,
  variant: base,
  diff: 0,
  ci95: [0, 0],
  unpaired_half_width: 0,
  significant: false,
});

describe('compare scopes', () => {
  // multi-skill-bank has a contact type and an agent group both called "fraud"
  const diffs = [
    row('overall', '', 'service_level', 0.8),
    row('type', 'fraud', 'service_level', 0.7),
    row('type', 'fraud', 'offered', 120),
    row('group', 'fraud', 'occupancy', 0.9),
    row('group', 'fraud', 'cost', 5000),
    row('type', 'cards', 'service_level', 0.85),
  ];

  it('never mixes a type and a group that share an id', () => {
    expect(diffsOfScope(diffs, 'fraud').map((d) => [d.scope, d.kpi])).toEqual([
      ['type', 'service_level'],
      ['type', 'offered'],
    ]);
    expect(diffsOfScope(diffs, `${GROUP_SCOPE}fraud`).map((d) => [d.scope, d.kpi])).toEqual([
      ['group', 'occupancy'],
      ['group', 'cost'],
    ]);
    expect(diffsOfScope(diffs, 'overall').map((d) => d.base)).toEqual([0.8]);
    expect(diffsOfScope(diffs, 'nobody')).toEqual([]);
  });

  it('names the scope for people', () => {
    expect(scopeLabel('overall')).toBe('all contact types and groups');
    expect(scopeLabel('fraud')).toBe('contact type fraud');
    expect(scopeLabel(`${GROUP_SCOPE}fraud`)).toBe('agent group fraud');
  });
});
