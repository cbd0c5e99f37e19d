// Test helpers: a throwaway function package, and synthesis of the app exactly as
// bin/streamboard.ts builds it (same builder, same cdk.json context), into a temp directory.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStreamboard } from '../lib/app';
import { StreamboardStack } from '../lib/streamboard-stack';

/** The infra/ directory (this file runs from infra/build/test/). */
export const INFRA_DIR = path.resolve(__dirname, '..', '..');

const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'streamboard-infra-test-'));
process.on('exit', () => fs.rmSync(tempRoot, { recursive: true, force: true }));

/** A fresh empty directory under the test run's temp root. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(tempRoot, 'd-'));
}

// The smallest valid zip archive: an End Of Central Directory record and no entries.
const EMPTY_ZIP = Buffer.from([
  0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);

/**
 * Writes a throwaway function package and returns its path. The synthesized template only
 * references the asset by hash, so the real zip's contents (the C++ bootstrap built by
 * `./run package`) are irrelevant to these assertions; the tests never depend on the C++ build.
 */
export function throwawayZip(): string {
  const file = path.join(tempDir(), 'leaderboard-function.zip');
  fs.writeFileSync(file, EMPTY_ZIP);
  return file;
}

/** The "context" block of cdk.json, so tests see the same feature flags as `cdk synth`. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(INFRA_DIR, 'cdk.json'), 'utf8'));
  return cdkJson.context ?? {};
}

export interface Synthesized {
  readonly app: App;
  readonly stack: StreamboardStack;
  readonly template: Template;
}

/** Builds the app with `context` (plus a throwaway functionZip unless given) and synthesizes. */
export function synth(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({
    outdir: tempDir(),
    context: { ...cdkJsonContext(), functionZip: throwawayZip(), ...context },
  });
  const stack = buildStreamboard(app, INFRA_DIR);
  const template = Template.fromStack(stack);
  return { app, stack, template };
}

/** The single resource of `type` in the template; fails if there is not exactly one. */
export function onlyResource(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  if (ids.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  }
  return { id: ids[0], resource: found[ids[0]] };
}

/** Every IAM policy statement in the template, with where it was found. */
export function allPolicyStatements(template: Template): Array<{ where: string; statement: any }> {
  const out: Array<{ where: string; statement: any }> = [];
  const json = template.toJSON();
  for (const [id, resource] of Object.entries<any>(json.Resources ?? {})) {
    const props = resource.Properties ?? {};
    const documents: Array<{ where: string; doc: any }> = [];
    if (props.AssumeRolePolicyDocument) {
      documents.push({ where: `${id}.AssumeRolePolicyDocument`, doc: props.AssumeRolePolicyDocument });
    }
    for (const p of props.Policies ?? []) {
      documents.push({ where: `${id}.Policies.${p.PolicyName}`, doc: p.PolicyDocument });
    }
    if (props.PolicyDocument) documents.push({ where: `${id}.PolicyDocument`, doc: props.PolicyDocument });
    for (const { where, doc } of documents) {
      for (const statement of doc.Statement ?? []) out.push({ where, statement });
    }
  }
  return out;
}

/** A statement's actions as a list. */
export function actionsOf(statement: any): string[] {
  const actions = statement.Action ?? statement.NotAction ?? [];
  return Array.isArray(actions) ? actions : [actions];
}
