// Entry point: starts the analysis worker, restores the workspace (shared link → autosave → default
// scenario), then renders the app.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startAnalysis, useAnalysisStore } from './analysis/client';
import { startup } from './startup';
import { EmbedApp as Embed } from './embed/EmbedApp';
import { readEmbedOptions } from './embed/options';
import { useAppStore } from './store';
import { getEditor } from './editor/Editor';
import './styles.css';

// Embed mode (`?embed`, app/embed): its own page and startup, never the full app's autosave.
const EmbedApp = readEmbedOptions(window.location) ? Embed : undefined;
startAnalysis();
if (!EmbedApp) void startup();
createRoot(document.getElementById('root')!).render(EmbedApp ? <EmbedApp /> : <App />);

// A small handle for the browser tests and for debugging from the console (no secrets: the store only).
(window as unknown as { podpath?: unknown }).podpath = { store: useAppStore, analysis: useAnalysisStore, editor: getEditor };
