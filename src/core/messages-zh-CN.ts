import type { MessageTable } from './messages';

/**
 * The built-in Simplified Chinese messages. Not re-exported from `./index`: an app that wants them
 * imports it (`import { zhCNMessages } from './request/messages-zh-CN'`, which re-exports this file).
 * @example createHttp({ messages: zhCNMessages })
 */
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
  url: '请求地址无效',
  default: '请求失败',
  streamEnded: '实时连接已断开',
  streamClosed: '服务器已结束实时推送',
  streamUnsupported: '当前环境不支持实时推送',
  eventData: '服务器推送的数据格式不正确',
  pollTimeout: '处理时间超出预期，请稍后查看',
  socketClosed: '实时连接已关闭',
  socketNoReply: '服务器未及时响应',
  socketQueueFull: '待发送的消息过多，请稍后再试',
};
