/** Contents of the detail tabs (read-only views). */
import { connectorDisplayName } from './connector-types.ts';
import type { PageContext } from './context.ts';
import { button, h, toast, uid } from './dom.ts';
import type { LabelKey } from './i18n.ts';
import type { SystemKind, SystemRecord } from './types.ts';

export type TabKey = 'details' | 'transformations' | 'properties' | 'certificates' | 'jobs';

export const TAB_LABELS: Record<TabKey, LabelKey> = {
  details: 'details',
  transformations: 'transformations',
  properties: 'properties',
  certificates: 'outboundCertificates',
  jobs: 'jobs',
};

export function tabsFor(kind: SystemKind): TabKey[] {
  const tabs: TabKey[] = ['details', 'transformations', 'properties', 'certificates'];
  return kind === 'source' ? [...tabs, 'jobs'] : tabs;
}

/** Label/value pairs (`sap.ui.layout.form.SimpleForm` in display mode). */
export function formRows(rows: Array<[string, Node | string]>): HTMLElement {
  const form = h('div', { class: 'sapUiForm sapUiFormEdit-CTX simForm' });
  for (const [label, value] of rows) {
    const valueId = uid('text');
    form.append(
      h('label', { class: 'sapMLabel', for: valueId }, label),
      h('div', { class: 'sapMText simFormValue', id: valueId }, value),
    );
  }
  return form;
}

export function detailsTab(ctx: PageContext, system: SystemRecord, kind: SystemKind): HTMLElement {
  const { t } = ctx;
  const rows: Array<[string, Node | string]> = [
    [t('type'), connectorDisplayName(system.connectorTypeString)],
    [t('systemName'), system.name],
    [t('destinationName'), system.destinationName ?? ''],
    [t('description'), system.alias ?? ''],
  ];
  if (kind === 'target') {
    const related = system.relatedSystems ?? [];
    rows.push([
      t('sourceSystems'),
      related.length ? h('span', { 'data-sim-field': 'relatedSystems' }, related.join(', ')) : h('span', { class: 'simHint' }, t('sourceSystemsHint')),
    ]);
  }
  return formRows(rows);
}

/** Pretty-printed JSON with line numbers, like the console's JSON editor in display mode. */
export function codeView(value: unknown, label: string): HTMLElement {
  const text = JSON.stringify(value, null, 4) ?? '';
  const lines = text.split('\n');
  return h(
    'div',
    { class: 'sapCEd simCodeEditor', role: 'textbox', 'aria-readonly': 'true', 'aria-multiline': 'true', 'aria-label': label },
    h('pre', { class: 'simGutter', 'aria-hidden': 'true' }, lines.map((_, i) => String(i + 1)).join('\n')),
    h('pre', { class: 'simCode', 'data-sim-code': '' }, text),
  );
}

export function transformationsTab(ctx: PageContext, system: SystemRecord, kind: SystemKind): HTMLElement {
  const { t } = ctx;
  const show = (value: unknown, label: string): HTMLElement =>
    value === undefined || value === null ? h('p', { class: 'sapMText simHint' }, t('noTransformation')) : codeView(value, label);
  if (kind !== 'proxy') return show(system.transformation, t('transformations'));

  const parts: Array<[LabelKey, unknown]> = [
    ['readTransformation', system.readTransformation],
    ['writeTransformation', system.writeTransformation],
  ];
  const body = h('div', { class: 'simTransformationBody' });
  const seg = h('div', { class: 'sapMSegB', role: 'radiogroup', id: uid('segmentedButton') });
  const select = (index: number): void => {
    seg.querySelectorAll('button').forEach((b, i) => {
      b.classList.toggle('sapMSegBBtnSel', i === index);
      b.setAttribute('aria-checked', String(i === index));
    });
    const [key, value] = parts[index] ?? parts[0]!;
    body.replaceChildren(show(value, t(key)));
  };
  parts.forEach(([key], i) => {
    const b = h('button', { type: 'button', class: 'sapMSegBBtn', role: 'radio', 'data-sim-transformation': key }, t(key));
    b.addEventListener('click', () => select(i));
    seg.appendChild(b);
  });
  select(0);
  return h('div', {}, seg, body);
}

