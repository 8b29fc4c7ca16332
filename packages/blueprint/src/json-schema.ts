import { z } from 'zod';
import { Blueprint } from './document.ts';

let cached: Record<string, unknown> | undefined;

/**
 * The blueprint format as JSON Schema (draft 2020-12), generated from the zod schemas: for Monaco's
 * completion, for other tools, and for plugins written without zod. It describes the document as
 * written (fields with defaults are optional). Cross-field rules live in `validateBlueprint`.
 * String lengths count Unicode code points in both (an emoji is one character).
 */
export function blueprintJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...z.toJSONSchema(Blueprint, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
    $id: 'https://touchpoint.dev/schema/blueprint.schema.json',
    title: 'Touchpoint service blueprint',
  };
  return structuredClone(cached);
}
