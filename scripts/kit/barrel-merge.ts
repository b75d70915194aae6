import { exportStatements, insertExport } from '../generator/barrel';
import { hashOf } from './manifest';

/** What merging the kit's api barrel into the app's did. */
export interface BarrelMerge {
  text: string;
  /** Re-exports the app did not have and now has (a module new in the kit). */
  added: string[];
  /** Re-exports the app had as the kit shipped them, now as the kit ships them today. */
  updated: string[];
  /** Re-exports the app changed where the kit's changed too: left as the app has them. */
  conflicts: string[];
}

/**
 * Merge the kit's barrel (`kit`) into the app's (`app`), statement by statement: every line the app
 * added (its generated modules) stays, a line the app removed (an example module it deleted) stays
 * removed, a kit line the app left as shipped takes the kit's new text, and a module new in the kit
 * is added when its file is in the app (`exists`).
 *
 * @param shipped the re-exports the kit shipped last time, by module, with their hashes
 * (the manifest's `barrel`); `undefined` for an app copied before the kit kept a manifest.
 */
export function mergeBarrel(
  app: string,
  kit: string,
  shipped: Record<string, string> | undefined,
  exists: (module: string) => boolean,
): BarrelMerge {
  const result: BarrelMerge = { text: app, added: [], updated: [], conflicts: [] };
  const mine = new Map(exportStatements(app).map((statement) => [statement.source, statement]));
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const missing: Array<{ source: string; text: string }> = [];

  for (const statement of exportStatements(kit)) {
    const current = mine.get(statement.source);
    if (current === undefined) {
      // In the last shipped barrel but not in the app's: the app took it out. Keep it out.
      if (shipped?.[statement.source] !== undefined) continue;
      if (exists(statement.source)) missing.push(statement);
      continue;
    }
    if (current.text === statement.text) continue;
    const was = shipped?.[statement.source];
    if (was !== undefined && was === hashOf(current.text)) {
      replacements.push({ start: current.start, end: current.end, text: statement.text });
      result.updated.push(statement.source);
    } else if (was === undefined || was !== hashOf(statement.text)) {
      // The app's line differs from what was shipped, and the kit's line moved on as well.
      result.conflicts.push(statement.source);
    }
  }

  let text = app;
  for (const { start, end, text: line } of replacements.sort((a, b) => b.start - a.start)) {
    text = `${text.slice(0, start)}${line}${text.slice(end)}`;
  }
  for (const statement of missing) {
    text = insertExport(text, statement.text, statement.source);
    result.added.push(statement.source);
  }
  result.text = text;
  return result;
}

/** The barrel's re-exports by module, hashed, as the manifest records them. */
export function barrelHashes(barrel: string): Record<string, string> {
  return Object.fromEntries(
    exportStatements(barrel).map((statement) => [statement.source, hashOf(statement.text)]),
  );
}
