/**
 * Words for retrieval, in Chinese and English: `Intl.Segmenter` at word granularity ('zh' when the
 * text has Han characters: Chinese runs are split into dictionary words and Latin words inside
 * them kept whole; 'en' otherwise), NFKC-normalised (full-width letters and digits become ASCII),
 * lowercased, punctuation, spaces and numbers dropped, function words dropped, English plurals
 * folded. The index and the questions go through the same function.
 */
const HAN = /\p{Script=Han}/u;
const LATIN = /^[a-z]/;
const DIGITS = /^[0-9.,]+$/;

const segmenters = {
  zh: new Intl.Segmenter('zh', { granularity: 'word' }),
  en: new Intl.Segmenter('en', { granularity: 'word' }),
};

/** Words that say nothing about which question is asked. Kept small: a word here can never match. */
const STOP_WORDS = new Set([
  // English
  'a', 'an', 'the', 'i', 'me', 'my', 'we', 'our', 'you', 'your', 'it', 'its', 'is', 'are', 'was', 'be', 'am',
  'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'must',
  'what', 'whats', 'which', 'who', 'how', 'hows', 'there', 'this', 'that', 'these', 'those',
  'to', 'of', 'in', 'on', 'at', 'for', 'from', 'with', 'by', 'about', 'and', 'or', 'if', 'so', 'any',
  'please', 'pls', 'hi', 'hello', 'thanks', 'thank', 'get', 'need', 'needed', 'want', 'have', 'has', 'much', 'many',
  'still', 'now', 'until', 'use', 'help', 'some', 'just', 'also', 'very', 'really', 'been', 'were', 'they', 'them', 'he', 'she', 'his', 'her',
  // Chinese (what the 'zh' segmenter yields for particles and pronouns)
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '哦', '是', '我', '我们', '你', '你们', '您', '他', '她', '它',
  '这', '那', '这个', '那个', '要', '想', '想要', '能', '能不能', '可以', '可不可以', '请', '请问', '一下', '有', '在',
  '和', '与', '或', '个', '都', '就', '还', '也', '怎么', '怎么样', '怎样', '样', '如何', '什么', '哪些', '好', '您好', '你好', '谢谢',
  '我能', '我的', '我想', '我是', '我要', '没有', '需要', '不要', '要不要', '一共', '怎么办', '怎么弄', '弄', '办', '请问一下', '麻烦',
  '东西', '什么东西', '去', '去了', '来', '快', '大概', '大约', '一个', '哪里', '哪儿', '有人', '把', '上', '下', '还能', '现在',
  // English contractions, after the apostrophe is dropped
  'dont', 'doesnt', 'didnt', 'cant', 'cannot', 'isnt', 'arent', 'wont', 'hasnt', 'havent', 'im', 'ive', 'id',
]);

/** Folds the commonest English inflections so "documents" finds "document", "refunds" "refund". */
function fold(word: string): string {
  if (!LATIN.test(word)) return word;
  let stem = word.replace(/['’]s$/, '').replace(/['’]/g, '');
  if (stem.length > 4 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 4 && /(?:ches|shes|sses|xes)$/.test(stem)) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !/(?:ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  return stem;
}

/**
 * The words of a text. Where the segmenter leaves two single Han characters side by side (a word
 * its dictionary lacks: 改签 → 改 + 签, 到账 → 到 + 账), the pair is added as a word too, so the
 * phrase still counts for more than its characters.
 */
export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  const segmenter = HAN.test(normalized) ? segmenters.zh : segmenters.en;
  const tokens: string[] = [];
  let previous: string | undefined; // the single Han character just before, if the last segment was one
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    const single = isWordLike === true && segment.length === 1 && HAN.test(segment) && !STOP_WORDS.has(segment);
    if (single && previous !== undefined) tokens.push(previous + segment);
    previous = single ? segment : undefined;
    if (!isWordLike) continue; // punctuation, spaces, symbols
    if (STOP_WORDS.has(segment)) continue;
    const word = fold(segment);
    if (word === '' || STOP_WORDS.has(word)) continue;
    if (LATIN.test(word) && word.length < 2) continue; // "e" of "e-ticket", stray letters
    if (DIGITS.test(word)) continue; // "5 year old", "3 days": the number is rarely what is asked
    tokens.push(word);
  }
  return tokens;
}

/** Whether a text is Chinese (has Han characters), to answer in the question's language. */
export function looksChinese(text: string): boolean {
  return HAN.test(text);
}
