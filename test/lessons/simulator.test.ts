import * as assert from 'node:assert/strict';
import type { Finding } from '../../analyzers';
import { BUNDLED_PRICES, findModel, PRICES_AS_OF, priceTable } from '../../lessons/prices';
import {
  aiCost,
  cacheMisses,
  concurrency,
  connections,
  DEFAULT_INPUTS,
  growthStages,
  indexLookup,
  lostUpdates,
  queryLoad,
  responseSize,
  sanitizeInputs,
  scaleOut,
  seedInputs,
  traffic,
} from '../../lessons/simulator';
import { simulate } from '../../lessons/sim-view';

/** Every expected number below was worked out by hand; the comment shows the arithmetic. */
const close = (actual: number, expected: number, message?: string) => assert.ok(Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)), `${message ?? ''} expected ${expected}, got ${actual}`);

describe('lessons: simulator formulas', () => {
  it('spreads daily requests over the day and applies the peak factor', () => {
    const rate = traffic(10_000, 20, 3);
    assert.equal(rate.requestsPerDay, 200_000); // 10,000 × 20
    close(rate.averagePerSecond, 2.3148148148); // 200,000 / 86,400
    close(rate.peakPerSecond, 6.9444444444); // × 3
  });

  it('counts 1 + N queries against the batched 2 (the seed: 41 → 2)', () => {
    const load = queryLoad(40, 1, 2, 5);
    assert.deepEqual(load.before, { perRequest: 41, perSecond: 82, waitMs: 205 }); // 1 + 40; × 2 req/s; × 5 ms
    assert.deepEqual(load.after, { perRequest: 2, perSecond: 4, waitMs: 10 });
    assert.equal(queryLoad(20, 3, 1, 1).before.perRequest, 61); // 1 + 20 × 3
  });

  it('reads every row without an index and ⌈log₂₀₀ rows⌉ levels plus the matches with one', () => {
    assert.deepEqual(indexLookup(1_000_000, 20), { scanned: 1_000_000, depth: 3, indexed: 23 }); // log₂₀₀ 10⁶ = 2.61 → 3
    assert.deepEqual(indexLookup(200, 5), { scanned: 200, depth: 1, indexed: 6 }); // exactly one page
    assert.equal(indexLookup(201, 5).depth, 2);
    assert.deepEqual(indexLookup(1, 0), { scanned: 1, depth: 1, indexed: 1 });
    assert.equal(indexLookup(100, 1_000).indexed, 101); // cannot match more rows than the table has
  });

  it('sizes a response by rows × bytes, per response and per day', () => {
    const size = responseSize(50_000, 20, 1_000, 1_000);
    assert.deepEqual(size.before, { rows: 50_000, bytes: 50_000_000, bytesPerDay: 50_000_000_000 });
    assert.deepEqual(size.after, { rows: 20, bytes: 20_000, bytesPerDay: 20_000_000 });
    assert.equal(responseSize(5, 20, 100, 1).after.rows, 5); // a page never exceeds the table
  });

  it('prices AI calls, their ceiling with limits, and a runaway day without them', () => {
    const gpt4o = BUNDLED_PRICES['gpt-4o']; // $2.50 in, $10 out, 16,384 max output
    const cost = aiCost({ usersPerDay: 10_000, aiCallsPerUser: 2, inputTokens: 1_000, outputTokens: 500, maxTokens: 1_024, dailyLimit: 10 }, gpt4o);
    close(cost.perCall, 0.0075); // (1,000 × 2.5 + 500 × 10) / 10⁶
    close(cost.monthly, 4_500); // 10,000 × 2 × 30 × 0.0075
    close(cost.worstCallUncapped, 0.16634); // (2,500 + 16,384 × 10) / 10⁶
    close(cost.worstCallCapped, 0.01274); // (2,500 + 1,024 × 10) / 10⁶
    close(cost.monthlyCeiling, 38_220); // 10,000 × 10 × 30 × 0.01274
    close(cost.runawayPerDay, 14_371.776); // 86,400 × 0.16634
    close(cost.typicalUserPerDay, 0.015); // 2 × 0.0075
    close(cost.cappedUserPerDay, 0.1274); // 10 × 0.01274
  });

  it('reproduces the per-call prices of the Django post-mortem', () => {
    const oneThousandOutput = { usersPerDay: 1, aiCallsPerUser: 1, inputTokens: 0, outputTokens: 1_000, maxTokens: 1_000, dailyLimit: 1 };
    close(aiCost(oneThousandOutput, BUNDLED_PRICES['claude-3-7-sonnet']).perCall, 0.015); // "$0.015 a validation"
    close(aiCost(oneThousandOutput, BUNDLED_PRICES['claude-3-haiku']).perCall, 0.00125); // "$0.001" after the downgrade
  });

  it('applies Little’s law to request slots (the seed: 4 slots at 100 ms = 40 requests/s)', () => {
    const load = concurrency(6.9444444444, 10, 5, 4);
    close(load.before.busy, 4.0972222222); // 6.944 × (0.1 × 5 + 0.9 × 0.1)
    close(load.before.utilization, 1.0243055556); // ÷ 4
    close(load.before.capacityPerSecond, 6.7796610169); // 4 / 0.59
    close(load.after.busy, 0.6944444444); // 6.944 × 0.1
    close(load.after.capacityPerSecond, 40);
  });

  it('multiplies slots and per-process limits by instances (the seed: 3 × 16 = 48)', () => {
    assert.deepEqual(scaleOut(2, 4, 100), { slots: 8, effectiveRateLimit: 200, sameInstanceChance: 0.5 });
    assert.equal(scaleOut(3, 16, 100).slots, 48);
    assert.deepEqual(scaleOut(0, 4, 100), { slots: 4, effectiveRateLimit: 100, sameInstanceChance: 1 }); // at least one instance
  });

  it('counts connections of a shared client and the time until per-request clients fill the database', () => {
    assert.deepEqual(connections(2, 5, 2, 60), { singleton: 10, secondsToExhaustion: 30 }); // 2 × 5; 60 / 2
    assert.equal(connections(0, 5, 1, 60).secondsToExhaustion, Infinity);
  });

  it('lets a cache pass only its misses', () => {
    close(cacheMisses(10, 30), 7);
    close(cacheMisses(10, 100), 0);
  });

  it('estimates lost updates of read-modify-write from overlapping windows', () => {
    close(lostUpdates(10, 50), 3.9346934029); // 10 × (1 − e^(−10 × 0.05))
    close(lostUpdates(0.1, 50), 0.00049875208); // 0.1 × (1 − e^(−0.005))
    assert.equal(lostUpdates(10, 0), 0);
  });

  it('puts the three growth stages against the slots', () => {
    const stages = growthStages(20, 3, 4, 1);
    assert.deepEqual(stages.map((stage) => stage.users), [100, 10_000, 100_000]);
    close(stages[0].peakPerSecond, 0.0694444444); // 100 × 20 / 86,400 × 3
    close(stages[2].peakPerSecond, 69.444444444);
    assert.equal(stages[0].capacityPerSecond, 40); // 4 slots / 0.1 s
  });
});

