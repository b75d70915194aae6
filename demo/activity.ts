import type { InternalAxiosRequestConfig } from 'axios';
import type { Http } from '../src/request';
import { isApiError } from '../src/request';
import { $, clock, h } from './dom';

const MAX_LINES = 60;

/** Add a line to a log list (newest first, bounded). */
export function logTo(list: HTMLElement, text: string, tone = '') {
  list.prepend(h('li', { className: tone }, `${clock()}  ${text}`));
  while (list.children.length > MAX_LINES) list.lastElementChild?.remove();
}

function label(config: InternalAxiosRequestConfig): string {
  return `${(config.method ?? 'get').toUpperCase()} ${config.url ?? ''}`;
}

/**
 * Log every request of an instance with plain axios interceptors. Added after the kit's own,
 * so the response side sees the final outcome (after a refresh and replay, or a retry) and the
 * request side sees each attempt: a refresh shows as `POST /auth/refresh` then the replay.
 */
export function watchRequests(http: Http) {
  const list = $('#activity-log');
  http.interceptors.request.use((config) => {
    const refresh = config.url?.endsWith('/auth/refresh');
    logTo(
      list,
      `→ ${label(config)}${refresh ? '   (token refresh)' : ''}`,
      refresh ? 'refresh' : '',
    );
    return config;
  });
  http.interceptors.response.use(
    (response) => {
      logTo(list, `← ${response.status} ${label(response.config)}`, 'ok');
      return response;
    },
    (error: unknown) => {
      if (isApiError(error) && error.kind !== 'canceled') {
        logTo(list, `✕ ${error.method} ${error.url}: ${error.kind} ${error.status ?? ''}`, 'bad');
      }
      throw error;
    },
  );
}
