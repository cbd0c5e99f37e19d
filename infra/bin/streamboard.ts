#!/usr/bin/env node
// Entry point of the CDK app (cdk.json runs it after compiling). See docs/deploy.md.

import { App } from 'aws-cdk-lib';
import { buildStreamboard } from '../lib/app';
import { ConfigError } from '../lib/config';

try {
  const app = new App();
  buildStreamboard(app, process.cwd());
  app.synth();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`streamboard infra: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
