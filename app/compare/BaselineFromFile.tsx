// Compare mode's second way in: a file, several files, a folder or an archive as the baseline ("before"),
// read with the editor's own readers (app/editor/files.ts: the core's input stage, as `podpath diff OLD`
// reads them), combined into one text and kept with the current profile; the editor keeps the "after".
// Two entries: the top bar's "Before from file…" button and a drop zone on the Changes panel.
import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { useAppStore } from "../store";
import {
  combineFiles,
  pickedFromDrop,
  pickedFromList,
  readPicked,
  type PickedFile,
} from "../editor/files";

/** Reads `picked` and sets it as the baseline; says what was read (or why nothing was) in the notice. */
export async function setBeforeFromFiles(
  picked: readonly PickedFile[],
): Promise<boolean> {
  if (picked.length === 0) return false;
  const { files, reports, problems } = await readPicked(picked);
  const st = useAppStore.getState();
  if (files.length === 0) {
    st.setNotice(
      `No baseline set: ${problems.length ? problems.join(" · ") : "only .yaml, .yml and .json files, folders of them and .tar, .tar.gz, .tgz, .zip archives can be read."}`,
    );
    return false;
  }
  const loose = files
    .filter((f) => !reports.some((r) => f.name.startsWith(r.source + "/")))
    .map((f) => f.name);
  const what = [
    ...reports.map((r) => r.summary),
    ...(loose.length ? [loose.join(", ")] : []),
  ].join(" · ");
  st.setBefore({ text: combineFiles(files), profile: st.profile });
  st.setNotice(
    `Before: ${what}${problems.length ? ` · ${problems.join(" · ")}` : ""} — the editor's text is the "after".`,
  );
  return true;
}

/** The top bar's button (with its hidden file input: files and archives; folders go through the drop zone). */
export function BeforeFromFileButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="pp-btn"
        data-testid="set-before-file"
        title="Compare with a file, several files or an archive as the baseline (“before”); the editor's text is the “after”"
        onClick={() => input.current?.click()}
      >
        Before from file…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".yaml,.yml,.json,.tar,.tgz,.gz,.zip"
        data-testid="before-file-input"
        onChange={(e) =>
          void setBeforeFromFiles(pickedFromList(e.target.files ?? [])).then(
            () => (e.target.value = ""),
          )
        }
      />
    </>
  );
}

/** Wraps the Changes panel: dropping files, a folder or an archive there replaces the baseline. */
export function BaselineDropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    void pickedFromDrop(e.dataTransfer).then(setBeforeFromFiles);
  };
  return (
    <div
      className={`pp-before-drop${over ? " pp-before-drop-over" : ""}`}
      data-testid="before-drop"
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes("Files")) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
      <div className="pp-muted pp-pad-x pp-before-drop-hint">
        {over
          ? "Drop to use these files as “before”"
          : "Drop files, a folder or an archive here to use them as “before”."}
      </div>
    </div>
  );
}
