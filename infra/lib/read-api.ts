// The read API on AWS (docs/read-api.md): the same function asset in read mode
// (FUNCTION_MODE=read) behind an API Gateway HTTP API, with stage throttling and CORS.
//
// Opt-in: context readApi=true. Context keys:
//   readApi                true | false (default false)
//   readApiCorsOrigins     comma-separated origins answered with CORS headers (default none)
//   readApiThrottleRate    steady requests per second of the stage (default 50, 1..10000)
//   readApiThrottleBurst   burst of the stage (default 100, 1..5000)
// The read function's role reads and nothing else: GetItem and Query on Ranks (the table and
// its ByRank index), BatchGetItem on RankCounts, Scan on the board table (the game list), and
// writes only its own log group.

import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ConfigError } from './config';

export const ReadApiContext = {
  enabled: 'readApi',
  corsOrigins: 'readApiCorsOrigins',
  throttleRate: 'readApiThrottleRate',
  throttleBurst: 'readApiThrottleBurst',
} as const;

export interface ReadApiSettings {
  readonly corsOrigins: string[];
  readonly throttleRate: number;
  readonly throttleBurst: number;
}

function intContext(value: unknown, key: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < 1 || n > max) {
    throw new ConfigError(`context '${key}' must be an integer from 1 to ${max}, got '${text}'`);
  }
  return n;
}

/** The read API's settings from context, or undefined when it is not enabled. */
export function readApiSettings(get: (key: string) => unknown): ReadApiSettings | undefined {
  const enabled = get(ReadApiContext.enabled);
  if (enabled === undefined || String(enabled) === 'false') return undefined;
  if (String(enabled) !== 'true') {
    throw new ConfigError(`context '${ReadApiContext.enabled}' must be true or false, got '${String(enabled)}'`);
  }
  const originsText = get(ReadApiContext.corsOrigins);
  const corsOrigins =
    originsText === undefined || String(originsText).trim() === ''
      ? []
      : String(originsText).split(',').map((o) => o.trim());
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s,]+$/.test(origin)) {
      throw new ConfigError(
        `context '${ReadApiContext.corsOrigins}' must list origins like https://example.com, got '${origin}'`,
      );
    }
  }
  return {
    corsOrigins,
    throttleRate: intContext(get(ReadApiContext.throttleRate), ReadApiContext.throttleRate, 50, 10000),
    throttleBurst: intContext(get(ReadApiContext.throttleBurst), ReadApiContext.throttleBurst, 100, 5000),
  };
}

export interface ReadApiProps {
  readonly settings: ReadApiSettings;
  readonly code: lambda.Code;
  readonly architecture: lambda.Architecture;
  /** The stream function's environment (tables and board settings): the read side reads the same. */
  readonly environment: Record<string, string>;
  readonly leaderboardTable: dynamodb.ITable;
  readonly ranksTable: dynamodb.ITable;
  readonly rankCountsTable: dynamodb.ITable;
}

export class ReadApi extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly api: apigwv2.HttpApi;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ReadApiProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Streamboard read API: reads Ranks, RankCounts and the board table, nothing else',
      inlinePolicies: {
        ReadOnly: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['dynamodb:GetItem', 'dynamodb:Query'],
              resources: [props.ranksTable.tableArn, `${props.ranksTable.tableArn}/index/ByRank`],
            }),
            new iam.PolicyStatement({
              actions: ['dynamodb:BatchGetItem'],
              resources: [props.rankCountsTable.tableArn],
            }),
            new iam.PolicyStatement({
              actions: ['dynamodb:Scan'],
              resources: [props.leaderboardTable.tableArn],
            }),
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });
    this.function = new lambda.Function(this, 'Function', {
      description: 'Streamboard read API: exact rank, neighbours and top N (FUNCTION_MODE=read)',
      runtime: lambda.Runtime.PROVIDED_AL2023,
      handler: 'bootstrap',
      code: props.code,
      architecture: props.architecture,
      memorySize: 256,
      timeout: Duration.seconds(10),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        ...props.environment,
        FUNCTION_MODE: 'read',
        ...(props.settings.corsOrigins.length > 0
          ? { CORS_ORIGINS: props.settings.corsOrigins.join(',') }
          : {}),
      },
    });
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Streamboard read API (GET /api/games, /api/windows, /api/top, /api/rank)',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Read', this.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      corsPreflight:
        props.settings.corsOrigins.length > 0
          ? {
              allowOrigins: props.settings.corsOrigins,
              allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.HEAD],
              allowHeaders: ['content-type'],
              maxAge: Duration.minutes(10),
            }
          : undefined,
    });
    const stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { rateLimit: props.settings.throttleRate, burstLimit: props.settings.throttleBurst },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs) },
    });
    this.url = stage.url;
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'The read API serves public leaderboard data (ranks, scores, names) to game clients; it ' +
            'is read-only, throttled at the stage, and its role can only read the three tables.',
        },
      ],
      true,
    );
    new CfnOutput(scope, 'ReadApiUrl', { value: this.url });
  }
}
