// Built-in scenarios: `public/examples/index.json` and the YAML files beside it, fetched relatively so
// the static site works from any path. Until the gallery exists, a small fallback example is used.
import { isProfileName } from '../src-core/index';
import type { ProfileName } from '../src-core/index';
import type { Query } from '../src-core/index';
import { useAppStore } from './store';

export interface Scenario {
  id: string;
  title: string;
  description: string;
  profile: ProfileName;
  file: string;
  trace: Query;
  expect: { allowed: boolean; verdict?: string; reached?: string };
}

export const FALLBACK_SCENARIO: Scenario = {
  id: 'default-fallback',
  title: 'Route → Service → Deployment',
  description: 'A web app exposed with a Route; the Service targets a port the container does not declare.',
  profile: 'openshift',
  file: 'default-fallback.yaml',
  trace: { from: 'internet', to: 'http://shop.apps.example.com/', protocol: 'TCP' },
  expect: { allowed: false },
};

function isScenario(x: unknown): x is Scenario {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return typeof s.id === 'string' && typeof s.file === 'string' && typeof s.title === 'string';
}

let cache: Promise<Scenario[]> | null = null;

/** The gallery; the fallback alone when index.json is missing or unreadable. */
export function loadScenarios(): Promise<Scenario[]> {
  cache ??= fetch('./examples/index.json')
    .then((r) => (r.ok ? r.json() : []))
    .then((data: unknown) => {
      const list = Array.isArray(data) ? data.filter(isScenario) : [];
      return list.map((s) => ({ ...s, profile: isProfileName(String(s.profile)) ? s.profile : 'kubernetes', description: String(s.description ?? '') }));
    })
    .catch(() => [] as Scenario[])
    .then((list) => (list.length ? list : [FALLBACK_SCENARIO]));
  return cache;
}

/** Loads a scenario's YAML, profile and preset trace through the store's one gateway. */
export async function applyScenario(s: Scenario): Promise<void> {
  const res = await fetch(`./examples/${s.file}`);
  if (!res.ok) {
    useAppStore.getState().setNotice(`Could not load the example ${s.file} (${res.status}).`);
    return;
  }
  const text = await res.text();
  useAppStore.getState().loadState({ text, profile: s.profile, scenarioId: s.id, traceQuery: s.trace ?? null, tab: 'trace' });
}
