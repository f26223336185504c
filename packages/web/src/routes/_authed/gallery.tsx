import { createFileRoute } from "@tanstack/react-router";
import { RouteError } from "../../components/route-error";
import { GalleryPage } from "../../gallery/gallery-page";
import { galleryOf } from "../../gallery/store";
import { UploadButton } from "../../upload";

export const Route = createFileRoute("/_authed/gallery")({
  // The loader comes with the page's code, not in the first download: the gallery's store
  // stays out of every other page (sign-in's above all). `main.tsx` starts that chunk
  // beside the session's restore, so the data still loads as soon as there is a token.
  codeSplitGroupings: [["loader", "component"], ["errorComponent"]],
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
