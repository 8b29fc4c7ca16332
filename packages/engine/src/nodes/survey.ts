import { durationMs, type NodeOf } from '@touchpoint/blueprint';
import { NEXT } from '../run.ts';
import type { NodeBehaviour } from './behaviour.ts';
import { channelOf, isResultOf, sendMessage } from './send.ts';

/** The event a survey answer arrives as, with `{ score, comment? }`. */
export const SURVEY_ANSWERED = 'survey.answered';

const RANGE = { csat: [1, 5], nps: [0, 10] } as const;

/** Sends the question, then waits (on the customer) for a score in range, or for the timeout. */
export const survey: NodeBehaviour<NodeOf<'survey'>> = {
  enter(run, node) {
    return run.wait({ kind: 'effect', key: sendMessage(run, node, 'send') });
  },
  on(run, node, event) {
    const position = run.state.position!;
    if (isResultOf(run, event)) {
      if (event.type === 'effect.failed') {
        delete position.pending;
        run.log('touchpoint.failed', { channel: channelOf(run, node), error: event.error });
        return { done: true, via: 'error' };
      }
      run.log('touchpoint.sent', { channel: channelOf(run, node), template: node.template });
      run.responded();
      position.sent = true;
      const timerKey = run.key('timeout');
      run.schedule(timerKey, new Date(run.now.getTime() + durationMs(node.timeout)));
      run.pauseCaseClocks();
      return run.wait({ kind: 'event', name: SURVEY_ANSWERED, timerKey });
    }
    const pending = position.pending;
    if (pending?.kind === 'event' && event.type === 'timer.fired' && event.key === pending.timerKey) {
      delete position.pending;
      run.resumeCaseClocks();
      run.log('survey.unanswered', { survey: node.survey });
      return { done: true, via: 'timeout' };
    }
    // An answer may overtake the news that the question was sent (the provider delivered it before
    // its result reached us): it counts, and the late result of the send is then stale.
    if (event.type !== 'external' || event.name !== SURVEY_ANSWERED || pending === undefined) return undefined;
    const score = Number(event.data.score);
    const [min, max] = RANGE[node.survey];
    if (!Number.isInteger(score) || score < min || score > max) {
      run.log('survey.invalid-answer', { survey: node.survey, answer: event.data.score ?? null });
      return { done: false };
    }
    if (pending.kind === 'effect') run.responded();
    const comment = typeof event.data.comment === 'string' ? event.data.comment : undefined;
    run.state.data.survey = { kind: node.survey, score, ...(comment !== undefined && { comment }) };
    run.log('survey.answered', { survey: node.survey, score, ...(comment !== undefined && { comment }) });
    return NEXT;
  },
};
