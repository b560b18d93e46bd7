/**
 * The signed-in session: the bearer access token the API issued at signup/login/accept, kept in
 * localStorage with its expiry (the API uses bearer tokens, not cookies). Listeners let the app
 * react when a request comes back 401 (the token was revoked or the membership removed).
 */
export interface Session {
  token: string;
  expiresAt: number; // epoch ms
}

const KEY = 'agentobs.session';
type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s?.token !== 'string' || typeof s.expiresAt !== 'number' || s.expiresAt <= Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export const session = {
  get: read,
  token(): string | undefined {
    return read()?.token;
  },
  /** Starts a session from an auth response (`expiresIn` in seconds). */
  start(accessToken: string, expiresIn: number) {
    const s: Session = { token: accessToken, expiresAt: Date.now() + expiresIn * 1000 };
    localStorage.setItem(KEY, JSON.stringify(s));
    listeners.forEach((l) => l(s));
  },
  clear() {
    const had = localStorage.getItem(KEY) !== null;
    localStorage.removeItem(KEY);
    if (had) listeners.forEach((l) => l(null));
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
