// The retrain trigger's decision, with fake S3 and Step Functions calls (no AWS SDK needed).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { check, countSince } = require(path.join(__dirname, '../../main/resources/dev/sift/infra/feedback-threshold.js'));

const at = (iso) => ({ LastModified: new Date(iso) });

function pages(...contents) {
  return async (token) => {
    const i = token ? Number(token) : 0;
    return { Contents: contents[i], IsTruncated: i + 1 < contents.length, NextContinuationToken: String(i + 1) };
  };
}

function executions({ running = [], newest = [] }) {
  return async (q) => ({ executions: q.statusFilter === 'RUNNING' ? running : newest });
}

test('counts only objects newer than the last execution, across pages', async () => {
  const list = pages([at('2026-01-01T00:00:00Z'), at('2026-01-03T00:00:00Z')], [at('2026-01-04T00:00:00Z')]);
  assert.strictEqual(await countSince(list, new Date('2026-01-02T00:00:00Z'), 10), 2);
});

test('stops listing once the threshold is reached', async () => {
  let calls = 0;
  const list = async () => { calls++; return { Contents: [at('2026-01-05T00:00:00Z')], IsTruncated: true, NextContinuationToken: 'x' }; };
  assert.strictEqual(await countSince(list, new Date(0), 3), 3);
  assert.strictEqual(calls, 3);
});

test('starts one execution per hour, named after it, when enough feedback arrived', async () => {
  const started = [];
  const result = await check({
    threshold: 2,
    now: new Date('2026-02-03T04:05:06Z'),
    listExecutions: executions({ newest: [{ startDate: new Date('2026-02-01T00:00:00Z') }] }),
    listPage: pages([at('2026-01-31T00:00:00Z'), at('2026-02-02T00:00:00Z'), at('2026-02-03T00:00:00Z')]),
    start: async (name, input) => started.push({ name, input }),
  });
  assert.deepStrictEqual(result, { started: true, name: 'feedback-2026020304', newFeedback: 2 });
  assert.deepStrictEqual(started[0].input, { trigger: 'feedback', newFeedback: 2, since: '2026-02-01T00:00:00.000Z' });
});

test('does not start below the threshold', async () => {
  const result = await check({
    threshold: 5, now: new Date(),
    listExecutions: executions({}),
    listPage: pages([at('2026-01-01T00:00:00Z')]),
    start: async () => assert.fail('must not start'),
  });
  assert.strictEqual(result.started, false);
  assert.match(result.reason, /1 new feedback objects since 1970-01-01T00:00:00.000Z, need 5/);
});

test('never starts a second execution while one runs', async () => {
  const result = await check({
    threshold: 1, now: new Date(),
    listExecutions: executions({ running: [{ startDate: new Date() }] }),
    listPage: async () => assert.fail('must not list feedback'),
    start: async () => assert.fail('must not start'),
  });
  assert.deepStrictEqual(result, { started: false, reason: 'an execution is running' });
});

test('a second start in the same hour is reported, not retried', async () => {
  const result = await check({
    threshold: 1, now: new Date('2026-02-03T04:59:00Z'),
    listExecutions: executions({}),
    listPage: pages([at('2026-02-03T00:00:00Z')]),
    start: async () => { const e = new Error('exists'); e.name = 'ExecutionAlreadyExists'; throw e; },
  });
  assert.deepStrictEqual(result, { started: false, reason: 'feedback-2026020304 was already started' });
});
