// cdk-nag's AwsSolutions checks, applied by the app itself: no unsuppressed error or warning
// in any mode, every suppression carries a specific reason, and the checks are really live.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { synth } from './helpers';

const NAG = Match.stringLikeRegexp('AwsSolutions-.*');

function findings(stack: any) {
  const annotations = Annotations.fromStack(stack);
  return {
    errors: annotations.findError('*', NAG),
    warnings: annotations.findWarning('*', NAG),
  };
}

function describeFindings(list: any[]): string {
  return list.map((f) => `${f.id}: ${f.entry.data}`).join('\n');
}

const MODES: Record<string, Record<string, unknown>> = {
  'create mode': {},
  'attach mode': {
    existingScoresTable: 'GameScores',
    existingScoresStreamArn:
      'arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-01-01T00:00:00.000',
    existingLeaderboardTable: 'Leaderboard',
  },
  'attach mode with an existing Ranks table': {
    existingScoresTable: 'GameScores',
    existingScoresStreamArn:
      'arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-01-01T00:00:00.000',
    existingRanksTable: 'Ranks',
  },
  'every board setting and a wider batching window': {
    boardSize: '100',
    rankShards: '16',
    playerAttribute: 'UserId',
    gameAttribute: 'Level',
    batchingWindowSeconds: '10',
  },
  'arm64 with an alarm topic': {
    architecture: 'arm64',
    alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
  },
};

describe('cdk-nag AwsSolutions', () => {
  for (const [mode, context] of Object.entries(MODES)) {
    test(`${mode}: no unsuppressed errors or warnings`, () => {
      const { stack } = synth(context);
      const { errors, warnings } = findings(stack);
      assert.equal(errors.length, 0, describeFindings(errors));
      assert.equal(warnings.length, 0, describeFindings(warnings));
    });
  }

  test('every suppression names a rule and gives a specific reason', () => {
    const { template } = synth();
    const suppressions: Array<{ id: string; reason: string }> = [];
    for (const resource of Object.values<any>(template.toJSON().Resources)) {
      suppressions.push(...(resource.Metadata?.cdk_nag?.rules_to_suppress ?? []));
    }
    assert.ok(suppressions.length > 0);
    for (const s of suppressions) {
      assert.match(s.id, /^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
      assert.ok(s.reason.length >= 60, `reason for ${s.id} is too short to be specific`);
    }
  });

  test('the checks are live: a non-compliant queue added to the stack is reported', () => {
    const { stack } = synth();
    // A queue without TLS enforcement or a DLQ must trip AwsSolutions-SQS3 and -SQS4.
    new sqs.Queue(stack, 'NonCompliantQueue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const { errors } = findings(stack);
    const ids = errors.map((f) => String(f.entry.data));
    assert.ok(ids.some((d) => d.includes('AwsSolutions-SQS3')), describeFindings(errors));
    assert.ok(ids.some((d) => d.includes('AwsSolutions-SQS4')), describeFindings(errors));
  });
});
