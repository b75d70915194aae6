// Plop 4 loads its plopfile with Node's own `import()`, which cannot read TypeScript on Node 20.
// Liftoff finds this file before plopfile.ts, so `npx plop`, `npm run gen:api` and a bare
// node_modules/.bin/plop all load plopfile.ts through tsx, without anything in the user's shell
// or NODE_OPTIONS. `.mjs` and tsImport, so it loads the same in an app whose package.json is not
// "type": "module" (webpack, Next.js): there plopfile.ts is compiled as CommonJS, its export
// arriving as `default.default`.
import { tsImport } from 'tsx/esm/api';

const loaded = await tsImport('./plopfile.ts', import.meta.url);
const generator = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;

export default generator;
