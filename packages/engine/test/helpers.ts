import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBlueprint, Simulation, type SimulationOptions } from '../src/index.ts';

const path = fileURLToPath(new URL('../../../templates/worry-free-rebooking/blueprint.json', import.meta.url));
export const rebookingDoc = () => JSON.parse(readFileSync(path, 'utf8'));
export const rebooking = compileBlueprint(rebookingDoc());

/** Shanghai local time → the instant (UTC+8, no DST). */
export const shanghai = (local: string) => new Date(`${local}+08:00`);

export function startRebooking(options: {
  at: Date;
  products?: string[];
  entitlements?: Record<string, number | boolean>;
  data?: Record<string, unknown>;
  sim?: SimulationOptions;
  locale?: 'zh-CN' | 'en';
}): Simulation {
  const sim = new Simulation(rebooking, options.at, options.sim);
  sim.apply({
    type: 'case.started',
    caseId: 'case-1',
    data: { orderId: 'T-1001', ...options.data },
    customer: { id: 'cust-1', name: 'Li Lei', locale: options.locale ?? 'zh-CN', addresses: { 'channel-sms': '+8613800000000' } },
    products: options.products ?? ['basic'],
    entitlements: options.entitlements ?? {},
    channel: 'channel-sms',
  });
  return sim;
}
