import { compileExpression, ExpressionError, type ExpectedType } from '../expression.ts';
import type { PathSegment } from '../problems.ts';
import { ExpressionValue } from '../nodes/index.ts';
import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/** Every expression in the document compiles, within limits, to the type its place needs. */
export function checkExpressions(view: View, report: Report): void {
  const check = (source: string, expected: ExpectedType, path: PathSegment[], owner: { nodeId?: string; edgeId?: string }) => {
    try {
      compileExpression(source, expected);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const where = error.position === undefined ? '' : ` (at character ${error.position + 1})`;
      report.add('TP_BLUEPRINT_EXPRESSION', path, `${error.message}${where} in \`${clip(source)}\``, owner);
    }
  };
  for (const { index, value: edge } of valid(view.edges)) {
    if (edge.condition !== undefined) check(edge.condition, 'bool', ['edges', index, 'condition'], { edgeId: edge.id });
  }
  for (const { index, value: node } of valid(view.nodes)) {
    const owner = { nodeId: node.id };
    if (node.kind === 'wait' && node.match !== undefined) check(node.match, 'bool', ['nodes', index, 'match'], owner);
    if (node.kind === 'timer' && node.at !== undefined) check(node.at, 'timestamp', ['nodes', index, 'at'], owner);
    if (node.kind === 'task' && node.assignee !== undefined) check(node.assignee, 'any', ['nodes', index, 'assignee'], owner);
    if (node.kind === 'touchpoint' && node.to !== undefined) check(node.to, 'any', ['nodes', index, 'to'], owner);
    if ((node.kind === 'action' || node.kind === 'touchpoint') && node.input) {
      for (const [key, value] of Object.entries(node.input)) {
        const expr = ExpressionValue.safeParse(value);
        if (expr.success) check(expr.data.$expr, 'any', ['nodes', index, 'input', key, '$expr'], owner);
      }
    }
  }
}

function clip(source: string): string {
  return source.length > 80 ? `${source.slice(0, 77)}...` : source;
}
