// The route options a TLS result can name; their words (the Admin console's labels, what turning
// one off costs) are in the catalogue's `tls.option` and `tls.consequence`.
import type { RouteOption } from './types.ts';

export const OPTION_KEYS: readonly RouteOption[] = ['requireTls', 'requireCaSigned', 'validateHostname'];
