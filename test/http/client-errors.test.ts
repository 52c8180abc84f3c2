import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { describe, test } from 'node:test'
import { startServer, type TestServer } from '../helpers/server.ts'

/** Writes raw bytes and reads until the server closes the connection. */
function rawExchange(server: TestServer, request: string): Promise<string> {
  const { hostname, port } = new URL(server.baseUrl)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request))
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
}

function bodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))
}

describe('bytes that are not an HTTP request', () => {
  test('malformed requests are a 400 in the error shape, and the connection closes', async (t) => {
    const server = await startServer(t)
    for (const request of ['GARBAGE\r\n\r\n', 'FOO / HTTP/1.1\r\nHost: a\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: a\r\nX: \u0001\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n']) {
      const response = await rawExchange(server, request)
      assert.match(response, /^HTTP\/1\.1 400 Bad Request\r\n/, request)
      assert.match(response, /\r\nConnection: close\r\n/)
      assert.match((bodyOf(response) as { message: string }).message, /^The request is not valid HTTP\/1\.1/)
    }
  })

  test('headers past 16 KB are a 431 in the error shape, and the log holds no credentials', async (t) => {
    const server = await startServer(t)
    const response = await rawExchange(server,
      `GET / HTTP/1.1\r\nHost: a\r\nAuthorization: ${server.authorization}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    assert.match(response, /^HTTP\/1\.1 431 /)
    assert.match((bodyOf(response) as { message: string }).message, /larger than this server reads/)
    assert.ok(server.logs.every((line) => !line.includes(server.authorization.slice(6))))
  })
})
