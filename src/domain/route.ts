// A route as the Admin console holds it ("Hosts"): a name, one host and port, and four options.
import { type Phrase, phrase } from '../i18n/phrase.ts';

export interface RouteOptions {
  /** Deliver to the MX hosts of the given domain instead of the host itself. */
  mxLookup: boolean;
  /** Require secure transport (TLS). */
  requireTls: boolean;
  /** Require a certificate signed by a CA Google trusts (needs TLS). */
  requireCaSigned: boolean;
  /** Validate the certificate host name (needs a CA-signed certificate). */
  validateHostname: boolean;
}

export interface Route {
  name: string;
  host: string;
  port: number;
  options: RouteOptions;
}

/** What the Admin console ticks for a new route: MX lookup off, the three TLS checks on. */
export const GOOGLE_DEFAULT_OPTIONS: Readonly<RouteOptions> = Object.freeze({
  mxLookup: false,
  requireTls: true,
  requireCaSigned: true,
  validateHostname: true,
});

export type OptionKeyword = 'tls' | 'ca' | 'hostname' | 'mx';
export type OptionKey = keyof RouteOptions;

export const OPTION_BY_KEYWORD: Readonly<Record<OptionKeyword, OptionKey>> = {
  tls: 'requireTls',
  ca: 'requireCaSigned',
  hostname: 'validateHostname',
  mx: 'mxLookup',
};

export function isOptionKeyword(value: string): value is OptionKeyword {
  return Object.hasOwn(OPTION_BY_KEYWORD, value);
}

// In the Admin console the CA check sits under TLS and the host-name check under the CA check:
// a check is only meaningful while the one it depends on is on.
const REQUIRES: Partial<Record<OptionKey, OptionKey>> = {
  requireCaSigned: 'requireTls',
  validateHostname: 'requireCaSigned',
};

const DEPENDENTS: Partial<Record<OptionKey, OptionKey[]>> = {
  requireTls: ['requireCaSigned', 'validateHostname'],
  requireCaSigned: ['validateHostname'],
};

export type OptionChangeResult = { ok: true; options: RouteOptions } | { ok: false; error: Phrase };

/**
 * Turns one option on or off. Turning a check off also turns off the checks that depend on it;
 * turning one on needs the check it depends on to be on already.
 */
export function changeOption(options: RouteOptions, key: OptionKey, on: boolean): OptionChangeResult {
  const next = { ...options, [key]: on };
  if (on) {
    const needed = REQUIRES[key];
    if (needed && !options[needed]) {
      return {
        ok: false,
        error: phrase('invalid.optionNeedsFirst', { option: keywordOf(key), needed: keywordOf(needed) }),
      };
    }
  } else {
    for (const dependent of DEPENDENTS[key] ?? []) next[dependent] = false;
  }
  return { ok: true, options: next };
}

/** Options from flags given as "turn off" switches on top of Google's defaults. */
export function optionsFromFlags(flags: {
  mx?: boolean;
  noTls?: boolean;
  noCa?: boolean;
  noHostname?: boolean;
}): RouteOptions {
  let options: RouteOptions = { ...GOOGLE_DEFAULT_OPTIONS, mxLookup: flags.mx === true };
  for (const [flag, key] of [
    [flags.noHostname, 'validateHostname'],
    [flags.noCa, 'requireCaSigned'],
    [flags.noTls, 'requireTls'],
  ] as const) {
    if (flag) {
      const result = changeOption(options, key, false);
      if (result.ok) options = result.options;
    }
  }
  return options;
}

/** Checks that a set of options is consistent (used for options that arrive as a whole, e.g. a form). */
export function optionsError(options: RouteOptions): Phrase | undefined {
  for (const [key, needed] of Object.entries(REQUIRES) as [OptionKey, OptionKey][]) {
    if (options[key] && !options[needed]) {
      return phrase('invalid.optionNeeds', { option: keywordOf(key), needed: keywordOf(needed) });
    }
  }
  return undefined;
}

export function keywordOf(key: OptionKey): OptionKeyword {
  return (
    (Object.entries(OPTION_BY_KEYWORD) as [OptionKeyword, OptionKey][]).find(([, k]) => k === key)?.[0] ??
    'tls'
  );
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function routeNameError(name: string): Phrase | undefined {
  if (name.length === 0) return phrase('invalid.nameEmpty');
  if (!NAME.test(name)) return phrase('invalid.name', { name });
  return undefined;
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
