import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, apiUrl, type ApiProblem } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useSession } from '../../session.js';
import type { ActionRequired, DownloadList, DrsObject, Entity, FileVersion, Page, PathItem, Permissions } from '../../types.js';
import { Alert, Badge, Card, CopyButton, Empty, LoadError, Loading, PageHeader, Pagination, When, formatBytes, PageSkeleton } from '../../ui/bits.js';
import { Icon } from '../../ui/icons.js';
import { Dialog, MenuButton } from '../../ui/overlays.js';
import { EntityIcon, UserName, entityUrl } from '../../ui/entities.js';
import { ActionLine, ConditionsPanel } from './Conditions.js';
import { EntityTable } from './EntityTable.js';
import { MoveDialog, NewFolderDialog, RenameDialog, UploadDialog } from './EntityDialogs.js';
import { UploadFilesDialog } from './UploadFiles.js';
import { GovernanceCard } from './Governance.js';
import { SharingDialog } from './Sharing.js';
import { CommunityManagerCard } from './CommunityManager.js';
import { DomainCard } from '../domains/DomainCard.js';
import { DomainDenied } from '../domains/DomainDenied.js';
import { CloneProjectDialog, CopyEntityDialog } from '../domains/CloneCopy.js';
import { ProjectTabs } from '../domains/Runtimes.js';

const LIMIT = 50;

type DialogName = 'share' | 'rename' | 'move' | 'trash' | 'folder' | 'upload' | 'version';

function Breadcrumb({ path }: { path: PathItem[] }) {
  const { me } = useSession();
  const above = path.slice(0, -1);
  return (
    <nav className="breadcrumb" aria-label="Path" data-testid="breadcrumb">
      {me && <><Link to="/projects">Projects</Link> <span aria-hidden="true">/</span> </>}
      {above.map((p) => (
        <span key={p.id}><Link to={entityUrl(p.id)}>{p.name}</Link> <span aria-hidden="true">/</span> </span>
      ))}
    </nav>
  );
}

