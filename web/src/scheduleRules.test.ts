import { describe, expect, it } from 'vitest';
import { daysFromText, formFromJson, newTemplate, numOrNull, patternsFromText, patternsToText, rulesToToml, startsFromText, type RulesForm } from './scheduleRules';

const FORM: RulesForm = {
  templates: [
    {
      ...newTemplate('agents', 1),
      id: 'day "A"',
      mode: 'range',
      earliest: '06:00',
      latest: '12:00',
      step_minutes: 60,
      length: '12:00',
      cost_kind: 'hour',
      cost: 450,
      max_agents: 30,
      break_gap_minutes: 60,
      breaks: [
        { name: 'break', minutes: 15, earliest: '01:30', latest: '03:30', step_minutes: 30, paid: true },
        { name: 'lunch', minutes: 30, earliest: '04:30', latest: '06:30', step_minutes: null, paid: false },
      ],
    },
    { ...newTemplate('night', 2), id: 'night', mode: 'list', starts: ['19:00', '21:00'], days: ['mon', 'fri'], cost_kind: 'shift', cost: 5400.5, breaks: [] },
  ],
  weekly: { days_per_week: [3, 4], max_consecutive_days: 2, min_consecutive_days_off: 2, min_rest_hours: 12, weekly_hours: null, patterns: null },
  floors: [{ group: 'agents', from: '00:00', to: '07:00', agents: 2, days: null }],
};

const TOML = `# Shift rules written by the ccsim page (docs/schedule.md explains every field).

[[templates]]
id = "day \\"A\\""
group = "agents"
earliest = "06:00"
latest = "12:00"
step_minutes = 60
length = "12:00"
cost_per_hour = 450
max_agents = 30
break_gap_minutes = 60
breaks = [
  { name = "break", minutes = 15, earliest = "01:30", latest = "03:30", step_minutes = 30 },
  { name = "lunch", minutes = 30, earliest = "04:30", latest = "06:30", paid = false },
]

[[templates]]
id = "night"
group = "night"
starts = ["19:00", "21:00"]
length = "08:00"
days = ["mon", "fri"]
cost_per_shift = 5400.5

[weekly]
days_per_week = [3, 4]
max_consecutive_days = 2
min_consecutive_days_off = 2
min_rest_hours = 12

[[floors]]
group = "agents"
from = "00:00"
to = "07:00"
agents = 2
`;

describe('rules form → TOML', () => {
  it('writes the layout of the bundled rules files, leaving out what is not set', () => {
    expect(rulesToToml(FORM)).toBe(TOML);
  });

  it('writes an exact days_per_week as a number, explicit patterns and weekly hours as arrays', () => {
    const f: RulesForm = { templates: [], floors: [], weekly: { days_per_week: [5, 5], max_consecutive_days: null, min_consecutive_days_off: null, min_rest_hours: null, weekly_hours: [32, 40], patterns: [['mon', 'tue'], ['sat']] } };
    expect(rulesToToml(f)).toContain('[weekly]\ndays_per_week = 5\nweekly_hours = [32, 40]\npatterns = [["mon", "tue"], ["sat"]]\n');
  });

  it('keeps an empty start list (sim-plan reports it with its path, the form does not guess)', () => {
    const t = { ...newTemplate('g', 1), mode: 'list' as const, starts: [] };
    expect(rulesToToml({ templates: [t], weekly: null, floors: [] })).toContain('starts = []');
  });
});

describe('rules file (as JSON) → form', () => {
  it('reads what the TOML above reads as, back to the same form', () => {
    const json = {
      templates: [
        {
          id: 'day "A"',
          group: 'agents',
          earliest: '06:00',
          latest: '12:00',
          step_minutes: 60,
          length: '12:00',
          cost_per_hour: 450,
          max_agents: 30,
          break_gap_minutes: 60,
          breaks: [
            { name: 'break', minutes: 15, earliest: '01:30', latest: '03:30', step_minutes: 30 },
            { name: 'lunch', minutes: 30, earliest: '04:30', latest: '06:30', paid: false },
          ],
        },
        { id: 'night', group: 'night', starts: ['19:00', '21:00'], length: '08:00', days: ['mon', 'fri'], cost_per_shift: 5400.5 },
      ],
      weekly: { days_per_week: [3, 4], max_consecutive_days: 2, min_consecutive_days_off: 2, min_rest_hours: 12 },
      floors: [{ group: 'agents', from: '00:00', to: '07:00', agents: 2 }],
    };
    const f = formFromJson(json);
    expect(f.templates[1].earliest).toBe('');
    expect(rulesToToml(f)).toBe(TOML);
  });

  it('reads a single start, an exact days_per_week and no weekly rules', () => {
    const f = formFromJson({ templates: [{ id: 'a', group: 'g', start: '07:00', length: '08:00', cost_per_shift: 1 }], weekly: { days_per_week: 5 } });
    expect(f.templates[0]).toMatchObject({ mode: 'list', starts: ['07:00'], cost_kind: 'shift', cost: 1, days: null, breaks: [] });
    expect(f.weekly?.days_per_week).toEqual([5, 5]);
    expect(formFromJson({ templates: [] }).weekly).toBeNull();
    expect(formFromJson(null)).toEqual({ templates: [], weekly: null, floors: [] });
  });
});

describe('input helpers', () => {
  it('splits days, starts and patterns; reads numbers', () => {
    expect(daysFromText(' Mon, tue;wed ')).toEqual(['mon', 'tue', 'wed']);
    expect(daysFromText('  ')).toBeNull();
    expect(startsFromText('07:00, 08:30 09:00')).toEqual(['07:00', '08:30', '09:00']);
    expect(patternsFromText('mon,tue; sat sun;')).toEqual([['mon', 'tue'], ['sat', 'sun']]);
    expect(patternsToText([['mon', 'tue'], ['sat']])).toBe('mon,tue; sat');
    expect(patternsFromText('')).toBeNull();
    expect([numOrNull(''), numOrNull('2.5'), numOrNull('x')]).toEqual([null, 2.5, null]);
  });
});
