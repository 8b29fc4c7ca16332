import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPlugin, type LoadedPlugin } from './load.ts';
import { messageOf } from './guard.ts';

/** A plugin found in an npm package, loaded and checked. */
export interface DiscoveredPlugin extends LoadedPlugin {
  packageName: string;
  packageDir: string;
  /** The entry module, from the package's `"touchpoint": { "plugin": "./index.js" }`. */
  entry: string;
}

export interface DiscoveryProblem {
  packageDir: string;
  packageName?: string;
  message: string;
}

/**
 * Finds plugins: npm packages whose package.json has `"touchpoint": { "plugin": "<entry>" }`,
 * among `fromDir` itself, its workspace packages (pnpm-workspace.yaml or package.json
 * `workspaces`, `dir/*` patterns) and its `node_modules` (scoped too). Each entry is imported and
 * checked with `loadPlugin`; a package that fails is reported and the others are still returned.
 * When two packages provide the same plugin id, the first wins: the project, then workspace
 * packages, then node_modules.
 *
 * @example
 * const { plugins, problems } = await discoverPlugins(process.cwd());
 */
export async function discoverPlugins(fromDir: string): Promise<{ plugins: DiscoveredPlugin[]; problems: DiscoveryProblem[] }> {
  const root = resolve(fromDir);
  // In this order, so that a workspace package wins over an installed one with the same plugin id.
  const dirs = new Set<string>();
  for (const dir of [root, ...(await workspaceDirs(root)).sort(), ...(await nodeModuleDirs(root)).sort()]) {
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) dirs.add(real);
  }

  const plugins: DiscoveredPlugin[] = [];
  const problems: DiscoveryProblem[] = [];
  for (const packageDir of dirs) {
    const pkg = await readJson(join(packageDir, 'package.json'));
    const declared = (pkg?.touchpoint as { plugin?: unknown } | undefined)?.plugin;
    if (pkg === undefined || declared === undefined) continue;
    const packageName = typeof pkg.name === 'string' ? pkg.name : relative(root, packageDir);
    const problem = (message: string) => problems.push({ packageDir, packageName, message });
    if (typeof declared !== 'string' || declared === '') {
      problem('"touchpoint.plugin" in package.json must be the path of the plugin module, e.g. "./index.js"');
      continue;
    }
    const entry = resolve(packageDir, declared);
    const inside = relative(packageDir, entry);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      problem(`"touchpoint.plugin" points outside the package: ${declared}`);
      continue;
    }
    try {
      const plugin = loadPlugin(await import(pathToFileURL(entry).href));
      const twin = plugins.find((found) => found.manifest.id === plugin.manifest.id);
      if (twin !== undefined) problem(`plugin "${plugin.manifest.id}" is also provided by ${twin.packageName}; the first one found is used`);
      else plugins.push({ ...plugin, packageName, packageDir, entry });
    } catch (error) {
      problem(messageOf(error));
    }
  }
  return { plugins, problems };
}

async function workspaceDirs(root: string): Promise<string[]> {
  const patterns: string[] = [];
  const yaml = await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8').catch(() => undefined);
  if (yaml !== undefined) patterns.push(...pnpmWorkspacePatterns(yaml));
  const pkg = await readJson(join(root, 'package.json'));
  const workspaces = pkg?.workspaces;
  if (Array.isArray(workspaces)) patterns.push(...workspaces.filter((item): item is string => typeof item === 'string'));
  else if (Array.isArray((workspaces as { packages?: unknown } | undefined)?.packages)) {
    patterns.push(...((workspaces as { packages: unknown[] }).packages.filter((item): item is string => typeof item === 'string')));
  }
  const dirs: string[] = [];
  for (const pattern of patterns) if (!pattern.startsWith('!')) dirs.push(...(await expand(root, pattern.replace(/^\.\//, '').split('/'))));
  return dirs;
}

/** The `packages:` list of a pnpm-workspace.yaml, read without a YAML parser (it is a flat list). */
export function pnpmWorkspacePatterns(yaml: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) inPackages = true;
    else if (inPackages && /^\s*-\s*/.test(line)) patterns.push(line.replace(/^\s*-\s*/, '').replace(/\s+#.*$/, '').replace(/^['"]|['"]$/g, '').trim());
    else if (inPackages && /^\S/.test(line)) inPackages = false;
  }
  return patterns.filter((pattern) => pattern !== '');
}

/** Directories matching a pattern whose segments may be `*` globs (`**` is read as `*`). */
async function expand(base: string, segments: string[]): Promise<string[]> {
  const [head, ...rest] = segments;
  if (head === undefined) return [base];
  if (!head.includes('*')) return expand(join(base, head), rest);
  const matcher = new RegExp(`^${head.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  const matches = entries.filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && entry.name !== 'node_modules' && !entry.name.startsWith('.') && matcher.test(entry.name));
  return (await Promise.all(matches.map((entry) => expand(join(base, entry.name), rest)))).flat();
}

async function nodeModuleDirs(root: string): Promise<string[]> {
  const modules = join(root, 'node_modules');
  const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.name.startsWith('@')) dirs.push(join(modules, entry.name));
    else for (const scoped of await readdir(join(modules, entry.name)).catch(() => [])) dirs.push(join(modules, entry.name, scoped));
  }
  return dirs;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
