// Context validation: bad values fail the synth with a message naming the context key.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { ConfigError, DEFAULT_BOARD_SETTINGS, DEFAULT_FUNCTION_ZIP, readConfig } from '../lib/config';
import { INFRA_DIR, tempDir, throwawayZip } from './helpers';

const STREAM_ARN =
  'arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-01-01T00:00:00.000';

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

function configError(values: Record<string, unknown>, message: RegExp) {
  assert.throws(() => readConfig(reader(values), INFRA_DIR), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, message);
    return true;
  });
}

describe('readConfig', () => {
  test('defaults: GameScores, Leaderboard, Ranks, x86_64, create mode, 1 s window', () => {
    const zip = throwawayZip();
    const config = readConfig(reader({ functionZip: zip }), INFRA_DIR);
    assert.equal(config.functionZip, zip);
    assert.equal(config.architecture, Architecture.X86_64);
    assert.equal(config.scoresTableName, 'GameScores');
    assert.equal(config.leaderboardTableName, 'Leaderboard');
    assert.equal(config.ranksTableName, 'Ranks');
    assert.equal(config.existingScoresTable, undefined);
    assert.equal(config.existingLeaderboardTable, undefined);
    assert.equal(config.existingRanksTable, undefined);
    assert.equal(config.alarmTopicArn, undefined);
    assert.equal(config.batchingWindowSeconds, 1);
    assert.equal(config.batchSize, 100);
    assert.deepEqual(config.board, {
      boardSize: 5,
      rankShards: 1,
      playerAttribute: 'PlayerId',
      gameAttribute: 'GameId',
      scoreAttribute: 'Score',
      nameAttribute: 'PlayerName',
      updatedAtAttribute: 'UpdatedAt',
      defaultGame: 'global',
      rankCountDepth: 16,
      windows: 'all',
      windowRetentionDays: 35,
    });
    assert.equal(config.rankCountsTableName, 'RankCounts');
    assert.deepEqual(config.board, DEFAULT_BOARD_SETTINGS);
  });

  test('board settings: strings from -c and numbers from cdk.json', () => {
    const zip = throwawayZip();
    const config = readConfig(reader({ functionZip: zip, boardSize: '100', rankShards: 64, nameAttribute: ' Nick ' }), INFRA_DIR);
    assert.equal(config.board.boardSize, 100);
    assert.equal(config.board.rankShards, 64);
    assert.equal(config.board.nameAttribute, 'Nick');
  });

  test('boardSize is 1..100 and rankShards 1..64, integers', () => {
    const zip = throwawayZip();
    for (const bad of ['0', '101', '5.5', 'five', -1, 2.5, true]) {
      configError({ functionZip: zip, boardSize: bad }, /'boardSize' must be an integer from 1 to 100/);
    }
    for (const bad of ['0', '65', '1e1']) {
      configError({ functionZip: zip, rankShards: bad }, /'rankShards' must be an integer from 1 to 64/);
    }
  });

  test('batchingWindowSeconds is 1..300: 0 would drop the bound on board writes', () => {
    const zip = throwawayZip();
    assert.equal(readConfig(reader({ functionZip: zip, batchingWindowSeconds: '300' }), INFRA_DIR).batchingWindowSeconds, 300);
    configError({ functionZip: zip, batchingWindowSeconds: '0' }, /'batchingWindowSeconds' must be an integer from 1 to 300/);
    configError({ functionZip: zip, batchingWindowSeconds: 301 }, /'batchingWindowSeconds' must be an integer from 1 to 300/);
  });

  test('batchSize is 1..10000', () => {
    const zip = throwawayZip();
    assert.equal(readConfig(reader({ functionZip: zip, batchSize: '10000' }), INFRA_DIR).batchSize, 10000);
    configError({ functionZip: zip, batchSize: '0' }, /'batchSize' must be an integer from 1 to 10000/);
    configError({ functionZip: zip, batchSize: '10001' }, /'batchSize' must be an integer from 1 to 10000/);
  });

  test('attribute names: 1..255 bytes, player, game and score attributes distinct', () => {
    const zip = throwawayZip();
    configError({ functionZip: zip, scoreAttribute: 'x'.repeat(256) }, /'scoreAttribute' must be at most 255 bytes/);
    configError({ functionZip: zip, updatedAtAttribute: '' }, /'updatedAtAttribute' must not be empty/);
    configError({ functionZip: zip, gameAttribute: 'PlayerId' }, /'gameAttribute' names the same attribute as 'playerAttribute'/);
    configError({ functionZip: zip, scoreAttribute: 'GameId' }, /'scoreAttribute' names the same attribute as 'gameAttribute'/);
    configError({ functionZip: zip, defaultGame: 'é'.repeat(513) }, /'defaultGame' must be at most 1024 bytes/);
  });

  test('the three tables are distinct, in create and attach mode', () => {
    const zip = throwawayZip();
    configError({ functionZip: zip, ranksTableName: 'Leaderboard' }, /'ranksTableName' names the same table as 'leaderboardTableName'/);
    configError({ functionZip: zip, leaderboardTableName: 'GameScores' }, /'leaderboardTableName' names the same table as 'scoresTableName'/);
    configError(
      { functionZip: zip, existingScoresTable: 'GameScores', existingScoresStreamArn: STREAM_ARN, existingRanksTable: 'GameScores' },
      /'existingRanksTable' names the same table as 'existingScoresTable'/,
    );
  });

  test('the default package path is ../dist/leaderboard-function.zip from infra/', () => {
    assert.equal(DEFAULT_FUNCTION_ZIP, '../dist/leaderboard-function.zip');
  });

  test('a relative functionZip resolves against the base directory', () => {
    const zip = throwawayZip();
    const base = path.dirname(zip);
    const config = readConfig(reader({ functionZip: './leaderboard-function.zip' }), base);
    assert.equal(config.functionZip, zip);
  });

  test('a missing package says how to build it', () => {
    configError({ functionZip: path.join(tempDir(), 'none.zip') }, /not found[\s\S]*\.\/run package/);
  });

  test('the package must be a zip', () => {
    configError({ functionZip: tempDir() }, /must name a \.zip file/);
  });

  test('architecture is x86_64 or arm64', () => {
    const zip = throwawayZip();
    assert.equal(readConfig(reader({ functionZip: zip, architecture: 'arm64' }), INFRA_DIR).architecture, Architecture.ARM_64);
    configError({ functionZip: zip, architecture: 'aarch64' }, /'architecture' must be 'x86_64' or 'arm64'/);
  });

  test('attach mode derives the table ARN from the stream ARN', () => {
    const config = readConfig(
      reader({ functionZip: throwawayZip(), existingScoresTable: 'GameScores', existingScoresStreamArn: STREAM_ARN }),
      INFRA_DIR,
    );
    assert.deepEqual(config.existingScoresTable, {
      tableName: 'GameScores',
      streamArn: STREAM_ARN,
      tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/GameScores',
    });
  });

  test('attach mode needs both the table and the stream ARN', () => {
    const zip = throwawayZip();
    configError({ functionZip: zip, existingScoresTable: 'GameScores' }, /needs both/);
    configError({ functionZip: zip, existingScoresStreamArn: STREAM_ARN }, /needs both/);
  });

  test('the stream ARN must be a DynamoDB stream ARN of that table', () => {
    const zip = throwawayZip();
    configError(
      { functionZip: zip, existingScoresTable: 'GameScores', existingScoresStreamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/GameScores' },
      /'existingScoresStreamArn' is not a DynamoDB stream ARN/,
    );
    configError(
      { functionZip: zip, existingScoresTable: 'Other', existingScoresStreamArn: STREAM_ARN },
      /belongs to table 'GameScores'/,
    );
  });

  test('table names are validated', () => {
    const zip = throwawayZip();
    configError({ functionZip: zip, existingLeaderboardTable: 'no spaces' }, /'existingLeaderboardTable' is not a valid DynamoDB table name/);
    configError({ functionZip: zip, existingRanksTable: 'a/b' }, /'existingRanksTable' is not a valid DynamoDB table name/);
    configError({ functionZip: zip, ranksTableName: 'ab' }, /'ranksTableName' is not a valid/);
    configError({ functionZip: zip, scoresTableName: 'ab' }, /'scoresTableName' is not a valid/);
    configError({ functionZip: zip, leaderboardTableName: '' }, /'leaderboardTableName' must not be empty/);
    configError({ functionZip: zip, scoresTableName: 42 }, /'scoresTableName' must be a string/);
  });

  test('the alarm topic must be an SNS topic ARN', () => {
    configError(
      { functionZip: throwawayZip(), alarmTopicArn: 'arn:aws:sqs:us-east-1:123456789012:q' },
      /'alarmTopicArn' is not an SNS topic ARN/,
    );
  });
});
