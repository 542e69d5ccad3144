import { Type } from '@sinclair/typebox';
import { Problem } from '../infra/problem.js';
import { formatEntityId } from '../infra/ids.js';
import type { ActionRequired, Decision } from './model.js';

/** Shared JSON shapes and conversions for decisions at the HTTP boundary (entity ids as `syn…`). */

export const ActionRequiredSchema = Type.Object({
  type: Type.String(),
  accessRequirementId: Type.Optional(Type.Integer()),
  exemptionEligibleTeamIds: Type.Optional(Type.Array(Type.Integer())),
  benefactorId: Type.Optional(Type.String()),
  groups: Type.Optional(Type.Array(Type.Integer())),
});

export const actionsRequiredJson = (actions: readonly ActionRequired[]) =>
  actions.map((a) => (a.type === 'RequestDownload' ? { ...a, benefactorId: formatEntityId(a.benefactorId) } : { ...a }));

export const decisionJson = (d: Decision) => ({
  granted: d.granted,
  rule: d.rule,
  message: d.message,
  status: d.status,
  actionsRequired: actionsRequiredJson(d.actionsRequired),
});

/** A denial as a problem document: the rule is the code, the catalogue message the detail. */
export const denialProblem = (d: Decision) =>
  new Problem(d.status === 200 ? 403 : d.status, d.rule, d.message ?? 'Access denied.', {
    rule: d.rule,
    actionsRequired: actionsRequiredJson(d.actionsRequired),
  });
