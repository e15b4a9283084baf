// The line under the top bar: a notice (what a load, link or undo did) when there is one; else, on a first
// visit, one sentence saying what the page does and what to do; else the built-in scenario's description.
// It wraps instead of cutting (issue 14: the notice and the description were cut at 1280 px in the top bar).
import { useEffect, useState } from 'react';
import { useAppStore } from './store';
import { loadScenarios, type Scenario } from './scenarios';

const INTRO_KEY = 'podpath:intro-dismissed';

function introDismissed(): boolean {
  try {
    return localStorage.getItem(INTRO_KEY) === '1';
  } catch {
    return false;
  }
}

export function InfoBar() {
  const notice = useAppStore((s) => s.notice);
  const setNotice = useAppStore((s) => s.setNotice);
  const scenarioId = useAppStore((s) => s.scenarioId);
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const [intro, setIntro] = useState(() => !introDismissed());
  useEffect(() => {
    void loadScenarios().then(setScenarios);
  }, []);
  const description = scenarios.find((s) => s.id === scenarioId)?.description;

  const dismissIntro = () => {
    setIntro(false);
    try {
      localStorage.setItem(INTRO_KEY, '1');
    } catch {
      /* not essential: the line comes back next visit */
    }
  };

  if (notice) {
    return (
      <div className="pp-infobar" data-testid="infobar">
        <span className="pp-notice" role="status">
          {notice}{' '}
          <button type="button" className="pp-link" onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </span>
      </div>
    );
  }
  if (intro) {
    return (
      <div className="pp-infobar pp-intro" data-testid="intro">
        <span>
          <strong>podpath shows how traffic moves through your Kubernetes / OpenShift manifests and why a request is allowed or stopped.</strong>{' '}
          Paste or open YAML in <em>Manifests</em> (or pick a <em>Scenario</em>), then ask in <em>Trace</em>: from where, to what, which port.
        </span>
        <button type="button" className="pp-btn pp-btn-small" onClick={dismissIntro} data-testid="intro-dismiss">
          Got it
        </button>
      </div>
    );
  }
  if (!description) return null;
  return (
    <div className="pp-infobar pp-muted" data-testid="scenario-description">
      {description}
    </div>
  );
}
