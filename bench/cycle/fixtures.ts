/** The same inputs for every side of the cycle benchmark. */

export const mailStart = {
  sender: 'Jane Roe <jane@example.com>',
  subject: 'Damaged parcel',
  received: '2026-01-05',
  body: 'Hello, my parcel arrived broken.',
};

/** What the user typed before pausing: incomplete on purpose (no department yet). */
export const triageDraft = {
  category: 'complaint',
  summary: 'The customer says the parcel arrived damaged',
  amount: '49.90',
};

/** The completed triage form as a browser posts it (not urgent: goes straight to reply). */
export const triageValues = {
  category: 'complaint',
  summary: 'The customer says the parcel arrived damaged and wants a refund.',
  amount: '49.90',
  department: 'customer-care',
  replyBy: '2026-02-01',
};
