import fc from 'fast-check';

type Json = unknown;
type Path = Array<string | number>;

/** Every path to a value inside a JSON document (the root excluded). */
export function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([...prefix, i]), pathsOf(item, [...prefix, i], out)));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push([...prefix, key]), pathsOf(item, [...prefix, key], out);
  }
  return out;
}

export type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'duplicate'; at: number }
  | { op: 'retype'; at: number };

/** Random edits at random places: what a careless hand or a buggy tool does to a document. */
export const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
    fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('retype' as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 4 },
);

export function applyMutations(doc: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (const mutation of mutations) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[mutation.at % paths.length]!;
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
    const key = path[path.length - 1]!;
    switch (mutation.op) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'replace':
        parent[key] = mutation.value;
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
        else parent[`${String(key)}Copy`] = structuredClone(parent[key]);
        break;
      case 'retype': {
        const value = parent[key];
        parent[key] = typeof value === 'string' ? 7 : typeof value === 'number' ? String(value) : typeof value === 'object' ? 'x' : null;
        break;
      }
    }
  }
  return copy;
}
