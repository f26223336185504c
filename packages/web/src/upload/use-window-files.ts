import { useEffect, useRef } from "react";

/** Whether an element takes text: a paste there is the person's text, not an upload. */
const takesText = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement &&
      !["button", "checkbox", "radio", "file"].includes(target.type)));

/**
 * Files pasted anywhere in the signed-in app (a screenshot, photos copied in a file
 * manager) are uploaded, unless the paste goes into a text field.
 */
export function useWindowFiles(addFiles: (files: File[]) => void) {
  const latest = useRef(addFiles);
  latest.current = addFiles;
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length === 0 || takesText(event.target)) return;
      event.preventDefault();
      latest.current(files);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, []);
}
