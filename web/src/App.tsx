import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, MemoryRouter, Navigate, Route, Routes, useLocation, useParams } from 'react-router';
import { useSession } from './api/hooks';
import { createQueryClient } from './api/queryClient';
import { useHasTraces } from './api/traces';
import { Loading } from './components/ui/States';
import { ToastProvider } from './components/ui/Toast';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SettingsPage } from './pages/settings/SettingsPage';

function RequireSession({ children }: { children: React.ReactNode }) {
  const token = useSession();
  const location = useLocation();
  if (!token) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

// The trace explorer is its own chunk (the settings bundle stays within its budget).
const TracesPage = lazy(() => import('./pages/traces/TracesPage').then((m) => ({ default: m.TracesPage })));
const TraceDetailPage = lazy(() => import('./pages/traces/TraceDetailPage').then((m) => ({ default: m.TraceDetailPage })));
// The alerts page too.
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));

/** After signing in: the traces when the workspace has some, else Settings (the list's empty state is a click away). */
function Home() {
  const token = useSession();
  const any = useHasTraces(!!token);
  if (!token) return <Navigate to="/login" replace />;
  if (any.isPending) return <Loading />;
  return <Navigate to={any.data ? '/traces' : '/dashboard/settings/general'} replace />;
}

/** Older links (alert messages) point at /dashboard/traces/:traceId. */
function LegacyTraceLink() {
  const { traceId = '' } = useParams();
  return <Navigate to={`/traces/${traceId}`} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invitations/:token/accept" element={<AcceptInvitationPage />} />
      <Route
        path="/traces"
        element={
          <RequireSession>
            <Suspense fallback={<Loading />}>
              <TracesPage />
            </Suspense>
          </RequireSession>
        }
      />
      <Route
        path="/traces/:traceId"
        element={
          <RequireSession>
            <Suspense fallback={<Loading />}>
              <TraceDetailPage />
            </Suspense>
          </RequireSession>
        }
      />
      <Route
        path="/alerts"
        element={
          <RequireSession>
            <Suspense fallback={<Loading />}>
              <AlertsPage />
            </Suspense>
          </RequireSession>
        }
      />
      <Route path="/dashboard/traces" element={<Navigate to="/traces" replace />} />
      <Route path="/dashboard/traces/:traceId" element={<LegacyTraceLink />} />
      <Route path="/dashboard" element={<Navigate to="/" replace />} />
      <Route path="/dashboard/settings" element={<Navigate to="/dashboard/settings/general" replace />} />
      <Route
        path="/dashboard/settings/:tab"
        element={
          <RequireSession>
            <SettingsPage />
          </RequireSession>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export function Providers({ client, children }: { client: QueryClient; children: React.ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <Providers client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}

/** For tests: the whole app at one URL. */
export function TestApp({ url, client }: { url: string; client: QueryClient }) {
  return (
    <Providers client={client}>
      <MemoryRouter initialEntries={[url]}>
        <AppRoutes />
      </MemoryRouter>
    </Providers>
  );
}
