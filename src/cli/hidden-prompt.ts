/**
 * @module A question on a terminal whose answer is not echoed (a password): the terminal in raw
 * mode for one line, then back as it was.
 */
import type { ReadStream } from 'node:tty'

export class PromptCancelled extends Error {
  constructor() {
    super('Cancelled: nothing was changed.')
  }
}

const ENTER = new Set(['\r', '\n'])
const CANCEL = new Set(['\u0003', '\u0004'])
const ERASE = new Set(['\u007f', '\b'])

/** The line typed after `question`; rejects with PromptCancelled on Ctrl-C or Ctrl-D. */
export function readHidden(input: ReadStream, output: NodeJS.WritableStream, question: string): Promise<string> {
  input.setRawMode(true)
  input.setEncoding('utf8')
  output.write(question)
  let line: string[] = []
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      output.write('\n')
      if (error) reject(error)
      else resolve(line.join(''))
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (ENTER.has(char)) return finish()
        if (CANCEL.has(char)) return finish(new PromptCancelled())
        line = ERASE.has(char) ? line.slice(0, -1) : [...line, char]
      }
    }
    input.on('data', onData)
    input.resume()
  })
}
