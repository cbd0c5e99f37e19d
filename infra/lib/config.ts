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
  ranksTableName: 'ranksTableName',
  rankCountsTableName: 'rankCountsTableName',
  existingScoresTable: 'existingScoresTable',
  existingScoresStreamArn: 'existingScoresStreamArn',
  existingLeaderboardTable: 'existingLeaderboardTable',
  existingRanksTable: 'existingRanksTable',
  alarmTopicArn: 'alarmTopicArn',
  batchingWindowSeconds: 'batchingWindowSeconds',
  batchSize: 'batchSize',
  boardSize: 'boardSize',
  rankShards: 'rankShards',
  playerAttribute: 'playerAttribute',
  gameAttribute: 'gameAttribute',
  scoreAttribute: 'scoreAttribute',
  nameAttribute: 'nameAttribute',
  updatedAtAttribute: 'updatedAtAttribute',
  defaultGame: 'defaultGame',
  rankCountDepth: 'rankCountDepth',
  windows: 'windows',
  windowRetentionDays: 'windowRetentionDays',
} as const;

/** The package `./run package` builds, relative to infra/ (where `cdk` runs). */
export const DEFAULT_FUNCTION_ZIP = '../dist/leaderboard-function.zip';
export const DEFAULT_SCORES_TABLE = 'GameScores';
export const DEFAULT_LEADERBOARD_TABLE = 'Leaderboard';
export const DEFAULT_RANKS_TABLE = 'Ranks';
export const DEFAULT_RANK_COUNTS_TABLE = 'RankCounts';
/**
 * Default MaximumBatchingWindowInSeconds of the event source mapping. A shard whose batches do
 * not fill up is invoked at most once per window, which bounds the board writes per second of
 * a hot game (docs/correctness.md, docs/deploy.md "How far one board scales"). The minimum is
 * 1, not Lambda's 0: with no window a shard is invoked as soon as records arrive, and that bound
 * is gone.
 */
export const DEFAULT_BATCHING_WINDOW_SECONDS = 1;
/** Lambda's limit for MaximumBatchingWindowInSeconds on a stream. */
export const MAX_BATCHING_WINDOW_SECONDS = 300;
/**
 * Default records per invocation. A batch that fills before the window ends is invoked at once,
 * so a shard stays within one invocation per window only below batchSize / window records/s.
 */
export const DEFAULT_BATCH_SIZE = 100;
/** Lambda's limit for BatchSize on a DynamoDB stream. */
export const MAX_BATCH_SIZE = 10_000;

/**
 * The function's data-model settings (src/function/board_config.h): each field is also a
 * context key, and maps to one environment variable of the function. The defaults are the
 * function's own; a test checks them against board_config.h.
 */
export interface BoardSettings {
  /** BOARD_SIZE: entries per board, 1..100. */
  readonly boardSize: number;
  /** RANK_SHARDS: Ranks partition keys per game, 1..64 (changing it needs `streamboard reconcile`). */
  readonly rankShards: number;
  /** PLAYER_ATTRIBUTE: the scores table's player id attribute (its partition key when created). */
  readonly playerAttribute: string;
  /** GAME_ATTRIBUTE: the scores table's game id attribute (its sort key when created). */
  readonly gameAttribute: string;
  /** SCORE_ATTRIBUTE */
  readonly scoreAttribute: string;
  /** NAME_ATTRIBUTE */
  readonly nameAttribute: string;
  /** UPDATED_AT_ATTRIBUTE: ISO-8601 time of the score, used to order ties. */
  readonly updatedAtAttribute: string;
  /** DEFAULT_GAME: the game of an item without a game id. */
  readonly defaultGame: string;
  /** RANK_COUNT_DEPTH: levels of the rank count tree, 0..32 (0: no counts; docs/ranks.md). */
  readonly rankCountDepth: number;
  /** WINDOWS: boards kept per game, a comma-separated list of all, daily, weekly, monthly. */
  readonly windows: string;
  /** WINDOW_RETENTION_DAYS: days a window's boards are kept after it ends, 1..3660. */
  readonly windowRetentionDays: number;
}

