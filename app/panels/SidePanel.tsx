// The side panel: Trace, Findings and Details tabs (WAI-ARIA tabs: arrow keys move between them).
import { useAppStore, type SideTab } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { TracePanel } from './TracePanel';
import { FindingsPanel } from './FindingsPanel';
import { DetailsPanel } from './DetailsPanel';
import { ChangesPanel } from '../compare/ChangesPanel';

const BASE_TABS: { id: SideTab; label: string }[] = [
  { id: 'trace', label: 'Trace' },
  { id: 'findings', label: 'Findings' },
  { id: 'details', label: 'Details' },
];
/** Compare mode adds the Changes tab (app/compare). */
const COMPARE_TABS: { id: SideTab; label: string }[] = [...BASE_TABS, { id: 'changes', label: 'Changes' }];

export function SidePanel() {
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const findings = useAnalysisStore((s) => s.findings.length);
  const errors = useAnalysisStore((s) => s.findings.filter((f) => f.severity === 'error').length);
  const comparing = useAppStore((s) => !!s.before);
  const changes = useAnalysisStore((s) => s.diff?.counts.total ?? 0);
  const TABS = comparing ? COMPARE_TABS : BASE_TABS;
  return (
    <div className="pp-side">
      <div
        className="pp-tabs"
        role="tablist"
        aria-label="Side panel"
        onKeyDown={(e) => {
          const i = TABS.findIndex((t) => t.id === tab);
          const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
          if (!next) return;
          setTab(next.id);
          // Focus follows the selected tab (WAI-ARIA tabs pattern).
          requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
        }}
      >
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1} className="pp-tab" onClick={() => setTab(t.id)}>
            {t.label}
            {t.id === 'findings' && findings > 0 && <span className={`pp-count${errors ? ' pp-count-error' : ''}`}>{findings}</span>}
            {t.id === 'changes' && changes > 0 && <span className="pp-count">{changes}</span>}
          </button>
        ))}
      </div>
      <div className="pp-tabpanel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'trace' && <TracePanel />}
        {tab === 'findings' && <FindingsPanel />}
        {tab === 'details' && <DetailsPanel />}
        {tab === 'changes' && <ChangesPanel />}
      </div>
    </div>
  );
}
