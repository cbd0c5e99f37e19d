// The stack in its default mode (it creates all three tables): every property it promises.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import {
  actionsOf,
  allPolicyStatements,
  onlyResource,
  synth,
} from './helpers';

const { app, stack, template } = synth();
const ref = (x: unknown) => stack.resolve(x);

const scoresId = stack.getLogicalId(stack.scoresTable.node.defaultChild as any);
const boardsId = stack.getLogicalId(stack.leaderboardTable.node.defaultChild as any);
const ranksId = stack.getLogicalId(stack.ranksTable.node.defaultChild as any);
const countsId = stack.getLogicalId(stack.rankCountsTable.node.defaultChild as any);
const queueId = stack.getLogicalId(stack.failureQueue.node.defaultChild as any);
const logGroupId = stack.getLogicalId(stack.logGroup.node.defaultChild as any);
const functionId = stack.getLogicalId(stack.function.node.defaultChild as any);

describe('tables', () => {
  test('exactly four tables are created', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 4);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test('RankCounts: Node (B) key, on-demand, PITR, TTL on ExpiresAt, removed with the stack', () => {
    const counts = template.toJSON().Resources[countsId];
    assert.equal(counts.Type, 'AWS::DynamoDB::Table');
    assert.deepEqual(counts.Properties, {
      TableName: 'RankCounts',
      KeySchema: [{ AttributeName: 'Node', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'Node', AttributeType: 'B' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
    });
    assert.equal(counts.DeletionPolicy, 'Delete');
  });

  test('GameScores: keys, NEW_IMAGE stream, no secondary index, on-demand, PITR, retained', () => {
    const scores = template.toJSON().Resources[scoresId];
    assert.equal(scores.Type, 'AWS::DynamoDB::Table');
    assert.deepEqual(scores.Properties, {
      TableName: 'GameScores',
      KeySchema: [
        { AttributeName: 'PlayerId', KeyType: 'HASH' },
        { AttributeName: 'GameId', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'PlayerId', AttributeType: 'S' },
        { AttributeName: 'GameId', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    // `cdk destroy` and a replacement never delete the scores.
    assert.equal(scores.DeletionPolicy, 'Retain');
    assert.equal(scores.UpdateReplacePolicy, 'Retain');
  });

  test('Leaderboard: GameId key, on-demand, PITR, removed with the stack', () => {
    const boards = template.toJSON().Resources[boardsId];
    assert.equal(boards.Type, 'AWS::DynamoDB::Table');
    assert.deepEqual(boards.Properties, {
      TableName: 'Leaderboard',
      KeySchema: [{ AttributeName: 'GameId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'GameId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    assert.equal(boards.DeletionPolicy, 'Delete');
  });

  test('Ranks: Board/PlayerId keys, ByRank LSI on RankKey (B) with all attributes, TTL, PITR', () => {
    const ranks = template.toJSON().Resources[ranksId];
    assert.equal(ranks.Type, 'AWS::DynamoDB::Table');
    assert.deepEqual(ranks.Properties, {
      TableName: 'Ranks',
      KeySchema: [
        { AttributeName: 'Board', KeyType: 'HASH' },
        { AttributeName: 'PlayerId', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'Board', AttributeType: 'S' },
        { AttributeName: 'PlayerId', AttributeType: 'S' },
        { AttributeName: 'RankKey', AttributeType: 'B' },
      ],
      // Local: the top N is read with a strongly consistent Query, which a GSI cannot serve.
      LocalSecondaryIndexes: [
        {
          IndexName: 'ByRank',
          KeySchema: [
            { AttributeName: 'Board', KeyType: 'HASH' },
            { AttributeName: 'RankKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    // Derived from GameScores, like the boards: removed with the stack.
    assert.equal(ranks.DeletionPolicy, 'Delete');
  });

  test('no table has a global secondary index or a stream other than GameScores', () => {
    for (const [id, table] of Object.entries<any>(template.findResources('AWS::DynamoDB::Table'))) {
      assert.equal(table.Properties.GlobalSecondaryIndexes, undefined, id);
      if (id !== scoresId) assert.equal(table.Properties.StreamSpecification, undefined, id);
    }
  });

  test('table names are configurable', () => {
    const custom = synth({ scoresTableName: 'Scores2', leaderboardTableName: 'Boards2', ranksTableName: 'Ranks2' });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Scores2' });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Boards2' });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'Ranks2',
      LocalSecondaryIndexes: [Match.objectLike({ IndexName: 'ByRank' })],
    });
    const env = onlyResource(custom.template, 'AWS::Lambda::Function').resource.Properties.Environment.Variables;
    assert.deepEqual(custom.stack.resolve(env.RANKS_TABLE), {
      Ref: custom.stack.getLogicalId(custom.stack.ranksTable.node.defaultChild as any),
    });
  });

  test('the scores table keys follow playerAttribute and gameAttribute', () => {
    const custom = synth({ playerAttribute: 'UserId', gameAttribute: 'Level' });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'GameScores',
      KeySchema: [
        { AttributeName: 'UserId', KeyType: 'HASH' },
        { AttributeName: 'Level', KeyType: 'RANGE' },
      ],
    });
    // The board and Ranks keys are the function's own and do not follow them.
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'Leaderboard',
      KeySchema: [{ AttributeName: 'GameId', KeyType: 'HASH' }],
    });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'Ranks',
      KeySchema: [
        { AttributeName: 'Board', KeyType: 'HASH' },
        { AttributeName: 'PlayerId', KeyType: 'RANGE' },
      ],
    });
  });
});

describe('function', () => {
  const fn = onlyResource(template, 'AWS::Lambda::Function');

  test('custom runtime bootstrap on provided.al2023, x86_64 by default', () => {
    const p = fn.resource.Properties;
    assert.equal(p.Runtime, 'provided.al2023');
    assert.equal(p.Handler, 'bootstrap');
    assert.deepEqual(p.Architectures, ['x86_64']);
    assert.equal(p.MemorySize, 256);
    assert.equal(p.Timeout, 30);
    assert.deepEqual(p.Role, { 'Fn::GetAtt': [stack.getLogicalId(stack.role.node.defaultChild as any), 'Arn'] });
    // The code is the zip asset, uploaded as is (a file asset, not a re-zipped directory).
    assert.match(p.Code.S3Key, /^[0-9a-f]{64}\.zip$/);
    const hash = p.Code.S3Key.replace(/\.zip$/, '');
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, `${stack.artifactId}.assets.json`), 'utf8'));
    assert.deepEqual(manifest.files[hash].source, { path: `asset.${hash}.zip`, packaging: 'file' });
  });

  test('arm64 when the context asks for it', () => {
    const arm = synth({ architecture: 'arm64' });
    arm.template.hasResourceProperties('AWS::Lambda::Function', { Architectures: ['arm64'] });
  });

  test('environment by default: the four tables and the layout settings, nothing else', () => {
    assert.deepEqual(fn.resource.Properties.Environment, {
      Variables: {
        SCORES_TABLE: { Ref: scoresId },
        LEADERBOARD_TABLE: { Ref: boardsId },
        RANKS_TABLE: { Ref: ranksId },
        RANK_COUNTS_TABLE: { Ref: countsId },
        BOARD_SIZE: '5',
        RANK_SHARDS: '1',
        RANK_COUNT_DEPTH: '16',
        WINDOWS: 'all',
        WINDOW_RETENTION_DAYS: '35',
      },
    });
  });

  test('environment carries every setting that differs from the function default', () => {
    const custom = synth({
      boardSize: '10',
      rankShards: 8,
      playerAttribute: 'UserId',
      gameAttribute: 'Level',
      scoreAttribute: 'Points',
      nameAttribute: 'Nick',
      updatedAtAttribute: 'ChangedAt',
      defaultGame: 'main',
      rankCountDepth: '0',
      windows: 'all,weekly,monthly',
      windowRetentionDays: 400,
      rankCountsTableName: 'Counts',
    });
    const vars = onlyResource(custom.template, 'AWS::Lambda::Function').resource.Properties.Environment.Variables;
    const id = (t: any) => custom.stack.getLogicalId(t.node.defaultChild as any);
    assert.deepEqual(vars, {
      SCORES_TABLE: { Ref: id(custom.stack.scoresTable) },
      LEADERBOARD_TABLE: { Ref: id(custom.stack.leaderboardTable) },
      RANKS_TABLE: { Ref: id(custom.stack.ranksTable) },
      RANK_COUNTS_TABLE: { Ref: id(custom.stack.rankCountsTable) },
      BOARD_SIZE: '10',
      RANK_SHARDS: '8',
      RANK_COUNT_DEPTH: '0',
      WINDOWS: 'all,weekly,monthly',
      WINDOW_RETENTION_DAYS: '400',
      PLAYER_ATTRIBUTE: 'UserId',
      GAME_ATTRIBUTE: 'Level',
      SCORE_ATTRIBUTE: 'Points',
      NAME_ATTRIBUTE: 'Nick',
      UPDATED_AT_ATTRIBUTE: 'ChangedAt',
      DEFAULT_GAME: 'main',
    });
  });

  test('a setting given with its default value adds nothing', () => {
    const same = synth({ playerAttribute: 'PlayerId', defaultGame: 'global', boardSize: 5 });
    const vars = onlyResource(same.template, 'AWS::Lambda::Function').resource.Properties.Environment.Variables;
    assert.deepEqual(Object.keys(vars).sort(), [
      'BOARD_SIZE',
      'LEADERBOARD_TABLE',
      'RANKS_TABLE',
      'RANK_COUNTS_TABLE',
      'RANK_COUNT_DEPTH',
      'RANK_SHARDS',
      'SCORES_TABLE',
      'WINDOWS',
      'WINDOW_RETENTION_DAYS',
    ]);
  });

  test('JSON logs into its own log group with retention', () => {
    assert.deepEqual(fn.resource.Properties.LoggingConfig, {
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
      LogGroup: { Ref: logGroupId },
    });
    const logGroup = onlyResource(template, 'AWS::Logs::LogGroup');
    assert.equal(logGroup.id, logGroupId);
    assert.equal(logGroup.resource.Properties.RetentionInDays, 30);
  });
});

describe('event source mapping', () => {
  const esm = onlyResource(template, 'AWS::Lambda::EventSourceMapping');

  test('every property', () => {
    assert.deepEqual(esm.resource.Properties, {
      FunctionName: { Ref: functionId },
      EventSourceArn: { 'Fn::GetAtt': [scoresId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 21600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY","REMOVE"]}' }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  test('the batching window bounds a hot board: one batch per shard at a time, window >= 1 s', () => {
    // docs/correctness.md: at most shards/W board writes per second while batches do not fill.
    const p = esm.resource.Properties;
    assert.equal(p.ParallelizationFactor, 1);
    assert.equal(p.MaximumBatchingWindowInSeconds, 1);
    assert.deepEqual(p.FunctionResponseTypes, ['ReportBatchItemFailures']);
    const wider = synth({ batchingWindowSeconds: '5', batchSize: '1000' });
    const widerEsm = onlyResource(wider.template, 'AWS::Lambda::EventSourceMapping').resource.Properties;
    assert.equal(widerEsm.MaximumBatchingWindowInSeconds, 5);
    assert.equal(widerEsm.BatchSize, 1000);
    assert.equal(widerEsm.ParallelizationFactor, 1);
    assert.deepEqual(widerEsm.FunctionResponseTypes, ['ReportBatchItemFailures']);
  });

  test('retries are finite and the record age is within the stream retention', () => {
    const p = esm.resource.Properties;
    assert.ok(p.MaximumRetryAttempts >= 0 && p.MaximumRetryAttempts <= 10_000);
    assert.ok(p.MaximumRecordAgeInSeconds >= 60 && p.MaximumRecordAgeInSeconds <= 24 * 3600);
  });

  test('is created only after the role that carries its permissions', () => {
    assert.ok(esm.resource.DependsOn.includes(stack.getLogicalId(stack.role.node.defaultChild as any)));
  });
});

describe('failure queue', () => {
  test('encrypted, retained 14 days', () => {
    const queue = onlyResource(template, 'AWS::SQS::Queue');
    assert.equal(queue.id, queueId);
    assert.deepEqual(queue.resource.Properties, {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  test('enforces TLS: denies every request without aws:SecureTransport', () => {
    const policy = onlyResource(template, 'AWS::SQS::QueuePolicy');
    assert.deepEqual(policy.resource.Properties.Queues, [{ Ref: queueId }]);
    assert.deepEqual(policy.resource.Properties.PolicyDocument.Statement, [
      {
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
    ]);
  });
});

describe('IAM', () => {
  const role = onlyResource(template, 'AWS::IAM::Role');

  test('the function role is assumable by Lambda only', () => {
    assert.deepEqual(role.resource.Properties.AssumeRolePolicyDocument.Statement, [
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });

  test('its policy is exactly the calls the function and its event source mapping make', () => {
    assert.deepEqual(role.resource.Properties.Policies, [
      {
        PolicyName: 'LeaderboardFunction',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReadWriteRanks',
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
              Resource: { 'Fn::GetAtt': [ranksId, 'Arn'] },
            },
            {
              Sid: 'MoveRankCounts',
              Effect: 'Allow',
              Action: 'dynamodb:UpdateItem',
              Resource: { 'Fn::GetAtt': [countsId, 'Arn'] },
            },
            {
              Sid: 'QueryTopOfBoard',
              Effect: 'Allow',
              Action: 'dynamodb:Query',
              Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ranksId, 'Arn'] }, '/index/ByRank']] },
            },
            {
              Sid: 'ReadWriteBoards',
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
              Resource: { 'Fn::GetAtt': [boardsId, 'Arn'] },
            },
            {
              Sid: 'ReadScoreStream',
              Effect: 'Allow',
              Action: [
                'dynamodb:DescribeStream',
                'dynamodb:GetRecords',
                'dynamodb:GetShardIterator',
                'dynamodb:ListStreams',
              ],
              Resource: { 'Fn::GetAtt': [scoresId, 'StreamArn'] },
            },
            {
              Sid: 'ReportFailedBatches',
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
            },
            {
              Sid: 'WriteOwnLogs',
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
            },
          ],
        },
      },
    ]);
  });

  test('the allowed actions are exactly these, on exactly these resources', () => {
    // Independent of statement layout: any extra action, or an action on a further resource
    // (a Scan, a Query on the table or on a GSI, a write to the scores table), fails here.
    const granted = new Set<string>();
    for (const { where, statement } of allPolicyStatements(template)) {
      if (statement.Effect !== 'Allow' || !where.startsWith(role.id)) continue;
      if (where.endsWith('AssumeRolePolicyDocument')) continue;
      for (const action of actionsOf(statement)) {
        for (const resource of [statement.Resource].flat()) {
          granted.add(`${action} ${JSON.stringify(resource)}`);
        }
      }
    }
    const ranksArn = JSON.stringify({ 'Fn::GetAtt': [ranksId, 'Arn'] });
    const rankIndexArn = JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [ranksId, 'Arn'] }, '/index/ByRank']] });
    const boardsArn = JSON.stringify({ 'Fn::GetAtt': [boardsId, 'Arn'] });
    const countsArn = JSON.stringify({ 'Fn::GetAtt': [countsId, 'Arn'] });
    const streamArn = JSON.stringify({ 'Fn::GetAtt': [scoresId, 'StreamArn'] });
    const expected = [
      `dynamodb:GetItem ${ranksArn}`,
      `dynamodb:PutItem ${ranksArn}`,
      `dynamodb:Query ${rankIndexArn}`,
      // The counters move inside the Ranks write's TransactWriteItems; a transaction needs the
      // action of each of its items (PutItem on Ranks, UpdateItem on RankCounts), none of its own.
      `dynamodb:UpdateItem ${countsArn}`,
      `dynamodb:GetItem ${boardsArn}`,
      `dynamodb:PutItem ${boardsArn}`,
      `dynamodb:DescribeStream ${streamArn}`,
      `dynamodb:GetRecords ${streamArn}`,
      `dynamodb:GetShardIterator ${streamArn}`,
      `dynamodb:ListStreams ${streamArn}`,
      `sqs:SendMessage ${JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })}`,
      `logs:CreateLogStream ${JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })}`,
      `logs:PutLogEvents ${JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })}`,
    ];
    assert.deepEqual([...granted].sort(), expected.sort());
    // Spelled out: the function reads no scores, scans nothing, queries only ByRank, and
    // updates only RankCounts items.
    const text = [...granted].join('\n');
    assert.doesNotMatch(text, /dynamodb:(Scan|BatchGetItem|BatchWriteItem|DeleteItem|TransactWriteItems)/);
    assert.deepEqual(
      [...granted].filter((g) => g.startsWith('dynamodb:UpdateItem')),
      [`dynamodb:UpdateItem ${countsArn}`],
    );
    assert.doesNotMatch(text, /ByGameScore/);
  });

  test('no managed policies, no separate policies, no other roles', () => {
    assert.equal(role.resource.Properties.ManagedPolicyArns, undefined);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.resourceCountIs('AWS::IAM::User', 0);
    template.resourceCountIs('AWS::IAM::Group', 0);
    // No managed FullAccess policy anywhere in the template, attached by any means.
    assert.doesNotMatch(JSON.stringify(template.toJSON()), /FullAccess/);
  });

  test('no Allow statement has a wildcard action or a wildcard resource', () => {
    const statements = allPolicyStatements(template);
    assert.ok(statements.length >= 7, 'the scan found the statements');
    for (const { where, statement } of statements) {
      if (statement.Effect !== 'Allow') continue;
      assert.equal(statement.NotAction, undefined, `${where}: NotAction`);
      assert.equal(statement.NotResource, undefined, `${where}: NotResource`);
      for (const action of actionsOf(statement)) {
        assert.doesNotMatch(action, /\*/, `${where}: wildcard action ${action}`);
      }
      const resources = statement.Resource === undefined ? [] : [statement.Resource].flat();
      for (const resource of resources) {
        assert.notEqual(resource, '*', `${where}: Resource "*"`);
      }
    }
  });

  test('the only wildcard action is the queue policy Deny that enforces TLS', () => {
    const wildcard = allPolicyStatements(template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.includes('*')),
    );
    assert.equal(wildcard.length, 1);
    assert.equal(wildcard[0].statement.Effect, 'Deny');
    assert.deepEqual(wildcard[0].statement.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
  });
});

describe('alarms', () => {
  test('three alarms, no actions unless a topic is configured', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    for (const alarm of Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'))) {
      assert.equal(alarm.Properties.AlarmActions, undefined);
      assert.equal(alarm.Properties.TreatMissingData, 'notBreaching');
    }
  });

  test('IteratorAge of the function, sustained above 60 s', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 60000,
    });
  });

  test('function Errors, any in 5 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  test('failure queue depth, any message visible', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  test('alarmTopicArn sends ALARM and OK of every alarm to the topic', () => {
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:streamboard-alarms';
    const withTopic = synth({ alarmTopicArn: topicArn });
    const alarms = Object.values<any>(withTopic.template.findResources('AWS::CloudWatch::Alarm'));
    assert.equal(alarms.length, 3);
    for (const alarm of alarms) {
      assert.deepEqual(alarm.Properties.AlarmActions, [topicArn]);
      assert.deepEqual(alarm.Properties.OKActions, [topicArn]);
    }
  });
});

describe('outputs', () => {
  test('table names, stream ARN, function, log group, queue URL', () => {
    const outputs = template.toJSON().Outputs;
    assert.deepEqual(outputs.ScoresTableName.Value, { Ref: scoresId });
    assert.deepEqual(outputs.LeaderboardTableName.Value, { Ref: boardsId });
    assert.deepEqual(outputs.RanksTableName.Value, { Ref: ranksId });
    assert.deepEqual(outputs.ScoresStreamArn.Value, { 'Fn::GetAtt': [scoresId, 'StreamArn'] });
    assert.deepEqual(outputs.FunctionName.Value, { Ref: functionId });
    assert.deepEqual(outputs.LogGroupName.Value, { Ref: logGroupId });
    assert.deepEqual(outputs.FailureQueueUrl.Value, ref(stack.failureQueue.queueUrl));
    template.hasOutput('FailureQueueUrl', { Value: Match.objectLike({ Ref: queueId }) });
  });
});
