// DESIGN.md "Dependencies point down only" and the team's code rules, checked on the sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources().map((path) => ({
  path: relative(SRC, path),
  layer: relative(SRC, path).split('/')[0] ?? '',
  text: readFileSync(path, 'utf8'),
}));

/** Static import/export specifiers (`import … from '…'`, `export … from '…'`), not `import('…')`. */
function staticImports(text: string): string[] {
  return Array.from(
    text.matchAll(/^\s*(?:import|export)\b[^;]*?\sfrom\s+'([^']+)'/gms),
    (m) => m[1] ?? '',
  );
}

/** What each layer may import statically. */
const allowed: Record<string, string[]> = {
  request: ['request'],
  api: ['api', 'request'],
  polling: ['polling', 'api', 'request'],
  realtime: ['realtime', 'api', 'request'],
};

describe('layering and imports', () => {
  it('finds the four layers', () => {
    expect(new Set(files.map((f) => f.layer))).toEqual(new Set(Object.keys(allowed)));
  });

  it('dependencies point down only (request imports neither api nor the others at load)', () => {
    expect(files.flatMap((file) => staticImports(file.text)).length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const file of files) {
      for (const spec of staticImports(file.text)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, join(SRC, file.path, '..', spec)).split('/')[0] ?? '';
        if (!allowed[file.layer]?.includes(target)) wrong.push(`${file.path} → ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('imports inside the kit are relative and extensionless; packages by bare name', () => {
    const wrong = files.flatMap((file) =>
      staticImports(file.text)
        .filter((spec) => /\.(m?[jt]s)$/.test(spec) || /^(src|@\/|~\/|\/)/.test(spec))
        .map((spec) => `${file.path} → ${spec}`),
    );
    expect(wrong).toEqual([]);
  });

  it("zod is imported as `import * as z from 'zod'` (never `import { z }`)", () => {
    const wrong = files.filter((file) =>
      /import\s+(type\s+)?\{[^}]*\}\s+from\s+'zod'|import\s+z\s+from\s+'zod'/.test(file.text),
    );
    expect(wrong.map((f) => f.path)).toEqual([]);
  });

  it('no console, no @ts-ignore / @ts-expect-error, no explicit any outside the axios augmentation', () => {
    const wrong = files.flatMap((file) =>
      file.text.split('\n').flatMap((line, i) => {
        const code = line.replace(/\/\/.*$|\/\*.*$|^\s*\*.*$/, '');
        const bad =
          /\bconsole\.\w+/.test(code) ||
          /@ts-(ignore|expect-error|nocheck)/.test(line) ||
          (/(:\s*any\b|<any>|\bas any\b|=\s*any\b)/.test(code) &&
            !line.includes('AxiosRequestConfig<D = any>'));
        return bad ? [`${file.path}:${i + 1}: ${line.trim()}`] : [];
      }),
    );
    expect(wrong).toEqual([]);
  });
});
