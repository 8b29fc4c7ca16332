import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the embeddable widget's source is (plain JavaScript, no build step). */
export const WIDGET_PATH = fileURLToPath(new URL('../widget/touchpoint-chat.js', import.meta.url));

let cached: string | undefined;
/** The widget's source, read once; give it to the server as `webchatOptions.widget`. */
export function widgetSource(): string {
  cached ??= readFileSync(WIDGET_PATH, 'utf8');
  return cached;
}
