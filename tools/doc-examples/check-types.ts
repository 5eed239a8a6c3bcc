// Type-checks every ts/tsx/js/html example of README.md and docs/**/*.md (docs/reference/ is
// generated, not examples) against the package's own sources: `kaltura-chunked-upload` and its
// subpaths map to src/ (tsconfig `paths`), so an option renamed in src/ and not in the docs fails
// here, naming the Markdown file and line. Each example is a module of its own in a temp folder,
// with the names of context.d.ts; an HTML example is checked as the JavaScript of its module
// scripts (a `<script src>` of the package from a CDN counts as importing that entry point).
//
// `tsx tools/doc-examples/check-types.ts` prints the errors; test/docs/examples.node.test.ts runs
// it in `npm test`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { extractExamples, splitHtml, type DocExample } from './extract.ts';

export const root = path.resolve(import.meta.dirname, '../..');

/** README.md and every docs/**\/*.md but the generated reference. */
export function docFiles(): string[] {
  const walk = (dir: string): string[] => fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return rel === 'docs/reference' ? [] : walk(rel);
    return e.name.endsWith('.md') ? [rel] : [];
  });
  return ['README.md', ...walk('docs')];
}

export function allExamples(): DocExample[] {
  return docFiles().flatMap((f) => extractExamples(fs.readFileSync(path.join(root, f), 'utf8'), f));
}

/** A CDN URL of the package (`https://esm.sh/kaltura-chunked-upload@0.1/define`) as its specifier. */
export function packageSpecifier(src: string): string | undefined {
  const m = /kaltura-chunked-upload(?:@[^/]+)?(\/[\w/.-]+)?$/.exec(src);
  return m ? `kaltura-chunked-upload${m[1] ?? ''}` : undefined;
}

/** The source to type-check for an example, and its extension. */
function moduleText(ex: DocExample): { ext: string; text: string } {
  if (ex.lang !== 'html') return { ext: ex.lang, text: ex.code };
  const { scripts } = splitHtml(ex.code);
  // One line per script start, so line numbers stay near the block's (the first script's are exact).
  const text = scripts.map((s) => (s.src ? (packageSpecifier(s.src) ? `import '${packageSpecifier(s.src)}';` : '') : s.code)).join('\n');
  return { ext: 'js', text };
}

export interface TypeCheckResult { examples: number; errors: string[] }

export function checkExampleTypes(examples = allExamples()): TypeCheckResult {
  // Inside the repository, so that `react` and the rest resolve from its node_modules.
  const cache = path.join(root, 'node_modules/.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'doc-examples-'));
  try {
    const errors = [
      // TypeScript examples as strict as the project's own code; JavaScript ones (and HTML pages'
      // scripts) as a page author writes them: wrong names and wrong types fail, a possibly-null
      // `querySelector` result or an untyped parameter does not.
      ...checkGroup(path.join(dir, 'ts'), examples.filter((e) => e.lang === 'ts' || e.lang === 'tsx'), []),
      ...checkGroup(path.join(dir, 'js'), examples.filter((e) => e.lang === 'js' || e.lang === 'html'), JS_LENIENCY),
    ];
    return { examples: examples.length, errors };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Errors a JavaScript example is not held to (its sources are strict all the same): "possibly
 * null/undefined" (TS18047, TS18048, TS2531, TS2532) and implicit any (TS7006, TS7031, TS7005).
 */
const JS_LENIENCY = ['TS18047', 'TS18048', 'TS2531', 'TS2532', 'TS7006', 'TS7031', 'TS7005'];

function checkGroup(dir: string, examples: DocExample[], ignoredCodes: string[]): string[] {
  if (!examples.length) return [];
  fs.mkdirSync(dir, { recursive: true });
  const byFile = new Map<string, DocExample>();
  examples.forEach((ex, i) => {
    const { ext, text } = moduleText(ex);
    const name = `example-${String(i).padStart(3, '0')}.${ext}`;
    // Line 1 of the file is line `ex.line` of the Markdown; `export {}` makes it a module.
    fs.writeFileSync(path.join(dir, name), `${text}\nexport {};\n`);
    byFile.set(name, ex);
  });
  // context.d.ts names src/ by a relative path, so that the repository's own type-check reads the
  // sources (not dist/, which may be stale); beside the examples it imports the package's name.
  const context = fs.readFileSync(path.join(import.meta.dirname, 'context.d.ts'), 'utf8').replaceAll("'../../src/index.ts'", "'kaltura-chunked-upload'");
  fs.writeFileSync(path.join(dir, 'context.d.ts'), context);
  const src = path.join(root, 'src');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      experimentalDecorators: true, useDefineForClassFields: false, strict: true, noEmit: true, skipLibCheck: true,
      allowJs: true, checkJs: true, jsx: 'react-jsx', allowImportingTsExtensions: true, types: ['node'],
      paths: {
        'kaltura-chunked-upload': [path.join(src, 'index.ts')],
        'kaltura-chunked-upload/define': [path.join(src, 'define.ts')],
        'kaltura-chunked-upload/react': [path.join(src, 'react.ts')],
        'kaltura-chunked-upload/locales/*': [path.join(src, 'locales/*.ts')],
      },
    },
    include: ['*.ts', '*.tsx', '*.js'],
  }, null, 2));
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  const errors: string[] = [];
  let reported = 0;
  for (const line of `${r.stdout}${r.stderr}`.split('\n')) {
    const m = /^(.*?)\((\d+),(\d+)\): (error .*)$/.exec(line.trim());
    if (!m) { if (line.trim()) errors.push(line.trim()); continue; }
    reported++;
    const ex = byFile.get(path.basename(m[1]!));
    if (ex && ignoredCodes.some((c) => m[4]!.startsWith(`error ${c}:`))) continue;
    errors.push(ex ? `${ex.file}:${ex.line + Number(m[2]) - 1}: ${m[4]}` : `${path.relative(root, path.resolve(dir, m[1]!))}:${m[2]}: ${m[4]}`);
  }
  if (r.status !== 0 && !reported) errors.push(`tsc exited ${r.status}`);
  return errors;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { examples, errors } = checkExampleTypes();
  console.log(`${examples} examples type-checked, ${errors.length} errors`);
  for (const e of errors) console.log(e);
  process.exitCode = errors.length ? 1 : 0;
}
