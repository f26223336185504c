import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../components/empty-state";
import { PhotosArt } from "../../components/illustrations";
import { Page } from "../../components/page";
import { RouteError } from "../../components/route-error";
import { UploadButton } from "../../upload";

export const Route = createFileRoute("/_authed/gallery")({
  component: GalleryPage,
  errorComponent: RouteError,
});

function GalleryPage() {
  return (
    <Page title="Gallery" description="Your photos and videos, newest first.">
      <EmptyState
        art={<PhotosArt />}
        title="No photos yet"
        actions={
          <>
            <UploadButton>Upload photos</UploadButton>
            <UploadButton folder variant="secondary" />
          </>
        }
      >
        This is where everything you upload will live. Drop photos and videos anywhere on the page,
        paste them, or choose them.
      </EmptyState>
    </Page>
  );
}
