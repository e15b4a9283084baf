// One hop of a trace: an icon for what was checked, the verdict colour, the one-line summary, and on
// expansion the explanation steps (each naming its rule, clickable to its YAML), facts and the fix.
import { useState } from 'react';
import type { Hop, HopKind } from '../../src-core/index';
import { CopyButton, jumpTo, Shown, whereText } from './common';

const HOP_ICON: Record<HopKind, string> = {
  source: 'SRC',
  dns: 'DNS',
  router: 'RTR',
  route: 'RTE',
  ingress: 'ING',
  gateway: 'GW',
  tls: 'TLS',
  allowlist: 'ACL',
  redirect: '↪',
  service: 'SVC',
  endpoints: 'EP',
  'admin-policy': 'ANP',
  'egress-policy': 'NP↑',
  'ingress-policy': 'NP↓',
  'baseline-policy': 'BANP',
  'project-isolation': 'ISO',
  'unmodelled-policy': 'POL?',
  'egress-firewall': 'FW',
  'egress-ip': 'EIP',
  'egress-router': 'ER',
  port: 'PORT',
  destination: 'DST',
  external: 'EXT',
};

/** `fallback`: what to select for a hop that names no object (the trace's source for the first hop). */
export function HopItem({ hop, index, defaultOpen, fallback }: { hop: Hop; index: number; defaultOpen: boolean; fallback?: string }) {
  const [open, setOpen] = useState(defaultOpen);
  const select = () => jumpTo(hop.object ?? hop.rule?.object ?? fallback, hop.source ?? hop.rule?.source);
  return (
    <li className={`pp-hop pp-hop-${hop.verdict}`} data-testid="hop" data-kind={hop.kind} data-verdict={hop.verdict}>
      <div className="pp-hop-head">
        <span className={`pp-hop-icon pp-hop-icon-${hop.verdict}`} title={hop.kind} aria-hidden="true">
          {HOP_ICON[hop.kind] ?? '•'}
        </span>
        <button type="button" className="pp-hop-main" onClick={select} title="Show in graph and editor">
          <span className="pp-hop-title">
            {index + 1}. <Shown text={hop.title} max={200} />
          </span>
          <span className="pp-hop-summary"><Shown text={hop.summary} max={Infinity} /></span>
        </button>
        <button type="button" className="pp-btn pp-btn-small pp-hop-toggle" aria-expanded={open} aria-label={open ? 'Hide explanation' : 'Show explanation'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
      </div>
      {open && (
        <div className="pp-hop-body">
          {hop.rule && (
            <div className="pp-rule">
              Decided by{' '}
              <button type="button" className="pp-link" onClick={() => jumpTo(hop.rule!.object, hop.rule!.source)}>
                <Shown text={hop.rule.label} />
              </button>{' '}
              <span className="pp-muted">{whereText(hop.rule.source)}</span>
              {hop.rule.impliedBy && <span className="pp-tag">implied by {hop.rule.impliedBy}</span>}
            </div>
          )}
          {hop.steps.length > 0 && (
            <ul className="pp-steps">
              {hop.steps.map((s, i) => (
                <li key={i} className={s.verdict ? `pp-step-${s.verdict}` : undefined}>
                  <Shown text={s.text} max={Infinity} />
                  {s.rule && (
                    <>
                      {' '}
                      <button type="button" className="pp-link" onClick={() => jumpTo(s.rule!.object, s.rule!.source)}>
                        <Shown text={s.rule.label} />
                      </button>{' '}
                      <span className="pp-muted">{whereText(s.rule.source)}</span>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {hop.facts && Object.keys(hop.facts).length > 0 && (
            <dl className="pp-facts">
              {Object.entries(hop.facts).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          )}
          {hop.fix && (
            <div className="pp-fix" data-testid="fix">
              <div className="pp-fix-head">
                <strong>To allow it:</strong> {hop.fix.summary}
                <CopyButton text={hop.fix.snippet ?? hop.fix.summary} />
              </div>
              {hop.fix.snippet && <pre className="pp-snippet">{hop.fix.snippet}</pre>}
            </div>
          )}
        </div>
      )}
    </li>
  );
}
