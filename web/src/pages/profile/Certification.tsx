import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe, useSession } from '../../session.js';
import type { Quiz, QuizResult } from '../../types.js';
import { Alert, Card, LoadError, Loading, PageHeader } from '../../ui/bits.js';
import { FormProblem, SubmitButton } from '../../ui/forms.js';

export function CertificationPage() {
  const me = useMe();
  const { refresh } = useSession();
  const quiz = useApi<Quiz>('/certification/quiz');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<QuizResult>();
  const submit = useAction(async () => {
    const r = await api.post<QuizResult>('/certification/quiz', { answers });
    setResult(r);
    if (r.passed) await refresh();
    window.scrollTo(0, 0);
  });
  const questions = quiz.data?.questions ?? [];
  const unanswered = questions.filter((q) => !answers[q.id]).length;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run();
  };

  return (
    <>
      <PageHeader title="Certification" subtitle="Certified users have shown that they know the rules for handling controlled data." />
      {me.isCertified && !result && <Alert tone="success">You are certified. You may take the quiz again to refresh your knowledge.</Alert>}
      {result && (
        <Alert tone={result.passed ? 'success' : 'warning'} testId="quiz-result">
          {result.passed
            ? <><strong>You passed</strong> with {result.correct} of {result.total} correct. You are now certified.</>
            : <><strong>Not passed</strong>: {result.correct} of {result.total} correct; {result.passingScore} needed. The questions marked below were wrong — try again.</>}
        </Alert>
      )}
      {quiz.loading && !quiz.data ? <Loading what="Loading the quiz" /> : quiz.error ? <LoadError problem={quiz.error} retry={quiz.reload} /> : quiz.data && (
        <form onSubmit={onSubmit} className="quiz" data-testid="quiz">
          <p className="muted">Quiz version {quiz.data.version}: {questions.length} questions, {quiz.data.passingScore} correct answers needed.</p>
          {questions.map((q, i) => {
            const wrong = result && !result.passed && result.incorrect.includes(q.id);
            return (
              <Card key={q.id}>
                <fieldset className={`question${wrong ? ' question-wrong' : ''}`}>
                  <legend><span className="question-number">{i + 1}.</span> {q.prompt}</legend>
                  {q.options.map((o) => (
                    <div className="radio" key={o.id}>
                      <input type="radio" id={`q-${q.id}-${o.id}`} name={`q-${q.id}`} value={o.id} checked={answers[q.id] === o.id}
                        onChange={() => setAnswers((a) => ({ ...a, [q.id]: o.id }))} />
                      <label htmlFor={`q-${q.id}-${o.id}`}>{o.text}</label>
                    </div>
                  ))}
                  {wrong && <p className="field-error">This answer was not right.</p>}
                </fieldset>
              </Card>
            );
          })}
          <FormProblem problem={submit.problem} />
          <div className="button-row">
            <SubmitButton pending={submit.pending} pendingText="Submitting…" disabled={unanswered > 0}>Submit answers</SubmitButton>
            {unanswered > 0 && <span className="muted small">{unanswered} {unanswered === 1 ? 'question' : 'questions'} left</span>}
          </div>
        </form>
      )}
    </>
  );
}
