/**
 * Add mode (`#/<kind>Systems/new`): "Define from File" (Browse → pre-fills the form, keeps properties and
 * transformation of the file), the Details form, one masked input per credential, Save → POST.
 */
import { CONNECTOR_DISPLAY_NAMES, connectorDisplayName } from './connector-types.ts';
import type { Flash, PageContext } from './context.ts';
import { button, h, messageStrip, toolbar, uid } from './dom.ts';
import type { LabelKey } from './i18n.ts';
import { listHash, systemHash } from './router.ts';
import { propertyTable } from './tabs.ts';
import { ACCESS_MODE, kindOfAccessMode } from './types.ts';
import type { SystemKind } from './types.ts';

type SystemFile = Record<string, unknown>;

export class AddForm {
  private file: { name: string; content: SystemFile } | null = null;
  private sourceNames: string[] | null = null;
  private readonly messages = h('div', { class: 'simDetailMessages' });
  private readonly fileInput: HTMLInputElement;
  private readonly fileName: HTMLInputElement;
  private readonly type: HTMLSelectElement;
  private readonly name: HTMLInputElement;
  private readonly destination: HTMLInputElement;
  private readonly description: HTMLInputElement;
  private readonly related: HTMLSelectElement | null;
  private readonly relatedError = h('div', { class: 'sapMInputBaseMessage simFieldError', hidden: true, 'data-sim-message': 'missing-sources' });
  private readonly propertiesPanel = h('div', { class: 'sapMPanel simPanel', hidden: true });
  private credentials = new Map<string, HTMLInputElement>();
  private readonly saveBtn: HTMLButtonElement;

