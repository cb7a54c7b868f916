import { NotFoundError } from '../errors.js';
import { loadScript } from '../scripts/load-script.js';
import { ScriptPackage } from '../scripts/script-package.js';
import type { ScriptTaskMessage } from './message.js';
import type { TaskResult } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';

/** Calls the script's `run(om, payload)` with `om` bound to the task's context and bucket. */
export async function runScriptTask(om: RuntimeScope, message: ScriptTaskMessage): Promise<TaskResult> {
  const meta = await om.scripts.metadata(message.script);
  if (!meta) {
    throw new NotFoundError(
      `scripts/${message.script} (bucket ${om.bucketName}) does not exist in context ${om.context}`,
    );
  }
  const version = String(meta.kindMeta.version);
  const pkg = await om.scripts.get(`${meta.name}@${version}`);
  if (!(pkg instanceof ScriptPackage))
    throw new NotFoundError(`scripts/${meta.name} is not a script module (kind ${meta.kind})`);
  const script = await loadScript(pkg, version, { context: om.context, bucket: om.bucketName });
  const started = new Date();
  const result: unknown = await script.run(om, message.payload);
  const ended = new Date();
  return {
    type: 'script',
    // What JSON cannot carry (undefined, functions) becomes null, as it would on the wire.
    result: JSON.parse(JSON.stringify(result ?? null)) as unknown,
    started: started.toISOString(),
    ended: ended.toISOString(),
    seconds: (ended.getTime() - started.getTime()) / 1000,
  };
}
