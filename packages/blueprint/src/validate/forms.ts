import { compileSchema } from './json-schema-checker.ts';
import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/** A task's form is a JSON Schema the inbox can render and the server can check submissions against. */
export function checkTaskForms(view: View, report: Report): void {
  for (const { index, value: node } of valid(view.nodes)) {
    if (node.kind !== 'task' || node.form === undefined) continue;
    const compiled = compileSchema(node.form);
    if (compiled instanceof Error) {
      report.add('TP_BLUEPRINT_TASK_FORM', ['nodes', index, 'form'], `the form is not a valid JSON Schema: ${compiled.message}`, { nodeId: node.id });
    } else if (node.form.type !== 'object') {
      report.add('TP_BLUEPRINT_TASK_FORM', ['nodes', index, 'form', 'type'], 'a task form describes an object: set "type": "object"', { nodeId: node.id });
    }
  }
}
