/**
 * Every sentence a user sees from the authorization-domain capability. `missingOnDestination` is worded as
 * SPEC §9 words it; clients may match on it.
 */
const list = (names: readonly string[]) => names.join(', ');
const plural = (names: readonly string[], one: string, many: string) => (names.length === 1 ? one : many);

export const domainMessages = {
  unknownGroups: (names: readonly string[]) =>
    `There is no managed group ${plural(names, 'named', 'with the names')} ${list(names)}.`,
  creatorNotInGroups: (names: readonly string[]) =>
    `You are not a member of the ${plural(names, 'group', 'groups')} ${list(names)}; only a member of every group ` +
    `of an authorization domain may create a project with it.`,
  adderNotInGroups: (names: readonly string[]) =>
    `You are not a member of the ${plural(names, 'group', 'groups')} ${list(names)}; you may add to an ` +
    `authorization domain only groups you are in.`,
  addOnly: (names: readonly string[]) =>
    `Groups cannot be removed from an authorization domain; this change would remove ${list(names)}. ` +
    `Groups can only be added.`,
  missingOnDestination: (names: readonly string[]) =>
    `Source has an authorization domain containing the groups ${list(names)}, which are missing on the destination`,
  notAProject: (id: string) => `${id} is not a project; authorization domains belong to projects.`,
  noGroupsGiven: 'Name at least one group to add.',
} as const;
