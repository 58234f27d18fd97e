import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/preact';
import { diffSystems } from '@/lib/diff/compute.ts';
import { textDiff, sideBySideRows } from '@/lib/diff/text.ts';
import { SystemDiffView } from '@/components/diff/SystemDiffView.tsx';
import { TextDiffView } from '@/components/diff/TextDiffView.tsx';
import { record } from '../import/helpers.ts';

const live = () => record('BTPCFprovisioningtarget.json');
const edited = () =>
  record('BTPCFprovisioningtarget.json', (r) => {
    r.alias = 'new description';
    r.properties['ips.trace.failed.entity.content'] = 'false';
    delete r.properties.ProxyType;
    r.properties['ips.added'] = 'x';
    r.encryptedProperties = { Password: null, 'ssh.password': 'leaked-value' };
    const m = r.transformation.user.mappings;
    m.push({ sourcePath: '$.a', targetPath: '$.added' });
    m[0] = { ...m[0], optional: !m[0].optional };
    r.transformation.group.condition = "$.displayName =~ /x/";
  });

describe('SystemDiffView', () => {
  it('renders each section of the change list; credentials by name only', () => {
    const diff = diffSystems(live(), edited());
    const { container, getByTestId } = render(<SystemDiffView diff={diff} />);
    expect(getByTestId('ipx-diff-totals').textContent).toBe(`${diff.totals.total} changes: 1 metadata, 3 properties, 1 credential, 2 mappings, 1 other`);
    const props = [...container.querySelectorAll('[data-testid="ipx-diff-property"]')].map((e) => [e.getAttribute('data-name'), e.getAttribute('data-change')]);
    expect(props).toEqual(expect.arrayContaining([['ips.trace.failed.entity.content', 'changed'], ['ProxyType', 'removed'], ['ips.added', 'added']]));
    expect(getByTestId('ipx-diff-metadata').textContent).toContain('"new description"');
    expect([...container.querySelectorAll('[data-testid="ipx-diff-credential"]')].map((e) => [e.textContent?.trim(), e.getAttribute('data-change')])).toEqual([['added ssh.password', 'added']]);
    const mappings = [...container.querySelectorAll('[data-testid="ipx-diff-mapping"]')].map((e) => [e.getAttribute('data-change'), e.getAttribute('data-path')]);
    expect(mappings).toEqual(expect.arrayContaining([['added', '$.added'], ['changed', expect.any(String)]]));
    expect(container.querySelector('[data-entity="group"]')!.textContent).toContain('condition');
    expect(container.textContent).not.toContain('leaked-value');
  });

  it('says so when nothing changed', () => {
    const { getByTestId } = render(<SystemDiffView diff={diffSystems(live(), live())} />);
    expect(getByTestId('ipx-diff-none')).toBeTruthy();
  });
});

describe('TextDiffView', () => {
  const text = textDiff(live(), edited());
  const rows = text.hunks.map(sideBySideRows);

  it('unified: hunk headers, removed and added lines, never a credential value', () => {
    const { getByTestId } = render(<TextDiffView hunks={text.hunks} sideBySide={rows} mode="unified" />);
    const table = getByTestId('ipx-diff-text-unified');
    expect(table.textContent).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@/);
    expect(table.querySelectorAll('tr.ipx-del').length).toBeGreaterThan(0);
    expect(table.textContent).toContain('+   "alias": "new description",');
    expect(table.textContent).not.toContain('leaked-value');
  });

  it('side by side: the two sides in their own columns', () => {
    const { getByTestId } = render(<TextDiffView hunks={text.hunks} sideBySide={rows} mode="side" />);
    const changed = getByTestId('ipx-diff-text-side').querySelector('tr.ipx-row-changed')!;
    expect(changed.querySelector('td.ipx-del')!.textContent).not.toBe('');
    expect(changed.querySelector('td.ipx-ins')!.textContent).not.toBe('');
  });
});
