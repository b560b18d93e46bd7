import { Role } from '../../../common/auth/roles';

export interface InvitationMailInput {
  workspaceName: string;
  inviterName: string;
  role: Role;
  expiresAt: Date;
  acceptUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** One line, no control characters (names go into the subject and the text part). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

const article = (role: Role) => (role === 'admin' || role === 'owner' ? 'an' : 'a');

const formatExpiry = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The invitation email. The plain-text part carries the accept link on a line of its own. */
export function renderInvitationEmail(input: InvitationMailInput): RenderedMail {
  const ws = oneLine(input.workspaceName);
  const inviter = oneLine(input.inviterName);
  const expires = formatExpiry(input.expiresAt);
  const subject = `${inviter} invited you to ${ws} on Agent Monitoring`;
  const text = [
    'Hello,',
    '',
    `${inviter} invited you to join the workspace "${ws}" on Agent Monitoring as ${article(input.role)} ${input.role}.`,
    '',
    'Accept the invitation:',
    input.acceptUrl,
    '',
    `The link works once and expires on ${expires}.`,
    'If you were not expecting this invitation, you can ignore this email.',
    '',
  ].join('\n');
  const url = escapeHtml(input.acceptUrl);
  const html = `<!doctype html>
<html><body style="font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; color: #1f2328;">
<p>Hello,</p>
<p><strong>${escapeHtml(inviter)}</strong> invited you to join the workspace <strong>${escapeHtml(ws)}</strong> on Agent Monitoring as ${article(input.role)} <strong>${input.role}</strong>.</p>
<p><a href="${url}" style="display: inline-block; padding: 10px 16px; background: #0969da; color: #ffffff; text-decoration: none; border-radius: 6px;">Accept the invitation</a></p>
<p style="font-size: 13px; color: #59636e;">Or open this link: <a href="${url}">${url}</a><br>
The link works once and expires on ${escapeHtml(expires)}. If you were not expecting this invitation, you can ignore this email.</p>
</body></html>
`;
  return { subject, text, html };
}
