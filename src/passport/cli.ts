import type { AppContext } from '../context.js';
import { listVisaKeys, rotateVisaKey } from './keys.js';

const help = `Usage: gatehouse passport <subcommand>

  keys          List the visa signing keys: the one that signs, retired ones and until when they are published
  rotate-key    Retire the signing key and sign with a new one; the old public key stays in
                /.well-known/jwks.json until the last visa it signed expires`;

/** Visa signing keys from the command line (docs/adr/0022). */
export async function runPassportCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [sub] = args;
  switch (sub) {
    case 'keys': {
      for (const k of await listVisaKeys(ctx.db, ctx.clock.now())) {
        const until = k.state === 'signing' ? '' : ` (published until ${k.publishedUntil})`;
        console.log(`${k.kid}  ${k.state}${until}  ${k.source}, created ${k.createdAt}`);
      }
      return 0;
    }
    case 'rotate-key': {
      const { kid, retiredKid } = await rotateVisaKey(ctx, null);
      console.log(`Visas are now signed with key ${kid}.${retiredKid ? ` Key ${retiredKid} is retired and stays published until its last visa expires.` : ''}`);
      return 0;
    }
    default:
      console.log(help);
      return sub === undefined || sub === 'help' ? 0 : 64;
  }
}
