import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The tables as Kysely sees them. Written once, by hand, to match the migrations; the round-trip
 * tests read every column back on both drivers to keep the two honest.
 *
 * Conventions: ids are app-generated text (crypto.randomUUID()) unless noted; every table but
 * `tenants` is keyed by (tenant_id, ...); column names are the SQL names (snake_case).
 */
export interface Database {
  tenants: TenantsTable;
  blueprints: BlueprintsTable;
  blueprint_versions: BlueprintVersionsTable;
  deployments: DeploymentsTable;
  customers: CustomersTable;
  customer_products: CustomerProductsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  due_work: DueWorkTable;
  effects: EffectsTable;
  tasks: TasksTable;
  api_tokens: ApiTokensTable;
  plugin_connections: PluginConnectionsTable;
  notifications: NotificationsTable;
}

/** A row as selected: `Row<'cases'>`. */
export type Row<T extends keyof Database> = Selectable<Database[T]>;
/** What an insert takes: `NewRow<'cases'>`. */
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
/** What an update takes: `RowUpdate<'cases'>`. */
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;

// ---- column kinds -------------------------------------------------------------------------

/** timestamptz: read as a Date; written as a Date or an ISO-8601 string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with a `now()` default: may be left out on insert. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * A jsonb column holding a JSON object (a document). Reads give `T`; writes take any object,
 * interfaces included, and both drivers JSON-encode it. Top-level arrays are refused by both
 * drivers (`pg` would send a Postgres array), so every jsonb column here holds an object.
 */
export type Jsonb<T extends object = JsonObject> = ColumnType<T, object, object>;
/** As `Jsonb`, with a `'{}'` default. */
export type DefaultJsonb<T extends object = JsonObject> = ColumnType<T, object | undefined, object>;

// ---- statuses (each enforced by a CHECK constraint) ---------------------------------------

export type CaseStatus = 'running' | 'waiting' | 'parked' | 'completed' | 'cancelled';
export type ProductStatus = 'active' | 'revoked' | 'expired';
export type DueWorkKind = 'timer' | 'event' | 'effect';
export type EffectStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'dead';
export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';
export type Role = 'admin' | 'designer' | 'agent' | 'supervisor' | 'viewer';

// ---- tables -------------------------------------------------------------------------------

export interface TenantsTable {
  /** The tenant id itself, which every other table carries as `tenant_id`. */
  id: string;
  name: string;
  created_at: DefaultTimestamp;
}

export interface BlueprintsTable {
  tenant_id: string;
  id: string;
  name: string;
  /** The blueprint document being edited, not yet published. */
  draft: DefaultJsonb;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** A published version: immutable (a trigger refuses updates), addressed by its content hash. */
export interface BlueprintVersionsTable {
  tenant_id: string;
  id: string;
  blueprint_id: string;
  version: number;
  content_hash: string;
  document: Jsonb;
  published_at: DefaultTimestamp;
}

export interface DeploymentsTable {
  tenant_id: string;
  id: string;
  blueprint_version_id: string;
  name: string;
  active: Generated<boolean>;
  config: DefaultJsonb;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CustomersTable {
  tenant_id: string;
  id: string;
  /** The customer's id in the tenant's own systems (CRM, booking system); unique per tenant. */
  external_ref: string | null;
  name: string | null;
  /** e.g. 'zh-CN', 'en' */
  locale: string | null;
  segment: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  data: DefaultJsonb;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** A service product (tier or add-on) a customer holds, with what is left of its entitlements. */
export interface CustomerProductsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  product_id: string;
  status: ProductStatus;
  valid_from: Timestamp;
  valid_until: Timestamp | null;
  /** Remaining entitlements, e.g. `{ freeRebookings: 2, priorityQueue: true }`. */
  entitlements: DefaultJsonb;
  /** Where it came from, e.g. a payment reference. */
  source: Jsonb | null;
  created_at: DefaultTimestamp;
}

export interface CasesTable {
  tenant_id: string;
  id: string;
  deployment_id: string;
  blueprint_version_id: string;
  customer_id: string | null;
  status: CaseStatus;
  /** The end node's outcome, e.g. 'resolved', once completed. */
  outcome: string | null;
  /** The engine's case state. */
  state: Jsonb;
  /** Optimistic concurrency: every transition writes `revision + 1 where revision = read`. */
  revision: Generated<number>;
  /** The seq of the last entry in the case's event log. */
  last_seq: Generated<number>;
  parked_reason: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  closed_at: Timestamp | null;
}

/** The append-only case log (a trigger refuses updates); the source for KPIs and live views. */
export interface CaseEventsTable {
  tenant_id: string;
  case_id: string;
  /** 1, 2, 3, ... per case. */
  seq: number;
  type: string;
  node_id: string | null;
  data: DefaultJsonb;
  /** Business-clock time of the event (the injected clock). */
  at: Timestamp;
  /** Wall-clock time the row was written. */
  recorded_at: DefaultTimestamp;
}

/** Timers and ready steps, claimed by workers; deleted when done, so the table stays small. */
export interface DueWorkTable {
  tenant_id: string;
  /** Database-generated (identity). */
  id: Generated<number>;
  case_id: string;
  kind: DueWorkKind;
  due_at: Timestamp;
  payload: DefaultJsonb;
  /** Scheduling the same key twice for a tenant is refused (unique), so retries don't duplicate. */
  dedupe_key: string | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  attempts: Generated<number>;
  created_at: DefaultTimestamp;
}

/** The outbox record of one plugin call; `idempotency_key` (case/node/visit) is unique per tenant. */
export interface EffectsTable {
  tenant_id: string;
  id: string;
  case_id: string;
  node_id: string;
  visit: number;
  idempotency_key: string;
  plugin: string;
  action: string;
  input: DefaultJsonb;
  status: ColumnType<EffectStatus, EffectStatus | undefined, EffectStatus>;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  output: Jsonb | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** A human SOP step in an inbox. */
export interface TasksTable {
  tenant_id: string;
  id: string;
  case_id: string;
  node_id: string;
  visit: number;
  title: string;
  queue: string;
  role: string | null;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  assignee: string | null;
  priority: Generated<number>;
  /** A JSON Schema for the completion form. */
  form: Jsonb | null;
  /** The submitted completion data. */
  data: Jsonb | null;
  due_at: Timestamp | null;
  created_at: DefaultTimestamp;
  claimed_at: Timestamp | null;
  completed_at: Timestamp | null;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: string;
  name: string;
  role: Role;
  /** A hash of the token; the token itself is shown once and never stored. Unique. */
  token_hash: string;
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PluginConnectionsTable {
  tenant_id: string;
  id: string;
  plugin_id: string;
  /** Unique per tenant and plugin. */
  name: string;
  config: DefaultJsonb;
  /** The connection's secret fields, encrypted by the server before they get here. */
  secrets_encrypted: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** Something a role or queue is told: an SLA warning, a breach, an escalation, an alert. */
export interface NotificationsTable {
  tenant_id: string;
  /** The engine's key for it, so a replayed transition does not notify twice. */
  id: string;
  case_id: string;
  node_id: string | null;
  role: string | null;
  queue: string | null;
  reason: string;
  message: string;
  created_at: DefaultTimestamp;
  read_at: Timestamp | null;
}
