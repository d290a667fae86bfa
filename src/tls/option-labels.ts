// The user-facing words for the route options, in one place.
import { GLOSSARY } from '../i18n/glossary.ts';
import type { RouteOption } from './types.ts';

export const OPTION_KEYS: readonly RouteOption[] = ['requireTls', 'requireCaSigned', 'validateHostname'];

/** The option names as the English Admin console shows them (from the glossary). */
export const OPTION_LABEL: Record<RouteOption, string> = {
  requireTls: GLOSSARY.requireTls.en,
  requireCaSigned: GLOSSARY.requireCaSigned.en,
  validateHostname: GLOSSARY.validateHostname.en,
};

export const CONSEQUENCE_IF_OFF: Record<RouteOption, string> = {
  requireTls:
    'Gmail then sends in plain text whenever TLS fails, so anyone on the path can read the mail (and the CA and host name checks stop too)',
  requireCaSigned:
    'Gmail then accepts any certificate, including one an attacker presents: the connection is encrypted but the gateway is not authenticated (the host name check stops too)',
  validateHostname:
    'Gmail then accepts a publicly trusted certificate issued for any name, so a different server with a valid certificate could receive the mail',
};
