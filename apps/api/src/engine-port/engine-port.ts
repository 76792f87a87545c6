import type { Acknowledgement, CaptureSnapshot, Report } from '@capture-doctor/domain';
import {
  type CaptureRule,
  type Catalog,
  createEvaluator,
  loadCaptureRules,
} from '@capture-doctor/engine';

/** What the API needs from the engine: the rules as data, the catalog, and an evaluation. */
export interface EnginePort {
  rules: readonly CaptureRule[];
  catalog: Catalog;
  evaluate(
    snapshot: CaptureSnapshot,
    options?: { acknowledgements?: readonly Acknowledgement[]; asOf?: string },
  ): Report;
}

/**
 * Loads the capture rules (from `dir`, or the repository's rules/capture) and builds the evaluator.
 * @example loadEngine().evaluate(snapshot).summary.worst.red
 */
export function loadEngine(dir?: string): EnginePort {
  const ruleSet = dir ? loadCaptureRules(dir) : loadCaptureRules();
  const evaluator = createEvaluator(ruleSet);
  return {
    rules: ruleSet.rules,
    catalog: ruleSet.catalog,
    evaluate: (snapshot, options) => evaluator.evaluateSnapshot(snapshot, options),
  };
}
