import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { blankForm, exampleWhatIfs, fmtDelta, fmtHalfWidth, formOfState, inputNumber, intervalLabel, significant, stateOfForm, todayDeltasCsv, todayIntervalsCsv, weekdayOf, type TodayInfo, type TodayReport } from './todayState';

const INFO: TodayInfo = {
  name: 'x',
  days: 8,
  start_weekday: 6,
  interval_minutes: 30,
  intervals_per_day: 48,
  types: [
    { id: 'calls', channel: 'voice', sl_threshold_s: 20, sl_target: 0.8 },
    { id: 'written', channel: 'email', sl_threshold_s: 3600, sl_target: null },
  ],
  groups: [
    { id: 'agents', skills: ['calls', 'written'], activities: [], cost_per_hour: 30 },
    { id: 'seniors', skills: ['calls'], activities: ['training'], cost_per_hour: 40 },
  ],
};

const EXAMPLE = readFileSync(new URL('../../scenarios/intraday/customer-care-24x7.state.json', import.meta.url), 'utf8');

describe('start state form', () => {
  it('reads the bundled example into the form and gives back the same state', () => {
    const r = formOfState(EXAMPLE, INFO);
    if ('reason' in r) throw new Error(r.reason);
    expect(r.form.clock).toBe('11:00');
    expect(r.form.day).toBe(3);
    expect(r.form.groups.agents.busy_by_type).toEqual({ calls: 5, written: 1 });
    expect(r.form.queues.written).toEqual({ waiting: 14, oldest_wait_s: 1500 });
    // every group and type of the scenario is in the form, listed or not
    expect(Object.keys(r.form.groups)).toEqual(['agents', 'seniors']);
    expect(stateOfForm(r.form)).toEqual(JSON.parse(EXAMPLE));
  });

  it('refuses what the form cannot show', () => {
    expect(formOfState('{"clock":"11:00","groups":{"agents":{"agents":[]}}}', INFO)).toHaveProperty('reason');
    expect(formOfState('{"clock":"11:00","queues":{"calls":{"waits_s":[3]}}}', INFO)).toHaveProperty('reason');
    expect(formOfState('{"clock":"11:00","self_service":{}}', INFO)).toHaveProperty('reason');
    expect(formOfState('{"clock":"11:00","mood":"calm"}', INFO)).toHaveProperty('reason');
    expect(formOfState('not json', INFO)).toHaveProperty('reason');
    expect(formOfState('[1]', INFO)).toHaveProperty('reason');
  });

  it('leaves blank inputs and empty groups out', () => {
    const f = blankForm(INFO, '10:30', 2);
    expect(stateOfForm(f)).toEqual({ clock: '10:30', day: 2 });
    f.groups.seniors.logged_in = 3;
    f.queues.calls.waiting = 0;
    expect(stateOfForm(f)).toEqual({ clock: '10:30', day: 2, groups: { seniors: { logged_in: 3 } }, queues: { calls: { waiting: 0 } } });
    expect(inputNumber(' ')).toBeNull();
    expect(inputNumber('4')).toBe(4);
    expect(inputNumber('x')).toBeNaN();
  });
});

describe('what-if helpers', () => {
  it('example what-ifs follow the scenario', () => {
    expect(exampleWhatIfs(INFO, '11:00')).toEqual(['add agents 2 13:00-17:00', 'cancel training', 'overtime agents 2 2', 'volume +10']);
    expect(exampleWhatIfs({ ...INFO, groups: [INFO.groups[0]] }, '21:30')).toEqual(['add agents 2 22:00-24:00', 'overtime agents 2 2', 'volume +10']);
  });

  it('formats deltas and significance', () => {
    expect(fmtDelta(0.0123, 'pp')).toBe('+1.2 pp');
    expect(fmtDelta(-0.004, 'pp')).toBe('−0.4 pp');
    expect(fmtDelta(-0.0002, 'pp')).toBe('−0.02 pp');
    expect(fmtDelta(-12.34, 's')).toBe('−12.3 s');
    expect(fmtDelta(1234.5, 'money')).toBe('+1,235');
    expect(fmtDelta(null, 's')).toBe('—');
    expect(fmtHalfWidth(0.01, 'pp')).toBe('± 1.0 pp');
    expect(fmtHalfWidth(null, 'pp')).toBe('');
    expect(significant({ mean: 0.02, ci95_half_width: 0.01, n: 10 })).toBe(true);
    expect(significant({ mean: -0.02, ci95_half_width: 0.01, n: 10 })).toBe(true);
    expect(significant({ mean: 0.005, ci95_half_width: 0.01, n: 10 })).toBe(false);
    expect(significant({ mean: null, ci95_half_width: null, n: 0 })).toBe(false);
  });

  it('labels intervals and weekdays', () => {
    expect(intervalLabel(22, 30)).toBe('11:00');
    expect(intervalLabel(3, 15)).toBe('00:45');
    expect(weekdayOf(6, 3)).toBe('Tuesday');
    expect(weekdayOf(0, 8)).toBe('Monday');
  });
});

describe('CSV exports', () => {
  const est = (mean: number | null, hw: number | null) => ({ mean, ci95_half_width: hw, n: 5 });
  const k = { offered: est(1, 0.5), service_level: est(0.03, 0.01), abandon_rate: est(-0.01, 0.02), asa_s: est(null, null) };
  it('writes the intervals and the deltas', () => {
    const r: TodayReport = {
      clock: '00:30',
      method: 'ratio:50+20%',
      whatif: '',
      replications: 5,
      finished_intervals: 1,
      interval_minutes: 30,
      types: [
        {
          id: 'calls',
          rest_of_day: k,
          whole_day: null,
          carried: 0,
          intervals: [
            { interval: 0, actual: true, offered_mean: 10, offered_p5: 10, offered_p95: 10, service_level_mean: 0.9, service_level_p5: 0.9, service_level_p95: 0.9, abandon_rate_mean: 0, forecast: 9, reforecast: 10 },
            { interval: 1, actual: false, offered_mean: 11.5, offered_p5: 8, offered_p95: 15, service_level_mean: null, service_level_p5: null, service_level_p95: null, abandon_rate_mean: 0.1, forecast: 10, reforecast: 11 },
          ],
        },
      ],
      groups: [],
      cost: est(100, 10),
    };
    expect(todayIntervalsCsv(r).split('\n').slice(0, 3)).toEqual([
      'contact_type,interval_start,actual,offered_mean,offered_p5,offered_p95,service_level_mean,service_level_p5,service_level_p95,abandon_rate_mean,forecast,reforecast',
      'calls,00:00,true,10,10,10,0.9,0.9,0.9,0,9,10',
      'calls,00:30,false,11.5,8,15,,,,0.1,10,11',
    ]);
    const csv = todayDeltasCsv([{ whatif: 'add agents 2; volume +10', types: [['calls', k]], cost: est(50, 100) }]).split('\n');
    expect(csv[1]).toBe('add agents 2; volume +10,calls,service_level,0.03,0.01,yes');
    expect(csv[3]).toBe('add agents 2; volume +10,calls,asa_s,,,no');
    expect(csv[5]).toBe('add agents 2; volume +10,,cost,50,100,no');
  });
});
