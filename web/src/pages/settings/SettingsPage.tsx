import * as Tabs from '@radix-ui/react-tabs';
import { Navigate, useNavigate, useParams } from 'react-router';
import type { MeDto } from '@api';
import { useMe } from '../../api/hooks';
import { AppHeader } from '../../components/AppHeader';
import { ErrorState, Loading } from '../../components/ui/States';
import { ApiKeysTab } from './ApiKeysTab';
import { BillingTab } from './BillingTab';
import { GeneralTab } from './GeneralTab';
import { IngestionTab } from './IngestionTab';
import { IntegrationsTab } from './IntegrationsTab';
import { TeamTab } from './TeamTab';

export const TABS = [
  { id: 'general', label: 'General', Component: GeneralTab },
  { id: 'team', label: 'Team', Component: TeamTab },
  { id: 'api-keys', label: 'API Keys', Component: ApiKeysTab },
  { id: 'billing', label: 'Billing', Component: BillingTab },
  { id: 'integrations', label: 'Integrations', Component: IntegrationsTab },
  { id: 'ingestion', label: 'Ingestion', Component: IngestionTab },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export interface TabProps {
  me: MeDto;
}

export function SettingsPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  if (!TABS.some((t) => t.id === tab)) return <Navigate to="/dashboard/settings/general" replace />;
  return (
    <div className="app">
      <AppHeader />
      <main className="content">
        <h1 className="page-title">Settings</h1>
        {me.isPending ? (
          <Loading />
        ) : me.isError ? (
          <ErrorState error={me.error} onRetry={() => me.refetch()} />
        ) : (
          <Tabs.Root value={tab} onValueChange={(v) => navigate(`/dashboard/settings/${v}`)} className="tabs">
            <Tabs.List className="tabs-list" aria-label="Settings sections">
              {TABS.map((t) => (
                <Tabs.Trigger key={t.id} value={t.id} className="tabs-trigger">
                  {t.label}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {TABS.map(({ id, Component }) => (
              <Tabs.Content key={id} value={id} className="tabs-content">
                {id === tab && <Component me={me.data} />}
              </Tabs.Content>
            ))}
          </Tabs.Root>
        )}
      </main>
    </div>
  );
}
