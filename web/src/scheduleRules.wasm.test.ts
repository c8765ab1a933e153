// The rules form round trip through sim-plan itself (sim-wasm in Node): every bundled rules file
// and the test fixture, read as a form and written back as TOML, is the same rules for sim-plan
// (the same validated templates, start times, costs, breaks, day patterns and floors).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as w from '../pkg/sim_wasm.js';
import { formFromJson, rulesToToml } from './scheduleRules';

w.initSync({ module: readFileSync(new URL('../pkg/sim_wasm_bg.wasm', import.meta.url)) });

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const cases: [string, string][] = readdirSync(new URL('scenarios/rules/', root))
  .filter((f) => f.endsWith('.rules.toml'))
  .map((f) => [`scenarios/rules/${f}`, `scenarios/${f.replace(/\.rules\.toml$/, '.toml')}`]);
cases.push(['web/test/fixtures/schedule-small.rules.toml', 'web/test/fixtures/schedule-small.toml']);

type J = Record<string, unknown>;
function normal(v: J): J {
  const out = structuredClone(v);
  for (const t of (out.templates as J[] | undefined) ?? []) {
    if (typeof t.start === 'string') {
      t.starts = [t.start];
      delete t.start;
    }
  }
  const wk = out.weekly as J | undefined;
  if (wk && typeof wk.days_per_week === 'number') wk.days_per_week = [wk.days_per_week, wk.days_per_week];
  return out;
}

describe('rules form round trip through sim-plan', () => {
  it('has the bundled desk rules', () => expect(cases.map((c) => c[0])).toContain('scenarios/rules/customer-care-24x7.rules.toml'));
  for (const [rulesFile, scenarioFile] of cases) {
    it(rulesFile, () => {
      const scenario = read(scenarioFile);
      const text = read(rulesFile);
      const before = JSON.parse(w.schedule_rules_validate(scenario, 'toml', text));
      expect(before.ok, JSON.stringify(before.errors)).toBe(true);
      const form = formFromJson(JSON.parse(w.schedule_rules_json(text)));
      const written = rulesToToml(form);
      const after = JSON.parse(w.schedule_rules_validate(scenario, 'toml', written));
      expect(after.ok, `${JSON.stringify(after.errors)}\n${written}`).toBe(true);
      expect(after.summary).toEqual(before.summary);
      expect(formFromJson(JSON.parse(w.schedule_rules_json(written)))).toEqual(form);
      // field for field, up to the two spellings the form writes one way (start → starts, 5 → [5, 5])
      expect(normal(JSON.parse(w.schedule_rules_json(written)))).toEqual(normal(JSON.parse(w.schedule_rules_json(text))));
    });
  }

  it('a form error comes back from sim-plan with the field path of the input', () => {
    const form = formFromJson(JSON.parse(w.schedule_rules_json(read('web/test/fixtures/schedule-small.rules.toml'))));
    form.templates[1].breaks[0].latest = '07:45';
    const v = JSON.parse(w.schedule_rules_validate(read('web/test/fixtures/schedule-small.toml'), 'toml', rulesToToml(form)));
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('templates[1].breaks[0].latest');
  });
});
