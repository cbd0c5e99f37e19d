// Attach mode: the stack serves tables that already exist (for example a GameScores table made
// by following the tutorial), imported by name and stream ARN; IAM stays on their exact ARNs.
// The function never touches the scores table itself, only its stream.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { onlyResource, synth } from './helpers';

const STREAM_ARN =
  'arn:aws:dynamodb:eu-west-1:123456789012:table/GameScores/stream/2024-05-01T10:20:30.123';
const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/GameScores';

function statement(template: any, sid: string): any {
  const role = onlyResource(template, 'AWS::IAM::Role').resource;
  const found = role.Properties.Policies[0].PolicyDocument.Statement.filter((s: any) => s.Sid === sid);
  assert.equal(found.length, 1, sid);
  return found[0];
}

describe('attach to an existing GameScores table', () => {
  const { stack, template } = synth({
    existingScoresTable: 'GameScores',
    existingScoresStreamArn: STREAM_ARN,
  });
  const boardsId = stack.getLogicalId(stack.leaderboardTable.node.defaultChild as any);
  const ranksId = stack.getLogicalId(stack.ranksTable.node.defaultChild as any);

  test('GameScores is not created; Ranks, RankCounts and Leaderboard still are', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 3);
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'RankCounts' });
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Leaderboard' });
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Ranks' });
  });

  test('the event source mapping reads the given stream', () => {
    const esm = onlyResource(template, 'AWS::Lambda::EventSourceMapping').resource;
    assert.equal(esm.Properties.EventSourceArn, STREAM_ARN);
    assert.equal(esm.Properties.StartingPosition, 'TRIM_HORIZON');
  });

  test('the function is told the imported table name', () => {
    const fn = onlyResource(template, 'AWS::Lambda::Function').resource;
    assert.equal(fn.Properties.Environment.Variables.SCORES_TABLE, 'GameScores');
    assert.deepEqual(fn.Properties.Environment.Variables.LEADERBOARD_TABLE, { Ref: boardsId });
    assert.deepEqual(fn.Properties.Environment.Variables.RANKS_TABLE, { Ref: ranksId });
  });

  test('IAM is scoped to the imported stream; nothing on the imported table or its indexes', () => {
    assert.deepEqual(statement(template, 'ReadScoreStream').Resource, STREAM_ARN);
    assert.deepEqual(statement(template, 'ReadWriteRanks').Resource, { 'Fn::GetAtt': [ranksId, 'Arn'] });
    assert.deepEqual(statement(template, 'ReadWriteBoards').Resource, { 'Fn::GetAtt': [boardsId, 'Arn'] });
    const role = onlyResource(template, 'AWS::IAM::Role').resource;
    const resources = JSON.stringify(role.Properties.Policies);
    assert.ok(!resources.includes(`"${TABLE_ARN}"`), 'no statement on the scores table');
    assert.ok(!resources.includes(`${TABLE_ARN}/index`), 'no statement on an index of the scores table');
  });

  test('outputs name the imported table and stream', () => {
    const outputs = template.toJSON().Outputs;
    assert.equal(outputs.ScoresTableName.Value, 'GameScores');
    assert.equal(outputs.ScoresStreamArn.Value, STREAM_ARN);
  });
});

describe('attach to existing GameScores and Leaderboard tables', () => {
  const { template } = synth({
    existingScoresTable: 'GameScores',
    existingScoresStreamArn: STREAM_ARN,
    existingLeaderboardTable: 'MyBoards',
  });

  test('only the Ranks and RankCounts tables are created', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'Ranks' });
  });

  test('board permissions are on the imported table ARN in the stack account and region', () => {
    assert.deepEqual(statement(template, 'ReadWriteBoards').Resource, {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':dynamodb:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':table/MyBoards',
        ],
      ],
    });
    const fn = onlyResource(template, 'AWS::Lambda::Function').resource;
    assert.equal(fn.Properties.Environment.Variables.LEADERBOARD_TABLE, 'MyBoards');
  });

  test('still no wildcard in any Allow statement of the role', () => {
    const role = onlyResource(template, 'AWS::IAM::Role').resource;
    for (const s of role.Properties.Policies[0].PolicyDocument.Statement) {
      for (const action of [s.Action].flat()) assert.doesNotMatch(action, /\*/);
      for (const resource of [s.Resource].flat()) {
        assert.doesNotMatch(JSON.stringify(resource), /\*/);
      }
    }
  });
});

describe('attach to existing GameScores, Leaderboard and Ranks tables', () => {
  const { template } = synth({
    existingScoresTable: 'GameScores',
    existingScoresStreamArn: STREAM_ARN,
    existingLeaderboardTable: 'MyBoards',
    existingRanksTable: 'MyRanks',
  });
  const imported = (name: string) => ({
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:table/${name}`],
    ],
  });

  test('no table is created but RankCounts (derived, always the stack\'s own)', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'RankCounts' });
  });

  test('Ranks permissions are on the imported table and its ByRank index', () => {
    assert.deepEqual(statement(template, 'ReadWriteRanks').Resource, imported('MyRanks'));
    assert.deepEqual(statement(template, 'QueryTopOfBoard').Resource, imported('MyRanks/index/ByRank'));
    const fn = onlyResource(template, 'AWS::Lambda::Function').resource;
    assert.equal(fn.Properties.Environment.Variables.RANKS_TABLE, 'MyRanks');
  });
});

describe('attach mode with a table of another name', () => {
  test('the table name comes from the context and must match the stream ARN', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Scores/stream/2024-01-01T00:00:00.000';
    const { template } = synth({ existingScoresTable: 'Scores', existingScoresStreamArn: arn });
    assert.equal(statement(template, 'ReadScoreStream').Resource, arn);
    const fn = onlyResource(template, 'AWS::Lambda::Function').resource;
    assert.equal(fn.Properties.Environment.Variables.SCORES_TABLE, 'Scores');
  });
});
