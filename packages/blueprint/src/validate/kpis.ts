import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

const TIME_FORMULAS = new Set(['responseTime', 'resolutionTime']);

/** KPI settings that only make sense together. */
export function checkKpis(view: View, report: Report): void {
  for (const { index, value: kpi } of valid(view.kpis)) {
    if (kpi.percentile !== undefined && !TIME_FORMULAS.has(kpi.formula)) {
      report.add('TP_BLUEPRINT_KPI', ['kpis', index, 'percentile'], `a percentile applies to response and resolution times, not to ${kpi.formula}`);
    }
    const alert = kpi.alert;
    if (alert === undefined) continue;
    if ((alert.when === 'scoreBelow' || alert.when === 'shareAbove') && alert.threshold === undefined) {
      report.add('TP_BLUEPRINT_KPI', ['kpis', index, 'alert', 'threshold'], `alert "${alert.when}" needs a threshold`);
    }
    if ((alert.when === 'belowTarget' || alert.when === 'aboveTarget') && kpi.target === undefined) {
      report.add('TP_BLUEPRINT_KPI', ['kpis', index, 'alert', 'when'], `alert "${alert.when}" needs the KPI to have a target`);
    }
    if (alert.action === 'createTask' && alert.queue === undefined) {
      report.add('TP_BLUEPRINT_KPI', ['kpis', index, 'alert', 'queue'], 'an alert that creates a task needs the queue it goes to');
    }
  }
}
