// The code examples of a Markdown page: every fenced block marked ```ts, ```tsx, ```js or
// ```html (and their long names). Pure (text in, examples out) so that the type-check in Node
// (test/docs/examples.node.test.ts) and the runner in the browser (test/docs/examples.test.ts)
// read the same examples the same way.
//
// An HTML comment on the line before a block says how the block is treated:
//   <!-- example: no-run -->  type-checked only: it needs something the test run does not have
//                             (a kaltura.com account, your own server, a camera...);
//   <!-- example: skip -->    neither checked nor run: not code of this package (a shell line
//                             written as ts, a sketch with `…`). Say why in the text around it.
// Blocks in other languages (sh, css, json, plain ```) are never checked.

export type ExampleLang = 'ts' | 'tsx' | 'js' | 'html';

export interface DocExample {
  /** The Markdown file, relative to the repository (`README.md`, `docs/engine.md`). */
  file: string;
  /** 1-based line of the block's first code line in that file. */
  line: number;
  lang: ExampleLang;
  code: string;
  /** False for `<!-- example: no-run -->` and for ts/tsx blocks (type-checked only). */
  run: boolean;
}

const LANGS: Record<string, ExampleLang> = {
  ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', mjs: 'js', html: 'html',
};

export function extractExamples(markdown: string, file: string): DocExample[] {
  const lines = markdown.split('\n');
  const out: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const close = new RegExp(`^${indent}${fence[0]}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    const lang = LANGS[info.toLowerCase()];
    const marker = /<!--\s*example:\s*([\w-]+)\s*-->/.exec(previousNonBlank(lines, i) ?? '')?.[1];
    if (lang && marker !== 'skip') {
      const code = lines.slice(i + 1, end).map((l) => l.startsWith(indent) ? l.slice(indent.length) : l).join('\n');
      out.push({ file, line: i + 2, lang, code, run: marker !== 'no-run' && (lang === 'html' || lang === 'js') });
    }
    i = end;
  }
  return out;
}

function previousNonBlank(lines: string[], i: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) if (lines[j]!.trim()) return lines[j];
  return undefined;
}

/** The module scripts of an HTML example (inline code, or the `src` of an external one) and its markup without them. */
export function splitHtml(html: string): { markup: string; scripts: { src?: string; code: string }[] } {
  const scripts: { src?: string; code: string }[] = [];
  const markup = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/g, (_, attrs: string, code: string) => {
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    scripts.push(src ? { src, code: '' } : { code });
    return '';
  });
  return { markup, scripts };
}
