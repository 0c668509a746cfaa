/** `--http` without MCP_OAUTH_SECRET: a generated secret, kept (0600) in the store folder so sign-ins survive restarts. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SECRET_FILE = 'oauth-secret';

/** The secret in `dir`, created on first use; concurrent first uses agree on one. */
export async function storedSecret(dir: string): Promise<string> {
  const file = join(dir, SECRET_FILE);
  const existing = await read(file);
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    const theirs = (error as NodeJS.ErrnoException).code === 'EEXIST' ? await read(file) : undefined;
    if (theirs) return theirs;
    throw new Error(`cannot keep the OAuth secret in ${file}: ${(error as Error).message}. Set MCP_OAUTH_SECRET instead.`);
  }
}

async function read(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length >= 32 ? text : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
