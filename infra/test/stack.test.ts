// The stack in its default mode (it creates both tables): every property it promises.

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
const queueId = stack.getLogicalId(stack.failureQueue.node.defaultChild as any);
const logGroupId = stack.getLogicalId(stack.logGroup.node.defaultChild as any);
const functionId = stack.getLogicalId(stack.function.node.defaultChild as any);

describe('tables', () => {
  test('exactly two tables are created', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test('GameScores: keys, NEW_IMAGE stream, ByGameScore index, on-demand, PITR, retained', () => {
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
        { AttributeName: 'Score', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByGameScore',
          KeySchema: [
            { AttributeName: 'GameId', KeyType: 'HASH' },
            { AttributeName: 'Score', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
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

  test('table names are configurable', () => {
    const custom = synth({ scoresTableName: 'Scores2', leaderboardTableName: 'Boards2' });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Scores2' });
    custom.template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Boards2' });
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

  test('environment is exactly the function configuration', () => {
    assert.deepEqual(fn.resource.Properties.Environment, {
      Variables: {
        SCORES_TABLE: { Ref: scoresId },
        LEADERBOARD_TABLE: { Ref: boardsId },
        SCORES_INDEX: 'ByGameScore',
        LEADERBOARD_SIZE: '5',
        PLAYER_ATTRIBUTE: 'PlayerId',
        GAME_ATTRIBUTE: 'GameId',
        SCORE_ATTRIBUTE: 'Score',
        NAME_ATTRIBUTE: 'PlayerName',
        DEFAULT_GAME: 'global',
      },
    });
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
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 21600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY","REMOVE"]}' }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
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
              Sid: 'ReadWriteBoards',
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
              Resource: { 'Fn::GetAtt': [boardsId, 'Arn'] },
            },
            {
              Sid: 'RefillFromScoreIndex',
              Effect: 'Allow',
              Action: 'dynamodb:Query',
              Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [scoresId, 'Arn'] }, '/index/ByGameScore']] },
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
    assert.deepEqual(outputs.ScoresStreamArn.Value, { 'Fn::GetAtt': [scoresId, 'StreamArn'] });
    assert.deepEqual(outputs.FunctionName.Value, { Ref: functionId });
    assert.deepEqual(outputs.LogGroupName.Value, { Ref: logGroupId });
    assert.deepEqual(outputs.FailureQueueUrl.Value, ref(stack.failureQueue.queueUrl));
    template.hasOutput('FailureQueueUrl', { Value: Match.objectLike({ Ref: queueId }) });
  });
});
