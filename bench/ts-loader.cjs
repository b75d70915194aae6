// A webpack loader for the bench's webpack build: strips TypeScript with esbuild's transform
// (what esbuild-loader does), leaving bundling, tree-shaking and minifying to webpack itself.
const { transformSync } = require('esbuild');

module.exports = function tsLoader(source) {
  const { code, map } = transformSync(source, {
    loader: 'ts',
    format: 'esm',
    target: 'es2022',
    sourcefile: this.resourcePath,
  });
  return this.callback(null, code, map || undefined);
};