export function propertiesTab(ctx: PageContext, system: SystemRecord): HTMLElement {
  const rows: Array<{ name: string; cell: Node | string; credential: boolean }> = [];
  for (const [name, value] of Object.entries(system.properties ?? {})) {
    rows.push({ name, cell: typeof value === 'string' ? value : JSON.stringify(value), credential: false });
  }
  for (const name of Object.keys(system.encryptedProperties ?? {})) {
    rows.push({ name, cell: h('span', { class: 'simMasked', 'aria-label': 'masked' }, '••••••••'), credential: true });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.name.localeCompare(b.name));
  return propertyTable(ctx, rows);
}

export function propertyTable(ctx: PageContext, rows: Array<{ name: string; cell: Node | string; credential: boolean }>): HTMLElement {
  const tbody = h('tbody', {});
  for (const row of rows) {
    tbody.appendChild(
      h(
        'tr',
        { class: 'sapMLIB sapMListTblRow', 'data-sim-property': row.name, 'data-sim-credential-row': row.credential ? '' : undefined },
        h('td', { class: 'sapMListTblCell' }, h('span', { class: 'sapMText' }, row.name)),
        h('td', { class: 'sapMListTblCell' }, row.cell),
      ),
    );
  }
  if (rows.length === 0) {
    tbody.appendChild(h('tr', { class: 'sapMLIB sapMListNoData' }, h('td', { colspan: 2 }, ctx.t('noProperties'))));
  }
  return h(
    'table',
    { class: 'sapMListTbl', id: uid('table') },
    h('thead', {}, h('tr', {}, h('th', { class: 'sapMListTblHeaderCell' }, ctx.t('name')), h('th', { class: 'sapMListTblHeaderCell' }, ctx.t('value')))),
    tbody,
  );
}

export function certificatesTab(ctx: PageContext, system: SystemRecord): HTMLElement {
  const on = system.automaticOutboundCertificateRenew === true;
  const sw = h(
    'div',
    { class: `sapMSwt ${on ? 'sapMSwtOn' : 'sapMSwtOff'}`, role: 'switch', 'aria-checked': String(on), 'aria-disabled': 'true', 'data-sim-field': 'autoRenew' },
    h('span', { class: 'sapMSwtHandle' }),
    h('span', { class: 'sapMSwtLabel' }, ctx.t(on ? 'on' : 'off')),
  );
  return h('div', {}, formRows([[ctx.t('automaticRegeneration'), sw]]), h('p', { class: 'sapMText simHint' }, ctx.t('noCertificates')));
}

export function jobsTab(ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const jobs: Array<[LabelKey, boolean]> = [
    ['readJob', true],
    ['resyncJob', false],
    ['simulateJob', false],
    ['validateJob', false],
  ];
  const tbody = h('tbody', {});
  for (const [key, schedulable] of jobs) {
    const run = button(t('runNow'), { type: 'transparent', action: `run-${key}`, onClick: () => toast(t('jobStarted', t(key))) });
    const schedule = schedulable ? button(t('schedule'), { type: 'transparent', action: 'schedule' }) : null;
    tbody.appendChild(
      h('tr', { class: 'sapMLIB sapMListTblRow', 'data-sim-job': key }, h('td', { class: 'sapMListTblCell' }, t(key)), h('td', { class: 'sapMListTblCell' }, run, schedule)),
    );
  }
  return h(
    'table',
    { class: 'sapMListTbl', id: uid('table') },
    h('thead', {}, h('tr', {}, h('th', { class: 'sapMListTblHeaderCell' }, t('jobType')), h('th', { class: 'sapMListTblHeaderCell' }, t('actions')))),
    tbody,
  );
}
