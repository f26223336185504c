import { createHash, randomBytes } from "node:crypto";
import { config } from "../config";
import { db, isConditionFailure } from "../db";
import { AppError } from "../error";
import { limits } from "../limits";
import { escapeHtml, Mail } from "../mail";
import { isoNow, nowSeconds } from "../time";

/** What a link sent by email is for. */
export type LinkPurpose = "verify" | "reset";

/** A link's token as stored: who it is for, and until when it works. */
export interface LinkToken {
  purpose: LinkPurpose;
  userId: string;
  email: string;
  createdAt: string;
  expiresAt: number;
}

const lifetimeSeconds: Record<LinkPurpose, number> = {
  verify: limits.emailVerificationSeconds,
  reset: limits.passwordResetSeconds,
};
const page: Record<LinkPurpose, string> = { verify: "/verify", reset: "/reset-password" };

const hashOf = (token: string) => createHash("sha256").update(token).digest("base64url");

export const invalidToken = () =>
  new AppError("invalid", "invalid_token", "This link is not valid any more. Ask for a new one.");

/**
 * Creates a link's token, 256 bits from the CSPRNG, and stores only its SHA-256. Returns
 * the link to the web app's page for it.
 */
export async function createLink(
  purpose: LinkPurpose,
  user: { userId: string; email: string },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db()
    .entities.emailToken.create({
      tokenHash: hashOf(token),
      purpose,
      userId: user.userId,
      email: user.email,
      createdAt: isoNow(),
      expiresAt: nowSeconds() + lifetimeSeconds[purpose],
    })
    .go();
  const url = new URL(page[purpose], config.appOrigin());
  url.searchParams.set("token", token);
  return url.href;
}

/** A token's record if it is for `purpose` and not expired (without using it up), else undefined. */
export async function peekLink(purpose: LinkPurpose, token: string) {
  const { data } = await db()
    .entities.emailToken.get({ tokenHash: hashOf(token) })
    .go();
  return data && data.purpose === purpose && data.expiresAt > nowSeconds() ? data : undefined;
}

/**
 * Uses a token up: deletes it on condition that it is for `purpose` and not expired, so of
 * two uses (or two parallel ones) exactly one succeeds. `invalid_token` otherwise.
 */
export async function consumeLink(purpose: LinkPurpose, token: string): Promise<LinkToken> {
  try {
    const { data } = await db()
      .entities.emailToken.delete({ tokenHash: hashOf(token) })
      .where(
        (attr, op) => `${op.eq(attr.purpose, purpose)} AND ${op.gt(attr.expiresAt, nowSeconds())}`,
      )
      .go({ response: "all_old" });
    if (!data) throw invalidToken();
    return data;
  } catch (error) {
    if (isConditionFailure(error)) throw invalidToken();
    throw error;
  }
}

const hours = (seconds: number) => seconds / 3600;
const minutes = (seconds: number) => seconds / 60;

/** The verification email. */
export async function sendVerification(to: { email: string; name: string }, link: string) {
  const valid = `${hours(limits.emailVerificationSeconds)} hours`;
  await Mail.send({
    to: to.email,
    subject: "Verify your email for ShareSpace",
    text: [
      `Hello ${to.name},`,
      "",
      "Open this link to verify your email address, so that what people share with it reaches you:",
      link,
      "",
      `The link works once, for ${valid}. If you did not create a ShareSpace account, ignore this email.`,
    ].join("\n"),
    html: htmlMessage(
      `Hello ${to.name},`,
      "Verify your email address, so that what people share with it reaches you.",
      { href: link, label: "Verify my email" },
      `The link works once, for ${valid}. If you did not create a ShareSpace account, ignore this email.`,
    ),
  });
}

/** The password reset email. */
export async function sendReset(to: { email: string; name: string }, link: string) {
  const valid = `${minutes(limits.passwordResetSeconds)} minutes`;
  await Mail.send({
    to: to.email,
    subject: "Reset your ShareSpace password",
    text: [
      `Hello ${to.name},`,
      "",
      "Someone asked to reset the password of your ShareSpace account. Open this link to choose a new one:",
      link,
      "",
      `The link works once, for ${valid}, and signs you out everywhere. If you did not ask for it, ignore this email: your password stays as it is.`,
    ].join("\n"),
    html: htmlMessage(
      `Hello ${to.name},`,
      "Someone asked to reset the password of your ShareSpace account. Choose a new one here:",
      { href: link, label: "Choose a new password" },
      `The link works once, for ${valid}, and signs you out everywhere. If you did not ask for it, ignore this email: your password stays as it is.`,
    ),
  });
}

/** A small HTML message; every value is escaped here. */
function htmlMessage(
  greeting: string,
  intro: string,
  action: { href: string; label: string },
  footer: string,
) {
  const e = escapeHtml;
  return [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">',
    `<p>${e(greeting)}</p>`,
    `<p>${e(intro)}</p>`,
    `<p><a href="${e(action.href)}">${e(action.label)}</a></p>`,
    `<p>Or copy this address into your browser:<br>${e(action.href)}</p>`,
    `<p style="color:#555">${e(footer)}</p>`,
    "</body></html>",
  ].join("");
}
