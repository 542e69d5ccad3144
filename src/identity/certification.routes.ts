import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { parseId } from '../infra/ids.js';
import { badRequest, conflict } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { requireAct, requireUser } from './caller.js';
import { defaultQuizFile, gradeQuiz, loadQuiz, publicQuiz } from './quiz.js';
import { changeTier, loadTiers, TiersSchema } from './tiers.js';

const QuizSchema = Type.Object({
  version: Type.String(),
  passingScore: Type.Integer(),
  questions: Type.Array(Type.Object({
    id: Type.String(),
    prompt: Type.String(),
    options: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
  })),
});

const QuizResultSchema = Type.Object({
  passed: Type.Boolean(),
  correct: Type.Integer(),
  total: Type.Integer(),
  passingScore: Type.Integer(),
  incorrect: Type.Array(Type.String(), { description: 'Ids of the questions answered wrongly or not at all' }),
});

export function certificationRoutes(app: Http, ctx: AppContext): void {
  // Read once at start, so that a broken quiz file stops the server with a clear message instead of
  // failing the first user who opens the quiz.
  const quiz = loadQuiz(ctx.config.quizFile ?? defaultQuizFile());

  app.get('/api/v1/me/tiers', {
    schema: { tags: ['identity'], summary: 'My tiers (registered, certified, validated) and their history', response: { 200: TiersSchema } },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    return loadTiers(ctx.db, user.id);
  });

  app.get('/api/v1/certification/quiz', {
    schema: { tags: ['identity'], summary: 'The certification quiz (without its answers)', response: { 200: QuizSchema } },
  }, async (request) => {
    requireUser(request);
    return publicQuiz(quiz);
  });

  app.post('/api/v1/certification/quiz', {
    schema: {
      tags: ['identity'],
      summary: 'Answer the certification quiz; passing it makes me certified',
      body: Type.Object({
        answers: Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 200 }), { description: 'Question id → chosen option id' }),
      }, { additionalProperties: false }),
      response: { 200: QuizResultSchema },
    },
  }, async (request) => {
    const user = requireUser(request);
    const { answers } = request.body;
    const known = new Set(quiz.questions.map((q) => q.id));
    const unknown = Object.keys(answers).filter((id) => !known.has(id));
    if (unknown.length) {
      throw badRequest('UNKNOWN_QUESTION', `The quiz has no question ${unknown.map((id) => `"${id}"`).join(', ')}; load the quiz again (it is version ${quiz.version}).`);
    }
    const result = gradeQuiz(quiz, answers);
    await ctx.db.tx(async (sql) => {
      const attempt = await sql.one<{ id: number }>(
        `INSERT INTO quiz_attempts (user_id, quiz_version, answers, correct, total, passed, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [user.id, quiz.version, JSON.stringify(answers), result.correct, result.total, result.passed, ctx.clock.now()],
      );
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: result.passed ? 'certification.quiz-passed' : 'certification.quiz-failed', targetType: 'user', targetId: user.id,
        details: { quizVersion: quiz.version, correct: result.correct, total: result.total },
      });
      if (result.passed) {
        await changeTier(sql, ctx.clock, {
          userId: user.id, tier: 'certified', granted: true, how: 'quiz-passed', actorId: user.id,
          details: { quizVersion: quiz.version, attemptId: attempt.id, correct: result.correct, total: result.total },
        });
      }
    });
    return result;
  });

  app.post('/api/v1/users/:id/certification', {
    schema: {
      tags: ['identity'],
      summary: 'Certify a user, or take certification away (ACT); the user is told',
      params: Type.Object({ id: Type.String() }),
      body: Type.Object({
        certified: Type.Boolean(),
        reason: Type.String({ maxLength: 2000, description: 'Why; recorded in the user\'s history' }),
      }, { additionalProperties: false }),
      response: { 200: TiersSchema },
    },
  }, async (request) => {
    const act = requireAct(request);
    const userId = parseId(request.params.id, 'user id');
    const { certified } = request.body;
    const reason = request.body.reason.trim();
    if (!reason) throw badRequest('REASON_REQUIRED', 'Say why; the reason is recorded in the user\'s history.');
    return ctx.db.tx(async (sql) => {
      const changed = await changeTier(sql, ctx.clock, {
        userId, tier: 'certified', granted: certified, how: certified ? 'act-granted' : 'act-revoked', actorId: act.id, reason,
      });
      if (!changed) {
        throw conflict(certified ? 'ALREADY_CERTIFIED' : 'NOT_CERTIFIED', certified ? 'This user is certified already.' : 'This user is not certified.');
      }
      await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
        kind: certified ? 'certification.granted' : 'certification.revoked',
        userId,
        subject: certified ? 'You are now a certified user' : 'Your certification was withdrawn',
        body: certified
          ? `The Access and Compliance Team has certified you. Reason: ${reason}`
          : `The Access and Compliance Team has withdrawn your certification. Reason: ${reason}\n\nYou can take the certification quiz again.`,
        link: '/profile',
      });
      return loadTiers(sql, userId);
    });
  });
}
