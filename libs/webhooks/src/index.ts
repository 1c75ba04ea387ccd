export * from './webhook-signature';
export * from './refused-address';
export * from './callback-url.policy';
export * from './webhook-backoff';
export * from './webhook-secrets';
export * from './webhook.sender';
export * from './webhook.settings';
