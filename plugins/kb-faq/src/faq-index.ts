import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import type { FaqEntry } from './schemas.ts';
import { tokenize } from './tokenize.ts';

/** One FAQ, indexed: the search index, its entries by id, and in how many entries each word occurs. */
export interface FaqIndex {
  readonly key: string;
  readonly search: MiniSearch<IndexedEntry>;
  readonly entries: ReadonlyMap<string, FaqEntry>;
  /** Document frequency of every indexed word (question and keywords), for weighting. */
  readonly documentFrequency: ReadonlyMap<string, number>;
  readonly size: number;
}

interface IndexedEntry {
  id: string;
  question: string;
  keywords: string;
}

const LATIN = /^[a-z]/;

/**
 * Questions (both locales) and keywords are indexed; answers are not: they state facts in the
 * company's words, and matching them mostly adds noise (every answer mentions tickets and days).
 */
const FIELDS = ['question', 'keywords'] as const;

/** Indexes kept at once: one per distinct FAQ (tenants usually share a few). */
const CACHE_LIMIT = 32;
const cache = new Map<string, FaqIndex>();

/** A stable key for an FAQ: the same entries give the same key, whatever object holds them. */
export function faqKey(entries: readonly FaqEntry[]): string {
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/** The index of these entries, built once per distinct content and kept (least recently used out). */
export function indexFor(entries: readonly FaqEntry[]): FaqIndex {
  const key = faqKey(entries);
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached); // most recently used last
    return cached;
  }
  const built = buildIndex(entries, key);
  cache.set(key, built);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return built;
}

let builds = 0;

/** How many indexes were built since the module loaded (tests check that the cache works). */
export function indexBuildCount(): number {
  return builds;
}

function buildIndex(entries: readonly FaqEntry[], key: string): FaqIndex {
  builds += 1;
  const search = new MiniSearch<IndexedEntry>({
    fields: [...FIELDS],
    tokenize,
    processTerm: (term) => term, // tokenize already normalised it
    searchOptions: {
      combineWith: 'OR',
      boost: { question: 1.5, keywords: 1 },
      // English only: Chinese words are short, and one character apart is another word.
      prefix: (term) => LATIN.test(term) && term.length >= 4,
      fuzzy: (term) => (LATIN.test(term) && term.length >= 5 ? 1 : false),
      // The same word twice in a question counts once.
      tokenize: (text) => [...new Set(tokenize(text))],
    },
  });
  const documentFrequency = new Map<string, number>();
  const documents = entries.map((entry) => {
    const document: IndexedEntry = {
      id: entry.id,
      question: [entry.question['zh-CN'], entry.question.en].filter((text) => text !== undefined).join('\n'),
      keywords: (entry.keywords ?? []).join('\n'),
    };
    for (const word of new Set(FIELDS.flatMap((field) => tokenize(document[field])))) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    return document;
  });
  search.addAll(documents);
  return { key, search, entries: new Map(entries.map((entry) => [entry.id, entry])), documentFrequency, size: entries.length };
}
