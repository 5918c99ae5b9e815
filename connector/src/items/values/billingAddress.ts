/**
 * `customer_billing_address` is one block of lines with no names (the plugin's billing address joined with
 * newlines: company, email, then the postal lines, empty ones left out). Parts are taken by position: the line
 * before the email is the company, the first line after it the street, the rest city, state, ZIP and country.
 */
export interface BillingAddress {
  company: string | null;
  email: string | null;
  street: string | null;
  locality: string | null;
}

const emailLine = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function billingAddress(block: unknown): BillingAddress {
  const lines = typeof block === 'string' ? block.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : [];
  const emailAt = lines.findIndex((line) => emailLine.test(line));
  const before = emailAt >= 0 ? lines.slice(0, emailAt) : lines.slice(0, 1);
  const after = emailAt >= 0 ? lines.slice(emailAt + 1) : lines.slice(1);
  return {
    company: before[0] ?? null,
    email: emailAt >= 0 ? lines[emailAt] : null,
    street: after[0] ?? null,
    locality: after.length > 1 ? after.slice(1).join(', ') : null,
  };
}
