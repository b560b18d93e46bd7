import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { IngestTally } from '../../common/ingest-health';
import { IngestionService } from '../ingestion/ingestion.service';
import { MAX_SPANS_PER_BATCH } from '../ingestion/span-model';
import { decodeJson, decodeProtobuf, OtlpDecodeError, OtlpResourceSpans } from './otlp/otlp-request';
import { OtlpEncoding, PartialSuccess } from './otlp/otlp-response';
import { mapRequest } from './otlp/span-mapper';

/** Refusals quoted in `partialSuccess.errorMessage` (the count covers them all). */
const QUOTED_REFUSALS = 5;
const MAX_ERROR_MESSAGE = 2000;

/**
 * OTLP trace export: decode, map each span onto the span model, and hand the spans to
 * IngestionService.ingest — the one write path (validation, PII masking, sampling, storage, quota,
 * `trace.error` alerts).
 */
@Injectable()
export class OtelService {
  constructor(private readonly ingestion: IngestionService) {}

  /** The decoded request; an undecodable body is 400 `validation_failed` before anything is stored. */
  decode(encoding: OtlpEncoding, body: unknown): OtlpResourceSpans[] {
    try {
      if (encoding === 'protobuf') {
        if (!Buffer.isBuffer(body)) throw new OtlpDecodeError('The body is not a protobuf-encoded ExportTraceServiceRequest');
        return decodeProtobuf(body);
      }
      return decodeJson(body);
    } catch (err) {
      if (err instanceof OtlpDecodeError) throw new DomainError('validation_failed', err.message.slice(0, 300));
      throw err;
    }
  }

  /**
   * Stores the spans of an export request; returns the partial success (refused spans), or null when all
   * were accepted. Requests of more than 1000 spans are ingested 1000 at a time: if the monthly trace quota
   * refuses the first batch the whole request is 402 (nothing stored); if it refuses a later one, that
   * batch's spans are reported as refused.
   */
  async export(workspaceId: string, request: OtlpResourceSpans[], tally?: IngestTally): Promise<PartialSuccess | null> {
    const mapped = mapRequest(request);
    const refusals: string[] = [];
    let refused = 0;
    let quoted = 0; // spans the quoted refusals account for
    const quote = (spans: number, text: string) => {
      if (refusals.length >= QUOTED_REFUSALS) return;
      refusals.push(text);
      quoted += spans;
    };
    for (let offset = 0; offset < mapped.length; offset += MAX_SPANS_PER_BATCH) {
      const batch = mapped.slice(offset, offset + MAX_SPANS_PER_BATCH);
      try {
        const result = await this.ingestion.ingest(
          workspaceId,
          batch.map((m) => m.span),
          tally,
        );
        refused += result.errors.length;
        for (const e of result.errors) quote(1, `${batch[e.index].ref}: ${e.message}`);
      } catch (err) {
        if (offset === 0 || !(err instanceof DomainError) || err.code !== 'plan_limit_exceeded') throw err;
        refused += batch.length;
        if (tally) tally.quotaRefusedChunks++;
        quote(batch.length, `${batch.length} spans: ${err.detail}`);
      }
    }
    if (!refused) return null;
    const message = `${refused} of ${mapped.length} spans refused: ${refusals.join('; ')}${refused > quoted ? '; …' : ''}`;
    return {
      rejectedSpans: refused,
      errorMessage: message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message,
    };
  }
}
