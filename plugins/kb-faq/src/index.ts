import { definePlugin } from '@touchpoint/plugin-sdk';
import { answer } from './answer-action.ts';
import { KbConnection } from './schemas.ts';

export { SAMPLE_FAQ } from './sample-faq.ts';
export { AnswerInput, AnswerOutput, DEFAULT_MIN_MARGIN, DEFAULT_MIN_SCORE, FaqEntry, FaqLocale, KbConnection } from './schemas.ts';
export { decide, type Candidate, type Decision, type Thresholds } from './answer.ts';
export { faqKey, indexFor, indexBuildCount, type FaqIndex } from './faq-index.ts';
export { tokenize } from './tokenize.ts';

/** A knowledge base and FAQ bot: answers frequent questions in Chinese and English, hands the rest to people. */
export default definePlugin({
  id: 'kb-faq',
  version: '1.0.0',
  kind: 'knowledge',
  connection: KbConnection,
  actions: { answer },
  editor: {
    icon: 'book-open',
    label: { 'zh-CN': '知识库 / 常见问题', en: 'Knowledge base / FAQ' },
    description: {
      'zh-CN': '智能客服：用常见问题库回答客户的中英文提问，没把握的问题转人工。',
      en: 'An FAQ bot: answers frequent questions in Chinese and English from your FAQ, and hands the others to people.',
    },
  },
});
