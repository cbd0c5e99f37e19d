// The stack's settings against the function's own definition of them,
// src/function/board_config.h: the same environment variable names, the same defaults, the
// same ranges. A setting renamed or re-defaulted on one side only fails here, not on AWS.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_BOARD_SETTINGS,
  DEFAULT_LEADERBOARD_TABLE,
  DEFAULT_RANKS_TABLE,
  DEFAULT_RANK_COUNTS_TABLE,
  DEFAULT_SCORES_TABLE,
  MAX_BOARD_SIZE,
  MAX_RANK_SHARDS,
  MAX_WINDOW_RETENTION_DAYS,
} from '../lib/config';
import { OPTIONAL_SETTING_VARIABLES, functionEnvironment } from '../lib/function-environment';
import { INFRA_DIR, onlyResource, synth } from './helpers';

const HEADER = path.join(INFRA_DIR, '..', 'src', 'function', 'board_config.h');

/** The fields of `struct BoardConfig` with their default values, as written in the header. */
function headerDefaults(): Map<string, string | number> {
  const text = fs.readFileSync(HEADER, 'utf8');
  const body = /struct BoardConfig \{([\s\S]*?)\n\};/.exec(text);
  assert.ok(body, `struct BoardConfig not found in ${HEADER}`);
  const fields = new Map<string, string | number>();
  for (const m of body[1].matchAll(/^\s*(?:std::string|size_t)\s+(\w+)\s*=\s*(?:"([^"]*)"|(\d+))\s*;/gm)) {
    fields.set(m[1], m[2] !== undefined ? m[2] : Number(m[3]));
  }
  return fields;
}

function headerConstant(name: string): number {
  const m = new RegExp(`constexpr size_t ${name} = (\\d+);`).exec(fs.readFileSync(HEADER, 'utf8'));
  assert.ok(m, `${name} not found in ${HEADER}`);
  return Number(m[1]);
}

/** snake_case field -> its environment variable, the header's naming rule. */
const variableOf = (field: string) => field.toUpperCase();

describe('settings match src/function/board_config.h', () => {
  const fields = headerDefaults();

  test('the header declares the fifteen settings', () => {
    assert.equal(fields.size, 15, [...fields.keys()].join(', '));
  });

  test('same environment variable names', () => {
    const env = functionEnvironment(
      { scores: 's', leaderboard: 'l', ranks: 'r', rankCounts: 'c' },
      DEFAULT_BOARD_SETTINGS,
    );
    const names = new Set([...Object.keys(env), ...Object.values(OPTIONAL_SETTING_VARIABLES)]);
    assert.deepEqual([...names].sort(), [...fields.keys()].map(variableOf).sort());
  });

  test('same defaults', () => {
    const ours: Record<string, string | number> = {
      SCORES_TABLE: DEFAULT_SCORES_TABLE,
      LEADERBOARD_TABLE: DEFAULT_LEADERBOARD_TABLE,
      RANKS_TABLE: DEFAULT_RANKS_TABLE,
      BOARD_SIZE: DEFAULT_BOARD_SETTINGS.boardSize,
      RANK_SHARDS: DEFAULT_BOARD_SETTINGS.rankShards,
      RANK_COUNTS_TABLE: DEFAULT_RANK_COUNTS_TABLE,
      RANK_COUNT_DEPTH: DEFAULT_BOARD_SETTINGS.rankCountDepth,
      WINDOWS: DEFAULT_BOARD_SETTINGS.windows,
      WINDOW_RETENTION_DAYS: DEFAULT_BOARD_SETTINGS.windowRetentionDays,
    };
    for (const [field, variable] of Object.entries(OPTIONAL_SETTING_VARIABLES)) {
      ours[variable] = DEFAULT_BOARD_SETTINGS[field as keyof typeof OPTIONAL_SETTING_VARIABLES];
    }
    for (const [field, value] of fields) {
      assert.equal(ours[variableOf(field)], value, `default of ${variableOf(field)}`);
    }
  });

  test('same ranges', () => {
    assert.equal(MAX_BOARD_SIZE, headerConstant('kMaxBoardSize'));
    assert.equal(MAX_RANK_SHARDS, headerConstant('kMaxRankShards'));
    assert.equal(MAX_WINDOW_RETENTION_DAYS, headerConstant('kMaxWindowRetentionDays'));
  });
});

describe('docs/deploy.md settings table', () => {
  // Rows: | `contextKey` | `VARIABLE` | `--flag` | `default` | meaning |
  const doc = fs.readFileSync(path.join(INFRA_DIR, '..', 'docs', 'deploy.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `(\w+)` \| `([A-Z_]+)` \| `(--[a-z-]+)` \| `([^`]*)` \|/gm)].map((m) => ({
    key: m[1],
    variable: m[2],
    flag: m[3],
    fallback: m[4],
  }));
  const fields = headerDefaults();

  test('one row per setting of the function, with its default', () => {
    assert.deepEqual(rows.map((r) => r.variable).sort(), [...fields.keys()].map(variableOf).sort());
    for (const row of rows) {
      const field = [...fields.keys()].find((f) => variableOf(f) === row.variable)!;
      assert.equal(row.fallback, String(fields.get(field)), `default of ${row.variable}`);
    }
  });

  test('each context key sets the variable its row names', () => {
    // Distinct non-default values for every row at once, then read them back off the function.
    const context: Record<string, string> = {};
    rows.forEach((row, i) => {
      // WINDOWS is a list that must keep "all": another valid list stands in for a new value.
      if (row.key === 'windows') context[row.key] = 'all,daily';
      else context[row.key] = /^\d+$/.test(row.fallback) ? String(Number(row.fallback) + 2 + i) : `Value_${i}`;
    });
    const { stack, template } = synth(context);
    const vars = onlyResource(template, 'AWS::Lambda::Function').resource.Properties.Environment.Variables;
    const resources = template.toJSON().Resources;
    for (const row of rows) {
      const value = vars[row.variable];
      assert.notEqual(value, undefined, `${row.key} -> ${row.variable} is not set`);
      const resolved = typeof value === 'string' ? value : resources[stack.resolve(value).Ref].Properties.TableName;
      assert.equal(resolved, context[row.key], `${row.key} -> ${row.variable}`);
    }
  });
});
