import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Versions with a known problem: never run the kit on these, whatever the range allows. */
const KNOWN_BAD = ['1.14.1', '0.30.4'];

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** `1.21.1` → [1, 21, 1]; a prerelease or build suffix is dropped. */
function parse(version: string): [number, number, number] {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a version: ${version}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

describe('installed axios', () => {
  const installed = String(readJson('../../node_modules/axios/package.json').version);
  const pkg = readJson('../../package.json') as { dependencies?: Record<string, string> };
  const pinned = pkg.dependencies?.axios ?? '';

  it('package.json pins a floor', () => {
    expect(pinned).toMatch(/^[~^>=]*\d+\.\d+\.\d+$/);
  });

  it(`is not a known-bad version (${KNOWN_BAD.join(', ')})`, () => {
    expect(KNOWN_BAD).not.toContain(installed);
  });

  it('is not older than the pinned floor', () => {
    const floor = pinned.replace(/^[~^>=]+/, '');
    expect(compare(installed, floor), `axios ${installed} < floor ${floor}`).toBeGreaterThanOrEqual(
      0,
    );
  });

  it('the comparison itself works', () => {
    expect(compare('1.14.1', '1.21.1')).toBeLessThan(0);
    expect(compare('0.30.4', '1.21.1')).toBeLessThan(0);
    expect(compare('1.21.1', '1.21.1')).toBe(0);
    expect(compare('1.22.0', '1.21.1')).toBeGreaterThan(0);
  });
});
