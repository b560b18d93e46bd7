/** Leaves the app for an external page (Stripe Checkout). A function so tests can observe it. */
export const external = {
  go(url: string) {
    window.location.assign(url);
  },
};
