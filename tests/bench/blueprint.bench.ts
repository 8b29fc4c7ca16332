/**
 * pnpm bench:blueprint — how long validateBlueprint takes on generated 1,000- and 10,000-node
 * blueprints. The baseline, measured in the same run on the same documents, is a JSON round trip
 * (stringify + parse): the least any tool must do to read the document. Figures are medians of
 * 15 runs after 3 warm-ups (7 for 10,000 nodes); the last line is one JSON object. A quarter of the
 * nodes are decisions with a CEL condition and a quarter plugin actions whose input is checked by ajv.
 */
import { GENERATED_PLUGINS, generateBlueprint, validateBlueprint } from '@touchpoint/blueprint';
import { round, time } from './measure.ts';

const figures: Record<string, number> = {};
const context = { plugins: GENERATED_PLUGINS };
for (const size of [1_000, 10_000]) {
  const doc = generateBlueprint(size);
  const check = validateBlueprint(doc, context);
  if (!check.ok) throw new Error(`generated ${size}-node blueprint is invalid: ${JSON.stringify(check.problems.slice(0, 3))}`);
  const runs = size >= 10_000 ? 7 : 15;
  const validate = time(() => validateBlueprint(doc, context), { runs });
  const baseline = time(() => JSON.parse(JSON.stringify(doc)), { runs });
  figures[`validate_${size}_ms`] = round(validate.median);
  figures[`json_roundtrip_${size}_ms`] = round(baseline.median);
  figures[`ratio_${size}`] = round(validate.median / baseline.median, 1);
  console.log(`${size} nodes: validate ${round(validate.median)} ms (median of ${runs}), JSON round trip ${round(baseline.median)} ms, ratio ${figures[`ratio_${size}`]}`);
}
figures.target_1000_ms = 50;
console.log(JSON.stringify(figures));
