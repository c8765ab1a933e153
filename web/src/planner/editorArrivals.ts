// Editor: how a contact type's volume is given (constant rate, table per interval, or per day
// with an intraday profile), and switching between them without losing the daily volume.
import type { ArrivalSpec, ContactTypeSpec } from '../types';
import type { EditorContext } from './editor';
import { num, numberList, select } from './formFields';

type ArrivalMode = 'rate_per_hour' | 'per_interval' | 'per_day';

export function arrivalMode(a: ArrivalSpec): ArrivalMode {
  if (a.per_interval) return 'per_interval';
  if (a.per_day != null) return 'per_day';
  return 'rate_per_hour';
}

/** The volume fields of contact type `t` at field path `p`. */
export function arrivalFields(ctx: EditorContext, t: ContactTypeSpec, p: string): HTMLElement[] {
  const { ch, restructure, ipd, intervalMin, days } = ctx;
  const a = t.arrivals;
  const mode = arrivalMode(a);
  const modeSel = select({
    label: 'Volume given as',
    path: `${p}.arrivals`,
    value: mode,
    options: [
      ['rate_per_hour', 'Constant rate per hour'],
      ['per_interval', 'Contacts per interval (table)'],
      ['per_day', 'Contacts per day × intraday profile'],
    ],
    set: (v) => {
      const old = a;
      const perDay = old.per_day ?? (old.rate_per_hour != null ? old.rate_per_hour * 24 : (old.per_interval ?? []).slice(0, ipd).reduce((x, y) => x + y, 0));
      const next: ArrivalSpec = {};
      for (const k of ['weekday_factors', 'volume_cv', 'scale'] as const) if (old[k] != null) (next as Record<string, unknown>)[k] = old[k];
      if (v === 'rate_per_hour') next.rate_per_hour = Math.round((perDay / 24) * 100) / 100;
      else if (v === 'per_interval') next.per_interval = old.profile && old.per_day != null
        ? normalise(old.profile).map((w) => Math.round(w * perDay * 100) / 100)
        : new Array(ipd).fill(Math.round((perDay / ipd) * 100) / 100);
      else {
        if (old.weekday_profiles) next.weekday_profiles = old.weekday_profiles;
        next.per_day = Math.round(perDay * 100) / 100;
        next.profile = old.per_interval && old.per_interval.length >= ipd ? old.per_interval.slice(0, ipd) : new Array(ipd).fill(1);
      }
      t.arrivals = next;
    },
    onChange: restructure,
  });
  const volume: HTMLElement[] = [modeSel];
  if (mode === 'rate_per_hour') {
    volume.push(num({ label: 'Arrivals', unit: 'per hour', path: `${p}.arrivals.rate_per_hour`, value: a.rate_per_hour, set: (v) => (a.rate_per_hour = v as number), min: 0, onChange: ch }));
  } else if (mode === 'per_interval') {
    volume.push(
      numberList({
        label: `Contacts per ${intervalMin}-minute interval`,
        path: `${p}.arrivals.per_interval`,
        values: a.per_interval ?? [],
        expected: `needs ${ipd} for a day, or ${ipd * days} for the horizon`,
        set: (v) => (a.per_interval = v),
        onChange: ch,
      }),
    );
  } else {
    volume.push(
      num({ label: 'Contacts per day', path: `${p}.arrivals.per_day`, value: a.per_day, set: (v) => (a.per_day = v as number), min: 0, onChange: ch }),
      numberList({
        label: 'Intraday profile (weights per interval)',
        path: `${p}.arrivals.profile`,
        values: a.profile ?? [],
        expected: `needs ${ipd}; normalised to sum 1`,
        set: (v) => (a.profile = v),
        onChange: ch,
      }),
    );
  }
  volume.push(
    num({ label: 'Day-to-day volume CV', path: `${p}.arrivals.volume_cv`, value: a.volume_cv, optional: true, min: 0, set: (v) => (v == null ? delete a.volume_cv : (a.volume_cv = v)), onChange: ch, hint: 'forecast error; blank = none' }),
  );
  return volume;
}

function normalise(w: number[]): number[] {
  const s = w.reduce((a, b) => a + Math.max(0, b), 0);
  return s > 0 ? w.map((x) => Math.max(0, x) / s) : w.map(() => 1 / w.length);
}
