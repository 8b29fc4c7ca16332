import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the bundled templates (the repository's `templates/`). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Names of the bundled templates: each a folder with a `blueprint.json`. */
export function bundledTemplates(): string[] {
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(TEMPLATES_DIR, entry.name, 'blueprint.json')))
    .map((entry) => entry.name)
    .sort();
}

export function templateBlueprintPath(name: string): string {
  return join(TEMPLATES_DIR, name, 'blueprint.json');
}
