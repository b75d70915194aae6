/** Keys of a message table: an HTTP status, or a failure that has none. */
export type MessageKey = number | 'network' | 'timeout' | 'canceled' | 'validation' | 'default';

/** A table of human messages for `ApiError.message`. */
export type MessageTable = Partial<Record<MessageKey, string>>;

/** The built-in English messages. */
export const enMessages: MessageTable = {
  400: 'The request was not valid.',
  401: 'Please sign in again.',
  403: 'You do not have permission to do this.',
  404: 'The requested resource was not found.',
  405: 'This action is not allowed.',
  408: 'The server timed out waiting for the request.',
  409: 'The resource was changed by someone else.',
  413: 'The request is too large.',
  422: 'Some fields are not valid.',
  429: 'Too many requests. Please wait a moment.',
  500: 'The server had an internal error.',
  502: 'The server is unreachable (bad gateway).',
  503: 'The service is temporarily unavailable.',
  504: 'The server took too long to answer (gateway timeout).',
  network: 'Network error: check your connection.',
  timeout: 'The request timed out.',
  canceled: 'The request was canceled.',
  validation: 'The data did not have the expected shape.',
  default: 'The request failed.',
};

/** The built-in Simplified Chinese messages: `createHttp({ messages: zhCNMessages })`. */
export const zhCNMessages: MessageTable = {
  400: '请求参数错误',
  401: '登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的资源不存在',
  405: '不允许的请求方法',
  408: '请求超时',
  409: '资源已被他人修改',
  413: '请求内容过大',
  422: '提交的数据校验失败',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '网关错误',
  503: '服务暂时不可用',
  504: '网关超时',
  network: '网络异常，请检查网络连接',
  timeout: '请求超时，请稍后重试',
  canceled: '请求已取消',
  validation: '数据格式不正确',
  default: '请求失败',
};
