import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The record kit:copy writes into the app: what the kit shipped, so "changed by the app" is a fact. */
export const MANIFEST = '.axios-api-kit.json';

export interface Manifest {
  kit: 'axios-api-kit';
  /** The kit's package.json version when it was last copied or updated. */
  version: string;
  /** Each file the kit last shipped, by path, with the hash of its content (see `hashOf`). */
  files: Record<string, string>;
  /** The api barrel's re-exports the kit last shipped, by module (`./user`), with their hashes. */
  barrel: Record<string, string>;
}

/**
 * The hash the manifest records: sha-256 of the text with CRLF read as LF, so a checkout that
 * converts line endings does not count as an edit.
 */
export function hashOf(content: Buffer | string): string {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/** The app's manifest, `undefined` when the kit was never copied there (or by a version without one). */
export function readManifest(app: string): Manifest | undefined {
  const path = join(app, MANIFEST);
  if (!existsSync(path)) return undefined;
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${String(error)}): fix or delete it, then retry.`);
  }
  if (parsed.kit !== 'axios-api-kit' || typeof parsed.files !== 'object' || !parsed.files) {
    throw new Error(`${path} is not an axios-api-kit manifest: fix or delete it, then retry.`);
  }
  return {
    kit: 'axios-api-kit',
    version: String(parsed.version ?? ''),
    files: { ...parsed.files },
    barrel: { ...(parsed.barrel ?? {}) },
  };
}

/** The manifest as written: sorted keys, so an update shows as a readable diff in the app's history. */
export function formatManifest(manifest: Manifest): string {
  const sorted = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const body = { ...manifest, files: sorted(manifest.files), barrel: sorted(manifest.barrel) };
  return `${JSON.stringify(body, null, 2)}\n`;
}
