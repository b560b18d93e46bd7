import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, MemoryRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './api/hooks';
import { createQueryClient } from './api/queryClient';
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

function Home() {
  const token = useSession();
  return <Navigate to={token ? '/dashboard/settings/general' : '/login'} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invitations/:token/accept" element={<AcceptInvitationPage />} />
      <Route path="/dashboard" element={<Navigate to="/dashboard/settings/general" replace />} />
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
