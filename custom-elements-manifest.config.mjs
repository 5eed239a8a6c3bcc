// `cem analyze` (step 3 of `npm run build`): describes <kaltura-uploader> for editors and docs
// tools. Only the public modules are analysed, and their paths are rewritten from the sources to
// the published files, so a tool that follows `module`/`path` lands on code that exists in the
// package: the class is exported by dist/index.js, the tag is registered by dist/define.js.
const published = {
  'src/element/kaltura-uploader.ts': 'dist/index.js',
  'src/define.ts': 'dist/define.js',
};
// The class the element extends for its documented properties: analysed so the element inherits
// them (attributes, fields), then left out, as it is not a name the package exports.
const base = 'src/element/uploader-properties.ts';

export default {
  globs: [...Object.keys(published), base],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      name: 'published-paths',
      packageLinkPhase({ customElementsManifest }) {
        // References come as 'src/x.ts', '/src/x.js' or './x.js'; all name the source file.
        const rewrite = (path) => published[path.replace(/^\//, '').replace(/\.js$/, '.ts')] ?? path;
        customElementsManifest.modules = customElementsManifest.modules.filter((mod) => mod.path !== base);
        for (const mod of customElementsManifest.modules) {
          for (const d of mod.declarations ?? []) {
            // Inherited members read as the element's own; its superclass is LitElement, as a page sees it.
            if (d.superclass?.name === 'UploaderProperties') d.superclass = { name: 'LitElement', package: 'lit' };
            for (const m of [...(d.members ?? []), ...(d.attributes ?? [])]) if (m.inheritedFrom?.name === 'UploaderProperties') delete m.inheritedFrom;
            // `ks` is a property: an attribute would put the KS in the DOM (it is only read once and removed).
            if (d.attributes) d.attributes = d.attributes.filter((a) => a.name !== 'ks');
          }
          mod.path = rewrite(mod.path);
          // Keep what the module itself declares or registers; type re-exports are not JS exports.
          mod.exports = (mod.exports ?? []).filter((e) => e.kind === 'custom-element-definition' || mod.declarations?.some((d) => d.name === e.name));
          // The analyser takes some locals for declarations (a `const` in a method): only what is exported stays.
          mod.declarations = (mod.declarations ?? []).filter((d) => mod.exports.some((e) => e.name === d.name));
          for (const item of [...mod.exports, ...(mod.declarations ?? [])]) {
            if (item.declaration?.module) item.declaration.module = rewrite(item.declaration.module);
            if (item.superclass?.module) item.superclass.module = rewrite(item.superclass.module);
          }
        }
      },
    },
  ],
};
