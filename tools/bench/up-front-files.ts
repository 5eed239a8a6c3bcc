// What a page loads up front from an esbuild build with code splitting: the output built from its
// entry and every output that one imports statically. Outputs reached only through import() are
// loaded on first use (esbuild makes every import() it meets an output of its own).
import type { Metafile } from 'esbuild';

/** The up-front outputs (metafile paths) of the output whose entry point is `entryPoint`. */
export function upFrontFiles(metafile: Metafile, entryPoint: string): Set<string> {
  const { outputs } = metafile;
  const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === entryPoint);
  if (!entry) throw new Error(`no output built from ${entryPoint}`);
  const upFront = new Set<string>();
  const visit = (file: string) => {
    if (upFront.has(file)) return;
    upFront.add(file);
    for (const i of outputs[file]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  return upFront;
}
