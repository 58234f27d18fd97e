import type { Secrets } from '@/lib/import/apply';
import type { FlowState, ImportFlow } from '@/lib/import/flow';

export const KIND_PLURAL = { source: 'Source systems', target: 'Target systems', proxy: 'Proxy systems' } as const;

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What each phase of the import dialog gets from the dialog frame. */
export interface PhaseProps {
  flow: ImportFlow;
  state: FlowState;
  /** Typed credential values: in the dialog's memory only. */
  secrets: Secrets;
  setSecret: (key: string, name: string, value: string) => void;
  onClose: () => void;
}
