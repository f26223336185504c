/**
 * Checks of what CloudFront adds to every answer: the security headers of
 * `packages/core/src/security-headers.ts`, on the router's distribution.
 * @module
 */
import {
  contentSecurityPolicy,
  permissionsPolicy,
  referrerPolicy,
  strictTransportSecurity,
} from "../../packages/core/src/security-headers";
import type { Check } from "./checks";
import { mediaBucket } from "./checks-storage";
import { ofType } from "./graph";
import { region } from "./mocks";

const json = (value: unknown) => JSON.stringify(value);

export const edgeChecks: Check[] = [
  {
    name: "the router sends the security headers, its CSP naming the media bucket",
    problems: ({ graph }) => {
      const policies = ofType(graph, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
      const distributions = ofType(graph, "aws:cloudfront/distribution:Distribution");
      const bucket = mediaBucket(graph)?.inputs.bucket;
      const bucketOrigin = `https://${bucket}.s3.${region}.amazonaws.com`;
      const config = (policies[0]?.inputs.securityHeadersConfig ?? {}) as Record<
        string,
        Record<string, unknown>
      >;
      const custom = (policies[0]?.inputs.customHeadersConfig as { items?: unknown[] })?.items;
      const expected = {
        csp: contentSecurityPolicy({ bucketOrigin }),
        hsts: strictTransportSecurity.maxAgeSeconds,
        nosniff: true,
        frames: "DENY",
        referrer: referrerPolicy,
        permissions: [{ header: "Permissions-Policy", override: true, value: permissionsPolicy }],
      };
      const actual = {
        csp: config.contentSecurityPolicy?.contentSecurityPolicy,
        hsts: config.strictTransportSecurity?.accessControlMaxAgeSec,
        nosniff: config.contentTypeOptions?.override,
        frames: config.frameOptions?.frameOption,
        referrer: config.referrerPolicy?.referrerPolicy,
        permissions: custom,
      };
      const behaviors = distributions.map(
        (d) => (d.inputs.defaultCacheBehavior as Record<string, unknown>)?.responseHeadersPolicyId,
      );
      return [
        ...(policies.length === 1
          ? []
          : [`expected 1 response headers policy, got ${policies.length}`]),
        ...Object.keys(expected)
          .filter(
            (key) =>
              json(expected[key as keyof typeof expected]) !==
              json(actual[key as keyof typeof actual]),
          )
          .map(
            (key) =>
              `${key}: expected ${json(expected[key as keyof typeof expected])}, got ${json(actual[key as keyof typeof actual])}`,
          ),
        ...(behaviors.length === 1 && behaviors[0] === policies[0]?.id
          ? []
          : [`the distribution's responses use policy ${json(behaviors)}, not ${policies[0]?.id}`]),
      ];
    },
  },
];
