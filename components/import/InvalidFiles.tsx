import type { InvalidFile } from '@/lib/import/types';

/** Files that were left out, each with its path and the reason. */
export function InvalidFiles({ invalid }: { invalid: InvalidFile[] }) {
  if (invalid.length === 0) return null;
  return (
    <section class="ipx-msg ipx-warning" data-testid="ipx-import-invalid">
      <strong>{invalid.length === 1 ? '1 file was left out' : `${invalid.length} files were left out`}</strong>
      <ul class="ipx-list">
        {invalid.map((f, i) => (
          <li key={i} data-testid="ipx-import-invalid-row" data-file={f.file} data-path={f.path ?? ''} data-code={f.code}>
            <span class="ipx-mono">{f.path ? `${f.file} › ${f.path}` : f.file}</span>: <span class="ipx-pre">{f.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
