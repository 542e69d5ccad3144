import { Type, type Static } from '@sinclair/typebox';

export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  isAdmin: Type.Boolean(),
  isAct: Type.Boolean(),
  isSecurity: Type.Boolean({ description: 'Security Engineer' }),
  isGovernance: Type.Boolean({ description: 'Director of Governance' }),
  isCertified: Type.Boolean(),
  isValidated: Type.Boolean(),
  acceptedTerms: Type.Boolean(),
  twoFactorEnabled: Type.Boolean(),
});
export type Me = Static<typeof MeSchema>;
