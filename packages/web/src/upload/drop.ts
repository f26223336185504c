/**
 * Files from a drop, folders included. A folder arrives as a directory entry whose files
 * must be read through the (old, callback-based) File and Directory Entries API; the
 * entries must be taken during the drop event itself, the reading may come after.
 */

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
}
interface FileEntry extends Entry {
  file(success: (file: File) => void, failure: (error: unknown) => void): void;
}
interface DirectoryEntry extends Entry {
  createReader(): {
    readEntries(success: (entries: Entry[]) => void, failure: (error: unknown) => void): void;
  };
}

/** Takes what a drop carries, synchronously: call it inside the `drop` handler. */
export function takeDrop(data: DataTransfer): () => Promise<File[]> {
  const entries: Entry[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== "file") continue;
    const entry = item.webkitGetAsEntry?.() as Entry | null | undefined;
    if (entry) entries.push(entry);
  }
  // Browsers without entries give the plain file list (no folders).
  const files = Array.from(data.files);
  if (entries.length === 0) return async () => files;
  return async () => (await Promise.all(entries.map(read))).flat();
}

async function read(entry: Entry): Promise<File[]> {
  if (entry.isFile) {
    return new Promise((resolve) =>
      (entry as FileEntry).file(
        (file) => resolve([file]),
        () => resolve([]),
      ),
    );
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as DirectoryEntry).createReader();
  const children: Entry[] = [];
  // readEntries answers in pages (100 in Chromium) until an empty one.
  for (;;) {
    const page = await new Promise<Entry[]>((resolve) =>
      reader.readEntries(resolve, () => resolve([])),
    );
    if (page.length === 0) break;
    children.push(...page);
  }
  return (await Promise.all(children.filter((child) => !isHidden(child.name)).map(read))).flat();
}

/** `.DS_Store`, `._IMG_0001.JPG`, `.thumbnails`: system clutter inside folders, skipped. */
export const isHidden = (name: string) => name.startsWith(".");
