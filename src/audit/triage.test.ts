import { describe, expect, it } from 'vitest';
import {
  FINDING_STATES, checkManualMove, defaultTemplate, manualMoves, namesText, periodText, renderTemplate, stateAfterContact, stateAfterReply,
  unknownPlaceholders, type FindingState,
} from './triage.js';

describe('state moves of a finding', () => {
  it('never reaches incident by hand, from any state', () => {
    for (const from of FINDING_STATES) expect(checkManualMove(from, 'incident', 'why')?.code).toBe('AUDIT_INCIDENT_ONLY_BY_RAISING');
  });

  it('allows exactly the listed moves, and reopening a closed finding needs a note', () => {
    for (const from of FINDING_STATES) {
      for (const to of FINDING_STATES) {
        if (to === 'incident' || to === from) continue;
        const refusal = checkManualMove(from, to, 'a note');
        expect(refusal === null, `${from} → ${to}`).toBe(manualMoves(from).includes(to));
      }
    }
    expect(manualMoves('closed')).toEqual(['new']);
    expect(checkManualMove('closed', 'new', '  ')?.code).toBe('AUDIT_NOTE_REQUIRED');
    expect(checkManualMove('closed', 'new', 'The user wrote again.')).toBeNull();
  });

  it('a contact marks contacted, except under incident; nothing is done to a closed finding', () => {
    const after = Object.fromEntries(FINDING_STATES.map((s) => [s, stateAfterContact(s)]));
    expect(after).toEqual({ new: 'contacted', contacted: 'contacted', explained: 'contacted', incident: 'incident', closed: null });
  });

  it('a reply explains unless told otherwise; an incident stays an incident', () => {
    const after = (s: FindingState) => stateAfterReply(s, undefined);
    expect(FINDING_STATES.map(after)).toEqual(['explained', 'explained', 'explained', 'incident', null]);
    expect(stateAfterReply('contacted', 'contacted')).toBe('contacted');
    expect(stateAfterReply('incident', 'closed')).toBe('closed');
  });
});

describe('contact templates', () => {
  const values = { name: 'Alice', project: 'HTAN (syn9)', entities: '- a.csv (syn10)', period: '1 January 2026 to 30 June 2026', auditor: 'Aron' };

  it('fills the known placeholders and leaves other braces as written', () => {
    expect(renderTemplate('Dear {name}, {project} {entities} {period} — {auditor} {other}', values))
      .toBe('Dear Alice, HTAN (syn9) - a.csv (syn10) 1 January 2026 to 30 June 2026 — Aron {other}');
    expect(unknownPlaceholders('Dear {name}, {nmae} and {nmae}, {x1}')).toEqual(['nmae', 'x1']);
  });

  it('writes periods and names in words', () => {
    expect(periodText(new Date('2026-01-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))).toBe('1 January 2026 to 30 June 2026');
    expect(namesText(['Ann'])).toBe('Ann');
    expect(namesText(['Ann', 'Bob', 'Cy'])).toBe('Ann, Bob and Cy');
  });

  it('picks the seed\'s top-downloader email for top downloaders only', () => {
    expect(defaultTemplate('user', 'top-downloaders')).toBe('top-downloader');
    expect(defaultTemplate('user', 'unqualified-access')).toBe('anomaly-user');
    expect(defaultTemplate('community-manager', 'top-downloaders')).toBe('anomaly-community-manager');
  });
});
