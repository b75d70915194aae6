import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NPM_SCRIPTS } from './files';

/** What adding the kit's npm scripts to the app's package.json did. */
export interface ScriptsMerge {
  added: string[];
  /** Scripts the app already has under the kit's name, with another command: kept as they are. */
  kept: Array<{ name: string; app: string; kit: string }>;
}

/**
 * Add the kit's npm scripts (`gen:api`, and `gen:openapi` when the kit has it) to the app's
 * package.json, keeping its formatting; a script the app already has is never replaced.
 */
export function addNpmScripts(app: string, kitScripts: Record<string, string>): ScriptsMerge {
  const path = join(app, 'package.json');
  const text = readFileSync(path, 'utf8');
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  const scripts = { ...(pkg.scripts ?? {}) };
  const result: ScriptsMerge = { added: [], kept: [] };
  for (const name of NPM_SCRIPTS) {
    const command = kitScripts[name];
    if (command === undefined) continue;
    const mine = scripts[name];
    if (mine === undefined) {
      scripts[name] = command;
      result.added.push(name);
    } else if (mine !== command) {
      result.kept.push({ name, app: mine, kit: command });
    }
  }
  if (result.added.length > 0) {
    const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const json = JSON.stringify({ ...pkg, scripts }, null, indent).replace(/\n/g, eol);
    writeFileSync(path, `${json}${text.endsWith('\n') ? eol : ''}`);
  }
  return result;
}
