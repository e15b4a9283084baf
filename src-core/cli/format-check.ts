// Printers for `podpath check`: text (each expectation ✔/✘, a failure explained with its trace), JSON,
// and JUnit XML (one testsuite, one testcase per expectation, the failures and traces in <failure>) for
// test reporters. Untrusted text (names from manifests and the expectations file) goes through the one
// sanitiser's XML escaper (src-core/untrusted.ts xmlText).
import type { CheckReport } from '../analyze/check';
import { oneLine, stripControl } from '../export/common';
import { xmlText } from '../untrusted';
import { json, paint, traceText, type Printer } from './format';
import { VERSION } from './version';

/** Failures shown per expectation before "and N more". */
const SHOWN = 5;

const text: Printer<CheckReport> = (r, o) => {
  const out: string[] = [];
  for (const res of r.results) {
    const head = `${res.passed ? paint(o, 'green', '✔') : paint(o, 'red', '✘')} ${oneLine(res.name)}  ${paint(o, 'dim', `(${r.file}:${res.line}, ${res.checked} checked)`)}`;
    out.push(head);
    res.failures.slice(0, SHOWN).forEach((f, i) => {
      out.push(`    ${oneLine(f.message)}`);
      // The first failure with a trace is explained hop by hop; the others by their one line.
      if (i === 0 && f.trace) out.push(traceText(f.trace, o).replace(/\n$/, '').split('\n').map((l) => `      ${l}`).join('\n'));
    });
    if (res.failures.length > SHOWN) out.push(`    … and ${res.failures.length - SHOWN} more`);
  }
  out.push('', `${r.passed} passed, ${r.failed} failed`);
  return out.join('\n') + '\n';
};

const xml = xmlText;

const junit: Printer<CheckReport> = (r) => {
  const cases = r.results.map((res) => {
    const attrs = `name="${xml(oneLine(res.name))}" classname="${xml(r.file)}" file="${xml(r.file)}" line="${res.line}"`;
    if (res.passed) return `    <testcase ${attrs}/>`;
    const body = res.failures
      .map((f) => stripControl(f.message) + (f.trace ? '\n' + traceText(f.trace, { color: false }) : ''))
      .join('\n');
    return `    <testcase ${attrs}>\n      <failure message="${xml(oneLine(res.failures[0]?.message ?? 'failed'))}" type="expectation">${xml(body)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="podpath check" tests="${r.results.length}" failures="${r.failed}">`,
    `  <testsuite name="${xml(r.file)}" tests="${r.results.length}" failures="${r.failed}" errors="0" skipped="0">`,
    `    <properties><property name="podpath.version" value="${VERSION}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};

export const CHECK_FORMATS: Record<string, Printer<CheckReport>> = { text, json, junit };
