import { describe, expect, it } from 'vitest';
import { Problem } from '../infra/problem.js';
import { parseQuery, snippetOf } from './search.js';

describe('parseQuery', () => {
  it('splits the query into lower-case words of letters and digits, without repeats', () => {
    expect(parseQuery('  RNA-seq  rna_Seq café ').terms).toEqual(['rna', 'seq', 'café']);
    expect(parseQuery("tumour' OR 1=1 --").terms).toEqual(['tumour', 'or', '1']);
  });

  it('recognises an MD5 and an entity id', () => {
    expect(parseQuery('CCBC74BCBC98C1C7F31FD4739AC79B5D')).toMatchObject({ md5: 'ccbc74bcbc98c1c7f31fd4739ac79b5d', entityId: null });
    expect(parseQuery('syn123')).toMatchObject({ md5: null, entityId: 123 });
    expect(parseQuery('tumour')).toMatchObject({ md5: null, entityId: null });
  });

  it('refuses a query with fewer than two letters or digits', () => {
    for (const q of ['a', ' ', '!?', '- / -']) {
      expect(() => parseQuery(q)).toThrow(Problem);
      try {
        parseQuery(q);
      } catch (err) {
        expect((err as Problem).code).toBe('SEARCH_QUERY_TOO_SHORT');
      }
    }
    expect(parseQuery('ab').terms).toEqual(['ab']);
  });
});

describe('snippetOf', () => {
  const long = `${'Background on cohort recruitment and consent. '.repeat(5)}Whole-genome sequencing of paediatric tumours from three hospitals. ${'Follow-up notes. '.repeat(8)}`;

  it('is the whole description when it is short, and null when there is none', () => {
    expect(snippetOf('Short text.', ['text'])).toBe('Short text.');
    expect(snippetOf('   ', ['text'])).toBeNull();
  });

  it('is cut around the first word that begins with a term, with ellipses where text was left out', () => {
    const snippet = snippetOf(long, ['paed'])!;
    expect(snippet).toContain('paediatric tumours');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(162);
  });

  it('matches at the start of words only', () => {
    expect(snippetOf(long, ['ediatric'])!.startsWith('Background')).toBe(true);
  });
});
