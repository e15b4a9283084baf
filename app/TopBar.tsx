// The top bar: product name, scenario picker (with its description), profile picker, the share/export
// slots (filled by app/share and app/export when those modules exist), and the light/dark switch.
import { HistoryMenu, RestorePrevious } from './HistoryMenu';
import { useEffect, useState, type ComponentType } from 'react';
import { PROFILES, PROFILE_NAMES } from '../src-core/index';
import type { ProfileChoice, ProfileName } from '../src-core/index';
import { useAppStore } from './store';
import { useAnalysisStore } from './analysis/client';
import { applyScenario, loadScenarios, type Scenario } from './scenarios';

// SLOTS for the share/export engineer: `app/share/ShareButton.tsx` exporting `ShareButton` and
// `app/export/ExportMenu.tsx` exporting `ExportMenu` (no props). They render here once they exist;
// until then nothing is rendered.
const shareModules = import.meta.glob('./share/ShareButton.tsx', { eager: true }) as Record<string, { ShareButton?: ComponentType }>;
const exportModules = import.meta.glob('./export/ExportMenu.tsx', { eager: true }) as Record<string, { ExportMenu?: ComponentType }>;
const ShareButton = Object.values(shareModules)[0]?.ShareButton;
const ExportMenu = Object.values(exportModules)[0]?.ExportMenu;

const PROFILE_LABEL: Record<ProfileName, string> = {
  kubernetes: 'Kubernetes',
  openshift: 'OpenShift',
  'openshift-multitenant': 'OpenShift multitenant',
  'lumi-k': 'LUMI-K',
  calico: 'Kubernetes + Calico',
};

/** Compare mode: keep the current text as the baseline ("before"); edits after it are the "after". */
function CompareButton() {
  const comparing = useAppStore((s) => !!s.before);
  const setBefore = useAppStore((s) => s.setBefore);
  return (
    <button type="button" className="pp-btn" data-testid="set-before" title="Keep the current text as the baseline and show what later edits change" onClick={() => { const s = useAppStore.getState(); setBefore({ text: s.text, profile: s.profile }); }}>
      {comparing ? 'Set as before again' : 'Set as before'}
    </button>
  );
}

export function TopBar() {
  const scenarioId = useAppStore((s) => s.scenarioId);
  const profile = useAppStore((s) => s.profile);
  const theme = useAppStore((s) => s.theme);
  const notice = useAppStore((s) => s.notice);
  const setProfile = useAppStore((s) => s.setProfile);
  const setTheme = useAppStore((s) => s.setTheme);
  const setNotice = useAppStore((s) => s.setNotice);
  const busy = useAnalysisStore((s) => s.busy);
  const shown = useAnalysisStore((s) => s.profile);
  const [scenarios, setScenarios] = useState<Scenario[]>([]);

  useEffect(() => {
    void loadScenarios().then(setScenarios);
  }, []);

  const current = scenarios.find((s) => s.id === scenarioId);

  return (
    <header className="pp-topbar">
      <div className="pp-brand" title="podpath — how traffic moves through a Kubernetes / OpenShift project">
        <span className="pp-logo" aria-hidden="true">⟿</span> podpath
      </div>
      <label className="pp-top-field">
        <span>Scenario</span>
        <select
          className="pp-input"
          data-testid="scenario-picker"
          value={current ? current.id : ''}
          onChange={(e) => {
            const s = scenarios.find((x) => x.id === e.target.value);
            if (s) void applyScenario(s);
          }}
        >
          <option value="" disabled>
            {scenarioId ? 'Scenario' : 'Your manifests'}
          </option>
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label className="pp-top-field">
        <span>Profile</span>
        <select className="pp-input" data-testid="profile-picker" value={profile} onChange={(e) => setProfile(e.target.value as ProfileChoice)} title={profile === 'auto' ? `Chosen from the input: ${shown?.reason ?? '…'}` : PROFILES[profile].title}>
          <option value="auto" title="The profile the input shows (Routes, DeploymentConfigs, openshift-* namespaces → OpenShift; …)">
            {profile === 'auto' && shown?.auto ? `Auto: ${PROFILE_LABEL[shown.name]}` : 'Auto (from the input)'}
          </option>
          {PROFILE_NAMES.map((p) => (
            <option key={p} value={p} title={PROFILES[p].title}>
              {PROFILE_LABEL[p]}
            </option>
          ))}
        </select>
      </label>
      <div className="pp-top-desc" title={current?.description}>
        {notice ? (
          <span className="pp-notice" role="status">
            {notice}{' '}
            <button type="button" className="pp-link" onClick={() => setNotice(null)} aria-label="Dismiss">
              ✕
            </button>
          </span>
        ) : (
          current?.description
        )}
      </div>
      <span className={`pp-busy${busy ? ' pp-busy-on' : ''}`} aria-live="polite" data-testid="busy">
        {busy ? 'analysing…' : ''}
      </span>
      <CompareButton />
      <RestorePrevious />
      <HistoryMenu />
      {/* SLOT: share (app/share/ShareButton.tsx) */}
      {ShareButton && <ShareButton />}
      {/* SLOT: export (app/export/ExportMenu.tsx) */}
      {ExportMenu && <ExportMenu />}
      <button type="button" className="pp-btn" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Light / dark">
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
