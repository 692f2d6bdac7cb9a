import type { Environment } from '../providers/accountTypes';
import type { HttpFileRequest } from './types';

/** A request sent this session, as the Requests view and the response view show it (nothing secret). */
export interface RecentRequest {
  /** 1, 2, 3…: also the response view's document name. */
  id: number;
  /** When it was sent (ms since the epoch). */
  at: number;
  method: string;
  /** The API path (`/v2/payment/purchase`). */
  path: string;
  /** The HTTP status, when something answered. */
  status?: number;
  /** Why nothing answered (masked). */
  error?: string;
  accountId: string;
  accountLabel: string;
  environment: Environment;
  /** The `.http` file and the request's line, for people. */
  source: { uri: string; line: number };
  /** The request as read from the file, credential headers removed: what "re-send" sends again. */
  request: HttpFileRequest;
  /** The response view's text (masked). */
  text: string;
  /** The request as curl, its credential masked. */
  curl: string;
}

/**
 * The last `limit` requests of this session, in memory only (never written to workspace state):
 * the response views and the Requests view read them.
 */
export class RecentRequests {
  private readonly items: RecentRequest[] = [];
  private next = 1;

  constructor(readonly limit = 20) {}

  /** Adds a request and drops the oldest beyond the limit; returns it with its id. */
  add(entry: Omit<RecentRequest, 'id'>): RecentRequest {
    const item = { ...entry, id: this.next++ };
    this.items.unshift(item);
    this.items.splice(this.limit);
    return item;
  }

  get(id: number): RecentRequest | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Newest first. */
  list(): readonly RecentRequest[] {
    return [...this.items];
  }

  clear(): void {
    this.items.splice(0);
  }
}
