// What `loadDefaultHttp` imports: the default instance (`./http`) behind a module that nothing
// imports statically, so that the dynamic import always splits. A page that imports `http` already
// (the api modules do) gets a chunk of a few bytes pointing back into the page; a page that never
// does gets the default instance split off and loaded on first need. Importing `./http` itself
// both ways made Vite warn that the dynamic import moved nothing (INEFFECTIVE_DYNAMIC_IMPORT).
export { http } from './http';
