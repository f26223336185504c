/** What the page and the hashing worker say to each other. */
export type HashRequest = { type: "hash"; id: number; file: Blob } | { type: "cancel"; id: number };

export type HashReply =
  | { type: "progress"; id: number; hashed: number }
  | { type: "done"; id: number; checksum: string }
  | { type: "failed"; id: number; message: string };
