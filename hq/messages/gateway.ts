/** One automatic message for the brand's SMS gateway: a registered template and its values (Chinese SMS providers send templates, not free text). */
export interface OutgoingMessage {
  id: string;
  to: string;
  template: string;
  params: Record<string, string>;
}

/** What the gateway said: sent; refused for good (a bad number: not tried again); or not now (tried again next round). */
export type GatewayAnswer = { outcome: 'sent' } | { outcome: 'refused'; error: string } | { outcome: 'later'; error: string };

export interface MessageGateway {
  send(message: OutgoingMessage): Promise<GatewayAnswer>;
}

/**
 * The brand's SMS platform behind a webhook (HQ_SMS_WEBHOOK_URL, optional bearer HQ_SMS_WEBHOOK_TOKEN):
 * a POST of the message as JSON; 2xx is sent, 4xx refused for good, anything else (5xx, no answer) later.
 * The message id goes along, so a platform that saw it already can answer 2xx without sending twice.
 */
const NOT_NOW = new Set([401, 403, 404, 408, 425, 429]);

export function webhookGateway(url: string, token?: string, timeoutMs = 10_000): MessageGateway {
  return {
    async send(message) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'manual',
        });
        await res.body?.cancel();
        if (res.ok) return { outcome: 'sent' };
        // Throttled, timed out, or the gateway's address or token is wrong: not this message's fault, tried again
        // (refusing them for good had burned the whole backlog on a configuration mistake).
        if (NOT_NOW.has(res.status)) return { outcome: 'later', error: `the gateway answered ${res.status}` };
        if (res.status >= 400 && res.status < 500) return { outcome: 'refused', error: `the gateway refused it (${res.status})` };
        return { outcome: 'later', error: `the gateway answered ${res.status}` };
      } catch (e) {
        return { outcome: 'later', error: `no answer from the gateway: ${(e as Error).message}` };
      }
    },
  };
}
