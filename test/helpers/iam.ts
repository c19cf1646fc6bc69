/**
 * IAM policies of a synthesized app as AWS would see them after apply, and a
 * real IAM policy simulator (@cloud-copilot/iam-simulate) to ask them about
 * one request at a time.
 *
 * Terraform fills the policy documents at apply time: the partition, the
 * account, and other stacks' outputs. Here those become fixed stand-ins: the
 * partition `aws`, account 111122223333, and for an output of another stack
 * an id made from the resource it names (`subnet-…` for an aws_subnet), the
 * same for every reference, so a test can name the subnet it means.
 */
import crypto from 'node:crypto';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { dataSources, type Json, type SynthesizedApp } from '../../iac/policies/model.js';

export const ACCOUNT = '111122223333';

const ID_PREFIX: Record<string, string> = { aws_subnet: 'subnet', aws_vpc: 'vpc', aws_security_group: 'sg', aws_lb_target_group: 'tg' };

/** The id a stand-in apply gives a resource of another stack. */
export function fakeId(type: string, name: string): string {
  return `${ID_PREFIX[type] ?? type.replace(/^aws_/, '')}-${crypto.createHash('sha1').update(name).digest('hex').slice(0, 17)}`;
}

/** Resolves the interpolations a policy document holds, as apply would. */
export function resolveTokens(app: SynthesizedApp, text: string): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, expr: string) => {
    if (/^data\.aws_partition\.[^.]+\.partition$/.test(expr)) return 'aws';
    if (/^data\.aws_caller_identity\.[^.]+\.account_id$/.test(expr)) return ACCOUNT;
    const remote = /^data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (remote) {
      const [, stack, output] = remote;
      const value = ((app.stacks[stack!]?.output as Json | undefined)?.[output!] as Json | undefined)?.value;
      const target = typeof value === 'string' ? /^\$\{(aws_[a-z0-9_]+)\.([^.]+)\.(\w+)\}$/.exec(value) : null;
      if (!target) throw new Error(`cannot resolve ${whole}: output ${stack}.${output} is ${JSON.stringify(value)}`);
      return fakeId(target[1]!, target[2]!);
    }
    throw new Error(`cannot resolve ${whole}`);
  });
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: Array<Record<string, unknown>>;
}

/** An aws_iam_policy_document data source of the app, as the JSON policy it renders, by its construct path. */
export function policyDocument(app: SynthesizedApp, path: string): IamPolicy {
  const doc = dataSources(app, 'aws_iam_policy_document').find((d) => ((d.body['//'] as Json)?.metadata as Json)?.path === path);
  if (!doc) throw new Error(`no aws_iam_policy_document at ${path}`);
  const statements = (doc.body.statement ?? []) as Array<{ sid?: string; effect?: string; actions?: string[]; resources?: string[]; principals?: Array<{ type: string; identifiers: string[] }>; condition?: Array<{ test: string; variable: string; values: string[] }> }>;
  const policy: IamPolicy = {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.condition ?? []) (condition[c.test] ??= {})[c.variable] = c.values;
      // A resource policy's principals: { AWS: [...], Service: [...] }, or "*" for type "*".
      const principal = s.principals?.some((p) => p.type === '*') ? '*' : s.principals ? Object.fromEntries(s.principals.map((p) => [p.type, p.identifiers])) : undefined;
      return {
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: s.effect ?? 'Allow',
        ...(principal ? { Principal: principal } : {}),
        Action: s.actions,
        Resource: s.resources,
        ...(Object.keys(condition).length ? { Condition: condition } : {}),
      };
    }),
  };
  return JSON.parse(resolveTokens(app, JSON.stringify(policy))) as IamPolicy;
}

export interface Call {
  /** What the call is, for the failure message. */
  why: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export interface Verdict {
  result: string;
  /** Context keys the simulator does not know for this action and resource: a wrong test, not a finding. */
  ignoredContextKeys: string[];
  errors?: unknown;
}

/** Runs one request through the simulator against an identity policy of a role. */
export async function simulate(policy: IamPolicy, role: string, call: Call): Promise<Verdict> {
  const response = await runSimulation(
    {
      identityPolicies: [{ name: 'policy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { action: call.action, principal: `arn:aws:iam::${ACCOUNT}:role/${role}`, resource: { accountId: ACCOUNT, resource: call.resource }, contextVariables: call.context ?? {} },
    } as never,
    {},
  );
  if (response.resultType === 'error') return { result: 'error', ignoredContextKeys: [], errors: response.errors };
  const results = response.resultType === 'single' ? [response.result] : response.results;
  return { result: response.overallResult, ignoredContextKeys: [...new Set(results.flatMap((r) => (r as { ignoredContextKeys?: string[] }).ignoredContextKeys ?? []))] };
}
