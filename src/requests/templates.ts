/**
 * Notification templates (SPEC §8): ACT edits the subject and body of each notice; `{{placeholder}}` is
 * replaced when a notice is sent. Pure: rendering and checking a template.
 */

export const TEMPLATE_KINDS = ['submitted', 'approved', 'rejected', 'cancelled', 'reminder', 'expired', 'revoked', 'removed', 'returned', 'remark'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const PLACEHOLDERS = {
  arName: 'The access requirement\'s name',
  arId: 'The access requirement\'s id',
  arLink: 'Link to the access requirement',
  terms: 'The access requirement\'s terms',
  datasetNames: 'The names of the entities the access requirement is bound to',
  datasetLinks: 'Links to the entities the access requirement is bound to',
  requestId: 'The request\'s id',
  requestLink: 'Link to the request (for the requestor)',
  reviewLink: 'Link to the review table filtered to this submission (for ACT and reviewers)',
  submissionId: 'The submission\'s id',
  version: 'The submission\'s version number',
  requestorName: 'The requestor\'s display name',
  requestorUsername: 'The requestor\'s user name',
  studyLead: 'The study lead',
  institution: 'The institution',
  accessors: 'The accessors\' display names',
  expiresOn: 'When access expires (YYYY-MM-DD, or "never")',
  daysLeft: 'Days until access expires (reminders)',
  reason: 'The reason given (rejection, revocation) or what to change (return for changes)',
  reviewerName: 'The display name of who decided (or returned the request)',
  authorName: 'The display name of who wrote the remark (remarks)',
  remark: 'The text of the remark (remarks)',
  remarkLink: 'Link to the thread of the request, for whoever is told of the remark (remarks)',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateVars = Partial<Record<Placeholder, string>>;

export interface Template {
  subject: string;
  body: string;
}

const PATTERN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Replaces each known placeholder; an unknown one stays as written. */
export function render(text: string, vars: TemplateVars): string {
  return text.replace(PATTERN, (whole, name: string) => {
    const value = (vars as Record<string, string | undefined>)[name];
    return value === undefined ? whole : value;
  });
}

export function renderTemplate(t: Template, vars: TemplateVars): Template {
  return { subject: render(t.subject, vars).replace(/[\r\n]+/g, ' ').trim(), body: render(t.body, vars) };
}

/** Placeholders a template uses that Gatehouse does not fill in. */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(PATTERN)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !(n in PLACEHOLDERS)))];
}

export const isTemplateKind = (kind: string): kind is TemplateKind => (TEMPLATE_KINDS as readonly string[]).includes(kind);

export const ymd = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'never');
