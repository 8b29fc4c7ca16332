/**
 * Just enough MIME to read what nodemailer sends, independently of nodemailer: headers (unfolded,
 * RFC 2047 encoded words decoded), multipart bodies, base64 and quoted-printable, UTF-8.
 */
export interface MimePart {
  headers: Map<string, string[]>;
  /** The decoded body of a leaf part; '' for a multipart. */
  body: string;
  parts: MimePart[];
}

export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const rest = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(line.slice(colon + 1).trim())]);
  }
  const type = headers.get('content-type')?.[0] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary !== undefined) {
    const sections = rest.split(`--${boundary}`).slice(1);
    const parts = sections.filter((section) => !section.startsWith('--')).map((section) => parseMime(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: '', parts };
  }
  return { headers, body: decodeBody(rest, headers.get('content-transfer-encoding')?.[0] ?? '7bit'), parts: [] };
}

/** The first header of that name. */
export function headerOf(part: MimePart, name: string): string | undefined {
  return part.headers.get(name.toLowerCase())?.[0];
}

/** The first leaf part with this content type (`text/plain`), depth first. */
export function findPart(part: MimePart, contentType: string): MimePart | undefined {
  if (part.parts.length === 0) return (headerOf(part, 'content-type') ?? 'text/plain').toLowerCase().startsWith(contentType) ? part : undefined;
  for (const child of part.parts) {
    const found = findPart(child, contentType);
    if (found !== undefined) return found;
  }
  return undefined;
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return quotedPrintableBytes(body.replace(/=\r\n/g, '')).toString('utf8');
    default:
      return body;
  }
}

function quotedPrintableBytes(text: string, underscoreIsSpace = false): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const hex = text.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else if (char === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/**
 * `=?UTF-8?B?5oKo5aW9?= =?UTF-8?Q?...?=` → text. Whitespace between encoded words is dropped and
 * their bytes are joined before decoding, so a character split across two words survives.
 */
export function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(pending).toString('utf8');
    pending = [];
  };
  for (const match of value.matchAll(word)) {
    const between = value.slice(last, match.index);
    if (pending.length === 0 || !/^\s*$/.test(between)) {
      flush();
      out += between;
    }
    const [, , encoding, text] = match as unknown as [string, string, string, string];
    pending.push(encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text, true));
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}
