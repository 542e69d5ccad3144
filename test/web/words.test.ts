import { describe, expect, it } from 'vitest';
import { auditWords, enumWords, humanise, ruleWords } from '../../web/src/ui/words.js';

describe('codes as words', () => {
  it('known codes read as the catalogue words them', () => {
    expect(ruleWords('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN')).toBe('Denied: not a member of the authorization domain');
    expect(enumWords('CONTROLLED_BY_ACT')).toBe('Controlled by ACT');
    expect(auditWords('request.submitted')).toBe('Request submitted');
    expect(auditWords('access-requirement.bound')).toBe('Access requirement bound');
  });

  it('an unknown code reads as its words, never blank', () => {
    expect(humanise('SOME_NEW_CODE')).toBe('Some new code');
    expect(ruleWords('DENY_IF_SOMETHING_NEW')).toBe('Deny if something new');
    expect(enumWords('someNewCode')).toBe('Some new code');
    expect(auditWords('team.member-added')).toBe('Team member added');
    expect(enumWords('ManagedACT')).toBe('Managed by ACT');
    expect(humanise('NEEDS_2FA')).toBe('Needs 2FA');
  });
});
