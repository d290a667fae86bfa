// The catalogues' shared shape: keys (plural variants folded) and the parameters each key takes, read
// from the English catalogue's text at compile time, so `t('routes.pending', { count: 2 })` is checked.
import { en } from './en.ts';
import { ja } from './ja.ts';
import type { Locale } from './locale.ts';

export const CATALOGUES = { en, ja } as const satisfies Record<Locale, unknown>;

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? [`${P}${K}`, T[K]] : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

type Folded<K extends string> = K extends `${infer B}_${PluralSuffix}` ? B : K;

type ParamNames<S extends string> = S extends `${string}{{${infer P}}}${infer R}`
  ? (P extends `- ${infer N}` ? N : P) | ParamNames<R>
  : never;

type Entries = Leaves<typeof en>;
/** Every message key, plural variants folded (`routes.pending`, not `routes.pending_one`). */
export type MessageKey = Folded<Entries[0]>;

type TextsOf<K extends string> = Extract<Entries, [K | `${K}_${PluralSuffix}`, string]>[1];
type IsPlural<K extends string> = [Extract<Entries, [`${K}_${PluralSuffix}`, string]>] extends [never]
  ? false
  : true;

export type MessageParams<K extends MessageKey> = {
  [N in ParamNames<TextsOf<K>>]: string | number;
} & (IsPlural<K> extends true ? { count: number } : unknown);

export type ParamsArg<K extends MessageKey> = keyof MessageParams<K> extends never ? [] : [MessageParams<K>];

// Compile-time parity: the Japanese catalogue has exactly the English keys (a runtime test also
// compares each key's parameters).
type JaKeys = Folded<Leaves<typeof ja>[0]>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const keysMatch: Same<MessageKey, JaKeys> = true;
void keysMatch;
