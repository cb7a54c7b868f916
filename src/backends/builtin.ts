import { modelCodecs } from '../models/codecs.js';
import { modelBackend } from '../models/model-backend.js';
import { BackendRegistry } from '../store/registry.js';
import { fileBackend } from './file.js';
import { jsonBackend } from './json.js';
import { scriptBackend } from './script.js';
import { tableBackend } from './table.js';

/** The process-wide registry every store uses; `registerBackend` adds to it. */
export const backends = new BackendRegistry();

// Lowest priority first: each registration goes in front of the previous ones.
backends.register(jsonBackend.kind, jsonBackend);
backends.register(fileBackend.kind, fileBackend);
backends.register(tableBackend.kind, tableBackend);
backends.register(scriptBackend.kind, scriptBackend);
for (const codec of modelCodecs) backends.register(codec.kind, modelBackend(codec));
