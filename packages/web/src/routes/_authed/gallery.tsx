import { createFileRoute } from "@tanstack/react-router";
import { Button } from "../../components/button";
import { EmptyState } from "../../components/empty-state";
import { PhotosArt } from "../../components/illustrations";
import { Page } from "../../components/page";
import { RouteError } from "../../components/route-error";

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
            <Button variant="primary" disabled aria-describedby="upload-soon">
              Upload photos
            </Button>
            <span id="upload-soon" className="badge">
              Coming soon
            </span>
          </>
        }
      >
        This is where everything you upload will live. Uploading is on its way: for now, make
        yourself at home.
      </EmptyState>
    </Page>
  );
}
