import { STATUS_CODES } from 'node:http';
import { fieldErrors, type FieldError } from './fielderrors.js';

/**
 * An error a user can hit. The HTTP layer turns it into an RFC 9457 problem document:
 * { type, title, status, detail, code, ...extra }. `code` is stable and machine-readable; `detail` is
 * the sentence a person reads. Capabilities name their own codes; the general ones are below.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly title: string = STATUS_CODES[status] ?? 'Error',
  ) {
    super(detail);
    this.name = 'Problem';
  }

  toJSON(instance?: string): ProblemDocument {
    return {
      type: problemType(this.code),
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extra: string]: unknown;
}

export const problemType = (code: string) => `urn:gatehouse:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export const badRequest = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new Problem(400, code, detail, extra);
/** A 400 naming every bad field, each with its code and a sentence for people (src/infra/fielderrors.ts). */
export const validationFailed = (detail: string, errors: readonly FieldError[]) =>
  new Problem(400, 'VALIDATION_FAILED', detail, { errors: fieldErrors(errors) });
export const unauthenticated = (detail = 'Sign in to continue.', code = 'UNAUTHENTICATED') =>
  new Problem(401, code, detail);
export const forbidden = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new Problem(403, code, detail, extra);
export const notFound = (detail: string, code = 'NOT_FOUND') => new Problem(404, code, detail);
export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new Problem(409, code, detail, extra);
export const preconditionFailed = (detail: string) => new Problem(412, 'PRECONDITION_FAILED', detail);
export const unprocessable = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new Problem(422, code, detail, extra);
