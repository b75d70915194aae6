import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from '../../src/api';

const enc = (text: string) => encodeURIComponent(text);
// What must be stripped: control characters and bidi overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
const STRIPPED = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
const CONTROL = /[\u0000-\u001f\u007f]/;

describe('filenameFromDisposition (Content-Disposition, RFC 6266 / RFC 8187)', () => {
  it.each([
    ['attachment; filename="report.csv"', 'report.csv'],
    ['attachment; filename=report.csv', 'report.csv'],
    ['inline; FILENAME="Report.PDF"', 'Report.PDF'],
    [`attachment; filename*=UTF-8''${enc('用户列表-2026-12.csv')}`, '用户列表-2026-12.csv'],
    [`attachment; filename="fallback.csv"; filename*=UTF-8''${enc('用户.csv')}`, '用户.csv'],
    [`attachment; filename*=UTF-8''${enc('用户.csv')}; filename="fallback.csv"`, '用户.csv'],
    [`attachment; filename*=utf-8'zh-CN'${enc('报表.xlsx')}`, '报表.xlsx'],
    ["attachment; filename*=ISO-8859-1''caf%E9.txt", 'café.txt'],
    // An undecodable filename* leaves the plain filename.
    ['attachment; filename*=UTF-8\'\'%ZZbad; filename="plain.txt"', 'plain.txt'],
    // Percent-encoded UTF-8 in a plain filename (what many Java backends send) is decoded.
    [`attachment; filename="${enc('报表.xlsx')}"`, '报表.xlsx'],
    ['attachment; filename="a \\"quoted\\" name.txt"', 'a "quoted" name.txt'],
    // Path parts are stripped, whichever separator.
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="C:\\\\Windows\\\\evil.exe"', 'evil.exe'],
    [`attachment; filename*=UTF-8''${enc('../../x/用户.csv')}`, '用户.csv'],
    // Control characters and bidi overrides are stripped.
    [`attachment; filename*=UTF-8''${enc('in\u0000voice\u202Etxt.exe')}`, 'invoicetxt.exe'],
  ])('%s → %s', (header, expected) => {
    expect(filenameFromDisposition(header)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['attachment'],
    ['inline'],
    ['attachment; filename=""'],
    ['attachment; filename=".."'],
    ['attachment; filename="dir/"'],
    [';;;'],
  ])('%s has no filename', (header) => {
    expect(filenameFromDisposition(header)).toBeUndefined();
  });

  it('any text round-trips through filename*, less path parts and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (name) => {
        const got = filenameFromDisposition(`attachment; filename*=UTF-8''${enc(name)}`);
        const expected = (name.split(/[/\\]/).pop() ?? '').replace(STRIPPED, '').trim();
        expect(got).toBe(expected === '' || /^\.+$/.test(expected) ? undefined : expected);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, and never returns a path or a control character, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (header) => {
        const got = filenameFromDisposition(header);
        if (got === undefined) return;
        expect(got).not.toMatch(/[/\\]/);
        expect(got).not.toMatch(CONTROL);
        expect(got.trim()).not.toBe('');
      }),
      { numRuns: 1_000 },
    );
  });
});
