import { describe, expect, it } from 'vitest';
import { addToBarrel } from '../../scripts/generator/barrel';
import { GeneratorInputError } from '../../scripts/generator/errors';
import { parseFields } from '../../scripts/generator/fields';
import { checkPath, defaultPath, moduleNames, pluralize } from '../../scripts/generator/names';
import { exportedNames, parseOperations } from '../../scripts/generator/plan';

describe('parseFields', () => {
  it('reads names, types, optional and array markers, and enum values', () => {
    expect(
      parseFields(
        ' number:string, total : number,paidAt?:date, tags?:string[], status:enum(a|b-c), ',
      ),
    ).toEqual([
      { name: 'number', type: 'string', optional: false, array: false, values: [] },
      { name: 'total', type: 'number', optional: false, array: false, values: [] },
      { name: 'paidAt', type: 'date', optional: true, array: false, values: [] },
      { name: 'tags', type: 'string', optional: true, array: true, values: [] },
      { name: 'status', type: 'enum', optional: false, array: false, values: ['a', 'b-c'] },
    ]);
  });

  it.each([
    ['', /empty/],
    ['total:numbr', /unknown type "numbr"/],
    ['total number', /Cannot read field "total number"/],
    ['a:string,,b:int', /empty entry/],
    ['a:string, a:int', /"a" is listed twice/],
    ['id:string', /leave id out/],
    ['__proto__:string', /cannot be a property name/],
    ['s:enum()', /enum\(a\|b\|c\)/],
    ['s:enum', /enum\(a\|b\|c\)/],
    ['s:enum(a|a)', /listed twice/],
    ['n:number(3)', /only enum takes values/],
    ['1a:string', /Cannot read field/],
  ])('refuses %j with a message that says why', (spec, message) => {
    expect(() => parseFields(spec)).toThrow(GeneratorInputError);
    expect(() => parseFields(spec)).toThrow(message);
  });
});

describe('names', () => {
  it('derives file, type and api names; a leading capital is the same module', () => {
    expect(moduleNames('lineItem')).toEqual({
      name: 'lineItem',
      file: 'line-item',
      type: 'LineItem',
      api: 'lineItemApi',
    });
    expect(moduleNames('Invoice').name).toBe('invoice');
  });

  it.each([
    ['line-item', /not an identifier/],
    ['2fa', /not an identifier/],
    ['', /not an identifier/],
    ['class', /reserved word/],
    ['Date', /reserved word/],
    ['index', /taken by the kit/],
    ['schemas', /taken by the kit/],
  ])('refuses %j', (name, message) => {
    expect(() => moduleNames(name)).toThrow(message);
  });

  it('pluralises the usual English way, for paths', () => {
    const words = ['invoice', 'category', 'day', 'address', 'box', 'batch', 'person', 'lineItem'];
    expect(words.map(pluralize)).toEqual([
      'invoices',
      'categories',
      'days',
      'addresses',
      'boxes',
      'batches',
      'people',
      'lineItems',
    ]);
    expect(defaultPath('lineItem')).toBe('/line-items');
    expect(defaultPath('category')).toBe('/categories');
  });

  it('accepts plain paths and refuses params, queries and dot segments', () => {
    expect(checkPath(' /billing/invoices ')).toBe('/billing/invoices');
    for (const bad of ['invoices', '/invoices/', '/invoices/:id', '/a?b=1', '/a b', '/a/../b']) {
      expect(() => checkPath(bad)).toThrow(GeneratorInputError);
    }
  });
});

describe('parseOperations', () => {
  it('reads a comma list in the canonical order; all or an empty answer means every one', () => {
    expect(parseOperations('remove, GET')).toEqual(['get', 'remove']);
    expect(parseOperations('all')).toEqual(['list', 'get', 'create', 'update', 'remove']);
    expect(parseOperations('')).toHaveLength(5);
    expect(() => parseOperations('list,delete')).toThrow(/Unknown operation "delete"/);
    expect(() => parseOperations([])).toThrow(/at least one/);
  });
});

describe('addToBarrel', () => {
  const barrel = [
    '// The api layer.',
    '',
    "export * from './auth';",
    'export {',
    '  defineEndpoint,',
    '  type Endpoint,',
    "} from './define-endpoint';",
    "export * from './user';",
    '',
  ].join('\n');

  it('inserts at the sorted place and moves nothing else', () => {
    const out = addToBarrel(barrel, 'invoice');
    expect(out).toBe(
      barrel.replace(
        "export * from './user';",
        "export * from './invoice';\nexport * from './user';",
      ),
    );
    expect(
      addToBarrel(barrel, 'zebra').endsWith("export * from './user';\nexport * from './zebra';\n"),
    ).toBe(true);
    expect(addToBarrel(barrel, 'api')).toContain(
      "// The api layer.\n\nexport * from './api';\nexport * from './auth';",
    );
  });

  it('is idempotent', () => {
    const once = addToBarrel(barrel, 'invoice');
    expect(addToBarrel(once, 'invoice')).toBe(once);
  });

  it('keeps the barrel style: double quotes, no semicolons, unsorted lists appended to', () => {
    expect(addToBarrel('export * from "./b"\nexport * from "./a"\n', 'c')).toBe(
      'export * from "./b"\nexport * from "./a"\nexport * from "./c"\n',
    );
    expect(addToBarrel('', 'a')).toBe("export * from './a';\n");
    expect(addToBarrel('// nothing yet', 'a')).toBe("// nothing yet\nexport * from './a';\n");
  });
});

describe('exportedNames', () => {
  it('finds declared and listed exports', () => {
    const source = [
      'export const a = 1;',
      'export type B = string;',
      'export function c() {}',
      "export { d, type E, f as g } from './x';",
    ].join('\n');
    expect(exportedNames(source)).toEqual(['a', 'B', 'c', 'd', 'E', 'g']);
  });
});
