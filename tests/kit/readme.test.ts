// The README is what an app engineer copies from: its TypeScript snippets must name real exports
// at the import paths they show, a snippet that is a whole module must compile as written, and
// its links must lead somewhere. Checked with the TypeScript compiler against src/ as it is now.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Snippet {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  code: string;
  /** `src/api/todo.ts` for a snippet headed `// src/api/todo.ts…`. */
  file?: string;
  /** Headed as an excerpt (or abridged): only its imports are checked. */
  partial: boolean;
}

function tsSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]?.trim() !== '```'; i++) body.push(lines[i] ?? '');
    const header = /^\/\/ (src\/[\w/.-]+\.ts)\b(.*)$/.exec(body[0] ?? '');
    snippets.push({
      line: start + 1,
      code: body.join('\n'),
      file: header?.[1],
      partial: /excerpt|abridged/.test(header?.[2] ?? ''),
    });
  }
  return snippets;
}

/** The snippet's import statements (single-line, as the README writes them). */
function importsOf(code: string): string[] {
  return code.split('\n').filter((line) => /^import\b.*\bfrom '[^']+';/.test(line));
}

/** The anchors of a markdown page's headings. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => slug(line.replace(/^#+ /, ''))),
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Type-check `files` (path under the project root → text) over the real project; their diagnostics. */
function typeCheck(files: Map<string, string>): string[] {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const virtual = new Map([...files].map(([path, text]) => [join(root, path), text]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (path) => virtual.get(resolve(path)) ?? readFile(path);
  host.fileExists = (path) => virtual.has(resolve(path)) || fileExists(path);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language, onError, create) => {
    const text = virtual.get(resolve(path));
    return text === undefined
      ? getSourceFile(path, language, onError, create)
      : ts.createSourceFile(path, text, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...virtual.keys()].flatMap((path) => {
    const source = program.getSourceFile(path);
    if (!source) return [`${path}: not compiled`];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      .filter((diagnostic) => diagnostic.code !== 6133) // declared but never read: imports alone
      .map((diagnostic) => {
        const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
        return `${path.slice(root.length + 1)}: ${text}`;
      });
  });
}

describe('README.md', () => {
  const snippets = tsSnippets(readme);

  it('shows an import line in every TypeScript snippet', () => {
    expect(snippets.length).toBeGreaterThan(10);
    const without = snippets.filter((snippet) => importsOf(snippet.code).length === 0);
    expect(without.map((snippet) => `README.md:${snippet.line}`)).toEqual([]);
  });

  it('imports only names the kit exports, and a whole module snippet compiles as it stands', () => {
    const files = new Map<string, string>();
    const origin = new Map<string, number>();
    snippets.forEach((snippet, index) => {
      const whole =
        snippet.file !== undefined && !snippet.partial && !existsSync(join(root, snippet.file));
      // A module the README writes in full (src/api/todo.ts) is compiled where it says it lives, so
      // a page snippet importing it resolves; any other snippet is checked by its imports alone.
      const path = whole
        ? (snippet.file as string)
        : posix.join(snippet.file ? dirname(snippet.file) : 'src', `readme-snippet-${index}.ts`);
      const code = whole ? snippet.code : importsOf(snippet.code).join('\n');
      // Packages the kit does not depend on (a React binding) are the app's, not checked here.
      const checked = code
        .split('\n')
        .filter((line) => !/from '(@tanstack\/react-query)'/.test(line))
        .join('\n');
      files.set(path, `${checked}\nexport {};\n`);
      origin.set(path, snippet.line);
    });
    const errors = typeCheck(files).map((error) => {
      const path = error.slice(0, error.indexOf(':'));
      return `README.md:${origin.get(path) ?? '?'} (${error})`;
    });
    expect(errors).toEqual([]);
  }, 120_000);

  it('links only to files and headings that exist, and cites no file outside the repository', () => {
    const pages = [
      'README.md',
      ...readdirSync(join(root, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`),
    ];
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(root, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^https?:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? page : posix.join(posix.dirname(page), path);
        if (!existsSync(join(root, file))) broken.push(`${page}: ${target}`);
        else if (
          anchor !== undefined &&
          !anchorsOf(readFileSync(join(root, file), 'utf8')).has(anchor)
        ) {
          broken.push(`${page}: ${target}`);
        }
      }
      expect(text, page).not.toMatch(/DESIGN\.md/);
    }
    expect(broken).toEqual([]);
  });
});
