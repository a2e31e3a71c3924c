import type { SessionRow } from '../../sessions/session-store.js';
import { formatDateTime } from '../../../platform/pages/index.js';
import { ApiForm, SubmitButton } from '../../../platform/pages/index.js';

export interface SessionListProps {
  readonly sessions: readonly SessionRow[];
  readonly currentSessionId: string;
}

/** The user's live sessions, this one first; each other one can be signed out. */
export function SessionList({ sessions, currentSessionId }: SessionListProps) {
  const current = sessions.filter((session) => session.id === currentSessionId);
  const others = sessions.filter((session) => session.id !== currentSessionId);
  return (
    <>
      <ul class="item-list">
        {[...current, ...others].map((session) => (
          <li key={session.id} class="item">
            <div class="item-main">
              <p class="item-title">
                {describeDevice(session.user_agent)}
                {session.id === currentSessionId ? <span class="badge">This device</span> : null}
              </p>
              <p class="item-meta">
                Signed in {formatDateTime(session.created_at)} · last active {formatDateTime(session.last_seen_at)}
                {session.ip_address ? ` · ${session.ip_address}` : ''}
                {session.mfa_verified_at ? ' · two-step verified' : ''}
              </p>
            </div>
            {session.id === currentSessionId ? null : (
              <ApiForm api={`/api/v1/auth/sessions/${session.id}`} method="DELETE" next="reload" class="item-action">
                <SubmitButton variant="secondary">Sign out this session</SubmitButton>
              </ApiForm>
            )}
          </li>
        ))}
      </ul>
      {others.length === 0 ? <p class="empty">No other sessions are signed in.</p> : null}
    </>
  );
}

// A rough name is enough to recognise a device; the full user agent would be noise.
function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}
