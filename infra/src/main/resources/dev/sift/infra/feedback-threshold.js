// Starts the retrain state machine when at least FEEDBACK_THRESHOLD feedback records arrived
// since the newest execution started, and none is running. Runs hourly (EventBridge).
// Inline Lambda code (<= 4 KB); the AWS SDK v3 comes with the Node.js runtime.
'use strict';

// A record is dt=<date>/<id>.json under the prefix; the same prefix holds one ids/<id> marker per
// record, so counting objects would start a retrain at half the threshold. The layout comes from
// feedback-layout.json (FEEDBACK_LAYOUT), which the Java store's tests pin to what it writes.
function recordKeys(prefix, layout) {
  const record = new RegExp(`^${layout.recordKey}$`);
  return (key) => typeof key === 'string' && key.startsWith(prefix) && record.test(key.slice(prefix.length));
}

// Pure decision, unit-tested with node --test (src/test/node).
async function countSince(listPage, since, threshold, isRecord) {
  let count = 0;
  let token;
  do {
    const page = await listPage(token);
    for (const o of page.Contents || []) {
      if (isRecord(o.Key) && new Date(o.LastModified) > since && ++count >= threshold) return count;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

async function check({ listExecutions, listPage, start, threshold, now, prefix, layout }) {
  if ((await listExecutions({ statusFilter: 'RUNNING', maxResults: 1 })).executions.length) {
    return { started: false, reason: 'an execution is running' };
  }
  const newest = (await listExecutions({ maxResults: 1 })).executions[0];
  const since = newest ? new Date(newest.startDate) : new Date(0);
  const count = await countSince(listPage, since, threshold, recordKeys(prefix, layout));
  if (count < threshold) {
    return { started: false, reason: `${count} new feedback records since ${since.toISOString()}, need ${threshold}` };
  }
  // One name per hour: if EventBridge delivers the hourly event twice, the second start fails
  // with ExecutionAlreadyExists instead of paying for a second GPU run.
  const name = `feedback-${now.toISOString().replace(/[^0-9]/g, '').slice(0, 10)}`;
  try {
    await start(name, { trigger: 'feedback', newFeedback: count, since: since.toISOString() });
  } catch (e) {
    if (e.name !== 'ExecutionAlreadyExists') throw e;
    return { started: false, reason: `${name} was already started` };
  }
  return { started: true, name, newFeedback: count };
}

exports.recordKeys = recordKeys;
exports.countSince = countSince;
exports.check = check;

exports.handler = async () => {
  const { S3Client, ListObjectsV2Command } = require('@aws-sdk/client-s3');
  const { SFNClient, ListExecutionsCommand, StartExecutionCommand } = require('@aws-sdk/client-sfn');
  const s3 = new S3Client({});
  const sfn = new SFNClient({});
  const arn = process.env.STATE_MACHINE_ARN;
  const prefix = process.env.FEEDBACK_PREFIX;
  const layout = JSON.parse(process.env.FEEDBACK_LAYOUT);
  const result = await check({
    threshold: Number(process.env.FEEDBACK_THRESHOLD),
    now: new Date(),
    prefix,
    layout,
    listExecutions: (q) => sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, ...q })),
    // Only the record partitions: markers are never listed, which also halves the LIST calls.
    listPage: (token) => s3.send(new ListObjectsV2Command({
      Bucket: process.env.FEEDBACK_BUCKET, Prefix: prefix + layout.recordPrefix, ContinuationToken: token })),
    start: (name, input) => sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: JSON.stringify(input) })),
  });
  console.log(JSON.stringify(result));
  return result;
};