/** Why the entity cannot be shown: does not exist (or is hidden), in the trash, outside the authorization domain. */
function EntityProblem({ id, problem, retry }: { id: string; problem: ApiProblem; retry(): void }) {
  const { me } = useSession();
  const actions = (problem.actionsRequired as ActionRequired[] | undefined) ?? [];
  if (problem.status === 404 && !me) {
    return (
      <>
        <PageHeader title={id} />
        <Empty title="Sign in to see this" icon="lock">
          <p>It does not exist, or only signed-in users may see it.</p>
          <Link className="btn btn-primary" to={`${entityUrl(id)}?signin=1`}>Sign in</Link>
        </Empty>
      </>
    );
  }
  if (problem.code === 'DENY_IF_IN_TRASH') {
    return (
      <>
        <PageHeader title={id} />
        <Empty title="This is in the trash" icon="inbox">
          <p>{problem.detail}</p>
          {me && <Link to="/trash">Open the trash</Link>}
        </Empty>
      </>
    );
  }
  const plain = (
    <>
      <PageHeader title={id} />
      <LoadError problem={problem} retry={retry} />
      {actions.length > 0 && (
        <Card title="What would give you access" id="entity-actions">
          <ol className="action-list">{actions.map((a, i) => <ActionLine key={i} action={a} entityId={id} />)}</ol>
        </Card>
      )}
      {problem.status === 404 && <p><Link to="/projects">← My projects</Link></p>}
    </>
  );
  // Outside the authorization domain of a project shared with me: its name, the groups to join, the requests.
  if (me && problem.code === 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN') return <DomainDenied id={id} detail={problem.detail} fallback={plain} />;
  return plain;
}

function Children({ entity, permissions, onAdded, onOpen }: {
  entity: Entity; permissions?: Permissions; onAdded(msg: string): void; onOpen(dialog: 'upload' | 'folder'): void;
}) {
  const [offset, setOffset] = useState(0);
  const children = useApi<Page<Entity>>(`/entities/${entity.id}/children`, { limit: LIMIT, offset });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { me } = useSession();
  const add = useAction(async () => {
    const list = await api.post<DownloadList>('/download-list', { entityIds: [...selected] });
    setSelected(new Set());
    onAdded(`Added ${selected.size} ${selected.size === 1 ? 'file' : 'files'} to your download list (${list.items.length} on it).`);
  });
  const items = children.data?.items ?? [];
  return (
    <Card title={<>Contents {children.data && <span className="muted small">({children.data.total})</span>}</>} id="children" testId="children"
      actions={me && selected.size > 0 && (
        <button type="button" className="btn btn-secondary btn-small" disabled={add.pending} onClick={() => void add.run()}>
          <Icon name="cart" size={16} /> Add {selected.size} to download list
        </button>
      )}>
      {add.problem && <LoadError problem={add.problem} />}
      {children.loading && !children.data ? <Loading what="Loading the contents" shape="table" /> : children.error ? <LoadError problem={children.error} retry={children.reload} />
        : items.length === 0 ? (
          <Empty title={`This ${entity.type} is empty`} icon="folder">
            {permissions?.canAddChild ? (
              <div className="empty-actions">
                <button type="button" className="btn btn-primary" onClick={() => onOpen('upload')}><Icon name="upload" size={16} /> Upload files</button>
                <button type="button" className="btn btn-secondary" onClick={() => onOpen('folder')}>New folder</button>
              </div>
            ) : me ? (
              <p>Nothing here that you can see: it holds nothing, or nothing shared with you. Adding files needs CREATE access here, which you do not have; its owner can share it with you.</p>
            ) : (
              <p>Nothing here that you can see without signing in. <Link to="?signin=1">Sign in</Link> to see what is shared with you.</p>
            )}
          </Empty>
        ) : (
          <>
            <EntityTable items={items} testId="children-table" selected={me ? selected : undefined}
              onSelect={(id, on) => setSelected((s) => {
                const next = new Set(s);
                if (on) next.add(id);
                else next.delete(id);
                return next;
              })} />
            <Pagination total={children.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
    </Card>
  );
}

function FileDetails({ entity }: { entity: Entity }) {
  const f = entity.file;
  return (
    <Card title="File details" id="file-details" testId="file-details">
      <dl className="facts">
        <dt>File name</dt><dd>{f?.fileName ?? <span className="muted">—</span>}</dd>
        <dt>Size</dt><dd>{f ? <>{formatBytes(f.size)} <span className="muted small">({f.size.toLocaleString()} bytes)</span></> : '—'}</dd>
        <dt>MD5</dt><dd><code>{f?.md5 ?? '—'}</code></dd>
        <dt>Content type</dt><dd>{f?.contentType ?? '—'}</dd>
        <dt>Version</dt><dd>{entity.versionNumber ?? '—'}</dd>
        {entity.versionNumber !== null && <DrsFacts entity={entity} version={entity.versionNumber} />}
        <dt>Created</dt><dd><When at={entity.createdOn} /> by <UserName id={entity.createdBy} link /></dd>
        <dt>Modified</dt><dd><When at={entity.modifiedOn} /> by <UserName id={entity.modifiedBy} link /></dd>
      </dl>
      {entity.description && <p className="entity-description">{entity.description}</p>}
    </Card>
  );
}

/**
 * The version as a GA4GH DRS object: its drs:// URI, to give to DRS clients and workflow engines, and its SHA-256
 * (computed on upload; older files get theirs from a background job).
 */
function DrsFacts({ entity, version }: { entity: Entity; version: number }) {
  const object = useApi<DrsObject>(`/ga4gh/drs/v1/objects/${entity.id}.${version}`);
  if (!object.data) return null;
  const sha256 = object.data.checksums.find((c) => c.type === 'sha-256')?.checksum;
  return (
    <>
      <dt>SHA-256</dt><dd>{sha256 ? <code className="drs-wrap">{sha256}</code> : <span className="muted">Not computed yet</span>}</dd>
      <dt>DRS URI</dt>
      <dd className="drs-uri">
        <code className="drs-wrap" data-testid="drs-uri">{object.data.self_uri}</code>{' '}
        <CopyButton text={object.data.self_uri} label="Copy DRS URI" testId="copy-drs-uri" />
      </dd>
    </>
  );
}

function Versions({ entity, canDownload, canEdit, onUpload }: { entity: Entity; canDownload: boolean; canEdit: boolean; onUpload(): void }) {
  const versions = useApi<{ items: FileVersion[] }>(`/entities/${entity.id}/versions`);
  return (
    <Card title="Versions" id="versions" testId="versions"
      actions={canEdit && <button type="button" className="btn btn-secondary btn-small" onClick={onUpload}><Icon name="upload" size={16} /> Upload new version</button>}>
      {versions.loading && !versions.data ? <Loading /> : versions.error ? <LoadError problem={versions.error} retry={versions.reload} />
        : (versions.data?.items ?? []).length === 0 ? <p className="muted">No versions.</p>
        : (
          <div tabIndex={0} className="table-wrap">
            <table className="table table-dense" data-testid="versions-table">
              <thead><tr><th scope="col">Version</th><th scope="col">File and comment</th><th scope="col" className="num">Size</th><th scope="col">Uploaded</th><th scope="col"><span className="sr-only">Download</span></th></tr></thead>
              <tbody>
                {versions.data!.items.map((v) => (
                  <tr key={v.versionNumber}>
                    <td className="nowrap">{v.versionNumber}{v.versionNumber === entity.versionNumber && <> <Badge tone="info">current</Badge></>}</td>
                    <td className="fill-cell" title={`MD5 ${v.md5}`}>
                      <span className="clip-text">{v.fileName}</span>
                      {v.comment ? <span className="small version-comment">{v.comment}</span> : <span className="clip-text muted small">no comment</span>}
                    </td>
                    <td className="num nowrap">{formatBytes(v.size)}</td>
                    <td className="nowrap"><When at={v.createdOn} /><div className="muted small">by <UserName id={v.createdBy} /></div></td>
                    <td className="actions">
                      {canDownload && <a className="btn btn-ghost btn-small" href={apiUrl(`/entities/${entity.id}/download`, { version: v.versionNumber })} download={v.fileName} aria-label={`Download version ${v.versionNumber}`}>Download</a>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </Card>
  );
}

function TrashDialog({ entity, onClose, onTrashed }: { entity: Entity; onClose(): void; onTrashed(): void }) {
  const trash = useAction(async () => {
    await api.delete(`/entities/${entity.id}`);
    onTrashed();
  });
  return (
    <Dialog title={`Move ${entity.name} to the trash?`} onClose={onClose} testId="trash-dialog">
      {trash.problem && <LoadError problem={trash.problem} />}
      <p>{entity.type === 'file' ? 'The file' : `The ${entity.type} and everything in it`} can be restored from the trash until it is purged. Nobody can use it while it is there.</p>
      <div className="dialog-footer">
        <button type="button" className="btn btn-danger" disabled={trash.pending} onClick={() => void trash.run()}>Move to trash</button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}

/** A project, folder or file: its path, contents or file details and versions, conditions for use, sharing. */
export function EntityPage() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const entity = useApi<Entity>(`/entities/${id}`);
  const path = useApi<{ items: PathItem[] }>(`/entities/${id}/path`);
  const perms = useApi<Permissions>(`/entities/${id}/permissions`);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [domainDialog, setDomainDialog] = useState<'clone' | 'copy' | null>(null);
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const [reloadKey, setReloadKey] = useState(0);
  const [conditionsKey, setConditionsKey] = useState(0);

  useEffect(() => {
    setNotice((location.state as { notice?: string } | null)?.notice);
    setDialog(null);
  }, [id, location.state]);

  const addToList = useAction(async () => {
    const list = await api.post<DownloadList>('/download-list', { entityIds: [id] });
    setNotice(`Added to your download list (${list.items.length} ${list.items.length === 1 ? 'file' : 'files'} on it).`);
  });

  if (entity.loading && !entity.data) return <PageSkeleton what="Loading" />;
  if (entity.error) return <EntityProblem id={id} problem={entity.error} retry={entity.reload} />;
  const e = entity.data!;
  const p = perms.data;
  const pathItems = path.data?.items ?? [];
  const isFile = e.type === 'file';
  const close = () => setDialog(null);
  const refresh = (message?: string) => {
    entity.reload();
    path.reload();
    perms.reload();
    setConditionsKey((k) => k + 1);
    if (message) setNotice(message);
  };
  const parentUrl = e.parentId ? entityUrl(e.parentId) : '/projects';

  const download = isFile && (p?.canDownload ? (
    <a className="btn btn-primary" href={apiUrl(`/entities/${e.id}/download`)} download={e.file?.fileName ?? e.name} data-testid="download-button">
      <Icon name="download" size={16} /> Download
    </a>
  ) : (
    <button type="button" className="btn btn-primary" disabled title="See the conditions for use" data-testid="download-button">
      <Icon name="download" size={16} /> Download
    </button>
  ));

  return (
    <>
      <Breadcrumb path={pathItems} />
      <PageHeader
        title={e.name}
        subtitle={
          <span className="entity-subtitle">
            <EntityIcon type={e.type} size={16} /> <span className="entity-type">{e.type}</span>
            <span className="muted"> · </span><code data-testid="entity-id">{e.id}</code>
            {e.dataType === 'OPEN_DATA' && <> <Badge tone="success">open data</Badge></>}
            {e.effectiveDataClass === 'summary' && <> <Badge tone="info" title="Summary data: downloads are limited in size and not counted as row-level egress">summary data</Badge></>}
            {e.inTrash && <> <Badge tone="danger">in trash</Badge></>}
          </span>
        }
        actions={<>
          {download}
          {isFile && me && (
            <button type="button" className="btn btn-secondary" disabled={addToList.pending} onClick={() => void addToList.run()}>
              <Icon name="cart" size={16} /> Add to download list
            </button>
          )}
          {me && <button type="button" className="btn btn-secondary" onClick={() => setDialog('share')}><Icon name="share" size={16} /> Share</button>}
          {!isFile && p?.canAddChild && (
            <MenuButton label="Add" testId="add-menu" items={[
              { label: 'Upload files', onSelect: () => setDialog('upload') },
              { label: 'New folder', onSelect: () => setDialog('folder') },
            ]} />
          )}
          {p && (
            <MenuButton label="More" testId="more-menu" items={[
              { label: 'Rename…', onSelect: () => setDialog('rename'), hidden: !p.canEdit },
              { label: 'Move…', onSelect: () => setDialog('move'), hidden: !p.canMove || e.type === 'project' },
              { label: 'Upload a new version…', onSelect: () => setDialog('version'), hidden: !isFile || !p.canEdit },
              { label: 'Clone project…', onSelect: () => setDomainDialog('clone'), hidden: e.type !== 'project' || !p.canView },
              { label: 'Copy to another project…', onSelect: () => setDomainDialog('copy'), hidden: e.type === 'project' || (isFile ? !p.canDownload : !p.canView) },
              { label: 'Move to trash…', onSelect: () => setDialog('trash'), hidden: !p.canDelete, danger: true },
            ]} />
          )}
        </>}
      />
      {e.description && !isFile && <p className="entity-description">{e.description}</p>}
      {notice && <Alert tone="success" testId="entity-notice">{notice}{/download list/.test(notice) && <> <Link to="/download-list">Open the download list</Link></>}</Alert>}
      {addToList.problem && <LoadError problem={addToList.problem} />}

      {e.type === 'project' && <ProjectTabs projectId={e.id} current="contents" />}
      <div className="entity-layout">
        <div className="entity-main">
          {isFile ? (
            <>
              <FileDetails entity={e} />
              <Versions key={reloadKey} entity={e} canDownload={!!p?.canDownload} canEdit={!!p?.canEdit} onUpload={() => setDialog('version')} />
            </>
          ) : (
            <Children key={reloadKey} entity={e} permissions={p} onAdded={(m) => setNotice(m)} onOpen={setDialog} />
          )}
        </div>
        <aside className="entity-aside">
          <DomainCard entity={e} permissions={p} />
          <ConditionsPanel key={conditionsKey} entity={e} onChanged={() => perms.reload()} />
          <GovernanceCard entity={e} permissions={p} onChanged={() => refresh()} />
          {e.type === 'project' && <CommunityManagerCard project={e} permissions={p} />}
        </aside>
      </div>

      {dialog === 'share' && <SharingDialog entity={e} permissions={p} path={pathItems} onClose={close} onSaved={() => { perms.reload(); setConditionsKey((k) => k + 1); }} />}
      {dialog === 'folder' && <NewFolderDialog parent={e} onClose={close} onCreated={(f) => { close(); setReloadKey((k) => k + 1); setNotice(`Folder “${f.name}” created.`); }} />}
      {dialog === 'upload' && <UploadFilesDialog parent={e} onClose={close} onUploaded={(f, count) => { setReloadKey((k) => k + 1); setNotice(count === 1 ? `Uploaded “${f.name}” (${formatBytes(f.file?.size ?? 0)}).` : `Uploaded ${count} files.`); }} />}
      {dialog === 'version' && <UploadDialog file={e} onClose={close} onUploaded={(f) => { close(); entity.setData(f); setReloadKey((k) => k + 1); setNotice(`Version ${f.versionNumber} uploaded.`); }} />}
      {dialog === 'rename' && <RenameDialog entity={e} onClose={close} onStale={() => refresh()} onSaved={(saved) => { close(); entity.setData(saved); path.reload(); setNotice('Saved.'); }} />}
      {dialog === 'move' && <MoveDialog entity={e} onClose={close} onStale={() => refresh()} onMoved={(moved) => { close(); entity.setData(moved); refresh('Moved. The path above shows its new place.'); }} />}
      {dialog === 'trash' && <TrashDialog entity={e} onClose={close} onTrashed={() => navigate(parentUrl, { state: { notice: `“${e.name}” was moved to the trash.` } })} />}
      {domainDialog === 'clone' && <CloneProjectDialog project={e} onClose={() => setDomainDialog(null)} />}
      {domainDialog === 'copy' && <CopyEntityDialog entity={e} onClose={() => setDomainDialog(null)} />}
    </>
  );
}
