/**
 * True for an S3 error of this name. By name rather than class: the SDK makes its modelled
 * classes only for the errors an operation declares, and a missing key answers HEAD with a
 * bare 404 (`NotFound`) but GET with `NoSuchKey`.
 */
export const isS3Error = (error: unknown, ...names: string[]): boolean =>
  error instanceof Error && names.includes(error.name);
