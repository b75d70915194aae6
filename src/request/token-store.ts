// PLACEHOLDER: the request-layer helper replaces this.
let access: string | null = null;
let refreshToken: string | null = null;
/** Where the default instance keeps its tokens. */
export const tokenStore = {
  get: (): string | null => access,
  getRefresh: (): string | null => refreshToken,
  set(a: string, r?: string): void {
    access = a;
    if (r !== undefined) refreshToken = r;
  },
  clear(): void {
    access = null;
    refreshToken = null;
  },
};
