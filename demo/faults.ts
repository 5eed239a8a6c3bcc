// Fault presets for the demo's "Simulate trouble" panel, sent to the dev server's /__dev/faults
// (an array of the local API's fault rules; [] switches everything off).
import type { FaultRule } from '../server/control/types.ts';

export interface FaultPreset {
  id: string;
  label: string;
  description: string;
  rules: FaultRule[];
}

// Rule shapes and what each kind does: FaultRule in server/control/types.ts.
export const FAULT_PRESETS: FaultPreset[] = [
  {
    id: 'flaky',
    label: 'Flaky network',
    description: 'About one chunk request in five is dropped or answered with a 503.',
    rules: [
      { kind: 'drop', action: 'upload', probability: 0.1 },
      { kind: 'http503', action: 'upload', probability: 0.1 },
    ],
  },
  {
    id: 'slow',
    label: 'Slow server',
    description: 'Every API call waits about a second before it is answered.',
    rules: [{ kind: 'latency', ms: 1000 }],
  },
  {
    id: 'expiring-ks',
    label: 'Expiring KS',
    description: 'Every session issued so far is refused as expired; the uploader asks for a new one and carries on.',
    rules: [{ kind: 'expireKs' }],
  },
  {
    id: 'failing-conversion',
    label: 'Failing conversion',
    description: 'Videos uploaded now end in "Conversion failed" (status -1) instead of "Ready to play".',
    rules: [{ kind: 'failConversion' }],
  },
];

export async function setFaults(rules: readonly FaultRule[]): Promise<void> {
  const res = await fetch('/__dev/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(rules),
  });
  if (!res.ok) throw new Error(`/__dev/faults answered HTTP ${res.status}`);
}
