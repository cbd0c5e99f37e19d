// The Streamboard stack: the GameScores, Ranks, RankCounts and Leaderboard tables (created, or
// attached when they already exist), the leaderboard function (the C++ `bootstrap` on provided.al2023),
// the event source mapping from the GameScores stream, its on-failure queue, a least-privilege
// role, a log group, alarms and outputs.
//
// The tables and the function are described in docs/deploy.md, the data model's argument in
// docs/correctness.md; the function's environment is the one src/function/board_config.h
// defines. The IAM policy grants exactly the calls the function makes (GetItem, PutItem on the
// Ranks and board tables; Query on the Ranks table's ByRank index; UpdateItem on RankCounts,
// whose counters move in the same TransactWriteItems as the Ranks put -- a transaction has no
// IAM action of its own, each of its items needs its own action) plus what the event source
// mapping needs from the function's role (read the stream, send failure records to the queue),
// and log writes to its own log group. The function never reads the scores table itself: its
// images arrive in the stream records.

import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { StreamboardConfig } from './config';
import { functionEnvironment } from './function-environment';
import { ReadApi, readApiSettings } from './read-api';

/** The RankCounts table's schema (fixed: src/function/rank_counts_item.h, docs/ranks.md). */
export const RankCounts = {
  /** Partition key (B): a count-tree node, the board key and a RankKey prefix. */
  nodeAttribute: 'Node',
  /** TTL: the nodes of a windowed board expire with its entries. */
  ttlAttribute: 'ExpiresAt',
} as const;

/** The board table's key (fixed: the function's board item, src/function/board_item.h). */
export const BOARD_GAME_ATTRIBUTE = 'GameId';

/** The Ranks table's schema (fixed: the function's Ranks item, docs/correctness.md). */
export const Ranks = {
  /** Partition key: the board key, the game id or `<game>#<k>` with RANK_SHARDS > 1. */
  boardAttribute: 'Board',
  /** Sort key: the player id. */
  playerAttribute: 'PlayerId',
  /** The local secondary index whose sort key order is the board order. */
  index: 'ByRank',
  /** Its sort key: an order-preserving encoding of (score desc, At asc, PlayerId asc). */
  rankKeyAttribute: 'RankKey',
  /** Epoch seconds after which a tombstone may be deleted by TTL. */
  ttlAttribute: 'ExpiresAt',
} as const;

/** Event source mapping settings; the reasoning is in docs/deploy.md ("How far one board scales"). */
export const StreamSettings = {
  /**
   * One batch at a time per shard (Lambda's default, pinned): with the batching window it bounds
   * a hot game's board writes per second (docs/correctness.md).
   */
  parallelizationFactor: 1,
  /** Function errors are transient (throttling, timeouts): poison records never fail a batch. */
  retryAttempts: 10,
  /** Give up on records older than 6 h (the stream keeps 24 h); the failure goes to the queue. */
  maxRecordAge: Duration.hours(6),
} as const;

export const FUNCTION_MEMORY_MB = 256;
export const FUNCTION_TIMEOUT = Duration.seconds(30);
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/** Failure records name a stream range that must be re-read; keep them as long as SQS allows. */
export const FAILURE_QUEUE_RETENTION = Duration.days(14);

/** Alarm thresholds. */
export const Alarms = {
  /** Maximum IteratorAge (ms) above which the consumer is considered behind. */
  iteratorAgeMs: 60_000,
  /** Consecutive 1-minute periods IteratorAge must stay high (avoids alarming on one slow batch). */
  iteratorAgePeriods: 5,
} as const;

export interface StreamboardStackProps extends StackProps {
  readonly config: StreamboardConfig;
}

/**
 * An on-failure destination that only names the queue. The stock `SqsDlq` also grants
 * sqs:GetQueueAttributes and sqs:GetQueueUrl; the event source mapping needs only
 * sqs:SendMessage, which the role's policy grants explicitly.
 */
