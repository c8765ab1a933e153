import { describe, expect, it } from 'vitest';
import { chunkSize, planTasks } from './plan';

describe('planTasks', () => {
  it('covers every replication of every variant exactly once', () => {
    for (const [reps, variants, workers] of [
      [1, 1, 1],
      [500, 1, 2],
      [37, 2, 8],
      [1000, 9, 4],
    ]) {
      const tasks = planTasks(reps, variants, workers);
      for (let v = 0; v < variants; v++) {
        const seen = new Array(reps).fill(0);
        for (const t of tasks.filter((x) => x.variant === v)) for (let r = t.start; r < t.end; r++) seen[r]++;
        expect(seen.every((c) => c === 1)).toBe(true);
      }
    }
  });

  it('interleaves variants so a cancelled comparison stays paired', () => {
    const t = planTasks(40, 2, 2);
    expect(t[0]).toEqual({ variant: 0, start: 0, end: t[0].end });
    expect(t[1]).toEqual({ variant: 1, start: 0, end: t[0].end });
  });

  it('uses small chunks for a smooth progress bar', () => {
    expect(chunkSize(500, 2)).toBe(10);
    expect(chunkSize(20, 4)).toBe(1);
    expect(planTasks(0, 1, 2)).toEqual([]);
  });
});
