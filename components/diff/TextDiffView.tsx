import type { Hunk, SideBySideRow } from '@/lib/diff/text';

export type TextMode = 'unified' | 'side';

/**
 * The canonical JSON of both sides as a line diff (keys sorted, 2-space indent, so the files' own key
 * order and whitespace never show): unified like `diff -u`, or side by side.
 */
export function TextDiffView({ hunks, sideBySide, mode }: { hunks: Hunk[]; sideBySide: SideBySideRow[][]; mode: TextMode }) {
  if (hunks.length === 0) return <p class="ipx-muted">The canonical JSON is the same on both sides.</p>;
  if (mode === 'side') {
    return (
      <table class="ipx-text-diff ipx-side" data-testid="ipx-diff-text-side">
        <colgroup>
          <col class="ipx-ln-col" />
          <col />
          <col class="ipx-ln-col" />
          <col />
        </colgroup>
        <tbody>
          {hunks.map((hunk, h) => [
            <tr key={`h${h}`} class="ipx-hunk"><td colSpan={4}>{hunk.header}</td></tr>,
            ...sideBySide[h]!.map((row, i) => (
              <tr key={`${h}.${i}`} class={`ipx-row-${row.type}`}>
                <td class="ipx-ln">{row.left?.line ?? ''}</td>
                <td class={row.left && row.type !== 'equal' ? 'ipx-del' : ''}><pre>{row.left?.text ?? ''}</pre></td>
                <td class="ipx-ln">{row.right?.line ?? ''}</td>
                <td class={row.right && row.type !== 'equal' ? 'ipx-ins' : ''}><pre>{row.right?.text ?? ''}</pre></td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    );
  }
  return (
    <table class="ipx-text-diff" data-testid="ipx-diff-text-unified">
      <colgroup>
        <col class="ipx-ln-col" />
        <col class="ipx-ln-col" />
        <col />
      </colgroup>
      <tbody>
        {hunks.map((hunk, h) => [
          <tr key={`h${h}`} class="ipx-hunk"><td colSpan={3}>{hunk.header}</td></tr>,
          ...hunk.lines.map((line, i) => (
            <tr key={`${h}.${i}`} class={line.op === '-' ? 'ipx-del' : line.op === '+' ? 'ipx-ins' : ''}>
              <td class="ipx-ln">{line.left ?? ''}</td>
              <td class="ipx-ln">{line.right ?? ''}</td>
              <td><pre>{`${line.op} ${line.text}`}</pre></td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  );
}
