import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, shareParam, type SharedState } from './share';

const state: SharedState = {
  v: 1,
  base: {
    version: 1,
    name: 'Ünïcode — test',
    contact_types: [{ id: 'calls', arrivals: { per_interval: Array.from({ length: 48 }, (_, i) => i * 1.5) }, handle_time: { dist: 'exponential', mean: 180 } }],
    agent_groups: [{ id: 'team', skills: ['calls'], staffing: { constant: 12 } }],
  },
  whatif: { volume_scale: 1.1 },
  replications: 200,
  seed: '42',
};

describe('share links', () => {
  it('encode to URL-safe text and decode to the same state', async () => {
    const code = await encodeShare(state);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeShare(code)).toEqual(state);
    expect(shareParam(`#share=${code}`)).toBe(code);
    expect(shareParam('#trainer')).toBeNull();
  });

  it('rejects text that is not a share link', async () => {
    await expect(decodeShare('not-a-link')).rejects.toThrow();
  });
});
