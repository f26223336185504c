/**
 * The uploader: what the rest of the app uses. `UploadProvider` is mounted once by the
 * signed-in layout; pages start uploads with `UploadButton` or `useUploads()`, and hear of
 * finished ones with `useOnUploaded`.
 */
export { acceptAttribute } from "./accept";
export { type Uploads, useOnUploaded, useUploads } from "./context";
export { UploadProvider, type UploadProviderProps } from "./provider";
export { UploadButton, type UploadButtonProps } from "./upload-button";
