/** The clock, in one place so tests can freeze it. */
export const clock = {
  now: () => Date.now(),
};

export const nowSeconds = () => Math.floor(clock.now() / 1000);
export const isoNow = () => new Date(clock.now()).toISOString();
