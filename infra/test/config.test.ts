// Context validation: bad values fail the synth with a message naming the context key.

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { ConfigError, DEFAULT_FUNCTION_ZIP, readConfig } from '../lib/config';
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
  test('defaults: GameScores, Leaderboard, x86_64, create mode', () => {
    const zip = throwawayZip();
    const config = readConfig(reader({ functionZip: zip }), INFRA_DIR);
    assert.equal(config.functionZip, zip);
    assert.equal(config.architecture, Architecture.X86_64);
    assert.equal(config.scoresTableName, 'GameScores');
    assert.equal(config.leaderboardTableName, 'Leaderboard');
    assert.equal(config.existingScoresTable, undefined);
    assert.equal(config.existingLeaderboardTable, undefined);
    assert.equal(config.alarmTopicArn, undefined);
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
