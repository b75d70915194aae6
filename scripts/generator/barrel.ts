import { biomeOrder } from './names';

// One `export … from '…'` statement, possibly spread over several lines (`export {\n a,\n} from`).
const EXPORT_FROM = /^export\s[^;]*?\bfrom\s+(['"])([^'"]+)\1(;?)[ \t]*$/gm;

/** One re-export of a barrel: the module it names (`./user`), its text and where it stands. */
export interface ExportStatement {
  source: string;
  text: string;
  start: number;
  end: number;
}

/**
 * The `export … from '…'` statements of a barrel, in order.
 * @example exportStatements("export * from './user';\n")[0]?.source // './user'
 */
export function exportStatements(source: string): ExportStatement[] {
  return [...source.matchAll(EXPORT_FROM)].map((match) => ({
    source: match[2]!,
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * Add `export * from './<file>'` to a barrel, in the style it already has (quotes, semicolons)
 * and at its sorted place when its re-exports are sorted (as Biome's organizeImports keeps them),
 * after the last one otherwise. Idempotent: a barrel that already re-exports the file is returned
 * unchanged, and nothing else in it moves.
 * @example addToBarrel("export * from './auth';\nexport * from './user';\n", 'invoice')
 * // "export * from './auth';\nexport * from './invoice';\nexport * from './user';\n"
 */
export function addToBarrel(source: string, file: string): string {
  const first = EXPORT_FROM.exec(source);
  EXPORT_FROM.lastIndex = 0;
  const quote = first?.[1] ?? "'";
  const semicolon = first?.[3] ?? ';';
  return insertExport(source, `export * from ${quote}./${file}${quote}${semicolon}`, `./${file}`);
}

/**
 * Insert one re-export statement (`line`, naming the module `target`) into a barrel: at its sorted
 * place when the barrel's re-exports are sorted, after the last one otherwise. A barrel that
 * already re-exports `target` is returned unchanged.
 * @example insertExport("export * from './user';\n", "export * from './query';", './query')
 */
export function insertExport(source: string, line: string, target: string): string {
  const statements = exportStatements(source);
  if (statements.some((statement) => statement.source === target)) return source;

  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const sorted = statements.every(
    (statement, i) => i === 0 || biomeOrder(statements[i - 1]!.source, statement.source) <= 0,
  );
  const next = sorted
    ? statements.find((statement) => biomeOrder(target, statement.source) < 0)
    : undefined;
  if (next) return `${source.slice(0, next.start)}${line}${eol}${source.slice(next.start)}`;

  const last = statements[statements.length - 1];
  if (last) return `${source.slice(0, last.end)}${eol}${line}${source.slice(last.end)}`;
  if (source === '') return `${line}${eol}`;
  const trailing = source.endsWith('\n') ? '' : eol;
  return `${source}${trailing}${line}${eol}`;
}
