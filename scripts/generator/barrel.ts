import { biomeOrder } from './names';

// One `export … from '…'` statement, possibly spread over several lines (`export {\n a,\n} from`).
const EXPORT_FROM = /^export\s[^;]*?\bfrom\s+(['"])([^'"]+)\1(;?)[ \t]*$/gm;

interface ExportStatement {
  source: string;
  start: number;
  end: number;
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
  const target = `./${file}`;
  const statements: ExportStatement[] = [];
  let quote = "'";
  let semicolon = ';';
  for (const match of source.matchAll(EXPORT_FROM)) {
    if (statements.length === 0) {
      quote = match[1]!;
      semicolon = match[3]!;
    }
    statements.push({ source: match[2]!, start: match.index, end: match.index + match[0].length });
  }
  if (statements.some((statement) => statement.source === target)) return source;

  const line = `export * from ${quote}${target}${quote}${semicolon}`;
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
