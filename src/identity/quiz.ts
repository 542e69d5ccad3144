import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../infra/root.js';

/**
 * The certification quiz: a JSON file (config/certification-quiz.json, or the QUIZ_FILE setting). Passing
 * it makes a user *certified*. The answers never leave the server.
 */
export interface Quiz {
  version: string;
  passingScore: number;
  questions: QuizQuestion[];
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  options: { id: string; text: string }[];
  /** The id of the right option. */
  answer: string;
}

export interface QuizResult {
  passed: boolean;
  correct: number;
  total: number;
  passingScore: number;
  /** Ids of the questions answered wrongly or not at all, in quiz order. */
  incorrect: string[];
}

export const defaultQuizFile = () => path.join(projectRoot(), 'config', 'certification-quiz.json');

/** Reads and checks the quiz file; the error names the file and what is wrong in it. */
export function loadQuiz(file: string): Quiz {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Certification quiz ${file}: cannot read it as JSON: ${(err as Error).message}`);
  }
  const problems = quizProblems(raw);
  if (problems.length) throw new Error(`Certification quiz ${file} is not valid:\n  - ${problems.join('\n  - ')}`);
  const quiz = raw as Quiz;
  return {
    version: quiz.version,
    passingScore: quiz.passingScore,
    questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options.map((o) => ({ id: o.id, text: o.text })), answer: q.answer })),
  };
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Everything wrong with a would-be quiz; empty when it is a valid quiz. */
export function quizProblems(raw: unknown): string[] {
  if (!isObject(raw)) return ['the file must hold an object {version, passingScore, questions}'];
  const problems: string[] = [];
  if (!isText(raw.version)) problems.push('"version" must be a non-empty string');
  if (!Array.isArray(raw.questions) || raw.questions.length === 0) {
    problems.push('"questions" must be a non-empty array');
    return problems;
  }
  const questionIds = new Set<string>();
  raw.questions.forEach((q: unknown, i: number) => {
    const at = `questions[${i}]`;
    if (!isObject(q)) return void problems.push(`${at} must be an object {id, prompt, options, answer}`);
    if (!isText(q.id)) problems.push(`${at}.id must be a non-empty string`);
    else if (questionIds.has(q.id)) problems.push(`${at}.id "${q.id}" is used by another question`);
    else questionIds.add(q.id);
    if (!isText(q.prompt)) problems.push(`${at}.prompt must be a non-empty string`);
    if (!Array.isArray(q.options) || q.options.length < 2) return void problems.push(`${at}.options must be an array of at least two {id, text}`);
    const optionIds = new Set<string>();
    q.options.forEach((o: unknown, j: number) => {
      if (!isObject(o) || !isText(o.id) || !isText(o.text)) return void problems.push(`${at}.options[${j}] must be {id, text} with non-empty strings`);
      if (optionIds.has(o.id)) problems.push(`${at}.options[${j}].id "${o.id}" is used twice in this question`);
      optionIds.add(o.id);
    });
    if (!isText(q.answer) || !optionIds.has(q.answer)) problems.push(`${at}.answer must be the id of one of its options`);
  });
  const total = raw.questions.length;
  if (typeof raw.passingScore !== 'number' || !Number.isInteger(raw.passingScore) || raw.passingScore < 1 || raw.passingScore > total) {
    problems.push(`"passingScore" must be a whole number from 1 to ${total} (the number of questions)`);
  }
  return problems;
}

/** The quiz as the user sees it: no answers. */
export const publicQuiz = (quiz: Quiz) => ({
  version: quiz.version,
  passingScore: quiz.passingScore,
  questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options })),
});

/** Grades answers (question id → option id); a question left out counts as wrong. */
export function gradeQuiz(quiz: Quiz, answers: Record<string, string>): QuizResult {
  const incorrect = quiz.questions.filter((q) => !Object.hasOwn(answers, q.id) || answers[q.id] !== q.answer).map((q) => q.id);
  const total = quiz.questions.length;
  const correct = total - incorrect.length;
  return { passed: correct >= quiz.passingScore, correct, total, passingScore: quiz.passingScore, incorrect };
}
