export * from './types';
export * from './rules';
export * from './store';
export * from './driver';
export * from './activity';
export * from './log';
export * from './metaWebhook';
