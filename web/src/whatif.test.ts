import { describe, expect, it } from 'vitest';
import { buildWhatIf, controlsFromWhatIf, describeWhatIf, isEmptyWhatIf, NO_CHANGE } from './whatif';

describe('quick what-if', () => {
  it('maps the controls to sim_core::whatif::WhatIf', () => {
    expect(buildWhatIf(NO_CHANGE)).toEqual({});
    expect(buildWhatIf({ volumePct: 10, ahtPct: -5, agents: { team: 2, night: 0 }, shrinkagePp: 3 })).toEqual({
      volume_scale: 1.1,
      aht_scale: 0.95,
      agents_delta: { team: 2 },
      shrinkage_pp: 3,
    });
    expect(buildWhatIf({ volumePct: -150, ahtPct: 0, agents: { a: 1.7 }, shrinkagePp: 0 })).toEqual({ volume_scale: 0, agents_delta: { a: 1 } });
  });

  it('round-trips and describes', () => {
    const w = { volume_scale: 1.2, agents_delta: { team: -1 } };
    expect(buildWhatIf(controlsFromWhatIf(w))).toEqual(w);
    expect(describeWhatIf(w)).toBe('volume +20 %, agents: team −1');
    expect(describeWhatIf({})).toBe('no quick changes');
    expect(isEmptyWhatIf({ agents_delta: { x: 0 } })).toBe(true);
    expect(isEmptyWhatIf(w)).toBe(false);
  });
});
