export type {
  ArchiveImportOptions,
  ArchiveImportResult,
  ArchiveSummary,
  GcOptions,
  GcReport,
} from './archive/types.js';
export { defaultBackends } from './backends/builtin.js';
export type { ContextSpec, SetupOptions } from './config/context-spec.js';
export type { Columns, DatasetGetOptions, DatasetShape } from './datasets/dataset-get.js';
export { DatasetStore, type ExportOptions, type ImportOptions } from './datasets/dataset-store.js';
export type { Filter, FilterOperator } from './datasets/filter.js';
export type { FileFormat } from './datasets/io/formats.js';
export { AggregateQuery, GroupedQuery, TableQuery } from './datasets/table-query.js';
export { type Column, type ColumnType, type Row, RowChunks } from './datasets/types.js';
export {
  AuthError,
  ConditionFailedError,
  ConflictError,
  IntegrityError,
  NotFoundError,
  OmegaError,
  TaskError,
  UnavailableError,
  ValidationError,
} from './errors.js';
export { JobStore } from './jobs/job-store.js';
export type { CellLanguage, CellOutput, Notebook, NotebookCell } from './jobs/notebook.js';
export type { JobRun } from './jobs/run-history.js';
export type { AuditEntry, AuditLog, AuditQuery, AuditRecord } from './keys/audit-log.js';
export type { KeyGrant } from './keys/grant.js';
export type { KeySpec } from './keys/key-spec.js';
export type { CreatedKey, KeyInfo, KeyStore } from './keys/key-store.js';
export { ROLES, type Role } from './keys/roles.js';
export type {
  ContextOpener,
  Lineage,
  LineageAddress,
  LineagePromotion,
  LineageScope,
  TrainingLineage,
  VersionLineage,
} from './lineage/types.js';
export { type ModelBackend, modelBackend } from './models/model-backend.js';
export type { EncodedModel, Estimator, ModelCodec } from './models/model-codec.js';
export { ModelStore } from './models/model-store.js';
export type { TrainingInput, TrainingRecord, TrainingRole } from './models/training-record.js';
export { Omega, type OpenContext } from './omega.js';
export {
  type Condition,
  type ConditionContext,
  ConditionRegistry,
  type ConditionStore,
  defaultConditions,
  registerCondition,
} from './promotion/conditions.js';
export type { RollbackOptions, RollbackResult } from './promotion/rollback.js';
export type {
  BundleMember,
  ConditionResult,
  ObjectAddress,
  PromoteOptions,
  PromotionPlan,
  PromotionRecord,
  PromotionResult,
} from './promotion/types.js';
export type { TaskStatus } from './runtime/executor.js';
export type { CollectingRuntime } from './runtime/flow/collecting-runtime.js';
export { Flow, type FlowBuilder } from './runtime/flow/flow.js';
export type { FlowInfo, FlowKind, FlowStepInfo, StepStatus } from './runtime/flow/flow-state.js';
export { FlowTask } from './runtime/flow/flow-task.js';
export type { JobProxy, JobRunOptions } from './runtime/job-proxy.js';
export type { ModelAction } from './runtime/message.js';
export type { ModelProxy, ModelTaskOptions } from './runtime/model-proxy.js';
export type { ScriptRun } from './runtime/outcome.js';
export { type PingResult, Runtime } from './runtime/runtime.js';
export type { QueueInfo, RuntimeStatus, WorkerInfo } from './runtime/runtime-status.js';
export type { ScriptProxy } from './runtime/script-proxy.js';
export { type ResultOptions, Task } from './runtime/task.js';
export type { ContextSchedules } from './schedules/context-schedules.js';
export type { CronSchedule } from './schedules/cron-schedule.js';
export { SchedulableStore, type ScheduleInfo, type ScheduleInput } from './schedules/schedulable-store.js';
export type { ScheduleKey, ScheduleRow } from './schedules/schedule-rows.js';
export { TEXT_FORMS } from './schedules/schedule-text.js';
export { ScriptPackage } from './scripts/script-package.js';
export { ScriptStore } from './scripts/script-store.js';
export { setup } from './setup.js';
export type { AggregateFunction } from './storage/tables/table-spec.js';
export type {
  Backend,
  BlobBackend,
  BlobPut,
  GetRequest,
  PutRequest,
  StorePrefix,
  StoreScope,
  TransactionalBackend,
  Transfer,
  TransferRequest,
  TransferSource,
  WriteTransaction,
} from './store/backend.js';
export type { ListOptions } from './store/list-filter.js';
export type { Metadata } from './store/metadata.js';
export { BackendRegistry } from './store/registry.js';
export type { DropOptions, GetOptions, PutOptions } from './store/store.js';
export { Store } from './store/store.js';

import { defaultBackends } from './backends/builtin.js';
import type { Backend } from './store/backend.js';

/**
 * Adds a backend for `kind` to the defaults, ahead of the built-in backends: every later
 * `setup()` starts with it; contexts already open keep their own backends. For one context
 * only, give it to that setup: `setup({ backends: [backend] })` (or `{ [kind]: backend }`).
 * A model kind is a backend that carries its codec, `modelBackend(codec)`: the runtime drives
 * its models through the codec's estimator. Promotion conditions work the same way:
 * `registerCondition(name, fn)` adds to the defaults, `setup({ conditions: { name: fn } })`
 * to one context.
 */
export function registerBackend(kind: string, backend: Backend): void {
  defaultBackends.register(kind, backend);
}
