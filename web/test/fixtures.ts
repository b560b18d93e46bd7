import type { MeDto, Role, WorkspaceDto } from '@api';

export const workspace: WorkspaceDto = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Acme AI',
  slug: 'acme-ai',
  timezone: 'UTC',
  settings: { retentionDays: 30, piiMasking: false, samplingRate: 1 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

export function me(role: Role = 'owner'): MeDto {
  return {
    user: { id: 'u-1', email: 'ada@example.com', name: 'Ada', createdAt: '2026-01-01T00:00:00.000Z' },
    apiKey: null,
    role,
    workspace,
    workspaces: [{ id: workspace.id, name: workspace.name, role }],
  };
}
