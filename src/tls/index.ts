// The TLS connection test: the public surface other parts of the bot code against.
export { TlsTestInputError } from './errors.ts';
export { renderTlsMessage, type TlsCode, type TlsMessage, tlsMessage } from './messages.ts';
export { OPTION_KEYS } from './option-labels.ts';
export { renderTlsJson } from './render-json.ts';
export { type RenderedCause, type TlsTexts, tlsTexts } from './render-messages.ts';
export { renderTlsText } from './render-text.ts';
export { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, runTlsTest, type TlsTestDependencies } from './run-tls-test.ts';
export type * from './types.ts';
export { ROUTE_OPTIONS } from './types.ts';
export { effectiveOptions, judgeRoute, optionEffects } from './verdict.ts';
