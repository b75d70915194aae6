// Which instances keep their token off XHR: those whose token header is a custom one (`X-Token`),
// which a browser's XHR keeps on a redirect to another origin (the token adapter reroutes their
// XHR requests to fetch). Transports that pick XHR themselves (streamText) ask here first.

const offXhr = new WeakSet<object>();

/** Record that `instance` sends its token in a custom header (createHttp does). */
export function keepTokenOffXhr(instance: object): void {
  offXhr.add(instance);
}

/**
 * Whether a request of `instance` carrying its token must not ride a browser's XHR.
 * @example if (hasXhr() && !tokenStaysOffXhr(instance)) viaXhr() else viaFetchStream()
 */
export function tokenStaysOffXhr(instance: object): boolean {
  return offXhr.has(instance);
}
