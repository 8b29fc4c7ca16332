import type { FaqIndex } from './faq-index.ts';
import type { AnswerOutput, FaqEntry, FaqLocale } from './schemas.ts';
import { looksChinese, tokenize } from './tokenize.ts';

export interface Thresholds {
  /** The lowest score (0..1) that counts as an answer. */
  minScore: number;
  /** How many times the runner-up's relevance the best entry needs. */
  minMargin: number;
}

/** A candidate entry, for explaining a decision (tests, tuning). */
export interface Candidate {
  entryId: string;
  /** BM25 relevance (minisearch), for ranking; not comparable across FAQs. */
  relevance: number;
  /** The IDF-weighted share of the question's words this entry matches, 0..1. */
  score: number;
}

export interface Decision extends AnswerOutput {
  candidates: Candidate[];
}

/**
 * Finds the entry that answers a question, and decides whether to answer.
 *
 * - Entries are ranked by BM25 relevance over their questions (both locales) and keywords.
 * - `score` is how much of the question the best entry explains: the share of the question's
 *   words it matches, each word weighted by its rarity in the FAQ (IDF), so "visa" counts for more
 *   than "ticket", and a word no entry has (weather, Mars) counts fully against.
 * - Answer when `score ≥ minScore` and the best entry is at least `minMargin` times as relevant as
 *   the runner-up; otherwise hand over (answered: false).
 * - `confidence` is the score, discounted when the runner-up is close (equal to the score when
 *   the margin is met, lower when it is not).
 */
export function decide(index: FaqIndex, question: string, locale: FaqLocale | undefined, thresholds: Thresholds): Decision {
  const replyLocale: FaqLocale = locale ?? (looksChinese(question) ? 'zh-CN' : 'en');
  const words = [...new Set(tokenize(question))];
  const unanswered: Decision = { answered: false, locale: replyLocale, score: 0, confidence: 0, candidates: [] };
  if (words.length === 0 || index.size === 0) return unanswered;

  const weights = new Map(words.map((word) => [word, idf(index, index.documentFrequency.get(word) ?? 0)]));
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const results = index.search.search(question);
  const candidates: Candidate[] = results.slice(0, 5).map((result) => ({
    entryId: String(result.id),
    relevance: result.score,
    score: round(result.queryTerms.reduce((sum, word) => sum + (weights.get(word) ?? 0), 0) / total),
  }));
  const best = candidates[0];
  if (best === undefined) return unanswered;

  const runnerUp = candidates[1]?.relevance ?? 0;
  const ratio = runnerUp === 0 ? Infinity : best.relevance / runnerUp;
  // 1 when the margin is met, falling to 0 as the runner-up draws level.
  const marginFactor = Math.min(1, (1 - runnerUp / best.relevance) / (1 - 1 / thresholds.minMargin));
  const confidence = round(best.score * marginFactor);
  const entry = index.entries.get(best.entryId)!;
  const answered = best.score >= thresholds.minScore && ratio >= thresholds.minMargin;
  const base = { entryId: entry.id, score: best.score, confidence, candidates };
  if (!answered) return { ...unanswered, ...base };
  const { text, locale: answerLocale } = localized(entry.answer, replyLocale);
  return { answered: true, answer: text, locale: answerLocale, ...base };
}

/** The answer in the wanted locale, or in the other one when the entry lacks it. */
function localized(text: FaqEntry['answer'], locale: FaqLocale): { text: string; locale: FaqLocale } {
  const wanted = text[locale];
  if (wanted !== undefined) return { text: wanted, locale };
  const other: FaqLocale = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return { text: text[other]!, locale: other };
}

/**
 * BM25's inverse document frequency. A word no entry has weighs as much as the rarest word the
 * FAQ has: it is as likely to be what the question is about ("Mars") as to be filler.
 */
function idf(index: FaqIndex, documentFrequency: number): number {
  const df = Math.max(1, documentFrequency);
  return Math.log(1 + (index.size - df + 0.5) / (df + 0.5));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
