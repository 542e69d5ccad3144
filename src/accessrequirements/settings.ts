import { Type, type Static, type TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { AccessRequirementType } from '../decisions/model.js';
import { validationFailed } from '../infra/problem.js';
import { fromTypeBox } from '../infra/fielderrors.js';

/**
 * The settings of each type of access requirement (SPEC §4; docs/contract/issue3-api.md). Pure: no I/O.
 * Every key has a default, so a stored AR always carries the full set; unknown keys are refused.
 */

const flag = (description: string) => Type.Boolean({ default: false, description });
const requires2fa = flag('Downloading anything under this AR needs two-factor authentication, met or not (SPEC §5 rule 6)');
const certifiedRequired = flag('The user must be certified to approve themself (SelfSign) or to be an accessor (ManagedACT)');
const validatedRequired = flag('The user must have a validated profile to approve themself (SelfSign) or to be an accessor (ManagedACT)');

export const MAX_EXPIRATION_DAYS = 36_500;

export const TermsOfUseSettings = Type.Object({ requires2fa }, { additionalProperties: false });

export const SelfSignSettings = Type.Object({ certifiedRequired, validatedRequired, requires2fa }, { additionalProperties: false });

export const ManagedActSettings = Type.Object({
  certifiedRequired,
  validatedRequired,
  ducRequired: flag('A data use certificate must be attached to the request'),
  ducTemplateBlobId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { default: null, description: 'The stored DUC template file' }),
  irbRequired: flag('An IRB approval must be attached to the request'),
  attachmentsRequired: flag('Other attachments must be added to the request'),
  expirationDays: Type.Integer({ minimum: 0, maximum: MAX_EXPIRATION_DAYS, default: 0, description: 'Days an approval lasts; 0 = never expires' }),
  iduRequired: flag('The request needs an intended data use statement'),
  iduPublic: flag('Approved intended data use statements are listed publicly'),
  requires2fa,
  instructions: Type.String({ maxLength: 20_000, default: '', description: 'Shown to requestors above the request form' }),
}, { additionalProperties: false });

export const LockSettings = Type.Object({}, { additionalProperties: false });

export type TermsOfUseSettings = Static<typeof TermsOfUseSettings>;
export type SelfSignSettings = Static<typeof SelfSignSettings>;
export type ManagedActSettings = Static<typeof ManagedActSettings>;
export type Settings = TermsOfUseSettings | SelfSignSettings | ManagedActSettings | Static<typeof LockSettings>;

export const SETTINGS_SCHEMAS: Readonly<Record<AccessRequirementType, TObject>> = {
  TermsOfUse: TermsOfUseSettings,
  SelfSign: SelfSignSettings,
  ManagedACT: ManagedActSettings,
  Lock: LockSettings,
};

/**
 * The settings of a new or updated AR: `given` laid over `base` (the current settings on update, nothing on
 * create), defaults filled in, then checked against the type's schema. Throws a 400 naming every bad field.
 */
export function resolveSettings(type: AccessRequirementType, given: unknown, base: Record<string, unknown> = {}): Settings {
  const schema = SETTINGS_SCHEMAS[type];
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw validationFailed('The request is not valid: body.settings must be an object.', [{ field: 'body.settings', message: 'must be object', code: 'WRONG_TYPE', params: { type: 'object' } }]);
  }
  // Keys the type does not know are dropped from the stored base (a type never changes, so there are none
  // unless the schema lost a key), but refused in what the caller sends.
  const known = Object.keys(schema.properties);
  const kept = Object.fromEntries(Object.entries(base).filter(([k]) => known.includes(k)));
  const merged = Value.Default(schema, { ...kept, ...((given as Record<string, unknown> | undefined) ?? {}) });
  const errors = [...Value.Errors(schema, merged)].map((e) => fromTypeBox('body.settings', e));
  if (errors.length > 0) {
    throw validationFailed(`The request is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);
  }
  return merged as Settings;
}

/** Days an approval of this AR lasts when ACT does not say; null = never expires. */
export function defaultExpiryDays(type: AccessRequirementType, settings: Record<string, unknown>): number | null {
  if (type !== 'ManagedACT') return null;
  const days = settings.expirationDays;
  return typeof days === 'number' && days > 0 ? days : null;
}
