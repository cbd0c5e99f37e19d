// The leaderboard function's environment: the settings of src/function/board_config.h, one
// environment variable per setting, named exactly as the function reads them.
//
// The table names, BOARD_SIZE, RANK_SHARDS, RANK_COUNT_DEPTH, WINDOWS and WINDOW_RETENTION_DAYS
// are always set, so the deployed configuration can be read off the function (RANK_SHARDS and
// RANK_COUNT_DEPTH fix the layout of the Ranks and RankCounts tables: changing them needs
// `streamboard reconcile`, docs/deploy.md, docs/ranks.md). The attribute names and DEFAULT_GAME are set only
// when they differ from the function's defaults.

import { BoardSettings, DEFAULT_BOARD_SETTINGS } from './config';

/** The environment variable of each BoardSettings field that is set only when not default. */
export const OPTIONAL_SETTING_VARIABLES = {
  playerAttribute: 'PLAYER_ATTRIBUTE',
  gameAttribute: 'GAME_ATTRIBUTE',
  scoreAttribute: 'SCORE_ATTRIBUTE',
  nameAttribute: 'NAME_ATTRIBUTE',
  updatedAtAttribute: 'UPDATED_AT_ATTRIBUTE',
  defaultGame: 'DEFAULT_GAME',
} as const satisfies Record<
  Exclude<keyof BoardSettings, 'boardSize' | 'rankShards' | 'rankCountDepth' | 'windows' | 'windowRetentionDays'>,
  string
>;

/** The names of the four tables (plain names or CloudFormation tokens). */
export interface TableNames {
  readonly scores: string;
  readonly leaderboard: string;
  readonly ranks: string;
  readonly rankCounts: string;
}

export function functionEnvironment(tables: TableNames, board: BoardSettings): Record<string, string> {
  const env: Record<string, string> = {
    SCORES_TABLE: tables.scores,
    LEADERBOARD_TABLE: tables.leaderboard,
    RANKS_TABLE: tables.ranks,
    BOARD_SIZE: String(board.boardSize),
    RANK_SHARDS: String(board.rankShards),
    RANK_COUNTS_TABLE: tables.rankCounts,
    RANK_COUNT_DEPTH: String(board.rankCountDepth),
    WINDOWS: board.windows,
    WINDOW_RETENTION_DAYS: String(board.windowRetentionDays),
  };
  for (const [field, variable] of Object.entries(OPTIONAL_SETTING_VARIABLES)) {
    const key = field as keyof typeof OPTIONAL_SETTING_VARIABLES;
    if (board[key] !== DEFAULT_BOARD_SETTINGS[key]) env[variable] = board[key];
  }
  return env;
}
