import { RuleFile } from '@capture-doctor/engine';
import { z } from 'zod';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { docsUrl } from '../docs-url/docs-url.js';
import { notFound } from '../problem/problem.js';
import { readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';

// Not exported: its inferred type names the engine's internals.
const RuleDetail = RuleFile.extend({ docsUrl: z.string() }).describe(
  'a capture rule as its rule file, with the address of its docs page',
);

/**
 * Health, stateless evaluation and the rules: routes that read no company data.
 * @example publicRoutes(registry, deps) // GET /healthz, POST /v1/evaluate, GET /v1/rules
 */
export function publicRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the service answers and its rules loaded',
      tag: 'service',
      response: S.Health,
    },
    (c) => c.json({ status: 'ok' as const, rules: deps.rules.rules.length }),
  );

  registry.add(
    {
      method: 'post',
      path: '/v1/evaluate',
      summary: 'Evaluate a CaptureSnapshot into a Report; nothing is stored',
      tag: 'evaluate',
      roles,
      body: S.CaptureSnapshot,
      response: S.Report,
    },
    async (c) => c.json(deps.evaluator.evaluateSnapshot(await readBody(c, S.CaptureSnapshot))),
  );

  registry.add(
    {
      method: 'get',
      path: '/v1/rules',
      summary: 'List the capture rules',
      tag: 'rules',
      roles,
      response: S.RuleList,
    },
    (c) => c.json({ rules: deps.rules.rules.map(summary) }),
  );

  registry.add(
    {
      method: 'get',
      path: '/v1/rules/{ruleId}',
      summary: 'One capture rule, as its rule file',
      tag: 'rules',
      roles,
      response: RuleDetail,
    },
    (c) => {
      const id = c.req.param('ruleId') ?? '';
      const rule = deps.rules.rules.find((r) => r.id === id);
      if (!rule) throw notFound('rule', id);
      const { dir: _dir, file: _file, ...ruleFile } = rule;
      return c.json({ ...ruleFile, docsUrl: docsUrl(rule.id) });
    },
  );
}

function summary(rule: RuleFile) {
  return {
    id: rule.id,
    title: rule.title,
    scope: rule.scope,
    icons: rule.icons,
    color: rule.color,
    docs: docsUrl(rule.id),
  };
}
