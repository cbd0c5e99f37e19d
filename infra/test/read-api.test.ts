// The read API (context readApi=true, lib/read-api.ts): off by default; the read function runs
// the same asset with FUNCTION_MODE=read; its role only reads (GetItem/Query on Ranks and ByRank,
// BatchGetItem on RankCounts, Scan on the board table) and writes its own logs; the HTTP API's
// stage is throttled from context; CORS origins from context reach both API Gateway and the
// function; no unsuppressed cdk-nag finding.

import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { synth } from './helpers';

const ON = {
  readApi: 'true',
  readApiCorsOrigins: 'https://game.example, https://admin.example',
  readApiThrottleRate: '20',
  readApiThrottleBurst: '40',
};

function readFunction(template: any): any {
  const fns = Object.values<any>(template.findResources('AWS::Lambda::Function'));
  const read = fns.filter((f) => f.Properties.Environment?.Variables?.FUNCTION_MODE === 'read');
  assert.equal(read.length, 1);
  return read[0];
}

function roleStatements(template: any, roleRef: any): any[] {
  const roles = template.toJSON().Resources;
  const role = roles[roleRef['Fn::GetAtt'][0]];
  return role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
}

describe('read API', () => {
  test('is off unless readApi=true', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    assert.throws(() => synth({ readApi: 'yes' }), /readApi/);
  });

  const { stack, template } = synth(ON);

  test('the same asset in read mode, with the stream function settings and CORS origins', () => {
    const fns = Object.values<any>(template.findResources('AWS::Lambda::Function'));
    assert.equal(fns.length, 2);
    const [stream] = fns.filter((f) => f.Properties.Environment.Variables.FUNCTION_MODE === undefined);
    const read = readFunction(template);
    assert.deepEqual(read.Properties.Code, stream.Properties.Code);
    const env = read.Properties.Environment.Variables;
    assert.equal(env.CORS_ORIGINS, 'https://game.example,https://admin.example');
    for (const [k, v] of Object.entries(stream.Properties.Environment.Variables)) {
      assert.deepEqual(env[k], v, k);
    }
    assert.equal(read.Properties.Runtime, 'provided.al2023');
  });

  test('its role reads the three tables and writes its own logs, nothing else', () => {
    const read = readFunction(template);
    const statements = roleStatements(template, read.Properties.Role);
    const actions = statements.flatMap((s: any) => [].concat(s.Action)).sort();
    assert.deepEqual(actions, [
      'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan',
      'logs:CreateLogStream', 'logs:PutLogEvents',
    ]);
    for (const s of statements) {
      assert.equal(s.Effect, 'Allow');
      assert.ok(!JSON.stringify(s.Resource).includes('"*"'), JSON.stringify(s));
      for (const a of [].concat(s.Action) as string[]) {
        assert.ok(!/Put|Update|Delete|Write|Transact/.test(a.replace('PutLogEvents', '')), a);
      }
    }
    const byAction = (a: string) => statements.find((s: any) => ([] as string[]).concat(s.Action).includes(a));
    assert.match(JSON.stringify(byAction('dynamodb:Query').Resource), /index\/ByRank/);
    assert.match(JSON.stringify(byAction('dynamodb:BatchGetItem').Resource), /RankCounts/);
    assert.match(JSON.stringify(byAction('dynamodb:Scan').Resource), /Leaderboard/);
    assert.equal(read.Properties.Role['Fn::GetAtt'][0] === undefined, false);
    template.resourceCountIs('AWS::IAM::Policy', 0);  // no extra grants on either role
  });

  test('an HTTP API with a throttled stage, CORS from context, and the URL as an output', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://game.example', 'https://admin.example'],
        AllowMethods: ['GET', 'HEAD'],
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    assert.ok(template.toJSON().Outputs.ReadApiUrl);
  });

  test('bad context fails the synth naming the key', () => {
    assert.throws(() => synth({ ...ON, readApiThrottleRate: '0' }), /readApiThrottleRate/);
    assert.throws(() => synth({ ...ON, readApiThrottleBurst: 'lots' }), /readApiThrottleBurst/);
    assert.throws(() => synth({ ...ON, readApiCorsOrigins: 'game.example' }), /readApiCorsOrigins/);
  });

  test('no unsuppressed cdk-nag error or warning', () => {
    const annotations = Annotations.fromStack(stack);
    const nag = Match.stringLikeRegexp('AwsSolutions-.*');
    const found = [...annotations.findError('*', nag), ...annotations.findWarning('*', nag)];
    assert.deepEqual(found.map((f) => `${f.id}: ${f.entry.data}`), []);
  });
});
