import { z } from 'zod/mini';
import { isValidTimeZone } from './timezones';

/*
 * Form validation mirroring the API's DTO rules (src/modules/<domain>/dto), so most mistakes are
 * caught before a request; the server's problem+json `errors` are still mapped onto the fields.
 * zod/mini keeps the bundle small (tree-shakable checks).
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const text = (min: number, max: number, required = 'Required') =>
  z
    .string()
    .check(z.trim(), z.minLength(min, min === 1 ? required : `At least ${min} characters`), z.maxLength(max, `At most ${max} characters`));
const email = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Enter an email address'),
    z.maxLength(254, 'At most 254 characters'),
    z.regex(EMAIL, 'Enter a valid email address'),
  );
const name = text(1, 100);
const newPassword = z.string().check(z.minLength(12, 'At least 12 characters'), z.maxLength(200, 'At most 200 characters'));
const role = z.enum(['viewer', 'member', 'admin', 'owner']);

export const loginSchema = z.object({
  email: text(1, 254, 'Enter your email address'),
  password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(200, 'At most 200 characters')),
});
export type LoginForm = z.infer<typeof loginSchema>;

export const signupSchema = z.object({ name, email, password: newPassword, workspaceName: name });
export type SignupForm = z.infer<typeof signupSchema>;

export const acceptSchema = z.object({ name, password: newPassword });
export type AcceptForm = z.infer<typeof acceptSchema>;

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

const notANumber = (iss: { input?: unknown }) => typeof iss.input !== 'number' || Number.isNaN(iss.input);

export const workspaceSchema = z.object({
  name,
  slug: z
    .string()
    .check(
      z.trim(),
      z.maxLength(63, 'At most 63 characters'),
      z.regex(SLUG_PATTERN, '2–63 lower-case letters, digits or hyphens, starting with a letter or digit'),
    ),
  timezone: z.string().check(z.trim(), z.refine(isValidTimeZone, 'Pick a time zone from the list (an IANA name such as Europe/Kyiv)')),
  retentionDays: z
    .int({ error: (iss) => (notANumber(iss) ? 'Enter a number of days' : 'Whole days only') })
    .check(z.minimum(1, 'At least 1 day'), z.maximum(3650, 'At most 3650 days')),
  piiMasking: z.boolean(),
  samplingRate: z
    .number({ error: 'Enter a number between 0 and 1' })
    .check(z.minimum(0, 'At least 0'), z.maximum(1, 'At most 1 (keep every trace)')),
});
export type WorkspaceForm = z.infer<typeof workspaceSchema>;

export const inviteSchema = z.object({ email, role });
export type InviteForm = z.infer<typeof inviteSchema>;

/** Expiry presets of the create-key form, in days ('never': no expiry). */
export const KEY_EXPIRY_PRESETS = ['never', '7', '30', '90', '365'] as const;
export const apiKeySchema = z.object({ name, role, scope: z.enum(['full', 'ingest']), expiry: z.enum(KEY_EXPIRY_PRESETS) });
export type ApiKeyForm = z.infer<typeof apiKeySchema>;
