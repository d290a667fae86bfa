// mailauth, loaded on first use: once loaded it holds about 20 MB, a third of an idle relay. A relay
// that signs nothing and sees no signed mail never loads it.
type SignModule = typeof import('mailauth/lib/dkim/sign.js');
type VerifyModule = typeof import('mailauth/lib/dkim/verify.js');

let sign: Promise<SignModule> | undefined;
let verify: Promise<VerifyModule> | undefined;

export async function dkimSign(
  ...args: Parameters<SignModule['dkimSign']>
): ReturnType<SignModule['dkimSign']> {
  sign ??= import('mailauth/lib/dkim/sign.js');
  return (await sign).dkimSign(...args);
}

export async function dkimVerify(
  ...args: Parameters<VerifyModule['dkimVerify']>
): ReturnType<VerifyModule['dkimVerify']> {
  verify ??= import('mailauth/lib/dkim/verify.js');
  return (await verify).dkimVerify(...args);
}
