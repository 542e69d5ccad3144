import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { defaultQuizFile, loadQuiz, type Quiz } from '../../src/identity/quiz.js';

let gh: TestGatehouse;
let quiz: Quiz;
beforeAll(async () => {
  gh = await startTestGatehouse();
  quiz = loadQuiz(defaultQuizFile());
});
afterAll(async () => gh?.stop());

/** Answers with the first `right` questions right and the others wrong. */
const answers = (right: number) => Object.fromEntries(quiz.questions.map((q, i) =>
  [q.id, i < right ? q.answer : q.options.find((o) => o.id !== q.answer)!.id]));

describe('certification quiz', () => {
  it('the quiz is shown without its answers', async () => {
    const ann = await gh.user('ann');
    const res = await gh.as(ann).get('/api/v1/certification/quiz');
    expect(res.statusCode).toBe(200);
    const shown = res.json();
    expect(shown.questions.length).toBeGreaterThanOrEqual(8);
    expect(shown.passingScore).toBe(quiz.passingScore);
    expect(res.body).not.toContain('"answer"');
    expect(shown.questions[0]).toEqual({ id: quiz.questions[0].id, prompt: quiz.questions[0].prompt, options: quiz.questions[0].options });
  });

  it('a user who fails the quiz is told which questions were wrong and stays uncertified', async () => {
    const ben = await gh.user('ben');
    const res = await gh.as(ben).post('/api/v1/certification/quiz', { answers: answers(quiz.passingScore - 1) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      passed: false, correct: quiz.passingScore - 1, total: quiz.questions.length, passingScore: quiz.passingScore,
      incorrect: quiz.questions.slice(quiz.passingScore - 1).map((q) => q.id),
    });
    const tiers = (await gh.as(ben).get('/api/v1/me/tiers')).json();
    expect(tiers).toMatchObject({ certified: false, history: [] });
  });

  it('a user who passes the quiz becomes certified, with the pass in their history', async () => {
    const cleo = await gh.user('cleo');
    const res = await gh.as(cleo).post('/api/v1/certification/quiz', { answers: answers(quiz.passingScore) });
    expect(res.json()).toMatchObject({ passed: true, correct: quiz.passingScore });
    expect((await gh.as(cleo).get('/api/v1/me')).json().isCertified).toBe(true);
    const tiers = (await gh.as(cleo).get('/api/v1/me/tiers')).json();
    expect(tiers.certified).toBe(true);
    expect(tiers.history).toEqual([
      { tier: 'certified', change: 'granted', how: 'quiz-passed', actorId: cleo.id, actorName: 'Cleo', reason: null, at: gh.clock.now().toISOString() },
    ]);

    // Passing again is recorded as an attempt, not as a second grant.
    await gh.as(cleo).post('/api/v1/certification/quiz', { answers: answers(quiz.questions.length) });
    expect((await gh.as(cleo).get('/api/v1/me/tiers')).json().history).toHaveLength(1);
  });

  it('an answer to a question the quiz does not have is refused', async () => {
    const dev = await gh.user('dev');
    const res = await gh.as(dev).post('/api/v1/certification/quiz', { answers: { ...answers(quiz.questions.length), 'no-such-question': 'a' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('UNKNOWN_QUESTION');
    expect((await gh.as(dev).get('/api/v1/me')).json().isCertified).toBe(false);
  });
});

describe('certification by ACT', () => {
  it('ACT certifies and uncertifies a user with a reason; the user sees both in their history and is told', async () => {
    const act = await gh.user('actor', { act: true });
    const eve = await gh.user('eve');
    const granted = await gh.as(act).post(`/api/v1/users/${eve.id}/certification`, { certified: true, reason: 'Completed the institutional course.' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ certified: true });
    expect((await gh.as(eve).get('/api/v1/me')).json().isCertified).toBe(true);

    gh.clock.advance(60_000);
    const revoked = await gh.as(act).post(`/api/v1/users/${eve.id}/certification`, { certified: false, reason: 'Course certificate expired.' });
    expect(revoked.json().certified).toBe(false);
    const history = (await gh.as(eve).get('/api/v1/me/tiers')).json().history;
    expect(history).toEqual([
      expect.objectContaining({ tier: 'certified', change: 'granted', how: 'act-granted', actorId: act.id, actorName: 'Actor', reason: 'Completed the institutional course.' }),
      expect.objectContaining({ tier: 'certified', change: 'revoked', how: 'act-revoked', actorId: act.id, reason: 'Course certificate expired.' }),
    ]);
    const notes = (await gh.as(eve).get('/api/v1/notifications')).json().items;
    expect(notes.map((n: { kind: string }) => n.kind)).toEqual(['certification.revoked', 'certification.granted']);
  });

  it('a user who is not in ACT cannot certify anyone', async () => {
    const fay = await gh.user('fay');
    const res = await gh.as(fay).post(`/api/v1/users/${fay.id}/certification`, { certified: true, reason: 'I say so.' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ACT_REQUIRED');
    expect((await gh.as(fay).get('/api/v1/me/tiers')).json()).toMatchObject({ certified: false, history: [] });
  });

  it('a missing reason, an unknown user or no change is refused and changes nothing', async () => {
    const act = await gh.user('actress', { act: true });
    const gus = await gh.user('gus');
    const noReason = await gh.as(act).post(`/api/v1/users/${gus.id}/certification`, { certified: true, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('REASON_REQUIRED');
    const unknown = await gh.as(act).post('/api/v1/users/999999/certification', { certified: true, reason: 'x' });
    expect(unknown.statusCode).toBe(404);
    const noChange = await gh.as(act).post(`/api/v1/users/${gus.id}/certification`, { certified: false, reason: 'x' });
    expect(noChange.statusCode).toBe(409);
    expect(noChange.json().code).toBe('NOT_CERTIFIED');
    expect((await gh.as(gus).get('/api/v1/me/tiers')).json()).toMatchObject({ certified: false, history: [] });
  });
});

describe('the quiz file', () => {
  const write = (content: unknown) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'quiz-')), 'quiz.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('the bundled quiz is valid and has about ten questions', () => {
    expect(quiz.questions.length).toBeGreaterThanOrEqual(8);
    expect(quiz.passingScore).toBeLessThanOrEqual(quiz.questions.length);
  });

  it('a broken quiz file is refused with a message that names the file and each problem', () => {
    const file = write({
      version: '1', passingScore: 3,
      questions: [
        { id: 'q1', prompt: 'A?', options: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }], answer: 'c' },
        { id: 'q1', prompt: '', options: [{ id: 'a', text: 'x' }] },
      ],
    });
    expect(() => loadQuiz(file)).toThrow(file);
    let message = '';
    try {
      loadQuiz(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('questions[0].answer must be the id of one of its options');
    expect(message).toContain('questions[1].id "q1" is used by another question');
    expect(message).toContain('questions[1].options must be an array of at least two');
    expect(message).toContain('"passingScore" must be a whole number from 1 to 2');
    expect(() => loadQuiz(write('{ not json'))).toThrow(/cannot read it as JSON/);
  });

  it('QUIZ_FILE replaces the bundled quiz', async () => {
    const file = write({
      version: 'tiny-1', passingScore: 1,
      questions: [{ id: 'only', prompt: 'Share credentials?', options: [{ id: 'yes', text: 'Yes' }, { id: 'no', text: 'No' }], answer: 'no' }],
    });
    const other = await startTestGatehouse({ quizFile: file });
    try {
      const hal = await other.user('hal');
      expect((await other.as(hal).get('/api/v1/certification/quiz')).json()).toMatchObject({ version: 'tiny-1', passingScore: 1 });
      expect((await other.as(hal).post('/api/v1/certification/quiz', { answers: { only: 'no' } })).json().passed).toBe(true);
    } finally {
      await other.stop();
    }
  }, 120_000);
});
