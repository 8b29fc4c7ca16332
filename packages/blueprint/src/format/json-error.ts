/**
 * Where JSON text first goes wrong, as a character offset: Node 20's `JSON.parse` says what but
 * not where. A small scanner with an explicit stack (no recursion, so any depth is fine); it is
 * only run after `JSON.parse` has failed.
 */
export function locateJsonError(text: string): number {
  let i = 0;
  const stack: Array<'{' | '['> = [];
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (): boolean => {
    space();
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text.charCodeAt(i) < 0x20) return false;
      }
      if (i >= text.length) return false;
      i++;
      return true;
    }
    const match = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!match) return false;
    i += match[0].length;
    return true;
  };
  // value := literal | '{' members '}' | '[' items ']'
  let expectValue = true;
  for (;;) {
    space();
    if (expectValue) {
      const ch = text[i];
      if (ch === '{' || ch === '[') {
        stack.push(ch);
        i++;
        space();
        if (text[i] === (ch === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (ch === '{' && !key()) return i;
        continue;
      }
      if (!literal()) return i;
      expectValue = false;
      continue;
    }
    const open = stack[stack.length - 1];
    if (open === undefined) return i < text.length ? i : -1;
    if (text[i] === ',') {
      i++;
      if (open === '{' && !key()) return i;
      expectValue = true;
    } else if (text[i] === (open === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }

  function key(): boolean {
    space();
    if (text[i] !== '"' || !literal()) return false;
    space();
    if (text[i] !== ':') return false;
    i++;
    return true;
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
