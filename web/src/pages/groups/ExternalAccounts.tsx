import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { daysFromNow, groupUrl, type ExternalLink, type Issuer } from './model.js';
import './groups.css';

const groupList = (names: string[]) => names.map((n, i) => <span key={n}>{i > 0 && ', '}<Link to={groupUrl(n)}>{n}</Link></span>);

/**
 * My external accounts (eRA Commons and the like): linking one with an assertion signed by a trusted issuer puts
 * me in the third-party groups whose allowlist has my id; a link expires, and unlinking leaves those groups.
 */
export function ExternalAccountsPage() {
  const links = useApi<{ items: ExternalLink[] }>('/me/external-accounts');
  const issuers = useApi<{ items: Issuer[] }>('/external-account-issuers');
  const [assertion, setAssertion] = useState('');
  const [notice, setNotice] = useState<{ text: string; joined?: string[]; left?: string[] }>();
  const link = useAction(async () => {
    const r = await api.post<{ link: ExternalLink; joined: string[]; left: string[] }>('/me/external-accounts', { assertion: assertion.trim() });
    setAssertion('');
    setNotice({ text: `Linked ${r.link.issuerName} account ${r.link.externalId}, until ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(r.link.expiresAt))}.`, joined: r.joined, left: r.left });
    links.reload();
  });
  const unlink = useAction(async (l: ExternalLink) => {
    const r = await api.delete<{ left: string[] }>(`/me/external-accounts/${l.id}`);
    setNotice({ text: `Unlinked ${l.issuerName} account ${l.externalId}.`, left: r.left });
    links.reload();
  });
  const items = links.data?.items ?? [];
  const known = issuers.data?.items ?? [];
  return (
    <>
      <PageHeader title="External accounts"
        subtitle="Accounts at other services (such as eRA Commons) that you have proved are yours. Third-party groups admit the users whose linked account is on their allowlist." />
      {notice && (
        <Alert tone="success" testId="external-notice">
          {notice.text}
          {notice.joined && notice.joined.length > 0 && <> You joined {groupList(notice.joined)}.</>}
          {notice.left && notice.left.length > 0 && <> You left {groupList(notice.left)}.</>}
          {notice.joined?.length === 0 && (notice.left?.length ?? 0) === 0 && ' No group changed.'}
        </Alert>
      )}
      <Card title="Linked accounts" id="external-links">
        {unlink.problem && <LoadError problem={unlink.problem} />}
        {links.loading && !links.data ? <Loading /> : links.error ? <LoadError problem={links.error} retry={links.reload} />
          : items.length === 0 ? <Empty title="No linked account" icon="key">Link one below with the assertion your identity provider gives you.</Empty>
          : (
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="external-links-table">
                <thead><tr><th scope="col">Issuer</th><th scope="col">Account id</th><th scope="col">Linked</th><th scope="col">Expires</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
                <tbody>
                  {items.map((l) => (
                    <tr key={l.id}>
                      <td>{l.issuerName}<div className="muted small">{l.issuer}</div></td>
                      <td><code>{l.externalId}</code></td>
                      <td className="nowrap"><When at={l.linkedAt} dateOnly /></td>
                      <td className="nowrap">
                        <When at={l.expiresAt} dateOnly /> {l.expired ? <Badge tone="danger">expired</Badge>
                          : <span className={`small ${new Date(l.expiresAt).getTime() - Date.now() < 7 * 86_400_000 ? 'grp-soon' : 'muted'}`}>{daysFromNow(l.expiresAt)}</span>}
                      </td>
                      <td className="actions"><ConfirmButton onConfirm={() => unlink.run(l)} confirmText={`Unlink ${l.externalId}`}>Unlink</ConfirmButton></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        {items.some((l) => l.expired) && <p className="small muted">An expired link no longer counts: link the account again to renew it.</p>}
      </Card>
      <Card title="Link an account" id="external-link">
        {issuers.loading && !issuers.data ? <Loading /> : issuers.error ? <LoadError problem={issuers.error} retry={issuers.reload} />
          : known.length === 0 ? <p className="muted">No trusted issuer is configured on this Gatehouse, so no account can be linked yet.</p>
          : (
            <form onSubmit={(e: FormEvent) => { e.preventDefault(); void link.run(); }} noValidate className="narrow">
              <p>Trusted issuers: {known.map((i, n) => <span key={i.issuer}>{n > 0 && ', '}<strong>{i.name}</strong> <span className="muted small">(links last {i.linkDays} days)</span></span>)}.</p>
              <FormProblem problem={link.problem} fields={['assertion']} />
              <Field label="Assertion" name="assertion" problem={link.problem} id="external-assertion"
                hint="The signed token (JWT) the issuer gave you after you signed in there. Linking the same issuer again renews the link.">
                <textarea rows={4} className="mono" value={assertion} onChange={(e) => setAssertion(e.target.value)} spellCheck={false} placeholder="eyJhbGciOi…" />
              </Field>
              <SubmitButton pending={link.pending} pendingText="Checking…" disabled={!assertion.trim()}>Link account</SubmitButton>
            </form>
          )}
      </Card>
    </>
  );
}
