/**
 * Reading one record file with four file system calls (open, read, the read that finds the end,
 * close) where fs.promises.readFile makes five (it also asks for the size): a list page reads 20 at once.
 */
// The callback API, not fs.promises: no FileHandle per file, and each call is one trip to the thread pool.
import { close, open, read } from 'node:fs';

/** A record is a few KB; a larger one takes more reads. */
const FIRST_READ = 16 * 1024;

/** The UTF-8 text of `file`; rejects as fs.promises.readFile does (ENOENT when there is none). */
export function readSmallFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const chunks: Buffer[] = [];
      let size = FIRST_READ;
      const finish = (error: Error | null) =>
        close(fd, (closeError) => {
          if (error || closeError) reject(error ?? closeError);
          else resolve(Buffer.concat(chunks).toString('utf8'));
        });
      const next = () => {
        const buffer = Buffer.allocUnsafe(size);
        read(fd, buffer, 0, size, null, (readError, bytes) => {
          if (readError) return finish(readError);
          // Only a read of nothing is the end: network and VM file systems may return less mid-file.
          if (bytes === 0) return finish(null);
          chunks.push(buffer.subarray(0, bytes));
          if (bytes === size) size *= 2;
          next();
        });
      };
      next();
    });
  });
}
