// Where apps have always imported the Chinese table from: the table itself lives in src/core.
export { zhCNMessages } from '../core/messages-zh-CN';
