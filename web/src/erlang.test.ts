import { describe, expect, it } from 'vitest';
import { agentsFor, neededPerInterval, predictType, type MetricsFn } from './erlang';
import type { ModelInfo } from './types';

const info: ModelInfo = {
  name: 't',
  interval_s: 3600,
  intervals_per_day: 24,
  n_intervals: 4,
  horizon_s: 4 * 3600,
  warmup_s: 3600,
  start_weekday: 0,
  agent_count: 12,
  offered_erlangs: [0, 0, 0, 0],
  types: [
    {
      id: 'calls',
      channel: 'voice',
      rate_per_s: [1 / 36, 1 / 36, 2 / 36, 0],
      mean_handle_s: 150,
      mean_wrap_s: 30,
      mean_patience_s: 300,
      sl_threshold_s: 20,
      sl_target: 0.8,
      max_abandon_rate: null,
      concurrency: 1,
      deflection: 0,
      route: ['a', 'b'],
    },
  ],
  groups: [
    { id: 'a', agents: 10, skills: ['calls'], absence: 0.1, cost_per_hour: 0, scheduled_per_interval: [10, 10, 10, 10] },
    { id: 'b', agents: 2, skills: ['calls'], absence: 0, cost_per_hour: 0, scheduled_per_interval: [2, 2, 2, 0] },
  ],
};

describe('Erlang view of a model', () => {
  it('counts the agents who serve a type, net of absence', () => {
    expect(agentsFor(info, 0)).toEqual([11, 11, 11, 9]);
  });

  it('weights per-interval metrics by arrivals after the warm-up', () => {
    const calls: [number, number, number | null, number, number][] = [];
    const fake: MetricsFn = (l, a, p, n, t) => {
      calls.push([l, a, p, n, t]);
      return { p_wait: 0, service_level: l > 1 / 30 ? 0.5 : 0.9, service_level_of_answered: 1, asa_s: 10, abandon_rate: 0.01, occupancy: 0.8, mean_queue_len: 0, stable: true };
    };
    const p = predictType(info, 0, fake);
    // intervals 1 and 2 only (0 is warm-up, 3 has no arrivals); interval 2 has twice the arrivals
    expect(calls.map((c) => c[3])).toEqual([11, 11]);
    expect(calls[0][1]).toBe(180);
    expect(calls[0][2]).toBe(300);
    expect(p.service_level).toBeCloseTo((0.9 * 1 + 0.5 * 2) / 3, 12);
    expect(p.abandon_rate).toBeCloseTo(0.01, 12);
    expect(p.occupancy).toBeCloseTo(0.8, 12);
  });

  it('adds up the agents needed per interval', () => {
    const need = neededPerInterval(info, (l) => Math.ceil(l * 360));
    expect(need).toEqual([10, 10, 20, 0]);
    expect(neededPerInterval(info, () => null)).toEqual([null, null, null, 0]);
  });
});
