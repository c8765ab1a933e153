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
    const t = planTasks(40, 2, 2); // chunks of 2: each chunk of the baseline, then of the variant
    expect(t.slice(0, 4)).toEqual([
      { variant: 0, start: 0, end: 2 },
      { variant: 1, start: 0, end: 2 },
      { variant: 0, start: 2, end: 4 },
      { variant: 1, start: 2, end: 4 },
    ]);
  });

  it('uses small chunks for a smooth progress bar', () => {
    expect(chunkSize(500, 2)).toBe(10);
    expect(chunkSize(20, 4)).toBe(1);
    expect(planTasks(0, 1, 2)).toEqual([]);
  });
});
