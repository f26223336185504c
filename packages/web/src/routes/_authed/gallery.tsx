import { createFileRoute } from "@tanstack/react-router";
import { Button } from "../../components/button";
import { RouteError } from "../../components/route-error";
import { GalleryPage } from "../../gallery/gallery-page";
import { galleryOf } from "../../gallery/store";

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
        <Button variant="primary" disabled>
          Upload photos
        </Button>
      }
    />
  );
}