class FailureQueueDestination implements lambda.IEventSourceDlq {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(): lambda.DlqDestinationConfig {
    return { destination: this.queue.queueArn };
  }
}

export class StreamboardStack extends Stack {
  readonly scoresTable: dynamodb.ITable;
  readonly scoresStreamArn: string;
  readonly leaderboardTable: dynamodb.ITable;
  readonly ranksTable: dynamodb.ITable;
  readonly rankCountsTable: dynamodb.Table;
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly failureQueue: sqs.Queue;
  readonly eventSourceMapping: lambda.EventSourceMapping;
  readonly alarms: {
    readonly iteratorAge: cloudwatch.Alarm;
    readonly errors: cloudwatch.Alarm;
    readonly failureQueueDepth: cloudwatch.Alarm;
  };

  constructor(scope: Construct, id: string, props: StreamboardStackProps) {
    super(scope, id, props);
    const config = props.config;
    const board = config.board;

    // --- Tables ---------------------------------------------------------------------------
    if (config.existingScoresTable !== undefined) {
      const existing = config.existingScoresTable;
      this.scoresTable = dynamodb.Table.fromTableAttributes(this, 'GameScores', {
        tableArn: existing.tableArn,
        tableStreamArn: existing.streamArn,
      });
      this.scoresStreamArn = existing.streamArn;
    } else {
      const scores = new dynamodb.Table(this, 'GameScores', {
        tableName: config.scoresTableName,
        partitionKey: { name: board.playerAttribute, type: dynamodb.AttributeType.STRING },
        sortKey: { name: board.gameAttribute, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        stream: dynamodb.StreamViewType.NEW_IMAGE,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // The scores are the users' data and the source of truth: `cdk destroy` must never
        // delete them. RETAIN (rather than deletion protection) keeps the table out of the
        // stack's deletion while still letting its owner delete it deliberately with one
        // `aws dynamodb delete-table`; redeploying afterwards attaches to it (docs/deploy.md).
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // No secondary index: the function ranks players in the Ranks table, which it maintains
      // from the stream, and `streamboard reconcile` scans this table.
      this.scoresTable = scores;
      this.scoresStreamArn = scores.tableStreamArn!;
    }

    if (config.existingLeaderboardTable !== undefined) {
      this.leaderboardTable = dynamodb.Table.fromTableName(
        this,
        'Leaderboard',
        config.existingLeaderboardTable,
      );
    } else {
      this.leaderboardTable = new dynamodb.Table(this, 'Leaderboard', {
        tableName: config.leaderboardTableName,
        partitionKey: { name: BOARD_GAME_ATTRIBUTE, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // Boards are derived data: the function rewrites a board from the Ranks table at its
        // next touch (and `streamboard reconcile` does so on demand), so they go with the stack.
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }

    if (config.existingRanksTable !== undefined) {
      // An existing table must have the same keys, the ByRank index (an LSI exists only if the
      // table was created with it) and TTL on ExpiresAt: docs/deploy.md.
      this.ranksTable = dynamodb.Table.fromTableName(this, 'Ranks', config.existingRanksTable);
    } else {
      const ranks = new dynamodb.Table(this, 'Ranks', {
        tableName: config.ranksTableName,
        partitionKey: { name: Ranks.boardAttribute, type: dynamodb.AttributeType.STRING },
        sortKey: { name: Ranks.playerAttribute, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // Removal tombstones keep their sequence number for 48 h (longer than the stream's 24 h
        // retention), so a replayed old record cannot bring a removed player back; then TTL
        // deletes them.
        timeToLiveAttribute: Ranks.ttlAttribute,
        // Derived data, like the boards: the stream (TRIM_HORIZON) and `streamboard reconcile`
        // rebuild it from GameScores, so it goes with the stack.
        removalPolicy: RemovalPolicy.DESTROY,
      });
      // Local, not global: the function reads the top N of a board with a strongly consistent
      // Query, which only a local index offers (a GSI is eventually consistent).
      ranks.addLocalSecondaryIndex({
        indexName: Ranks.index,
        sortKey: { name: Ranks.rankKeyAttribute, type: dynamodb.AttributeType.BINARY },
        projectionType: dynamodb.ProjectionType.ALL,
      });
      this.ranksTable = ranks;
    }
    const rankIndexArn = `${this.ranksTable.tableArn}/index/${Ranks.index}`;

    this.rankCountsTable = new dynamodb.Table(this, 'RankCounts', {
      tableName: config.rankCountsTableName,
      partitionKey: { name: RankCounts.nodeAttribute, type: dynamodb.AttributeType.BINARY },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: RankCounts.ttlAttribute,
      // Derived from Ranks (`streamboard reconcile` rebuilds it), so it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // --- Failure queue --------------------------------------------------------------------
    this.failureQueue = new sqs.Queue(this, 'StreamFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: FAILURE_QUEUE_RETENTION,
    });
    NagSuppressions.addResourceSuppressions(this.failureQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter destination of the stream event source ' +
          'mapping: it receives batch-failure records (shard and sequence range) and nothing ' +
          'consumes it automatically, so a further DLQ behind it would never receive anything.',
      },
    ]);

    // --- Function -------------------------------------------------------------------------
    this.logGroup = new logs.LogGroup(this, 'FunctionLogs', {
      retention: LOG_RETENTION,
      // Operational logs, not user data: removed with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Streamboard leaderboard function: ranks, boards, stream, failures, logs',
      // Inline on the role (not a separate AWS::IAM::Policy) so the permissions exist before
      // the event source mapping is created: Lambda checks the stream permissions then.
      inlinePolicies: {
        LeaderboardFunction: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ReadWriteRanks',
              actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
              resources: [this.ranksTable.tableArn],
            }),
            new iam.PolicyStatement({
              // The counters move only inside the Ranks write's TransactWriteItems (ADD).
              sid: 'MoveRankCounts',
              actions: ['dynamodb:UpdateItem'],
              resources: [this.rankCountsTable.tableArn],
            }),
            new iam.PolicyStatement({
              sid: 'QueryTopOfBoard',
              actions: ['dynamodb:Query'],
              resources: [rankIndexArn],
            }),
            new iam.PolicyStatement({
              sid: 'ReadWriteBoards',
              actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
              resources: [this.leaderboardTable.tableArn],
            }),
            new iam.PolicyStatement({
              sid: 'ReadScoreStream',
              actions: [
                'dynamodb:DescribeStream',
                'dynamodb:GetRecords',
                'dynamodb:GetShardIterator',
                'dynamodb:ListStreams',
              ],
              resources: [this.scoresStreamArn],
            }),
            new iam.PolicyStatement({
              sid: 'ReportFailedBatches',
              actions: ['sqs:SendMessage'],
              resources: [this.failureQueue.queueArn],
            }),
            new iam.PolicyStatement({
              sid: 'WriteOwnLogs',
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              // The log group's Arn attribute is `...:log-group:NAME:*`, which covers its
              // streams and nothing else.
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });

    this.function = new lambda.Function(this, 'LeaderboardFunction', {
      description: 'Streamboard: keeps the top-N board per game from the GameScores stream',
      runtime: lambda.Runtime.PROVIDED_AL2023,
      handler: 'bootstrap',
      code: lambda.Code.fromAsset(config.functionZip),
      architecture: config.architecture,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: FUNCTION_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      environment: functionEnvironment(
        {
          scores: this.scoresTable.tableName,
          leaderboard: this.leaderboardTable.tableName,
          ranks: this.ranksTable.tableName,
          rankCounts: this.rankCountsTable.tableName,
        },
        board,
      ),
    });

    // The read API (opt-in, context readApi=true): lib/read-api.ts.
    const readApi = readApiSettings((key) => this.node.tryGetContext(key));
    if (readApi) {
      new ReadApi(this, 'ReadApi', {
        settings: readApi, code: lambda.Code.fromAsset(config.functionZip), architecture: config.architecture,
        environment: functionEnvironment({ scores: this.scoresTable.tableName,
          leaderboard: this.leaderboardTable.tableName, ranks: this.ranksTable.tableName,
          rankCounts: this.rankCountsTable.tableName }, board),
        leaderboardTable: this.leaderboardTable,
        ranksTable: this.ranksTable, rankCountsTable: this.rankCountsTable,
      });
    }

    // --- Event source mapping -------------------------------------------------------------
    this.eventSourceMapping = new lambda.EventSourceMapping(this, 'ScoresStream', {
      target: this.function,
      eventSourceArn: this.scoresStreamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      // One board write per touched board per batch: bigger batches are cheaper.
      batchSize: config.batchSize,
      // A shard is invoked when its batch is full or the window has passed, one batch at a time:
      // while batches do not fill, at most one invocation (so one write per board) per window.
      maxBatchingWindow: Duration.seconds(config.batchingWindowSeconds),
      parallelizationFactor: StreamSettings.parallelizationFactor,
      bisectBatchOnError: true,
      retryAttempts: StreamSettings.retryAttempts,
      maxRecordAge: StreamSettings.maxRecordAge,
      reportBatchItemFailures: true,
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.or('INSERT', 'MODIFY', 'REMOVE'),
        }),
      ],
      onFailure: new FailureQueueDestination(this.failureQueue),
    });
    // CloudFormation must not create the mapping before the role carries the stream and queue
    // permissions (they are inline on the role, which the function already depends on).
    this.eventSourceMapping.node.addDependency(this.role);

    // --- Alarms ---------------------------------------------------------------------------
    const iteratorAge = new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
      alarmDescription:
        'The leaderboard function is falling behind the GameScores stream (or a shard is ' +
        'blocked by retries): the newest processed record is more than 60 s old.',
      metric: this.function.metric('IteratorAge', {
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      threshold: Alarms.iteratorAgeMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: Alarms.iteratorAgePeriods,
      datapointsToAlarm: Alarms.iteratorAgePeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const errors = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription:
        'The leaderboard function failed an invocation (crash, timeout or init error); the ' +
        'event source mapping retries the batch.',
      metric: this.function.metricErrors({
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const failureQueueDepth = new cloudwatch.Alarm(this, 'FailureQueueAlarm', {
      alarmDescription:
        'Stream records were given up on (retries or record age exhausted): the failure queue ' +
        'names the shard and sequence range. Boards may be stale; run `streamboard reconcile`.',
      metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms = { iteratorAge, errors, failureQueueDepth };

    if (config.alarmTopicArn !== undefined) {
      const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn);
      for (const alarm of [iteratorAge, errors, failureQueueDepth]) {
        alarm.addAlarmAction(new cwActions.SnsAction(topic));
        alarm.addOkAction(new cwActions.SnsAction(topic));
      }
    }

    // --- Outputs --------------------------------------------------------------------------
    new CfnOutput(this, 'ScoresTableName', { value: this.scoresTable.tableName });
    new CfnOutput(this, 'ScoresStreamArn', { value: this.scoresStreamArn });
    new CfnOutput(this, 'LeaderboardTableName', { value: this.leaderboardTable.tableName });
    new CfnOutput(this, 'RanksTableName', { value: this.ranksTable.tableName });
    new CfnOutput(this, 'RankCountsTableName', { value: this.rankCountsTable.tableName });
    new CfnOutput(this, 'FunctionName', { value: this.function.functionName });
    new CfnOutput(this, 'LogGroupName', { value: this.logGroup.logGroupName });
    new CfnOutput(this, 'FailureQueueUrl', { value: this.failureQueue.queueUrl });
  }
}
