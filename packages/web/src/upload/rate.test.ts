// @vitest-environment node
import { describe, expect, it } from "vitest";
import { combinedRate, createRateMeter, secondsLeft } from "./rate";

describe("upload speed", () => {
  it("says nothing before a second of progress", () => {
    const meter = createRateMeter();
    meter.sample(0, 0);
    meter.sample(500_000, 900);
    expect(meter.bytesPerSecond()).toBeUndefined();
  });

  it("measures over the recent window, following a change of speed", () => {
    const meter = createRateMeter(4_000);
    // 1 MB/s for ten seconds, then 4 MB/s.
    for (let s = 0; s <= 10; s++) meter.sample(s * 1_000_000, s * 1000);
    expect(meter.bytesPerSecond()).toBeCloseTo(1_000_000);
    for (let s = 11; s <= 16; s++) meter.sample(10_000_000 + (s - 10) * 4_000_000, s * 1000);
    expect(meter.bytesPerSecond()).toBeCloseTo(4_000_000);
  });

  it("falls while nothing moves", () => {
    const meter = createRateMeter(4_000);
    meter.sample(0, 0);
    meter.sample(2_000_000, 2_000);
    expect(meter.bytesPerSecond(2_000)).toBeCloseTo(1_000_000);
    expect(meter.bytesPerSecond(4_000)).toBeCloseTo(500_000);
  });

  it("starts over when an upload starts over", () => {
    const meter = createRateMeter();
    meter.sample(0, 0);
    meter.sample(5_000_000, 1_000);
    meter.sample(0, 2_000);
    expect(meter.bytesPerSecond()).toBeUndefined();
  });

  it("adds the speeds of uploads sending together, from each one's first byte", () => {
    // Two small files sent at 0–1 s, then a large one, hashed meanwhile, from 6 s at 3 MB/s.
    const small = createRateMeter();
    small.sample(0, 0);
    small.sample(1_000_000, 1_000);
    const large = createRateMeter();
    for (let s = 6; s <= 12; s++) large.sample((s - 6) * 3_000_000, s * 1000);
    expect(combinedRate([large], 12_000)).toBeCloseTo(3_000_000);
    // A second file sending at 1 MB/s beside it.
    const beside = createRateMeter();
    for (let s = 9; s <= 12; s++) beside.sample((s - 9) * 1_000_000, s * 1000);
    expect(combinedRate([large, beside], 12_000)).toBeCloseTo(4_000_000);
    expect(combinedRate([createRateMeter()])).toBeUndefined();
    expect(combinedRate([])).toBeUndefined();
  });

  it("answers the time left, or nothing without a speed", () => {
    expect(secondsLeft(10_000_000, 1_000_000)).toBe(10);
    expect(secondsLeft(10_000_001, 1_000_000)).toBe(11);
    expect(secondsLeft(10, undefined)).toBeUndefined();
    expect(secondsLeft(10, 0)).toBeUndefined();
  });
});
