import { ExpressionValue, type Node } from '../nodes/index.ts';
import type { PathSegment } from '../problems.ts';
import type { PluginDescriptor, ValidationContext } from './context.ts';
import { compileSchema, pointerSegments } from './json-schema-checker.ts';
import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/**
 * Plugin references against the tenant's installed plugins: the plugin exists at the major version
 * the blueprint was published with, the action or trigger exists, and literal inputs match the
 * action's JSON Schema (inputs computed by expressions are checked when the case runs).
 */
export function checkPlugins(view: View, context: ValidationContext, report: Report): void {
  if (context.plugins === undefined) return;
  const plugins = new Map(context.plugins.map((plugin) => [plugin.id, plugin]));

  for (const [id, major] of Object.entries(view.plugins)) {
    const plugin = plugins.get(id);
    if (plugin === undefined) report.add('TP_BLUEPRINT_UNKNOWN_PLUGIN', ['plugins', id], `plugin "${id}" is not installed`);
    else if (plugin.version.split('.')[0] !== major) {
      report.add('TP_BLUEPRINT_PLUGIN_VERSION', ['plugins', id], `the blueprint was published with ${id} ${major}.x, but ${plugin.version} is installed; a major version change may break it`);
    }
  }

  for (const { index, value: node } of valid(view.nodes)) {
    const use = pluginUse(node);
    if (use === undefined) continue;
    const at: PathSegment[] = ['nodes', index];
    const owner = { nodeId: node.id };
    const plugin = plugins.get(use.plugin);
    if (plugin === undefined) {
      report.add('TP_BLUEPRINT_UNKNOWN_PLUGIN', [...at, use.pluginField], `plugin "${use.plugin}" is not installed`, owner);
      continue;
    }
    if (use.trigger !== undefined) {
      if (!plugin.triggers?.[use.trigger]) report.add('TP_BLUEPRINT_UNKNOWN_TRIGGER', [...at, 'trigger'], `plugin "${plugin.id}" has no trigger "${use.trigger}"${known(plugin.triggers)}`, owner);
      continue;
    }
    const action = plugin.actions[use.action];
    if (action === undefined) {
      report.add('TP_BLUEPRINT_UNKNOWN_ACTION', [...at, use.actionField], `plugin "${plugin.id}" has no action "${use.action}"${known(plugin.actions)}`, owner);
      continue;
    }
    if (use.input !== undefined) checkInput(plugin, use.action, action.input, use.input, [...at, 'input'], owner, report);
  }
}

interface PluginUse {
  plugin: string;
  pluginField: string;
  action: string;
  actionField: string;
  trigger?: string;
  input?: Record<string, unknown>;
}

function pluginUse(node: Node): PluginUse | undefined {
  switch (node.kind) {
    case 'action':
      return { plugin: node.plugin, pluginField: 'plugin', action: node.action, actionField: 'action', input: node.input };
    case 'touchpoint':
      return { plugin: node.channel, pluginField: 'channel', action: node.action, actionField: 'action' };
    case 'survey':
      return { plugin: node.channel, pluginField: 'channel', action: 'send', actionField: 'channel' };
    case 'trigger':
      if (node.plugin === undefined) return undefined;
      return { plugin: node.plugin, pluginField: 'plugin', action: '', actionField: 'trigger', trigger: node.trigger ?? 'inbound' };
    default:
      return undefined;
  }
}

function checkInput(
  plugin: PluginDescriptor,
  actionName: string,
  schema: Record<string, unknown>,
  input: Record<string, unknown>,
  at: PathSegment[],
  owner: { nodeId: string },
  report: Report,
): void {
  const validate = compileSchema(schema);
  if (validate instanceof Error) {
    report.add('TP_BLUEPRINT_ACTION_INPUT', at, `plugin "${plugin.id}" declares an invalid input schema for "${actionName}": ${validate.message}`, owner);
    return;
  }
  const computed = new Set(Object.keys(input).filter((key) => ExpressionValue.safeParse(input[key]).success));
  const literal = Object.fromEntries(Object.entries(input).filter(([key]) => !computed.has(key)));
  if (validate(literal)) return;
  for (const error of validate.errors ?? []) {
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
    if (missing !== undefined && computed.has(missing)) continue;
    const path = [...at, ...pointerSegments(error.instancePath), ...(missing === undefined ? [] : [missing])];
    const what = missing === undefined ? error.message : `is required by ${plugin.id}.${actionName}`;
    report.add('TP_BLUEPRINT_ACTION_INPUT', path, `input ${what}`, owner);
  }
}

function known(record: Record<string, unknown> | undefined): string {
  const names = Object.keys(record ?? {});
  return names.length === 0 ? '' : ` (it has: ${names.join(', ')})`;
}