export const DEFAULT_BOARD_SETTINGS: BoardSettings = {
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
};
export const MAX_BOARD_SIZE = 100;
export const MAX_RANK_SHARDS = 64;
export const MAX_COUNT_DEPTH = 32;
export const MAX_WINDOW_RETENTION_DAYS = 3660;
export const WINDOW_KINDS = ['all', 'daily', 'weekly', 'monthly'] as const;

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
  /** Name of the Ranks table this stack creates (ignored when attaching). */
  readonly ranksTableName: string;
  /** Name of the RankCounts table this stack creates (the count tree, docs/ranks.md). */
  readonly rankCountsTableName: string;
  readonly existingScoresTable?: ExistingScoresTable;
  /** Name of an existing Leaderboard table to write to instead of creating one. */
  readonly existingLeaderboardTable?: string;
  /** Name of an existing Ranks table (with its ByRank index) to use instead of creating one. */
  readonly existingRanksTable?: string;
  /** SNS topic that receives the alarms' ALARM and OK notifications, if given. */
  readonly alarmTopicArn?: string;
  /** MaximumBatchingWindowInSeconds of the event source mapping, 1..300. */
  readonly batchingWindowSeconds: number;
  /** BatchSize of the event source mapping, 1..10000. */
  readonly batchSize: number;
  /** The function's data-model settings. */
  readonly board: BoardSettings;
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