  constructor(
    private readonly ctx: PageContext,
    private readonly page: HTMLElement,
    private readonly kind: SystemKind,
  ) {
    const { t } = ctx;
    this.fileInput = h('input', { type: 'file', class: 'sapUiFupInputMask', id: uid('fileUploader'), 'data-sim-field': 'file', tabindex: -1 });
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      if (file) ctx.track(this.readFile(file));
    });
    this.fileName = input('fileName', { readonly: true, placeholder: t('noFileChosen') });
    this.type = h('select', { class: 'sapMSlt sapMInputBaseInner', id: uid('select'), 'data-sim-field': 'type', required: true });
    this.fillTypes('');
    this.name = input('name', { required: true, maxlength: 100 });
    this.destination = input('destinationName');
    this.description = input('description');
    this.related = kind === 'target' ? h('select', { class: 'sapMMultiComboBox sapMInputBaseInner', id: uid('multiComboBox'), multiple: true, 'data-sim-field': 'relatedSystems', size: 6 }) : null;
    this.saveBtn = button(t('save'), { type: 'emphasized', action: 'save', onClick: () => ctx.track(this.save()) });
    page.replaceChildren(this.messages, this.renderFilePanel(), this.renderDetailsPanel(), this.propertiesPanel);
    if (this.related) ctx.track(this.loadSources());
  }

  private renderFilePanel(): HTMLElement {
    const { t } = this.ctx;
    const browse = button(t('browse'), { action: 'browse', onClick: () => this.fileInput.click() });
    return panel(
      toolbar(t('defineFromFile'), 'h2'),
      h('div', { class: 'simForm sapUiForm' }, h('label', { class: 'sapMLabel', for: this.fileName.id }, t('importFile')), h('div', { class: 'sapUiFup simFileRow' }, this.fileName, browse, this.fileInput)),
    );
  }

  private renderDetailsPanel(): HTMLElement {
    const { t } = this.ctx;
    const cancel = button(t('cancel'), { type: 'transparent', action: 'cancel', onClick: () => this.ctx.navigate(listHash(this.kind)) });
    const rows: Array<[LabelKey, HTMLElement, boolean]> = [
      ['type', this.type, true],
      ['systemName', this.name, true],
      ['destinationName', this.destination, false],
      ['description', this.description, false],
    ];
    const form = h('div', { class: 'simForm sapUiForm' });
    for (const [label, field, required] of rows) {
      form.append(h('label', { class: `sapMLabel${required ? ' sapMLabelRequired' : ''}`, for: field.id }, t(label)), h('div', { class: 'simFormValue' }, field));
    }
    if (this.related) {
      form.append(
        h('label', { class: 'sapMLabel', for: this.related.id }, t('sourceSystems')),
        h('div', { class: 'simFormValue' }, this.related, this.relatedError, h('div', { class: 'simHint' }, t('sourceSystemsHint'))),
      );
    }
    return panel(toolbar(t('details'), 'h2', this.saveBtn, cancel), form);
  }

  private fillTypes(selected: string): void {
    const keys = Object.keys(CONNECTOR_DISPLAY_NAMES);
    if (selected && !keys.includes(selected)) keys.push(selected);
    const options = keys
      .map((key) => ({ key, label: connectorDisplayName(key) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    this.type.replaceChildren(
      h('option', { value: '', disabled: true }, this.ctx.t('selectType')),
      ...options.map((o) => h('option', { value: o.key }, o.label)),
    );
    this.type.value = selected;
  }

  async readFile(file: File): Promise<void> {
    const { t } = this.ctx;
    this.messages.replaceChildren();
    const ext = /\.([^.]*)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
    if (ext !== '' && ext !== 'json') return this.refuse(t('fileWrongExtension', file.name));
    let content: unknown;
    try {
      content = JSON.parse(await file.text());
    } catch (error) {
      return this.refuse(t('fileNotJson', file.name, error instanceof Error ? error.message : String(error)));
    }
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
      return this.refuse(t('fileNotJson', file.name, 'not a JSON object'));
    }
    const mismatch = this.kindMismatch((content as SystemFile).accessMode);
    if (mismatch) return this.refuse(mismatch);
    this.file = { name: file.name, content: content as SystemFile };
    this.fileName.value = file.name;
    this.prefill(content as SystemFile);
  }

  /** The console refuses a file of another kind ("A target cannot be imported as a source"). */
  private kindMismatch(accessMode: unknown): string | null {
    const fileKind = kindOfAccessMode(accessMode);
    if (fileKind === this.kind) return null;
    const { t } = this.ctx;
    if (fileKind === undefined) return t('importUnknownMode', String(accessMode));
    if (this.kind === 'proxy') return t('importOtherAsProxy');
    if (fileKind === 'proxy') return t('importProxyAsOther');
    return t(fileKind === 'target' ? 'importTargetAsSource' : 'importSourceAsTarget');
  }

  private refuse(message: string): void {
    this.file = null;
    this.fileInput.value = '';
    this.fileName.value = '';
    this.propertiesPanel.hidden = true;
    this.credentials.clear();
    this.messages.replaceChildren(messageStrip('Error', message, 'file-error'));
  }

  private prefill(content: SystemFile): void {
    this.fillTypes(str(content.connectorTypeString));
    this.name.value = str(content.name);
    this.destination.value = str(content.destinationName);
    this.description.value = str(content.alias);
    this.applyRelated();
    this.renderProperties(content);
  }

  private renderProperties(content: SystemFile): void {
    const { t } = this.ctx;
    this.credentials = new Map();
    const rows: Array<{ name: string; cell: Node | string; credential: boolean }> = [];
    const props = isRecord(content.properties) ? content.properties : {};
    for (const [name, value] of Object.entries(props)) rows.push({ name, cell: typeof value === 'string' ? value : JSON.stringify(value), credential: false });
    for (const name of Object.keys(isRecord(content.encryptedProperties) ? content.encryptedProperties : {})) {
      const field = input(undefined, { type: 'password', placeholder: t('typeCredential'), 'data-sim-credential': name, autocomplete: 'new-password', 'aria-label': name });
      field.classList.add('sapMInputBaseErrorState');
      field.addEventListener('input', () => field.classList.toggle('sapMInputBaseErrorState', field.value === ''));
      this.credentials.set(name, field);
      rows.push({ name, cell: field, credential: true });
    }
    rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.name.localeCompare(b.name));
    const transformation = ['transformation', 'readTransformation', 'writeTransformation'].filter((k) => content[k] !== undefined && content[k] !== null);
    const lines = transformation.reduce((n, k) => n + JSON.stringify(content[k], null, 4).split('\n').length, 0);
    this.propertiesPanel.replaceChildren(
      toolbar(t('properties'), 'h2'),
      propertyTable(this.ctx, rows),
      h('p', { class: 'sapMText simHint', 'data-sim-message': 'transformation' }, transformation.length ? t('transformationFromFile', String(lines)) : t('transformationDefault')),
    );
    this.propertiesPanel.hidden = false;
  }

  private async loadSources(): Promise<void> {
    const names: string[] = [];
    try {
      for (let start = 1; ; start += 100) {
        const page = await this.ctx.api.listSystems('READ', start, 100, '');
        names.push(...page.Resources.map((s) => s.name));
        if (page.Resources.length === 0 || names.length >= page.totalResults) break;
      }
    } catch (error) {
      this.ctx.reportError(error, this.messages);
    }
    this.sourceNames = names;
    this.applyRelated();
  }

  /** Options = existing sources; names from the file that don't exist are shown selected, in error. */
  private applyRelated(): void {
    if (!this.related) return;
    const wanted = this.file && Array.isArray(this.file.content.relatedSystems) ? this.file.content.relatedSystems.filter((n): n is string => typeof n === 'string') : [...this.related.selectedOptions].map((o) => o.value);
    const existing = this.sourceNames ?? [];
    const missing = this.sourceNames === null ? [] : wanted.filter((n) => !existing.includes(n));
    const options = [...existing, ...wanted.filter((n) => !existing.includes(n))];
    this.related.replaceChildren(
      ...options.map((n) => {
        const isMissing = missing.includes(n);
        const option = h('option', { value: n, class: isMissing ? 'simMissing' : undefined }, isMissing ? `${n} (${this.ctx.t('doesNotExist')})` : n);
        option.selected = wanted.includes(n);
        return option;
      }),
    );
    this.related.classList.toggle('sapMInputBaseErrorState', missing.length > 0);
    this.relatedError.hidden = missing.length === 0;
    this.relatedError.textContent = missing.length ? this.ctx.t('missingSources', missing.join(', ')) : '';
  }

  /** The file (keys in its order) with the form's values and the typed credentials. */
  buildBody(): Record<string, unknown> {
    const body: Record<string, unknown> = this.file ? { ...this.file.content } : {};
    body.connectorTypeString = this.type.value;
    body.accessMode = ACCESS_MODE[this.kind];
    body.name = this.name.value.trim();
    if ('destinationName' in body || this.destination.value) body.destinationName = this.destination.value.trim();
    if ('alias' in body || this.description.value) body.alias = this.description.value;
    if (this.related) body.relatedSystems = [...this.related.selectedOptions].map((o) => o.value);
    if (this.credentials.size > 0) body.encryptedProperties = Object.fromEntries([...this.credentials].map(([k, field]) => [k, field.value]));
    return body;
  }

  async save(): Promise<void> {
    const { t } = this.ctx;
    this.messages.replaceChildren();
    const missing = [
      this.type.value ? null : t('type'),
      this.name.value.trim() ? null : t('systemName'),
    ].filter((x): x is string => x !== null);
    this.type.classList.toggle('sapMInputBaseErrorState', !this.type.value);
    this.name.classList.toggle('sapMInputBaseErrorState', !this.name.value.trim());
    if (missing.length) return void this.messages.appendChild(messageStrip('Error', t('required', missing.join(', ')), 'save-error'));
    const emptyCredentials = [...this.credentials].filter(([, f]) => f.value === '').map(([k]) => k);
    if (emptyCredentials.length) return void this.messages.appendChild(messageStrip('Error', t('credentialsRequired', emptyCredentials.join(', ')), 'save-error'));

    this.saveBtn.disabled = true;
    try {
      const created = await this.ctx.api.createSystem(this.buildBody());
      const flashes: Flash[] = [{ type: 'Success', text: t('saved', created.name) }];
      for (const w of created.warnings ?? []) flashes.push({ type: 'Warning', text: w });
      this.ctx.setFlash(flashes);
      this.ctx.refreshList();
      this.ctx.navigate(systemHash(this.kind, String(created.id)));
    } catch (error) {
      this.ctx.reportError(error, this.messages);
    } finally {
      this.saveBtn.disabled = false;
    }
  }
}

function panel(...children: HTMLElement[]): HTMLElement {
  return h('div', { class: 'sapMPanel simPanel', id: uid('panel') }, ...children);
}

function input(field: string | undefined, attrs: Record<string, string | number | boolean> = {}): HTMLInputElement {
  return h('input', { type: 'text', class: 'sapMInputBaseInner sapMInput', id: uid('input'), 'data-sim-field': field, ...attrs });
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
