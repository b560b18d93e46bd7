import { retentionDays } from './ingestion.processor';

describe('retentionDays', () => {
  it("is the smaller of the plan's and the workspace's setting", () => {
    expect(retentionDays(14, 30)).toBe(14);
    expect(retentionDays(365, 30)).toBe(30);
    expect(retentionDays(90, undefined)).toBe(90);
    expect(retentionDays(90, 0)).toBe(1);
  });
});
