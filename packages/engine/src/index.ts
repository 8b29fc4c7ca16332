/**
 * @touchpoint/engine — the pure interpreter of blueprints. No I/O: the runtime, the simulator
 * and the studio's dry run share it.
 */
export { transition, EngineInputError, type TransitionInput, type TransitionResult } from './transition.ts';
export { compileBlueprint, BlueprintNotRunnableError, type CompiledBlueprint } from './compile.ts';
export { EngineEvent, CaseCustomer, type EngineEventInput } from './events.ts';
export type { Effect, CaseLogEvent, SendEffect, CallEffect, CreateTaskEffect, UpdateTaskEffect, CloseTaskEffect, ScheduleTimerEffect, CancelTimerEffect, NotifyEffect, ConsumeEntitlementEffect, StartSubjourneyEffect } from './effects.ts';
export type { CaseState, CaseStatus, Position, Pending } from './state.ts';
export type { SlaClock, SlaTarget } from './sla.ts';
export { effectiveStep, type EffectiveStep } from './overlay.ts';
export { renderTemplate } from './render.ts';
export { SURVEY_ANSWERED } from './nodes/index.ts';
export { MAX_STEPS_PER_TRANSITION } from './run.ts';
export * from './business-time/index.ts';
export { Simulation, type SimulationOptions, type SimulatedTask, type CallAnswer } from './simulator.ts';
