import { loadPlugin, type LoadedPlugin } from '../src/index.ts';

/** The plain JavaScript example plugin (plugins/example-js), imported as the host would: untyped. */
export const exampleJsEntry = new URL('../../../plugins/example-js/index.js', import.meta.url);
export const exampleJsModule: { default: unknown } = await import(exampleJsEntry.href);
export const exampleJs: LoadedPlugin = loadPlugin(exampleJsModule);
