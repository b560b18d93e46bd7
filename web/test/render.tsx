import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApp } from '../src/App';
import { createQueryClient } from '../src/api/queryClient';
import { session } from '../src/api/session';

/** The whole app at `url` (signed in unless `signedIn: false`), on the fake API. */
export function renderApp(url: string, { signedIn = true } = {}) {
  if (signedIn) session.start('test-token', 3600);
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  const user = userEvent.setup();
  return { user, client, ...render(<TestApp url={url} client={client} />) };
}
