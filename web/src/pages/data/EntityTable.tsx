import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Entity } from '../../types.js';
import { When, formatBytes } from '../../ui/bits.js';
import { EntityIcon, RestrictionBadge, UserName, entityUrl, useRestrictions } from '../../ui/entities.js';

/**
 * Projects, folders and files in a table: type icon, name, size, modified, and the restriction badge of each
 * (asked in batches of 50). Files can be selected (for the download list) when `selected` is given.
 */
export function EntityTable({ items, selected, onSelect, testId, extra }: {
  items: Entity[];
  selected?: Set<string>;
  onSelect?(id: string, on: boolean): void;
  testId?: string;
  extra?: { header: string; cell(e: Entity): ReactNode };
}) {
  const restrictions = useRestrictions(items.map((e) => e.id));
  const files = items.filter((e) => e.type === 'file');
  const selectable = !!selected && !!onSelect && files.length > 0;
  const allSelected = selectable && files.length > 0 && files.every((f) => selected!.has(f.id));
  return (
    <div tabIndex={0} className="table-wrap table-contained">
      <table className="table table-cards entity-table" data-testid={testId}>
        <thead>
          <tr>
            {selectable && (
              <th scope="col" className="select-cell">
                {files.length > 0 && <input type="checkbox" aria-label="Select every file" checked={allSelected} onChange={(e) => files.forEach((f) => onSelect!(f.id, e.target.checked))} />}
              </th>
            )}
            <th scope="col">Name</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Modified</th>
            <th scope="col">Access</th>
            {extra && <th scope="col">{extra.header}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const info = restrictions.get(e.id);
            return (
              <tr key={e.id} data-testid={`row-${e.name}`}>
                {selectable && (
                  <td className="select-cell">
                    {e.type === 'file' && <input type="checkbox" aria-label={`Select ${e.name}`} checked={selected!.has(e.id)} onChange={(ev) => onSelect!(e.id, ev.target.checked)} />}
                  </td>
                )}
                <td className="name-cell">
                  <Link to={entityUrl(e.id)} className="entity-link"><EntityIcon type={e.type} /><span className="entity-name">{e.name}</span></Link>
                  {e.description && <div className="muted small clip-line">{e.description}</div>}
                </td>
                <td className="num nowrap" data-label="Size">{e.file ? formatBytes(e.file.size) : <span className="muted">—</span>}</td>
                <td className="nowrap" data-label="Modified"><When at={e.modifiedOn} /><div className="muted small">by <UserName id={e.modifiedBy} /></div></td>
                <td data-label="Access">{info ? <RestrictionBadge info={info} /> : <span className="muted small">…</span>}</td>
                {extra && <td data-label={extra.header}>{extra.cell(e)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
