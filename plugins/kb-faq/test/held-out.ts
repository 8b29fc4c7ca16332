/**
 * A second labelled set, written before the stop words, keywords and thresholds were tuned on
 * LABELLED. No keyword was added for it; a few generic stop words were added after its tokens had
 * been seen (see README, "Tuning"). Roughly what the tuning is worth on questions it was not fit to.
 */
export const HELD_OUT: ReadonlyArray<{ question: string; expected: string | null }> = [
  { question: '去日本签证要什么资料', expected: 'visa-documents' },
  { question: '护照快过期了还能办签证吗', expected: 'visa-documents' },
  { question: '欧洲线大概玩多少天', expected: 'trip-length' },
  { question: '改期收费吗', expected: 'rebooking-fee' },
  { question: '钱什么时候退回来', expected: 'refund-time' },
  { question: '托运行李限重多少公斤', expected: 'baggage' },
  { question: '老人行动不便，有人协助吗', expected: 'wheelchair' },
  { question: '我是穆斯林，吃饭怎么办', expected: 'halal-meals' },
  { question: '票发到哪里了', expected: 'e-ticket-delivery' },
  { question: '能开增值税发票吗', expected: 'invoice' },
  { question: '乘机人姓名写错一个字母', expected: 'name-change' },
  { question: '婴儿要不要买票', expected: 'child-ticket' },
  { question: '订单能取消吗', expected: 'cancellation' },
  { question: 'Can I bring two suitcases?', expected: 'baggage' },
  { question: 'Is there a fee to reschedule?', expected: 'rebooking-fee' },
  { question: 'How long until my refund arrives?', expected: 'refund-time' },
  { question: 'Do infants pay for a seat?', expected: 'child-ticket' },
  { question: 'I need an official invoice (fapiao)', expected: 'invoice' },
  { question: 'What paperwork does the visa application need?', expected: 'visa-documents' },
  { question: 'Please cancel my order', expected: 'cancellation' },
  { question: '你们公司几点下班', expected: null },
  { question: 'Is the Louvre open on Mondays?', expected: null },
  { question: '导游把我的包弄丢了，我要赔偿', expected: null },
  { question: 'My flight was cancelled by the airline, what now?', expected: null },
];
