// The inline hint under a trace field whose text is not an endpoint of the input (issues 11, 14): what is
// wrong and "Did you mean …?" with the suggestions as buttons that fill the field. Neutral colours, never a
// verdict: nothing was traced. The text and suggestions come from src-core/endpoint; they are shown through
// the one sanitiser (Shown → src-core/untrusted.ts).
import { Fragment } from 'react';
import { Shown } from './common';
import './EndpointHint.css';

export interface HintView {
  problem: string;
  suggestions: string[];
}

export function EndpointHint({ hint, testId, onPick }: { hint: HintView; testId: string; onPick: (endpoint: string) => void }) {
  const n = hint.suggestions.length;
  return (
    <div className="pp-endpoint-hint" role="status" data-testid={testId}>
      <Shown text={hint.problem} max={400} />
      {n > 0 && (
        <>
          {' '}Did you mean{' '}
          {hint.suggestions.map((s, i) => {
            const button = (
              <button type="button" className="pp-linklike pp-endpoint-pick" data-testid={`${testId}-pick`} title={`Use ${s}`} onClick={() => onPick(s)}>
                <code><Shown text={s} /></code>
              </button>
            );
            return (
              <Fragment key={s}>
                {i > 0 && (i === n - 1 ? ' or ' : ', ')}
                {/* The question mark stays on the line of the last suggestion. */}
                {i === n - 1 ? <span className="pp-nowrap">{button}?</span> : button}
              </Fragment>
            );
          })}
        </>
      )}
    </div>
  );
}
