// A webpack loader for the bench's webpack build: strips TypeScript with esbuild's transform
// (what esbuild-loader does), leaving bundling, tree-shaking and minifying to webpack itself.
// `options.rewrite(source, path)`, when given, changes the source first (bench/size-breakdown.ts).
const { transformSync } = require('esbuild');

module.exports = function tsLoader(source) {
  const { rewrite } = this.getOptions() || {};
  const text = rewrite ? rewrite(source, this.resourcePath) : source;
  const { code, map } = transformSync(text, {
    loader: 'ts',
    format: 'esm',
    target: 'es2022',
    sourcefile: this.resourcePath,
  });
  return this.callback(null, code, map || undefined);
};
