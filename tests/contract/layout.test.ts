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

/** What each layer may import statically: src/core is the bottom layer every other one may use. */
const allowed: Record<string, string[]> = {
  core: ['core'],
  request: ['request', 'core'],
  api: ['api', 'request', 'core'],
  polling: ['polling', 'api', 'request', 'core'],
  realtime: ['realtime', 'api', 'request', 'core'],
};

/** The file a relative specifier of `from` points to (the kit's imports are extensionless). */
function resolveSpec(from: string, spec: string): string {
  const target = relative(SRC, join(SRC, from, '..', spec));
  return files.some((f) => f.path === `${target}.ts`) ? `${target}.ts` : `${target}/index.ts`;
}

/** Every kit file `entry` loads at module load, itself included (static imports, types excluded). */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = files.find((f) => f.path === path)?.text ?? '';
    for (const spec of staticImports(text.replace(/^\s*(import|export)\s+type\b[^;]*;/gms, ''))) {
      if (spec.startsWith('.')) visit(resolveSpec(path, spec));
    }
  };
  visit(entry);
  return seen;
}

describe('layering and imports', () => {
  it('finds the five layers', () => {
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

  it('polling, realtime and createHttp never load the default instance (src/request/http.ts)', () => {
    // The detector itself: the request barrel does load it.
    expect(loadedBy('request/index.ts')).toContain('request/http.ts');
    for (const entry of ['polling/index.ts', 'realtime/index.ts', 'request/create-http.ts']) {
      expect(
        [...loadedBy(entry)].filter((path) => path === 'request/http.ts'),
        entry,
      ).toEqual([]);
    }
  });

  it('the refresh route and the token pair are written once (request/token-pair.ts), used by http.ts and auth.ts', () => {
    const writers = files.filter(
      (f) => f.text.includes("'/auth/refresh'") || /accessToken:\s*z\./.test(f.text),
    );
    expect(writers.map((f) => f.path)).toEqual(['request/token-pair.ts']);
    for (const user of ['request/http.ts', 'api/auth.ts']) {
      expect(loadedBy(user), user).toContain('request/token-pair.ts');
    }
    // No cycle at load: token-pair.ts loads nothing of the kit.
    expect([...loadedBy('request/token-pair.ts')]).toEqual(['request/token-pair.ts']);
  });

  it('one classifier (core/to-api-error.ts) and one callback guard (core/guard.ts)', () => {
    const classifiers = files.filter((f) => /export function toApiError\b/.test(f.text));
    expect(classifiers.map((f) => f.path)).toEqual(['core/to-api-error.ts']);
    // A guard is what rethrows a callback's error on a fresh task.
    const guards = files.filter((f) => /queueMicrotask\(\(\) => \{\s*throw/.test(f.text));
    expect(guards.map((f) => f.path)).toEqual(['core/guard.ts']);
  });

  it("a request's full URL is built in one function (requestUrl in request/url.ts)", () => {
    const builders = files.filter(
      (f) =>
        f.path !== 'request/url.ts' &&
        (/\bfullPath\(|\.getUri\(|buildFullPath|combineURLs/.test(f.text) ||
          /\$\{[^}]*baseURL[^}]*\}\//.test(f.text)),
    );
    expect(builders.map((f) => f.path)).toEqual([]);
    const users = files.filter((f) => /\brequestUrl\(/.test(f.text)).map((f) => f.path);
    for (const path of ['request/engine.ts', 'api/endpoint-input.ts', 'realtime/sse.ts']) {
      expect(users).toContain(path);
    }
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

  it('the complete English table is only exported: each layer falls back to its own part', () => {
    // enMessages holds every layer's texts: code that falls back to it puts the stream, socket and
    // polling texts on every page (each layer uses enRequestMessages, enRealtimeMessages or
    // enPollMessages instead). Comments and the barrels that export it do not count.
    const users = files.filter((file) =>
      file.text
        .split('\n')
        .some((line) => /\benMessages\b/.test(line.replace(/\/\/.*$|\/\*.*$|^\s*\*.*$/, ''))),
    );
    expect(users.map((f) => f.path).sort()).toEqual([
      'core/index.ts',
      'core/messages.ts',
      'request/index.ts',
    ]);
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
