// Plop 4 loads its plopfile with Node's own `import()`, which cannot read TypeScript on Node 20.
// Liftoff finds this file before plopfile.ts, so `npx plop`, `npm run gen:api` and a bare
// node_modules/.bin/plop all get tsx's loader without anything in the user's shell or NODE_OPTIONS.
import { register } from 'tsx/esm/api';

register();

const { default: generator } = await import('./plopfile.ts');

export default generator;
