import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { api } from '../api/client';
import { useMe, useWorkspace } from '../api/hooks';
import { session } from '../api/session';
import { ROLE_LABEL } from '../lib/roles';
import { Button } from './ui/Button';
import { Badge } from './ui/States';

/** The app's top bar: brand, main navigation (Traces, Alerts, Settings), workspace, user, sign out. */
export function AppHeader() {
  const qc = useQueryClient();
  const { pathname } = useLocation();
  const section = pathname.startsWith('/traces')
    ? 'traces'
    : pathname.startsWith('/alerts')
      ? 'alerts'
      : pathname.startsWith('/dashboard/settings')
        ? 'settings'
        : null;
  const me = useMe().data;
  // The workspace query, so a rename shows here at once (optimistic update in General).
  const workspace = useWorkspace();
  const signOut = async () => {
    try {
      await api.auth.logout({});
    } catch {
      /* the token may already be invalid: sign out locally anyway */
    }
    session.clear();
    qc.clear();
  };
  return (
    <header className="topbar">
      <div className="topbar-left">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Agent Monitoring
        </div>
        <nav aria-label="Main" className="mainnav">
          <Link to="/traces" className="mainnav-link" aria-current={section === 'traces' ? 'page' : undefined}>
            Traces
          </Link>
          <Link to="/alerts" className="mainnav-link" aria-current={section === 'alerts' ? 'page' : undefined}>
            Alerts
          </Link>
          <Link to="/dashboard/settings/general" className="mainnav-link" aria-current={section === 'settings' ? 'page' : undefined}>
            Settings
          </Link>
        </nav>
      </div>
      {me && (
        <div className="topbar-right">
          <span className="topbar-workspace" title="Workspace">
            {workspace.data?.name ?? me.workspace.name}
          </span>
          <span className="topbar-user">{me.user?.email ?? me.apiKey?.name}</span>
          <Badge>{ROLE_LABEL[me.role]}</Badge>
          <Button size="sm" variant="ghost" onClick={signOut}>
            Sign out
          </Button>
        </div>
      )}
    </header>
  );
}
