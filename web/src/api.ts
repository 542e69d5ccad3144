/**
 * The one way the web app talks to the API: JSON in, JSON out, and every error thrown as the server's
 * RFC 9457 problem document (an ApiProblem) so that forms can show `detail` and each `errors[]` entry
 * beside its field.
 */

/**
 * One invalid field (docs/adr/0003-error-format.md): `field` names it (`body.answers.email`), `code` is stable,
 * `label` is the form field's label where the server knows it, and `sentence` is what a person reads.
 */
export interface FieldError {
  field: string;
  message: string;
  pointer?: string;
  code?: string;
  label?: string;
  sentence?: string;
  params?: Record<string, unknown>;
}

/** "settings.expirationDays" → "Expiration days": the last resort when neither the form nor the server names a field. */
export const wordsOf = (name: string) => {
  const last = stripPart(name).split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? name;
  const words = last.replace(/[-_]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "Please correct 2 fields: Name: Fill this in. Expiration days: Must be 0 or more." */
function peopleDetail(errors: FieldError[]): string {
  const byField = new Map<string, FieldError>();
  for (const e of errors) if (!byField.has(e.field)) byField.set(e.field, e);
  const n = byField.size;
  return `Please correct ${n} ${n === 1 ? 'field' : 'fields'}: ` + [...byField.values()].map((e) => `${e.label ?? wordsOf(e.field)}: ${sentenceOf(e)}`).join(' ');
}

/** The sentence a person reads for a field error: the server's, or (an older server) its fragment as a sentence. */
export function sentenceOf(e: FieldError): string {
  if (e.sentence) return e.sentence;
  const t = e.message.trim();
  if (/must match pattern/i.test(t)) return 'Is not in the expected format.';
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export class ApiProblem extends Error implements ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: FieldError[];
  [extra: string]: unknown;

  constructor(doc: ProblemDocument) {
    super(doc.detail);
    this.name = 'ApiProblem';
    Object.assign(this, doc);
    this.type = doc.type;
    this.title = doc.title;
    this.status = doc.status;
    this.detail = doc.detail;
    this.code = doc.code;
    this.instance = doc.instance;
    this.errors = Array.isArray(doc.errors) ? doc.errors : undefined;
    // Wherever a page shows `detail`, a person reads labels and sentences, never `body.answers.x` or a schema's words.
    if (this.errors?.length && doc.code === 'VALIDATION_FAILED') this.detail = peopleDetail(this.errors);
  }

  /**
   * The message for one form field: an `errors[]` entry naming it (`body.name` or `name`), or the
   * `detail` of a problem whose code is about that field (a wrong code, a missing reason).
   */
  fieldError(field: string): string | undefined {
    const entry = this.errors?.find((e) => stripPart(e.field) === field);
    if (entry) return sentenceOf(entry);
    if (!this.errors?.length && FIELD_OF_CODE[this.code]?.includes(field)) return this.detail;
    return undefined;
  }

  /** The fields this problem names, each once, in the server's order (without the `body.` prefix). */
  fieldNames(): string[] {
    return [...new Set((this.errors ?? []).map((e) => stripPart(e.field)))];
  }

  /** True when every part of this problem is shown beside one of these fields. */
  isAbout(fields: string[]): boolean {
    if (this.errors?.length) return this.errors.every((e) => fields.includes(stripPart(e.field)));
    return (FIELD_OF_CODE[this.code] ?? []).some((f) => fields.includes(f));
  }
}

export const stripPart = (field: string) => field.replace(/^(body|querystring|query|params|headers)\./, '');

/** Problems the server reports without `errors[]` that are still about one field of the form that sent them. */
const FIELD_OF_CODE: Record<string, string[]> = {
  INVALID_TOTP: ['totp', 'code'],
  INVALID_CODE: ['code'],
  INVALID_RECOVERY_CODE: ['recoveryCode'],
  WRONG_PASSWORD: ['currentPassword'],
  WEAK_PASSWORD: ['newPassword', 'password'],
  SAME_PASSWORD: ['newPassword'],
  REASON_REQUIRED: ['reason'],
  FILE_REQUIRED: ['files', 'file'],
  EMPTY_FILE: ['files', 'file'],
  TOO_MANY_FILES: ['files', 'file'],
  FILE_TOO_LARGE: ['files', 'file'],
  NAME_TAKEN: ['name'],
  EXPIRY_IN_PAST: ['expiresOn'],
  BAD_USERNAME: ['username'],
  USERNAME_TAKEN: ['username'],
  BAD_EMAIL: ['email'],
  EMAIL_TAKEN: ['email'],
  TEAM_NAME_TAKEN: ['name'],
  ALREADY_MEMBER: ['userId'],
  ALREADY_INVITED: ['userId'],
  REQUEST_PENDING: ['userId'],
  USER_NOT_ACTIVE: ['userId'],
  GROUP_NAME_TAKEN: ['name'],
  NOT_IN_AUTHORIZATION_DOMAIN_GROUP: ['authorizationDomain'],
  INVALID_ASSERTION: ['assertion'],
  ALLOWLIST_INVALID: ['content'],
};

/** Anything caught: an ApiProblem already, or a network failure turned into one. */
export function asProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiProblem({
    type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK',
    detail: `The server could not be reached (${message}). Check your connection and try again.`,
  });
}

type Listener = (problem: ApiProblem) => void;
const listeners = new Set<Listener>();

/**
 * Called when an answer changes what the whole app should show: a 401 (the session has ended: expired,
 * signed out elsewhere, account disabled) or a 403 TERMS_NOT_ACCEPTED (new terms of use were published).
 */
export function onSessionProblem(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * `/teams` + {q: 'x', limit: 20} → `/api/v1/teams?q=x&limit=20` (empty values left out). GA4GH paths
 * (`/ga4gh/drs/v1/…`) are served beside the API, not under it, and are taken as they are.
 */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  // The GA4GH endpoints live beside the API, not under /api/v1 (src/passport/routes.ts).
  const base = path.startsWith('/ga4gh/') ? '' : '/api/v1';
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

export interface RequestOptions {
  query?: Query;
  /** A JSON body, or FormData for multipart uploads. */
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as the end of the session (sign-in itself). */
  expect401?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw asProblem(err);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) throw failure(res.status, res.statusText, text, opts.expect401);
  return parseJson(text) as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An error answer as an ApiProblem; tells the session listeners when it ends the session or asks for the terms. */
function failure(status: number, statusText: string, text: string, expect401 = false): ApiProblem {
  const json = parseJson(text);
  const doc = (json && typeof json === 'object' && 'code' in json ? json : {
    type: 'about:blank', title: statusText || 'Error', status, code: `HTTP_${status}`,
    detail: status >= 500 ? 'Something went wrong on the server. Try again in a moment.' : `The server answered ${status}.`,
  }) as ProblemDocument;
  const problem = new ApiProblem({ ...doc, status: doc.status ?? status });
  const sessionProblem = (status === 401 && !expect401) || problem.code === 'TERMS_NOT_ACCEPTED' || (problem.code === 'USER_DISABLED' && !expect401);
  if (sessionProblem) for (const listener of listeners) listener(problem);
  return problem;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * A multipart upload that reports its progress (fetch cannot): XMLHttpRequest, with the same answers and
 * problems as `request`. Aborting the signal cancels it (rejects with an AbortError).
 */
export function upload<T>(method: string, path: string, form: FormData, onProgress?: (p: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, apiUrl(path));
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(parseJson(xhr.responseText) as T);
      else reject(failure(xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.onerror = () => reject(asProblem(new Error('the upload was interrupted')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * POSTs and saves the answer as a file (e.g. a zip the server builds): the browser's download, named as the
 * server's Content-Disposition says. Resolves to the headers of the answer.
 */
export async function postForDownload(path: string, body: unknown = {}, fallbackName = 'download'): Promise<Headers> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method: 'POST', credentials: 'same-origin',
      headers: { accept: 'application/zip, application/octet-stream, application/problem+json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw asProblem(err);
  }
  if (!res.ok) throw failure(res.status, res.statusText, await res.text());
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return res.headers;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body: unknown = {}, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body: unknown = {}) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown = {}) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
