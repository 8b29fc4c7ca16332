import { defineAction } from '@touchpoint/plugin-sdk';
import { decide } from './answer.ts';
import { indexFor } from './faq-index.ts';
import { SAMPLE_FAQ } from './sample-faq.ts';
import { AnswerInput, AnswerOutput, KbConnection } from './schemas.ts';

/** `answer`: the FAQ entry that answers a customer's question, or "hand it to a person". */
export const answer = defineAction({
  connection: KbConnection,
  input: AnswerInput,
  output: AnswerOutput,
  editor: {
    label: { 'zh-CN': '智能客服回答', en: 'Answer from the FAQ' },
    description: {
      'zh-CN': '在常见问题库中查找答案。有把握时 answered 为 true 并给出答案；否则为 false，请转人工。',
      en: 'Looks the question up in the FAQ. When confident, answered is true with the answer; otherwise false: hand the case to a person.',
    },
  },
  run(ctx, input) {
    const index = indexFor(ctx.connection.entries ?? SAMPLE_FAQ);
    const { candidates, ...output } = decide(index, input.question, input.locale, {
      minScore: ctx.connection.minScore,
      minMargin: ctx.connection.minMargin,
    });
    ctx.logger.info(output.answered ? 'faq answered' : 'faq handed over', {
      entryId: output.entryId ?? null,
      score: output.score,
      confidence: output.confidence,
      candidates: candidates.slice(0, 3).map((candidate) => `${candidate.entryId}:${candidate.score}`),
    });
    return output;
  },
});
