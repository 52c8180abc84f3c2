/**
 * @module A real webhook receiver on loopback for tests: every request is verified with the
 * `standardwebhooks` package (not our signer) against the secrets the test gives it, and
 * recorded; `respond` decides each answer (status, headers, or never answering).
 */
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestContext } from 'node:test'
import { Webhook } from 'standardwebhooks'

export interface ReceivedEvent {
  readonly type: string
  readonly timestamp: string
  readonly data: {
    readonly customerId: string
    readonly userId: string | null
    readonly appointmentId: string | null
    readonly occurrenceId: string | null
    readonly version: number | null
    readonly changeToken: string | null
  }
}

export interface Delivery {
  readonly id: string
  readonly timestamp: string
  readonly signature: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly event: ReceivedEvent
  /** The secrets (of those the receiver knows) whose verification passed. */
  readonly verifiedWith: readonly string[]
  /** What the receiver answered. */
  readonly reply: Reply
}

/** What to answer: a status (and headers), or 'hang' to never answer (the sender's timeout). */
export type Reply = { readonly status: number; readonly headers?: Record<string, string> } | 'hang'

export interface Receiver {
  readonly url: string
  readonly deliveries: Delivery[]
  secrets: string[]
  respond: (delivery: Omit<Delivery, 'reply'>, attemptOfId: number) => Reply
  /** Resolves once `done` holds for the deliveries received so far (checked after each one). */
  until(done: (deliveries: readonly Delivery[]) => boolean): Promise<void>
  close(): Promise<void>
}

const GIVE_UP_MS = 90_000

function headerText(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value ?? ''
}

function verified(secrets: readonly string[], body: string, headers: IncomingHttpHeaders): string[] {
  const wanted = {
    'webhook-id': headerText(headers, 'webhook-id'),
    'webhook-timestamp': headerText(headers, 'webhook-timestamp'),
    'webhook-signature': headerText(headers, 'webhook-signature'),
  }
  return secrets.filter((secret) => {
    try {
      new Webhook(secret).verify(body, wanted)
      return true
    } catch {
      return false
    }
  })
}

export async function startReceiver(t: TestContext, secrets: string[] = []): Promise<Receiver> {
  const waiters = new Set<() => void>()
  const hanging = new Set<ServerResponse>()
  const receiver: Receiver = {
    url: '',
    deliveries: [],
    secrets,
    respond: () => ({ status: 204 }),
    until(done) {
      if (done(receiver.deliveries)) return Promise.resolve()
      return new Promise((resolve, reject) => {
        // a bound so a test whose wish never comes true fails with what arrived instead of hanging
        const giveUp = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`the receiver's wait ran out after ${GIVE_UP_MS / 1000} s with ${receiver.deliveries.length} `
            + `deliveries: ${receiver.deliveries.map((delivery) => delivery.event.type).join(', ')}`))
        }, GIVE_UP_MS)
        const check = () => {
          if (!done(receiver.deliveries)) return
          clearTimeout(giveUp)
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
      })
    },
    async close() {
      for (const response of hanging) response.destroy()
      server.closeAllConnections()
      server.close()
    },
  }
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const received: Omit<Delivery, 'reply'> = {
      id: headerText(request.headers, 'webhook-id'),
      timestamp: headerText(request.headers, 'webhook-timestamp'),
      signature: headerText(request.headers, 'webhook-signature'),
      headers: request.headers,
      body,
      event: JSON.parse(body) as ReceivedEvent,
      verifiedWith: verified(receiver.secrets, body, request.headers),
    }
    const attemptOfId = receiver.deliveries.filter((earlier) => earlier.id === received.id).length + 1
    const reply = receiver.respond(received, attemptOfId)
    const delivery: Delivery = { ...received, reply }
    receiver.deliveries.push(delivery)
    if (reply === 'hang') {
      hanging.add(response)
    } else {
      response.writeHead(reply.status, reply.headers).end()
    }
    for (const waiter of [...waiters]) waiter()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.after(() => receiver.close())
  return Object.assign(receiver, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` })
}
