import { formatEntityId } from '../infra/ids.js';

/**
 * Every sentence a user sees from the entities capability, apart from the decision messages (which live in
 * src/decisions/messages.ts and are quoted exactly as the engine returns them).
 */
export const entityMessages = {
  nameTaken: (name: string, parentId: number | null) =>
    parentId === null
      ? `A project named "${name}" already exists; project names are unique, whatever the case.`
      : `An entity named "${name}" already exists in ${formatEntityId(parentId)}; names are unique within a folder, whatever the case.`,
  nameTakenInTrash: (name: string, parentId: number | null) =>
    parentId === null
      ? `A project named "${name}" is in the trash; restore or purge it first, or choose another name.`
      : `An entity named "${name}" is in the trash in ${formatEntityId(parentId)}; restore or purge it first, or choose another name.`,
  parentRequired: 'Give the parentId of the project or folder to create the folder in.',
  projectHasNoParent: 'A project is at the top of the tree: it has no parentId.',
  domainOnProjectsOnly: 'Only a project has an authorization domain; a folder is covered by the domain of its project.',
  fileNotViaEntities: 'Upload files with POST /api/v1/files (multipart/form-data).',
  parentIsFile: (parentId: number) => `${formatEntityId(parentId)} is a file; only projects and folders contain entities.`,
  notAFile: (id: number) => `${formatEntityId(id)} is not a file.`,
  staleEtag: (id: number) =>
    `${formatEntityId(id)} was changed since you fetched it; fetch it again and reapply your change.`,
  staleAclEtag: (id: number) =>
    `The permissions of ${formatEntityId(id)} were changed since you fetched them; fetch them again and reapply your change.`,
  projectCannotMove: 'A project cannot be moved: it is at the top of the tree.',
  moveUnderItself: (id: number) => `Cannot move ${formatEntityId(id)} into itself or into one of its own folders.`,
  noSuchVersion: (id: number, version: number) => `${formatEntityId(id)} has no version ${version}.`,
  alreadyInTrash: (id: number) => `${formatEntityId(id)} is in the trash already.`,
  notInTrash: (id: number) => `${formatEntityId(id)} is not in the trash.`,
  inTrashThroughParent: (id: number, trashedId: number) =>
    `${formatEntityId(id)} is in the trash because ${formatEntityId(trashedId)} above it is; restore ${formatEntityId(trashedId)} instead.`,
  parentInTrash: (id: number, trashedId: number) =>
    `Cannot restore ${formatEntityId(id)} while ${formatEntityId(trashedId)} above it is in the trash; restore ${formatEntityId(trashedId)} first.`,
  purgeBlocked: (id: number) =>
    `${formatEntityId(id)} cannot be purged: other records still refer to it or to something below it.`,
  nameInvalid: 'must not contain slashes or control characters, nor be "." or ".."',
  nameBlank: 'must not be blank',

  // Files
  uploadNotMultipart: 'Upload the file as multipart/form-data, with the bytes in a part named "file".',
  fileRequired: 'Attach the file in a part named "file".',
  fileTooLarge: (limit: number) => `The file is larger than the limit of ${limit} bytes.`,
  uploadIncomplete: 'The upload ended before the whole file arrived.',

  // ACLs
  unknownPrincipals: (ids: readonly number[]) =>
    `There is no user, team or group ${ids.join(', ')}; grant access to existing principals only.`,
  duplicatePrincipal: (id: number) => `Principal ${id} appears more than once; list each principal once.`,
  aclInherited: (id: number, benefactorId: number) =>
    `${formatEntityId(id)} has no ACL of its own: it inherits the permissions of ${formatEntityId(benefactorId)}.`,
  ownChangePermissionsRemoved:
    'You cannot take away your own permission to change the permissions here; keep CHANGE_PERMISSIONS for yourself, or ask another administrator.',

  // Download list
  listFull: (max: number) => `Your download list holds at most ${max} files; download or remove some first.`,
  notOnList: (id: number) => `${formatEntityId(id)} is not on your download list.`,
  nothingToPackage: 'None of the files on your download list can be downloaded now; see the actions required for each.',
} as const;
