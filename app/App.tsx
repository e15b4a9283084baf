// The page: top bar, then three resizable panes — editor, topology graph, side panel.
import { useEffect } from 'react';
import { TopBar } from './TopBar';
import { Split } from './Split';
import { Editor } from './editor/Editor';
import { GraphView } from './graph/GraphView';
import { SidePanel } from './panels/SidePanel';
import { useAppStore } from './store';

export function App() {
  const theme = useAppStore((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="pp-app">
      <TopBar />
      <main className="pp-main">
        <Split id="main" initial={[0.34, 0.4, 0.26]}>
          <Editor />
          <GraphView />
          <SidePanel />
        </Split>
      </main>
    </div>
  );
}
