import type { Secrets } from '@/lib/import/apply';

export interface SecretField {
  /** The plan item / step key. */
  key: string;
  systemName: string;
  name: string;
  required: boolean;
}

export interface SecretInputsProps {
  fields: SecretField[];
  secrets: Secrets;
  onChange: (key: string, name: string, value: string) => void;
  title?: string;
}

/**
 * Masked inputs for credential values. The values stay in the dialog's memory and go only into the
 * write request to the console; an empty optional field keeps the stored secret.
 */
export function SecretInputs({ fields, secrets, onChange, title = 'Credentials' }: SecretInputsProps) {
  if (fields.length === 0) return null;
  return (
    <section class="ipx-secrets" data-testid="ipx-secrets">
      <h4>{title}</h4>
      <p class="ipx-muted">Values are sent only to the console with the write. They are never stored, logged or shown.</p>
      {fields.map((f) => {
        const id = `ipx-secret-${encodeURIComponent(f.key)}-${encodeURIComponent(f.name)}`;
        const value = secrets[f.key]?.[f.name] ?? '';
        return (
          <div class="ipx-field" key={`${f.key}\u0000${f.name}`}>
            <label for={id}>
              {f.systemName} · <span class="ipx-mono">{f.name}</span>
              {f.required ? <span class="ipx-req"> (required)</span> : <span class="ipx-muted"> (empty keeps the stored value)</span>}
            </label>
            <input
              id={id}
              type="password"
              autocomplete="off"
              class="ipx-input"
              data-testid="ipx-secret"
              data-key={f.key}
              data-name={f.name}
              data-system={f.systemName}
              aria-required={f.required}
              aria-invalid={f.required && value === ''}
              value={value}
              onInput={(e) => onChange(f.key, f.name, (e.target as HTMLInputElement).value)}
            />
          </div>
        );
      })}
    </section>
  );
}

export function missingSecrets(fields: SecretField[], secrets: Secrets): number {
  return fields.filter((f) => f.required && !secrets[f.key]?.[f.name]).length;
}
