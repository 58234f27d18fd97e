import type { FieldChange, MappingChange, PropertyChange, SystemDiff, TransformationDiff } from '@/lib/diff/types';
import { formatValue, mappingLabel } from './value.ts';

/**
 * The structured diff of one system: metadata, properties, credential names (never values),
 * transformation mappings per entity, other keys. Renders the change list of lib/diff as it is.
 */
export function SystemDiffView({ diff }: { diff: SystemDiff }) {
  const t = diff.totals;
  if (diff.status === 'unchanged') return <p class="ipx-muted" data-testid="ipx-diff-none">No changes (key order, whitespace and hidden volatile fields don't count).</p>;
  return (
    <div class="ipx-diff" data-testid="ipx-diff-structured">
      <p class="ipx-muted" data-testid="ipx-diff-totals">
        {count(t.total, 'change')}: {t.metadata} metadata, {count(t.properties, 'property', 'properties')}, {count(t.credentials, 'credential')}, {count(t.mappings, 'mapping')}, {t.other} other
      </p>
      {diff.metadata.length > 0 && <FieldTable title="Metadata" testid="ipx-diff-metadata" changes={diff.metadata} />}
      {diff.properties.length > 0 && <PropertyTable changes={diff.properties} />}
      <Credentials diff={diff} />
      {diff.transformations.map((td) => (
        <TransformationSection key={`${td.field}/${td.entity}`} diff={td} />
      ))}
      {diff.unknownKeys.length > 0 && <FieldTable title="Other keys" testid="ipx-diff-other" changes={diff.unknownKeys} />}
    </div>
  );
}

/** "user" for sources and targets, "read user" / "write group" for proxies (as lib/diff/summarize says it). */
function entityLabel(t: Pick<TransformationDiff, 'field' | 'entity'>): string {
  if (t.field === 'readTransformation') return `read ${t.entity}`;
  if (t.field === 'writeTransformation') return `write ${t.entity}`;
  return t.entity;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Badge({ change }: { change: string }) {
  return <span class={`ipx-badge ipx-badge-${change}`}>{change}</span>;
}

function FieldTable({ title, testid, changes }: { title: string; testid: string; changes: FieldChange[] }) {
  return (
    <section class="ipx-diff-section" data-testid={testid}>
      <h4>{title}</h4>
      <table class="ipx-table">
        <thead><tr><th scope="col">Field</th><th scope="col">Change</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field} data-testid="ipx-diff-field" data-field={c.field}>
              <td class="ipx-mono">{c.field}{c.volatile && <span class="ipx-muted"> (volatile)</span>}</td>
              <td><Badge change={c.change} /></td>
              <td class="ipx-mono ipx-before">{formatValue(c.before)}</td>
              <td class="ipx-mono ipx-after">{formatValue(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PropertyTable({ changes }: { changes: PropertyChange[] }) {
  return (
    <section class="ipx-diff-section" data-testid="ipx-diff-properties">
      <h4>Properties</h4>
      <table class="ipx-table">
        <thead><tr><th scope="col">Property</th><th scope="col">Change</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.name} data-testid="ipx-diff-property" data-name={c.name} data-change={c.change}>
              <td class="ipx-mono">{c.name}</td>
              <td><Badge change={c.change} /></td>
              <td class="ipx-mono ipx-before">{formatValue(c.before)}</td>
              <td class="ipx-mono ipx-after">{formatValue(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Credentials({ diff }: { diff: SystemDiff }) {
  const { added, removed } = diff.credentials;
  if (!added.length && !removed.length) return null;
  return (
    <section class="ipx-diff-section" data-testid="ipx-diff-credentials">
      <h4>Credentials <span class="ipx-muted">(names only; values are never shown)</span></h4>
      <ul class="ipx-list">
        {added.map((n) => <li key={`+${n}`} data-testid="ipx-diff-credential" data-change="added"><Badge change="added" /> <span class="ipx-mono">{n}</span></li>)}
        {removed.map((n) => <li key={`-${n}`} data-testid="ipx-diff-credential" data-change="removed"><Badge change="removed" /> <span class="ipx-mono">{n}</span></li>)}
      </ul>
    </section>
  );
}

function TransformationSection({ diff }: { diff: TransformationDiff }) {
  const label = entityLabel(diff);
  return (
    <section class="ipx-diff-section" data-testid="ipx-diff-entity" data-entity={label}>
      <h4>
        Transformation: {label} {diff.entityStatus !== 'changed' && <Badge change={diff.entityStatus} />}
      </h4>
      {diff.keyChanges.length > 0 && (
        <ul class="ipx-list">
          {diff.keyChanges.map((c) => (
            <li key={c.field}>
              <span class="ipx-mono">{c.field}</span> <Badge change={c.change} /> <span class="ipx-mono ipx-before">{formatValue(c.before)}</span> → <span class="ipx-mono ipx-after">{formatValue(c.after)}</span>
            </li>
          ))}
        </ul>
      )}
      {diff.mappings.length > 0 && (
        <table class="ipx-table">
          <thead><tr><th scope="col">Mapping</th><th scope="col">Change</th><th scope="col">Position</th><th scope="col">Details</th></tr></thead>
          <tbody>{diff.mappings.map((m, i) => <MappingRow key={i} change={m} />)}</tbody>
        </table>
      )}
    </section>
  );
}

function MappingRow({ change: m }: { change: MappingChange }) {
  const position = m.leftIndex === undefined ? `#${m.rightIndex! + 1}` : m.rightIndex === undefined ? `#${m.leftIndex + 1}` : m.leftIndex === m.rightIndex ? `#${m.rightIndex + 1}` : `#${m.leftIndex + 1} → #${m.rightIndex + 1}`;
  return (
    <tr data-testid="ipx-diff-mapping" data-change={m.change} data-path={m.key.path ?? ''}>
      <td class="ipx-mono">{mappingLabel(m.key)}</td>
      <td><Badge change={m.change} />{m.moved && m.change === 'changed' && <> <Badge change="moved" /></>}</td>
      <td class="ipx-mono">{position}</td>
      <td class="ipx-mono">
        {m.change === 'changed' ? (
          m.fields.map((f) => (
            <div key={f.field}>
              {f.field}: <span class="ipx-before">{formatValue(f.before, 120)}</span> → <span class="ipx-after">{formatValue(f.after, 120)}</span>
            </div>
          ))
        ) : (
          <span class={m.change === 'removed' ? 'ipx-before' : m.change === 'added' ? 'ipx-after' : ''}>{formatValue(m.after ?? m.before, 200)}</span>
        )}
      </td>
    </tr>
  );
}
