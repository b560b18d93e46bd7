import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="center-page">
      <div className="card auth-card">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <p>
          <Link to="/">Go to your workspace settings</Link>
        </p>
      </div>
    </main>
  );
}