function optionalInteger(read: ContextReader, key: string, fallback: number, min: number, max: number): number {
  const value = read(key);
  if (value === undefined || value === null) return fallback;
  const text = typeof value === 'string' ? value.trim() : value;
  const n = typeof text === 'number' ? text : /^[0-9]+$/.test(String(text)) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`context '${key}' must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A string setting of at most `maxBytes` UTF-8 bytes (an attribute name, a key value). */
function boundedString(read: ContextReader, key: string, fallback: string, maxBytes: number): string {
  const value = optionalString(read, key) ?? fallback;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > maxBytes) {
    throw new ConfigError(`context '${key}' must be at most ${maxBytes} bytes, got ${bytes}`);
  }
  return value;
}

// The same rules as LoadBoardConfig in src/function/board_config.cpp, so a value the function
// would refuse at start-up fails the synth instead.
function readBoardSettings(read: ContextReader): BoardSettings {
  const d = DEFAULT_BOARD_SETTINGS;
  const attribute = (key: string, fallback: string) => boundedString(read, key, fallback, 255);
  const settings: BoardSettings = {
    boardSize: optionalInteger(read, ContextKeys.boardSize, d.boardSize, 1, MAX_BOARD_SIZE),
    rankShards: optionalInteger(read, ContextKeys.rankShards, d.rankShards, 1, MAX_RANK_SHARDS),
    playerAttribute: attribute(ContextKeys.playerAttribute, d.playerAttribute),
    gameAttribute: attribute(ContextKeys.gameAttribute, d.gameAttribute),
    scoreAttribute: attribute(ContextKeys.scoreAttribute, d.scoreAttribute),
    nameAttribute: attribute(ContextKeys.nameAttribute, d.nameAttribute),
    updatedAtAttribute: attribute(ContextKeys.updatedAtAttribute, d.updatedAtAttribute),
    defaultGame: boundedString(read, ContextKeys.defaultGame, d.defaultGame, 1024),
    rankCountDepth: optionalInteger(read, ContextKeys.rankCountDepth, d.rankCountDepth, 0, MAX_COUNT_DEPTH),
    windows: readWindows(read),
    windowRetentionDays: optionalInteger(
      read,
      ContextKeys.windowRetentionDays,
      d.windowRetentionDays,
      1,
      MAX_WINDOW_RETENTION_DAYS,
    ),
  };
  if (settings.defaultGame.includes('\u001f')) {
    throw new ConfigError(`context '${ContextKeys.defaultGame}' must not contain U+001F (the window separator)`);
  }
  const keyed: Array<[string, string]> = [
    [ContextKeys.playerAttribute, settings.playerAttribute],
    [ContextKeys.gameAttribute, settings.gameAttribute],
    [ContextKeys.scoreAttribute, settings.scoreAttribute],
  ];
  assertDistinct(keyed, 'attribute');
  return settings;
}

// ParseWindowKinds (src/leaderboard/window.h) plus LoadBoardConfig's rule that "all" is kept.
function readWindows(read: ContextReader): string {
  const value = optionalString(read, ContextKeys.windows) ?? DEFAULT_BOARD_SETTINGS.windows;
  const kinds = value.split(',');
  for (const kind of kinds) {
    if (!(WINDOW_KINDS as readonly string[]).includes(kind)) {
      throw new ConfigError(
        `context '${ContextKeys.windows}' has an unknown window '${kind}' (expected ${WINDOW_KINDS.join(', ')})`,
      );
    }
  }
  if (new Set(kinds).size !== kinds.length) {
    throw new ConfigError(`context '${ContextKeys.windows}' names a window twice: '${value}'`);
  }
  if (!kinds.includes('all')) {
    throw new ConfigError(
      `context '${ContextKeys.windows}' must contain all (the Leaderboard item is derived from the all-time boards): '${value}'`,
    );
  }
  return value;
}

/** Fails when two of `named` (context key, value) have the same value. */
function assertDistinct(named: Array<[string, string]>, what: string): void {
  for (let i = 0; i < named.length; ++i) {
    for (let j = i + 1; j < named.length; ++j) {
      if (named[i][1] === named[j][1]) {
        throw new ConfigError(
          `context '${named[j][0]}' names the same ${what} as '${named[i][0]}': '${named[j][1]}'`,
        );
      }
    }
  }
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
  const config: StreamboardConfig = {
    functionZip,
    architecture: readArchitecture(read),
    scoresTableName: tableName(read, ContextKeys.scoresTableName, DEFAULT_SCORES_TABLE)!,
    leaderboardTableName: tableName(read, ContextKeys.leaderboardTableName, DEFAULT_LEADERBOARD_TABLE)!,
    ranksTableName: tableName(read, ContextKeys.ranksTableName, DEFAULT_RANKS_TABLE)!,
    rankCountsTableName: tableName(read, ContextKeys.rankCountsTableName, DEFAULT_RANK_COUNTS_TABLE)!,
    existingScoresTable: readExistingScoresTable(read),
    existingLeaderboardTable: tableName(read, ContextKeys.existingLeaderboardTable),
    existingRanksTable: tableName(read, ContextKeys.existingRanksTable),
    alarmTopicArn,
    batchingWindowSeconds: optionalInteger(
      read,
      ContextKeys.batchingWindowSeconds,
      DEFAULT_BATCHING_WINDOW_SECONDS,
      1,
      MAX_BATCHING_WINDOW_SECONDS,
    ),
    batchSize: optionalInteger(read, ContextKeys.batchSize, DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
    board: readBoardSettings(read),
  };
  // The function writes boards and Ranks entries; one table for two roles would corrupt both.
  assertDistinct(
    [
      config.existingScoresTable !== undefined
        ? [ContextKeys.existingScoresTable, config.existingScoresTable.tableName]
        : [ContextKeys.scoresTableName, config.scoresTableName],
      config.existingLeaderboardTable !== undefined
        ? [ContextKeys.existingLeaderboardTable, config.existingLeaderboardTable]
        : [ContextKeys.leaderboardTableName, config.leaderboardTableName],
      config.existingRanksTable !== undefined
        ? [ContextKeys.existingRanksTable, config.existingRanksTable]
        : [ContextKeys.ranksTableName, config.ranksTableName],
      [ContextKeys.rankCountsTableName, config.rankCountsTableName],
    ],
    'table',
  );
  return config;
}
