// Entry point: starts the analysis worker, restores the workspace (shared link → autosave → default
// scenario), then renders the app.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startAnalysis } from './analysis/client';
import { startup } from './startup';
import { useAppStore } from './store';
import './styles.css';

startAnalysis();
void startup();
createRoot(document.getElementById('root')!).render(<App />);

// A small handle for the browser tests and for debugging from the console (no secrets: the store only).
(window as unknown as { podpath?: unknown }).podpath = { store: useAppStore };
