// Deployment configuration of the Streamboard stack, read from CDK context values
// (`-c key=value` on the command line, or the "context" block of cdk.json).
//
// Every value is validated here, before any resource is defined, so a typo fails the synth
// with a message that names the context key instead of producing a broken template.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Architecture } from 'aws-cdk-lib/aws-lambda';

/** Context keys understood by the app. */
export const ContextKeys = {
  functionZip: 'functionZip',
  architecture: 'architecture',
  scoresTableName: 'scoresTableName',
  leaderboardTableName: 'leaderboardTableName',
  existingScoresTable: 'existingScoresTable',
  existingScoresStreamArn: 'existingScoresStreamArn',
  existingLeaderboardTable: 'existingLeaderboardTable',
  alarmTopicArn: 'alarmTopicArn',
} as const;

/** The package `./run package` builds, relative to infra/ (where `cdk` runs). */
export const DEFAULT_FUNCTION_ZIP = '../dist/leaderboard-function.zip';
export const DEFAULT_SCORES_TABLE = 'GameScores';
export const DEFAULT_LEADERBOARD_TABLE = 'Leaderboard';

/** An existing GameScores table to attach to instead of creating one. */
export interface ExistingScoresTable {
  readonly tableName: string;
  /** The table's current stream ARN (`aws dynamodb describe-table ... LatestStreamArn`). */
  readonly streamArn: string;
  /** The table ARN, derived from the stream ARN (same partition, region, account). */
  readonly tableArn: string;
}

export interface StreamboardConfig {
  /** Absolute path of the function package (a zip whose root holds `bootstrap`). */
  readonly functionZip: string;
  readonly architecture: Architecture;
  /** Name of the GameScores table this stack creates (ignored when attaching). */
  readonly scoresTableName: string;
  /** Name of the Leaderboard table this stack creates (ignored when attaching). */
  readonly leaderboardTableName: string;
  readonly existingScoresTable?: ExistingScoresTable;
  /** Name of an existing Leaderboard table to write to instead of creating one. */
  readonly existingLeaderboardTable?: string;
  /** SNS topic that receives the alarms' ALARM and OK notifications, if given. */
  readonly alarmTopicArn?: string;
}

/** Reads one context value; CDK passes `-c` values as strings, cdk.json may hold any JSON. */
export type ContextReader = (key: string) => unknown;

// DynamoDB table names: 3-255 characters of [a-zA-Z0-9_.-].
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
// arn:PARTITION:dynamodb:REGION:ACCOUNT:table/TABLE/stream/LABEL
const STREAM_ARN =
  /^arn:(aws[a-z-]*):dynamodb:([a-z0-9-]+):(\d{12}):table\/([a-zA-Z0-9_.-]{3,255})\/stream\/([^/\s]+)$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,256}(\.fifo)?$/;

/** A configuration error; the message names the context key at fault. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ConfigError(`context '${key}' must be a string, got ${JSON.stringify(value)}`);
  }
  const trimmed = value.trim();
  if (trimmed === '') throw new ConfigError(`context '${key}' must not be empty`);
  return trimmed;
}

function tableName(read: ContextReader, key: string, fallback?: string): string | undefined {
  const name = optionalString(read, key) ?? fallback;
  if (name !== undefined && !TABLE_NAME.test(name)) {
    throw new ConfigError(
      `context '${key}' is not a valid DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -): '${name}'`,
    );
  }
  return name;
}

function readArchitecture(read: ContextReader): Architecture {
  const value = optionalString(read, ContextKeys.architecture) ?? 'x86_64';
  switch (value) {
    case 'x86_64':
      return Architecture.X86_64;
    case 'arm64':
      return Architecture.ARM_64;
    default:
      throw new ConfigError(
        `context '${ContextKeys.architecture}' must be 'x86_64' or 'arm64', got '${value}'`,
      );
  }
}

function readExistingScoresTable(read: ContextReader): ExistingScoresTable | undefined {
  const name = tableName(read, ContextKeys.existingScoresTable);
  const streamArn = optionalString(read, ContextKeys.existingScoresStreamArn);
  if (name === undefined && streamArn === undefined) return undefined;
  if (name === undefined || streamArn === undefined) {
    throw new ConfigError(
      `attaching to an existing table needs both '${ContextKeys.existingScoresTable}' and ` +
        `'${ContextKeys.existingScoresStreamArn}'`,
    );
  }
  const match = STREAM_ARN.exec(streamArn);
  if (match === null) {
    throw new ConfigError(
      `context '${ContextKeys.existingScoresStreamArn}' is not a DynamoDB stream ARN ` +
        `(arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/stream/LABEL): '${streamArn}'`,
    );
  }
  const [, partition, region, account, arnTable] = match;
  if (arnTable !== name) {
    throw new ConfigError(
      `context '${ContextKeys.existingScoresStreamArn}' belongs to table '${arnTable}', ` +
        `not to '${ContextKeys.existingScoresTable}'='${name}'`,
    );
  }
  return {
    tableName: name,
    streamArn,
    tableArn: `arn:${partition}:dynamodb:${region}:${account}:table/${name}`,
  };
}

/**
 * Reads and validates the configuration. `baseDir` is the directory relative paths are
 * resolved against (infra/, where `cdk` runs). Throws ConfigError on any invalid value,
 * including a function package that does not exist.
 */
export function readConfig(read: ContextReader, baseDir: string): StreamboardConfig {
  const zipSetting = optionalString(read, ContextKeys.functionZip) ?? DEFAULT_FUNCTION_ZIP;
  const functionZip = path.resolve(baseDir, zipSetting);
  if (!functionZip.endsWith('.zip')) {
    throw new ConfigError(`context '${ContextKeys.functionZip}' must name a .zip file: '${zipSetting}'`);
  }
  if (!fs.existsSync(functionZip) || !fs.statSync(functionZip).isFile()) {
    throw new ConfigError(
      `function package not found: ${functionZip}\n` +
        `  Build it with './run package' at the repository root, or pass ` +
        `-c ${ContextKeys.functionZip}=PATH`,
    );
  }
  const alarmTopicArn = optionalString(read, ContextKeys.alarmTopicArn);
  if (alarmTopicArn !== undefined && !SNS_TOPIC_ARN.test(alarmTopicArn)) {
    throw new ConfigError(`context '${ContextKeys.alarmTopicArn}' is not an SNS topic ARN: '${alarmTopicArn}'`);
  }
  return {
    functionZip,
    architecture: readArchitecture(read),
    scoresTableName: tableName(read, ContextKeys.scoresTableName, DEFAULT_SCORES_TABLE)!,
    leaderboardTableName: tableName(read, ContextKeys.leaderboardTableName, DEFAULT_LEADERBOARD_TABLE)!,
    existingScoresTable: readExistingScoresTable(read),
    existingLeaderboardTable: tableName(read, ContextKeys.existingLeaderboardTable),
    alarmTopicArn,
  };
}
