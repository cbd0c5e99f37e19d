// Builds the Streamboard CDK app: reads the configuration from context, defines the stack and
// applies cdk-nag's AwsSolutions checks. Shared by bin/streamboard.ts and the tests, so the
// tests check exactly what `cdk synth` / `cdk deploy` produce.

import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config';
import { StreamboardStack } from './streamboard-stack';

export const STACK_NAME = 'Streamboard';

/**
 * Adds the stack to `app`. Relative paths in context (functionZip) resolve against `baseDir`.
 * Throws ConfigError on invalid context.
 */
export function buildStreamboard(app: App, baseDir: string): StreamboardStack {
  const config = readConfig((key) => app.node.tryGetContext(key), baseDir);
  const stack = new StreamboardStack(app, STACK_NAME, {
    config,
    description: 'Streamboard: real-time game leaderboard on DynamoDB Streams and Lambda',
    // Environment-agnostic: the account and region come from the credentials `cdk deploy`
    // uses, so the template tested here is the template deployed.
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return stack;
}
