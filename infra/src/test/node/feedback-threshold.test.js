// The retrain trigger's decision, with fake S3 and Step Functions calls (no AWS SDK needed).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { check, countSince, recordKeys } = require(path.join(__dirname, '../../main/resources/dev/sift/infra/feedback-threshold.js'));
// The layout the stack hands the function (FEEDBACK_LAYOUT), and the keys a real store wrote
// (dev.sift.feedback.FeedbackLayoutFileTest checks both against the Java store).
const layout = require(path.join(__dirname, '../../main/resources/dev/sift/infra/feedback-layout.json'));
const stored = require('./feedback-keys.json');
const prefix = stored.prefix;
const isRecord = recordKeys(prefix, layout);

let n = 0;
const at = (iso) => ({ Key: `${prefix}dt=${iso.slice(0, 10)}/r-${n++}.json`, LastModified: new Date(iso) });

function pages(...contents) {
  return async (token) => {
    const i = token ? Number(token) : 0;
    return { Contents: contents[i], IsTruncated: i + 1 < contents.length, NextContinuationToken: String(i + 1) };
  };
}

function executions({ running = [], newest = [] }) {
  return async (q) => ({ executions: q.statusFilter === 'RUNNING' ? running : newest });
}

test('counts only records newer than the last execution, across pages', async () => {
  const list = pages([at('2026-01-01T00:00:00Z'), at('2026-01-03T00:00:00Z')], [at('2026-01-04T00:00:00Z')]);
  assert.strictEqual(await countSince(list, new Date('2026-01-02T00:00:00Z'), 10, isRecord), 2);
});

test('counts records, not their idempotency markers, on the keys a real store writes', async () => {
  // 3 records and 4 markers: counting objects would start a retrain at about half the threshold.
  const listing = stored.keys.map((Key) => ({ Key, LastModified: new Date('2026-05-02T09:00:00Z') }));
  const result = await check({
    threshold: stored.records + 1, now: new Date('2026-05-02T10:00:00Z'), prefix, layout,
    listExecutions: executions({}),
    listPage: pages(listing),
    start: async () => assert.fail('3 records must not reach a threshold of 4'),
  });
  assert.deepStrictEqual(result, { started: false, reason: `${stored.records} new feedback records since 1970-01-01T00:00:00.000Z, need ${stored.records + 1}` });
  assert.strictEqual(await countSince(pages(listing), new Date(0), 100, isRecord), stored.records);
});

test('a key outside the record layout is not a record', () => {
  for (const key of [`${prefix}ids/fb-1`, `${prefix}dt=2026-05-01/`, `${prefix}dt=2026-05-01/.hidden.json`,
    `${prefix}dt=2026-5-1/a.json`, `${prefix}.tmp/x.tmp`, 'other/dt=2026-05-01/a.json', `${prefix}dt=2026-05-01/a.json.tmp`]) {
    assert.strictEqual(isRecord(key), false, key);
  }
  assert.strictEqual(isRecord(`${prefix}dt=2026-05-01/ticket-8812:1.json`), true);
});

test('stops listing once the threshold is reached', async () => {
  let calls = 0;
  const list = async () => { calls++; return { Contents: [at('2026-01-05T00:00:00Z')], IsTruncated: true, NextContinuationToken: 'x' }; };
  assert.strictEqual(await countSince(list, new Date(0), 3, isRecord), 3);
  assert.strictEqual(calls, 3);
});

test('starts one execution per hour, named after it, when enough feedback arrived', async () => {
  const started = [];
  const result = await check({
    threshold: 2, prefix, layout,
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
    threshold: 5, now: new Date(), prefix, layout,
    listExecutions: executions({}),
    listPage: pages([at('2026-01-01T00:00:00Z')]),
    start: async () => assert.fail('must not start'),
  });
  assert.strictEqual(result.started, false);
  assert.match(result.reason, /1 new feedback records since 1970-01-01T00:00:00.000Z, need 5/);
});

test('never starts a second execution while one runs', async () => {
  const result = await check({
    threshold: 1, now: new Date(), prefix, layout,
    listExecutions: executions({ running: [{ startDate: new Date() }] }),
    listPage: async () => assert.fail('must not list feedback'),
    start: async () => assert.fail('must not start'),
  });
  assert.deepStrictEqual(result, { started: false, reason: 'an execution is running' });
});

test('a second start in the same hour is reported, not retried', async () => {
  const result = await check({
    threshold: 1, now: new Date('2026-02-03T04:59:00Z'), prefix, layout,
    listExecutions: executions({}),
    listPage: pages([at('2026-02-03T00:00:00Z')]),
    start: async () => { const e = new Error('exists'); e.name = 'ExecutionAlreadyExists'; throw e; },
  });
  assert.deepStrictEqual(result, { started: false, reason: 'feedback-2026020304 was already started' });
});
