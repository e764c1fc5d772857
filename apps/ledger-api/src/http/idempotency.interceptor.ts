import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import {
  Clock,
  IDEMPOTENCY_RECORDS,
  IdempotencyRecord,
  IdempotencyRecords,
  parseIdempotencyKey,
  RefusalError,
  requestFingerprint,
} from '@ledger/ledger';
import { LedgerMetrics } from '../observability/ledger-metrics';
import { uploadMediaTypes } from './accepts-uploads';
import { UploadRequest } from './upload.interceptor';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function keyReused(key: string): RefusalError {
  return new RefusalError(422, [
    {
      field: 'Idempotency-Key',
      rule: 'idempotency.keyReused',
      message: `Idempotency-Key "${key}" was already used for a different request (another path or body); use a new key`,
    },
  ]);
}

/**
 * Idempotency as payment APIs have it (Stripe's semantics): a key is bound to the request's
 * fingerprint; a retry with the same key and request gets the first answer again (same status,
 * same body, header Idempotent-Replayed: true) and writes nothing; the same key with another
 * request is refused (422); concurrent duplicates wait for the one in flight and get its answer.
 * Only answers that succeeded are kept: a refused request recorded nothing, so retrying it
 * decides again. Events stay idempotent on their own too (their ids derive from the key).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly inFlight = new Map<
    string,
    { fingerprint: string; answer: Promise<IdempotencyRecord> }
  >();

  constructor(
    private readonly reflector: Reflector,
    @Inject(IDEMPOTENCY_RECORDS) private readonly records: IdempotencyRecords,
    private readonly clock: Clock,
    private readonly metrics: LedgerMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (!WRITES.has(req.method)) return next.handle();
    const key = parseIdempotencyKey(req.header('idempotency-key'));
    if (key === undefined) return next.handle();
    // An upload route's file is read by its own interceptor, after this global one: the route
    // runs this interceptor again once the file is read, and the fingerprint covers the file.
    const upload = req as UploadRequest;
    if (uploadMediaTypes(this.reflector, context).length > 0 && !upload.uploadChecked) {
      return next.handle();
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const fingerprint = requestFingerprint(
      req.method,
      req.originalUrl,
      upload.upload ? { fields: upload.upload.fields, file: upload.upload.sha256 } : req.body,
    );
    const run = async (): Promise<IdempotencyRecord> => {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: null });
      return this.records.keep({
        key,
        fingerprint,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status,
        body: JSON.stringify(body ?? null),
        recordedAt: new Date(this.clock.now()).toISOString(),
      });
    };
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    return from(this.answer(key, fingerprint, run, http.getResponse<Response>(), route));
  }

  private async answer(
    key: string,
    fingerprint: string,
    run: () => Promise<IdempotencyRecord>,
    res: Response,
    route: string,
  ): Promise<unknown> {
    const flying = this.inFlight.get(key);
    if (flying) {
      if (flying.fingerprint !== fingerprint) throw keyReused(key);
      return this.replay(await flying.answer, fingerprint, key, res, route);
    }
    const stored = await this.records.find(key);
    if (stored) return this.replay(stored, fingerprint, key, res, route);
    const answer = run();
    this.inFlight.set(key, { fingerprint, answer });
    try {
      const kept = await answer;
      // Another process may have answered the same key first: its answer is the answer.
      if (kept.fingerprint !== fingerprint) throw keyReused(key);
      return JSON.parse(kept.body) as unknown;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private replay(
    record: IdempotencyRecord,
    fingerprint: string,
    key: string,
    res: Response,
    route: string,
  ) {
    if (record.fingerprint !== fingerprint) throw keyReused(key);
    res.setHeader('idempotent-replayed', 'true');
    this.metrics.idempotentReplay(route);
    return JSON.parse(record.body) as unknown;
  }
}
