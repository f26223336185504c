import { createFileRoute } from "@tanstack/react-router";
import { RouteError } from "../../components/route-error";
import { GalleryPage } from "../../gallery/gallery-page";
import { galleryOf } from "../../gallery/store";
import { UploadButton } from "../../upload";

export const Route = createFileRoute("/_authed/gallery")({
  // The timeline and the first page, both at once; the page renders when they are in.
  loader: ({ context }) => galleryOf(context.api).start(),
  component: GalleryRoute,
  errorComponent: RouteError,
});

function GalleryRoute() {
  return (
    <GalleryPage
      upload={
        <>
          <UploadButton>Upload photos</UploadButton>
          <UploadButton folder variant="secondary" />
        </>
      }
    />
  );
}
