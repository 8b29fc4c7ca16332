import { formatPath, type PathSegment, type Problem, type ProblemCode } from '../problems.ts';

/** Collects problems; checks add to it and never stop early, so a user sees everything at once. */
export class Report {
  readonly problems: Problem[] = [];

  add(code: ProblemCode, path: readonly PathSegment[], message: string, owner: { nodeId?: string; edgeId?: string } = {}): void {
    const problem: Problem = { code, path: formatPath(path), message };
    if (owner.nodeId !== undefined) problem.nodeId = owner.nodeId;
    if (owner.edgeId !== undefined) problem.edgeId = owner.edgeId;
    this.problems.push(problem);
  }
}
