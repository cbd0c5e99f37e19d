// The leaderboard function's environment: the settings of src/function/board_config.h, one
// environment variable per setting, named exactly as the function reads them.
//
// The table names, BOARD_SIZE and RANK_SHARDS are always set, so the deployed configuration can
// be read off the function (RANK_SHARDS fixes the layout of the Ranks table: changing it needs
// `streamboard reconcile`, docs/deploy.md). The attribute names and DEFAULT_GAME are set only
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
} as const satisfies Record<Exclude<keyof BoardSettings, 'boardSize' | 'rankShards'>, string>;

/** The names of the three tables (plain names or CloudFormation tokens). */
export interface TableNames {
  readonly scores: string;
  readonly leaderboard: string;
  readonly ranks: string;
}

export function functionEnvironment(tables: TableNames, board: BoardSettings): Record<string, string> {
  const env: Record<string, string> = {
    SCORES_TABLE: tables.scores,
    LEADERBOARD_TABLE: tables.leaderboard,
    RANKS_TABLE: tables.ranks,
    BOARD_SIZE: String(board.boardSize),
    RANK_SHARDS: String(board.rankShards),
  };
  for (const [field, variable] of Object.entries(OPTIONAL_SETTING_VARIABLES)) {
    const key = field as keyof typeof OPTIONAL_SETTING_VARIABLES;
    if (board[key] !== DEFAULT_BOARD_SETTINGS[key]) env[variable] = board[key];
  }
  return env;
}
