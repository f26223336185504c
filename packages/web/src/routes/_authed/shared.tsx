import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../components/empty-state";
import { SharedArt } from "../../components/illustrations";
import { Page } from "../../components/page";
import { RouteError } from "../../components/route-error";

export const Route = createFileRoute("/_authed/shared")({
  component: SharedPage,
  errorComponent: RouteError,
});

function SharedPage() {
  return (
    <Page title="Shared with me" description="Photos and videos other people shared with you.">
      <EmptyState art={<SharedArt />} title="Nothing shared with you yet">
        When someone shares a photo or video with your email address, it shows up here.
      </EmptyState>
    </Page>
  );
}
