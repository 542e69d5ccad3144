import { generate, generateSecret, generateURI, verify } from 'otplib';

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, username: string) =>
  generateURI({ issuer: 'Gatehouse', label: username, secret });

/** Accepts the code of the current 30-second step and of the steps just before and after (clock drift). */
export async function checkTotp(secret: string, token: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(token)) return false;
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30 });
  return result.valid;
}

/** The current code; for tests and the demo's command line. */
export const totpCode = (secret: string, now: Date) => generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
