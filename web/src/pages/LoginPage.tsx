import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useSession } from '../api/hooks';
import { session } from '../api/session';
import { useServerErrors } from '../components/useServerErrors';
import { Button } from '../components/ui/Button';
import { TextField } from '../components/ui/Field';
import { ProblemAlert } from '../components/ui/States';
import { loginSchema, signupSchema, type LoginForm, type SignupForm } from '../lib/schemas';
import { AuthLayout } from './AuthLayout';

/** Only same-site paths (no "//host" or "https://…") are followed after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const token = useSession();
  const signup = params.get('mode') === 'signup';
  const next = safeNext(params.get('next'));
  if (token) return <Navigate to={next} replace />;
  return signup ? <SignupForm next={next} /> : <SignInForm next={next} />;
}

function useStartSession(next: string) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  return (r: { accessToken: string; expiresIn: number }) => {
    qc.clear();
    session.start(r.accessToken, r.expiresIn);
    navigate(next, { replace: true });
  };
}

function SignInForm({ next }: { next: string }) {
  const form = useForm<LoginForm>({ resolver: zodResolver(loginSchema), defaultValues: { email: '', password: '' } });
  const start = useStartSession(next);
  const login = useMutation({ mutationFn: (v: LoginForm) => api.auth.login({ requestBody: v }), onSuccess: start });
  const { errors } = form.formState;
  useServerErrors(login.error, form.setError);
  return (
    <AuthLayout title="Sign in" subtitle="Manage your workspace, team, API keys, billing and integrations.">
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => login.mutate(v))}>
        {login.error && <ProblemAlert error={login.error} compact />}
        <TextField label="Email" type="email" autoComplete="username" error={errors.email?.message} {...form.register('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...form.register('password')}
        />
        <Button type="submit" variant="primary" busy={login.isPending}>
          Sign in
        </Button>
      </form>
      <p className="muted auth-switch">
        New here? <Link to={`/login?mode=signup&next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}

function SignupForm({ next }: { next: string }) {
  const form = useForm<SignupForm>({
    resolver: zodResolver(signupSchema),
    defaultValues: { name: '', email: '', password: '', workspaceName: '' },
  });
  const start = useStartSession(next);
  const signup = useMutation({ mutationFn: (v: SignupForm) => api.auth.signup({ requestBody: v }), onSuccess: start });
  const { errors } = form.formState;
  useServerErrors(signup.error, form.setError);
  return (
    <AuthLayout title="Create your workspace" subtitle="You will be its owner; invite your team afterwards.">
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => signup.mutate(v))}>
        {signup.error && <ProblemAlert error={signup.error} compact />}
        <TextField label="Your name" autoComplete="name" error={errors.name?.message} {...form.register('name')} />
        <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          error={errors.password?.message}
          {...form.register('password')}
        />
        <TextField
          label="Workspace name"
          autoComplete="organization"
          error={errors.workspaceName?.message}
          {...form.register('workspaceName')}
        />
        <Button type="submit" variant="primary" busy={signup.isPending}>
          Create account
        </Button>
      </form>
      <p className="muted auth-switch">
        Already have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
