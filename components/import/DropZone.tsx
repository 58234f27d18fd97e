import { useEffect, useRef, useState } from 'preact/hooks';

export interface DropZoneProps {
  busy: boolean;
  onFiles: (files: File[]) => void;
}

/**
 * Drop a bundle or system files, or pick them. No `accept` filter: native exports may have no
 * extension, and the reader decides what a file is from its bytes.
 */
export function DropZone({ busy, onFiles }: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const choose = useRef<HTMLButtonElement>(null);
  const [over, setOver] = useState(false);
  // Keyboard users start on "Choose files…" (autofocus attributes don't apply to rendered dialogs).
  useEffect(() => choose.current?.focus(), []);
  const take = (list: FileList | null | undefined) => {
    const files = list ? Array.from(list) : [];
    if (files.length && !busy) onFiles(files);
  };
  return (
    <div
      class={`ipx-drop${over ? ' ipx-drop-over' : ''}`}
      data-testid="ipx-import-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
    >
      <p>
        <strong>Drop a bundle (.zip) or exported system files here</strong>
      </p>
      <p class="ipx-muted">Files from the console's Export (.json or without extension, pretty or minified) and bundles of IPS Snapshots; several at once.</p>
      <button type="button" class="ipx-btn ipx-emph" ref={choose} data-testid="ipx-import-choose" disabled={busy} onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        class="ipx-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="ipx-import-file"
        onChange={(e) => {
          const target = e.currentTarget;
          take(target.files);
          target.value = '';
        }}
      />
      <p class="ipx-muted">Nothing is written to the console until you confirm the plan.</p>
    </div>
  );
}
