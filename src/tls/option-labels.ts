// The user-facing words for the route options, in one place.
import type { RouteOption } from './types.ts';

/** The option names as the Admin console shows them (Apps > Google Workspace > Gmail > Hosts). */
export const OPTION_LABEL: Record<RouteOption, string> = {
  requireTls: 'Require secure transport (TLS)',
  requireCaSigned: 'Require CA signed certificate',
  validateHostname: 'Validate certificate hostname',
};

export const CONSEQUENCE_IF_OFF: Record<RouteOption, string> = {
  requireTls:
    'Gmail then sends in plain text whenever TLS fails, so anyone on the path can read the mail (and the CA and host name checks stop too)',
  requireCaSigned:
    'Gmail then accepts any certificate, including one an attacker presents: the connection is encrypted but the gateway is not authenticated (the host name check stops too)',
  validateHostname:
    'Gmail then accepts a publicly trusted certificate issued for any name, so a different server with a valid certificate could receive the mail',
};
