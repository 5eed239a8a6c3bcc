// Fault presets for the demo's "Simulate trouble" panel, sent to the dev server's /__dev/faults
// (an array of the local API's fault rules; [] switches everything off).

export interface FaultPreset {
  id: string;
  label: string;
  description: string;
  rules: unknown[];
}

// TODO(element): rule shapes follow test/server's fault format once it is published.
export const FAULT_PRESETS: FaultPreset[] = [
  {
    id: 'flaky',
    label: 'Flaky network',
    description: 'About one chunk request in five is dropped or answered with a 503.',
    rules: [],
  },
  {
    id: 'slow',
    label: 'Slow server',
    description: 'Every API call waits about a second before it is answered.',
    rules: [],
  },
  {
    id: 'expiring-ks',
    label: 'Expiring KS',
    description: 'Sessions expire after a few seconds; the uploader asks for a new one.',
    rules: [],
  },
];

export async function setFaults(rules: unknown[]): Promise<void> {
  const res = await fetch('/__dev/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(rules),
  });
  if (!res.ok) throw new Error(`/__dev/faults answered HTTP ${res.status}`);
}
