import type { Redis } from 'ioredis';
import { WORKER_KEYS } from './broker.js';

/** How long an answer is reused: submissions in a burst ask Redis once. */
const CACHE_MS = 1_000;

/**
 * One round trip: whether a live heartbeat (`omega:workers:<id>`, see worker-registry.ts) names
 * both the context and the label. Scans the worker keys in Redis, not over the wire.
 */
const SERVED_SCRIPT = `
local cursor = "0"
repeat
  local page = redis.call("SCAN", cursor, "MATCH", ARGV[1], "COUNT", 500)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    local raw = redis.call("GET", key)
    local ok, worker = pcall(cjson.decode, raw or "null")
    if ok and type(worker) == "table" then
      local context, label = false, false
      for _, name in ipairs(worker.contexts or {}) do if name == ARGV[2] then context = true end end
      for _, name in ipairs(worker.labels or {}) do if name == ARGV[3] then label = true end end
      if context and label then return 1 end
    end
  end
until cursor == "0"
return 0`;

/** Whether any live worker serves a label of a context, answered from a short cache. */
export class ServedLabels {
  private readonly answers = new Map<string, { at: number; served: Promise<boolean> }>();

  constructor(
    private readonly redis: () => Redis,
    private readonly context: string,
  ) {}

  served(label: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.answers.get(label);
    if (cached && now - cached.at < CACHE_MS) return cached.served;
    const served = this.ask(label);
    this.answers.set(label, { at: now, served });
    served.catch(() => this.answers.delete(label));
    return served;
  }

  /** A server that refuses the script (a Redis look-alike without Lua) cannot tell: served, rather than a false alarm. */
  private async ask(label: string): Promise<boolean> {
    try {
      return (await this.redis().eval(SERVED_SCRIPT, 0, WORKER_KEYS, this.context, label)) === 1;
    } catch (error) {
      if (error instanceof Error && error.name === 'ReplyError') return true;
      throw error;
    }
  }
}
