/** The default bound on one line of a text file: a longer line is refused, never built. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a UTF-8 byte stream, split at LF, CRLF or CR (as readline does), without their
 * breaks; a last line without a break is yielded too. A line is never held beyond `maxBytes`:
 * reaching it throws `tooLong(lineNumber)` (1-based) before the line is built, so a huge line
 * costs at most `maxBytes` of memory (Node's readline grows a string until V8 gives up).
 */
export async function* textLines(
  bytes: AsyncIterable<Buffer> | Iterable<Buffer>,
  maxBytes: number,
  tooLong: (line: number) => Error,
): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let afterCR = false; // a CR just ended a line: an LF right after it belongs to that break
  const add = (piece: Buffer) => {
    if (piece.length === 0) return;
    if (pendingBytes + piece.length > maxBytes) throw tooLong(line + 1);
    pending.push(piece);
    pendingBytes += piece.length;
  };
  const take = (): string => {
    line++;
    const text = Buffer.concat(pending, pendingBytes).toString('utf8');
    pending = [];
    pendingBytes = 0;
    return text;
  };
  for await (const chunk of bytes) {
    let start = 0;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at];
      if (afterCR) {
        afterCR = false;
        if (byte === LF) {
          start = at + 1;
          continue;
        }
      }
      if (byte !== LF && byte !== CR) continue;
      add(chunk.subarray(start, at));
      yield take();
      start = at + 1;
      afterCR = byte === CR;
    }
    add(chunk.subarray(start));
  }
  if (pendingBytes > 0) yield take();
}
