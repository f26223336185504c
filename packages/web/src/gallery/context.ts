import { createContext, useContext } from "react";
import type { GalleryStore } from "./store";

/** What the viewer, opened over the gallery, shares with it. */
export interface GalleryContextValue {
  store: GalleryStore;
  /** Focuses an item's tile again, scrolling to it (when the viewer closes). */
  returnFocus(id: string): void;
}

export const GalleryContext = createContext<GalleryContextValue | null>(null);

export function useGallery(): GalleryContextValue {
  const value = useContext(GalleryContext);
  if (!value) throw new Error("useGallery() outside the gallery");
  return value;
}
