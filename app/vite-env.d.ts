// Vite's client types: import.meta.glob, `?worker` imports, CSS imports.
/// <reference types="vite/client" />
