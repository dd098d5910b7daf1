import { strict as assert } from 'node:assert';
import { medianRun } from '../bench/median';
import type { Measurement } from '../bench/measure';

const run = (seconds: number, peakRssMb = 100): Measurement => ({ seconds, peakRssMb, cpuSeconds: seconds, exitCode: 0, stdout: '', stderr: '' });

describe('bench: the median of repeated runs', () => {
  it('takes the middle run by wall time, whatever order the runs came in', () => {
    assert.equal(medianRun([run(9), run(3), run(5)]).seconds, 5);
  });

  it('takes the lower middle of an even count, a run that really happened', () => {
    assert.equal(medianRun([run(4), run(1), run(3), run(2)]).seconds, 2);
  });

  it('orders by another figure when told, as peak memory is', () => {
    assert.equal(medianRun([run(1, 300), run(2, 100), run(3, 200)], (each) => each.peakRssMb).peakRssMb, 200);
  });

  it('refuses an empty list rather than inventing a figure', () => {
    assert.throws(() => medianRun([]), /no runs/);
  });
});
