import { createReadStream } from 'node:fs';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ValidationError } from '../../errors.js';

export interface SourceOptions {
  readonly gzip: boolean;
  readonly onBytesRead?: ((bytes: number) => void) | undefined;
}

/**
 * A file's bytes as a stream, decompressed on the fly when `gzip` (never buffered whole); bytes
 * read from the disk are reported to `onBytesRead`. A gzip error is a ValidationError naming the file.
 */
export function openSource(path: string, options: SourceOptions): Readable {
  const file = createReadStream(path);
  const { onBytesRead } = options;
  const counted: Readable = onBytesRead ? file.pipe(byteCounter(onBytesRead)) : file;
  if (onBytesRead) file.on('error', (error) => counted.destroy(error));
  if (!options.gzip) return counted;
  const gunzip = createGunzip();
  const out = new PassThrough();
  counted.on('error', (error) => out.destroy(error));
  gunzip.on('error', (error) => out.destroy(gzipError(path, error)));
  out.on('close', () => counted.destroy());
  return counted.pipe(gunzip).pipe(out);
}

function byteCounter(onBytesRead: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytesRead(chunk.length);
      done(null, chunk);
    },
  });
}

function gzipError(path: string, error: Error): ValidationError {
  return new ValidationError(`${path} is not valid gzip data (${error.message})`, { cause: error });
}
