import { Inject, Injectable } from '@nestjs/common';
import { newEvent, TraceErrorData } from '../../common/events';
import { DomainError } from '../../common/errors/domain-error';
import { OutboxService } from '../../common/outbox/outbox.service';
import type { IngestTally } from '../../common/ingest-health';
import type { Tx } from '../../database/db';
import { UsageService } from '../billing/usage.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { IngestErrorDto, IngestResponseDto } from './dto/span.dto';
import { maskPii } from './pii';
import { keepTrace } from './sampling';
import { isoFromUs, MAX_SPANS_PER_BATCH, NormalizedSpan, normalizeSpan, SpanError } from './span-model';
import { TRACE_STORE, TraceStore, WriteOutcome } from './storage/trace-store';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body of POST /api/v1/ingest: `{ spans: [...] }` with at most 1000 spans, else 400. */
export function spansOfBody(body: unknown): unknown[] {
  if (!isPlainObject(body)) {
    throw new DomainError('validation_failed', 'The body must be a JSON object { "spans": [...] }', {
      errors: [{ field: 'body', message: 'must be a JSON object' }],
    });
  }
  for (const key of Object.keys(body)) {
    if (key !== 'spans') {
      throw new DomainError('validation_failed', `${key.slice(0, 64)} is not a known field`, {
        errors: [{ field: key.slice(0, 64), message: `${key.slice(0, 64)} is not a known field` }],
      });
    }
  }
  const { spans } = body;
  if (!Array.isArray(spans)) {
    throw new DomainError('validation_failed', 'spans must be an array of spans', {
      errors: [{ field: 'spans', message: 'must be an array' }],
    });
  }
  if (spans.length > MAX_SPANS_PER_BATCH) {
    throw new DomainError('validation_failed', `At most ${MAX_SPANS_PER_BATCH} spans per request (got ${spans.length}); split the batch`, {
      errors: [{ field: 'spans', message: `must contain at most ${MAX_SPANS_PER_BATCH} spans` }],
    });
  }
  return spans;
}

/**
 * The ingestion path shared by every decoder (the REST endpoint here, OTLP later): validate each
 * span, apply the workspace's PII masking and sampling, and write through the trace store with the
 * quota reservation and the `trace.error` alerts in the same transaction.
 */
@Injectable()
export class IngestionService {
  constructor(
    @Inject(TRACE_STORE) private readonly store: TraceStore,
    private readonly workspaces: WorkspaceService,
    private readonly usage: UsageService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Stores the valid spans of a batch (mapped to the span model of API.md) and reports the others.
   * Throws 402 `plan_limit_exceeded` (nothing stored) when the batch's new traces pass the monthly quota.
   * `tally` (ingestion health) gets the batch's spans stored, sampled out and refused, added once per batch.
   */
  async ingest(workspaceId: string, rawSpans: readonly unknown[], tally?: IngestTally): Promise<IngestResponseDto> {
    if (rawSpans.length > MAX_SPANS_PER_BATCH)
      throw new DomainError('validation_failed', `At most ${MAX_SPANS_PER_BATCH} spans per request`);
    const { settings } = await this.workspaces.get(workspaceId);
    const now = Date.now();
    const valid: NormalizedSpan[] = [];
    const errors: IngestErrorDto[] = [];
    for (let index = 0; index < rawSpans.length; index++) {
      try {
        const span = normalizeSpan(rawSpans[index], now);
        if (settings.piiMasking) {
          span.input = maskPii(span.input);
          span.output = maskPii(span.output);
        }
        valid.push(span);
      } catch (err) {
        if (!(err instanceof SpanError)) throw err;
        errors.push({ index, code: err.code, message: err.message });
      }
    }
    if (tally && errors.length) {
      tally.invalid += errors.length;
      tally.firstError ??= { code: errors[0].code, message: `span ${errors[0].index}: ${errors[0].message}` };
    }
    if (!valid.length) return { accepted: 0, errors };

    const dropIfNew = new Set<string>();
    if (settings.samplingRate < 1) {
      for (const s of valid) if (!dropIfNew.has(s.traceId) && !keepTrace(s.traceId, settings.samplingRate)) dropIfNew.add(s.traceId);
    }
    let stored = valid.length;
    await this.store.write(workspaceId, valid, {
      dropIfNew,
      beforeCommit: (outcome, tx) => {
        if (dropIfNew.size) stored = outcome.storedSpans;
        return this.account(tx, workspaceId, outcome, valid);
      },
    });
    if (tally) {
      tally.accepted += stored;
      tally.sampledOut += valid.length - stored;
    }
    return { accepted: valid.length, errors };
  }

  /** Quota for the new traces (402 rolls the write back) and one `trace.error` per trace's first error. */
  private async account(tx: Tx, workspaceId: string, outcome: WriteOutcome, spans: NormalizedSpan[]) {
    await this.usage.reserveTraces(tx, workspaceId, outcome.newTraceIds.length, new Date());
    if (!outcome.firstErrorTraceIds.length) return;
    const alert = new Set(outcome.firstErrorTraceIds);
    const firstError = new Map<string, NormalizedSpan>();
    for (const s of spans) {
      if (s.status !== 'error' || !alert.has(s.traceId)) continue;
      const seen = firstError.get(s.traceId);
      if (!seen || s.startUs < seen.startUs) firstError.set(s.traceId, s);
    }
    await this.outbox.publishMany(
      tx,
      [...firstError.values()].map((s) => {
        const data: TraceErrorData = {
          traceId: s.traceId,
          spanId: s.spanId,
          name: s.name,
          statusMessage: s.statusMessage,
          startTime: isoFromUs(s.startUs),
        };
        return newEvent('trace.error', workspaceId, data);
      }),
    );
  }
}
