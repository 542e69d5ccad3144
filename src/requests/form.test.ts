import { describe, expect, it } from 'vitest';
import {
  approvalExpiry, changedFields, checkAnswers, checkReminders, designFields, formFields, missingFields, termsOf, type TemplateField,
} from './form.js';
import { render, unknownPlaceholders } from './templates.js';

const terms = termsOf({ certifiedRequired: true, ducRequired: true, iduRequired: true, expirationDays: 365 });
const template: TemplateField = { id: 3, key: 'signing-official', label: 'Signing official', description: 'Who signs.', type: 'short-text', optional: false, options: [] };

describe('request forms', () => {
  it('every form starts with the data requestor, study lead, institution, accessors and expiry, and ends with the attachments the AR asks for', () => {
    expect(formFields(terms, []).map((f) => f.key)).toEqual(['requestor', 'studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse', 'duc']);
    expect(formFields(termsOf({}), []).map((f) => f.key)).toEqual(['requestor', 'studyLead', 'institution', 'accessors', 'accessUntil']);
    expect(formFields(termsOf({ iduPublic: true, irbRequired: true, attachmentsRequired: true }), []).map((f) => [f.key, f.optional]))
      .toEqual([['requestor', false], ['studyLead', false], ['institution', false], ['accessors', false], ['accessUntil', true],
        ['intendedDataUse', true], ['irb', false], ['attachments', false]]);
  });

  it('a field from the library takes its label and type; new fields get keys that stay stable', () => {
    const { fields, errors } = designFields([
      { templateId: 3, description: 'The vice provost, usually.' },
      { label: 'Cohort subset', type: 'single-choice', options: ['Tumor', 'Normal'] },
      { key: 'f-kept', label: 'Kept field', type: 'yes-no', optional: true },
    ], new Map([[3, template]]), ['f-cohort-subset']);
    expect(errors).toEqual([]);
    expect(fields.map((f) => [f.key, f.label, f.type, f.templateId, f.description])).toEqual([
      ['t-signing-official', 'Signing official', 'short-text', 3, 'The vice provost, usually.'],
      ['f-cohort-subset-2', 'Cohort subset', 'single-choice', null, ''],
      ['f-kept', 'Kept field', 'yes-no', null, ''],
    ]);
  });

  it('a bad design lists every problem', () => {
    const { errors } = designFields([
      { label: '', type: 'short-text' },
      { label: 'Choice', type: 'single-choice', options: ['Only one'] },
      { label: 'Text', type: 'long-text', options: ['x', 'y'] },
      { key: 'studyLead', label: 'Mine', type: 'short-text' },
      { templateId: 99 },
      { templateId: 3 }, { templateId: 3 },
    ], new Map([[3, template]]));
    expect(errors.map((e) => e.field)).toEqual([
      'body.fields.0.label', 'body.fields.1.options', 'body.fields.2.options', 'body.fields.3.key', 'body.fields.4.templateId',
      'body.fields.4.label', 'body.fields.4.type', 'body.fields',
    ]);
    expect(checkReminders({ reminderDays: 30, secondReminderDays: 40 })).toEqual([
      { field: 'body.secondReminderDays', message: 'must be fewer days before expiry than the first reminder' },
    ]);
  });

  it('answers are checked by type; a required field may stay empty in a draft but not at submit', () => {
    const fields = formFields(terms, designFields([{ label: 'Choice', type: 'multiple-choice', options: ['a', 'b'] }], new Map()).fields);
    expect(checkAnswers(fields, { studyLead: 'Dr. Who', institution: '', accessUntil: '2026-02-30', 'f-choice': ['a', 'c'], requestor: [1], nope: 'x' }, '2026-01-15'))
      .toMatchObject([
        { field: 'body.answers.accessUntil', message: 'must be a date (YYYY-MM-DD)', label: 'Access until', code: 'NOT_A_DATE' },
        { field: 'body.answers.f-choice', message: 'must be a list of distinct choices among: a, b' },
        { field: 'body.answers.requestor', message: 'is filled in by Gatehouse' },
        { field: 'body.answers.nope', message: 'is not a field of this form' },
      ]);
    expect(checkAnswers(fields, { accessUntil: '2026-01-15' }, '2026-01-15')).toMatchObject([{ field: 'body.answers.accessUntil', message: 'must be a date after today', sentence: 'Must be a date after today.' }]);
    expect(missingFields(fields, { studyLead: 'Dr. Who', institution: '  ' }, []).map((m) => m.key))
      .toEqual(['institution', 'accessors', 'intendedDataUse', 'f-choice', 'duc']);
  });

  it('the fields changed between versions: answers by key, accessors as a set', () => {
    const fields = formFields(terms, []);
    expect(changedFields(fields, { answers: { studyLead: 'A', institution: 'X' }, accessorIds: [1, 2] }, { answers: { studyLead: 'A', institution: 'Y', intendedDataUse: 'Z' }, accessorIds: [2, 1] }))
      .toEqual(['institution', 'intendedDataUse']);
    expect(changedFields(fields, { answers: { studyLead: 'A' }, accessorIds: [1] }, { answers: { studyLead: 'A', institution: '' }, accessorIds: [1, 3] }))
      .toEqual(['accessors']);
  });

  it("approvals expire after the AR's period, or sooner when the requestor asks for an earlier date", () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(approvalExpiry(now, 365, undefined)?.toISOString()).toBe('2027-03-01T10:00:00.000Z');
    expect(approvalExpiry(now, 365, '2026-06-30')?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(approvalExpiry(now, 30, '2030-01-01')?.toISOString()).toBe('2026-03-31T10:00:00.000Z');
    expect(approvalExpiry(now, 0, undefined)).toBeNull();
    expect(approvalExpiry(now, 0, '2026-12-31')?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('templates fill in known placeholders and name the unknown ones', () => {
    expect(render('Access to {{arName}} ends {{ expiresOn }}; {{nope}}.', { arName: 'Cohort', expiresOn: '2026-05-01' })).toBe('Access to Cohort ends 2026-05-01; {{nope}}.');
    expect(unknownPlaceholders('{{arName}} {{nope}} {{nope}} {{reason}}')).toEqual(['nope']);
  });
});