describe('lessons: simulator seeds and prices', () => {
  const prices = priceTable();
  const finding = (details: Finding['details'], file = 'app/api/x/route.ts', ruleId = 'long-task-in-request'): Finding => ({
    ruleId,
    severity: 'warning',
    confidence: 'high',
    message: 'm',
    file,
    range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } },
    lesson: 'long-task-in-request',
    details,
  });

  it('starts from the seeds’ defaults: 2 × 2 Gunicorn slots, a 120 s timeout, 40 items, 60 connections', () => {
    const inputs = seedInputs('concurrency', prices);
    assert.equal(inputs.slots, 4);
    assert.equal(inputs.timeoutSeconds, 120);
    assert.equal(inputs.sharePercent, 10);
    assert.equal(seedInputs('queries', prices).itemsPerPage, 40);
    assert.equal(seedInputs('connections', prices).dbMaxConnections, 60);
  });

  it('takes each rule’s numbers from its details: Gunicorn slots, the platform’s time limit, the model and its cap', () => {
    assert.equal(seedInputs('concurrency', prices, finding({ workers: 4, threads: 4, concurrentRequests: 16 }, 'Procfile', 'deployment-capacity')).slots, 16);
    assert.equal(seedInputs('concurrency', prices, finding({ serverless: true, maxDurationSeconds: 30 })).timeoutSeconds, 30);
    const ai = seedInputs('ai', prices, finding({ model: 'claude-3-7-sonnet-20250219', maxTokens: 2048 }, 'app/api/x/route.ts', 'unbounded-ai-call'));
    assert.equal(ai.model, 'claude-3-7-sonnet');
    assert.equal(ai.maxTokens, 2048);
  });

  it('reads no rule’s numbers from another rule’s finding', () => {
    const inputs = seedInputs('concurrency', prices, finding({ workers: 4, threads: 4, maxTokens: 2048 }));
    assert.equal(inputs.slots, DEFAULT_INPUTS.slots);
    assert.equal(inputs.maxTokens, seedInputs('concurrency', prices).maxTokens);
  });

  it('takes Gunicorn from the workspace, and a serverless duration when nothing else is known', () => {
    assert.equal(seedInputs('concurrency', prices, undefined, { deployment: 'server', platforms: [], stack: [], gunicorn: { workers: 3, threads: 2 } }).slots, 6);
    assert.equal(seedInputs('concurrency', prices, undefined, { deployment: 'serverless', platforms: ['vercel'], stack: [] }).timeoutSeconds, 300);
    assert.equal(seedInputs('ai', prices, finding({}, 'study/views.py')).model, 'claude-3-7-sonnet');
    assert.equal(seedInputs('ai', prices, finding({ stack: 'nextjs' })).model, 'gpt-4o');
  });

  it('clamps restored inputs and drops what it does not know', () => {
    const restored = sanitizeInputs({ usersPerDay: -5, itemsPerPage: 12, model: 'no-such-model', extra: 1, slots: 'x' }, DEFAULT_INPUTS, prices);
    assert.equal(restored.usersPerDay, 1);
    assert.equal(restored.itemsPerPage, 12);
    assert.equal(restored.model, DEFAULT_INPUTS.model);
    assert.equal(restored.slots, DEFAULT_INPUTS.slots);
    assert.ok(!('extra' in restored));
    assert.deepEqual(sanitizeInputs(null, DEFAULT_INPUTS, prices), DEFAULT_INPUTS);
  });

  it('finds model families by prefix and lets settings override and add prices', () => {
    assert.match(PRICES_AS_OF, /^\d{4}-\d{2}$/);
    assert.equal(findModel(prices, 'gpt-4o-mini-2024-07-18'), 'gpt-4o-mini');
    assert.equal(findModel(prices, 'gpt-4o-2024-08-06'), 'gpt-4o');
    assert.equal(findModel(prices, 'claude-3.7-sonnet'), 'claude-3-7-sonnet');
    assert.equal(findModel(prices, 'llama-3'), undefined);
    const custom = priceTable({ 'gpt-4o': { input: 1, output: 2 }, 'my-model': { input: 0.5, output: 1 }, broken: { input: -1, output: 1 } as never });
    assert.deepEqual(custom['gpt-4o'], { ...BUNDLED_PRICES['gpt-4o'], input: 1, output: 2 });
    assert.equal(custom['my-model'].provider, 'custom');
    assert.ok(!custom.broken);
  });

  it('states the traffic behind every view, for the prompt', () => {
    for (const focus of ['queries', 'index', 'rows', 'ai', 'concurrency', 'instances', 'connections', 'cache', 'writes', 'growth', 'traffic'] as const) {
      for (const locale of ['en', 'ko'] as const) {
        const view = simulate(focus, seedInputs(focus, prices), prices, locale);
        assert.ok(view.facts.length > 0, `${focus}/${locale} has no facts`);
        assert.ok(view.chart.bars.length > 0, `${focus}/${locale} has no chart`);
        assert.ok(view.metrics.every((metric) => metric.label && metric.value && !/NaN|undefined/.test(metric.value)), `${focus}/${locale}: ${JSON.stringify(view.metrics)}`);
      }
    }
  });
});
