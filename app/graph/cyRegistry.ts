// The one Cytoscape instance of the page, for code outside the graph pane (export, embed, tests).
import type cytoscape from 'cytoscape';

let current: cytoscape.Core | null = null;

export function setCy(cy: cytoscape.Core | null): void {
  current = cy;
}

export function getCy(): cytoscape.Core | null {
  return current;
}
