/** The metadata key that carries Touchpoint's case id on every object the actions create. */
export const CASE_ID = 'caseId';
/**
 * Marks the PaymentIntent behind a Checkout Session: its success is reported by the session's own
 * event, so the webhook does not report it twice.
 */
export const VIA = 'touchpointVia';
export const CHECKOUT = 'checkout';
