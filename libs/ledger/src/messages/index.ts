export * from './language';
export * from './chinese-messages';
export * from './localize';
