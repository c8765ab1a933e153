// Scenarios bundled at build time: every scenarios/*.toml of the repository (read by Vite as raw
// text, so the page needs no network), plus a blank template; and the example shift rules
// scenarios/rules/NAME.rules.toml of scenario NAME (the Schedule tab's "load the example rules").

const files = import.meta.glob('../../scenarios/*.toml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface BundledScenario {
  /** File stem, e.g. "customer-care-24x7". */
  id: string;
  file: string;
  /** The scenario's `name`, read from the text. */
  title: string;
  text: string;
}

function titleOf(text: string, fallback: string): string {
  const m = /^\s*name\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(text);
  return m ? m[1].replace(/\\"/g, '"') : fallback;
}

/** The CLI's default scenario comes first. */
export const DEFAULT_SCENARIO = 'customer-care-24x7';
export const TRAINER_SCENARIO = 'trainer-single-queue';

export const BUNDLED: BundledScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const file = path.split('/').pop() ?? path;
    const id = file.replace(/\.toml$/, '');
    return { id, file, title: titleOf(text, id), text };
  })
  .sort((a, b) => (a.id === DEFAULT_SCENARIO ? -1 : b.id === DEFAULT_SCENARIO ? 1 : a.id.localeCompare(b.id)));

export function bundled(id: string): BundledScenario | undefined {
  return BUNDLED.find((s) => s.id === id);
}

const ruleFiles = import.meta.glob('../../scenarios/rules/*.rules.toml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface BundledRules {
  /** The scenario's file stem, e.g. "customer-care-24x7". */
  id: string;
  /** "rules/customer-care-24x7.rules.toml". */
  file: string;
  text: string;
}

export const BUNDLED_RULES: BundledRules[] = Object.entries(ruleFiles)
  .map(([path, text]) => {
    const file = path.split('/').pop() ?? path;
    return { id: file.replace(/\.rules\.toml$/, ''), file: `rules/${file}`, text };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

/** The example rules of the bundled scenario with this `name` (it survives edits and "apply"). */
export function exampleRulesFor(scenarioName: string | undefined): BundledRules | undefined {
  const s = BUNDLED.find((x) => x.title === scenarioName);
  return s ? BUNDLED_RULES.find((r) => r.id === s.id) : undefined;
}

const intradayFiles = import.meta.glob('../../scenarios/intraday/*.{json,csv}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** An intraday example (docs/intraday.md): the start state and the day's actuals of scenario `id`. */
export interface BundledIntraday {
  /** The scenario's file stem, e.g. "customer-care-24x7". */
  id: string;
  state: string;
  actuals: string;
}

export const BUNDLED_INTRADAY: BundledIntraday[] = (() => {
  const by = new Map<string, BundledIntraday>();
  for (const [path, text] of Object.entries(intradayFiles)) {
    const m = /([^/]+)\.(state\.json|actuals\.csv)$/.exec(path);
    if (!m) continue;
    const e = by.get(m[1]) ?? { id: m[1], state: '', actuals: '' };
    if (m[2] === 'state.json') e.state = text;
    else e.actuals = text;
    by.set(m[1], e);
  }
  return [...by.values()].filter((e) => e.state).sort((a, b) => a.id.localeCompare(b.id));
})();

/** The intraday example of the bundled scenario with this `name`, if it has one. */
export function exampleIntradayFor(scenarioName: string | undefined): BundledIntraday | undefined {
  const s = BUNDLED.find((x) => x.title === scenarioName);
  return s ? BUNDLED_INTRADAY.find((r) => r.id === s.id) : undefined;
}

/** A one-queue, one-team starting point. */
export const BLANK_TEMPLATE = `version = 1
name = "New scenario"
description = "One queue, one team. Edit the forms or the raw text."
interval_minutes = 30
days = 1
warmup_minutes = 60

[[contact_types]]
id = "calls"
channel = "voice"
arrivals = { rate_per_hour = 120 }
handle_time = { dist = "lognormal", mean = 240, sd = 150 }
wrap_up = { dist = "constant", value = 30 }
patience = { dist = "exponential", mean = 180 }
service_level = { threshold_s = 20, target = 0.8 }
max_abandon_rate = 0.05

[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = { constant = 12 }
absence = 0.0
`;

/** The trainer's center when scenarios/trainer-single-queue.toml is not there. */
export const TRAINER_FALLBACK = `version = 1
name = "Trainer: single queue"
interval_minutes = 60
days = 1
[[contact_types]]
id = "calls"
channel = "voice"
arrivals = { rate_per_hour = 200 }
handle_time = { dist = "exponential", mean = 180 }
service_level = { threshold_s = 20, target = 0.8 }
[[agent_groups]]
id = "team"
skills = ["calls"]
staffing = { constant = 12 }
`;
