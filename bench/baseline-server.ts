/**
 * @module The bench's floor: a bare Fastify server (no logger, no auth, no store) whose POST
 * route on the create path parses the JSON body it is sent and answers a short JSON string,
 * as create answers an id. Started by bench/run.ts as its own process on PORT and HOST.
 */
import Fastify from 'fastify'

const ANSWER = '"V6s-ZHma51o_8nCvitFXVw"'

const app = Fastify({ logger: false })
app.post('/Appointment/:customerId/:id', async (_request, reply) => reply.type('application/json; charset=utf-8').send(ANSWER))

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1))
  })
}
